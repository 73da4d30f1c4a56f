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

-- The transactional outbox of com.bowwow.common.events (signal and delivery events).
create table event_outbox (
    id           bigserial primary key,
    event_id     uuid        not null unique,
    stream       text        not null,
    event_type   text        not null,
    payload      text        not null,
    created_at   timestamptz not null default now(),
    published_at timestamptz
);

create index event_outbox_unpublished on event_outbox (id) where published_at is null;
