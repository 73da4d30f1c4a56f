-- What signal-service knows about users, fed by user-service's events: enough to refuse an
-- offline sender and to show every distance in the reader's unit, without a call to
-- user-service on the request path.
create table known_users (
    user_id        uuid        primary key,
    distance_unit  text        not null check (distance_unit in ('mile', 'kilometer')),
    is_offline     boolean     not null,
    -- the newest event applied; an older one arriving late changes nothing
    updated_at     timestamptz not null
);
