-- What signal-service knows about users, fed by user-service's events through the shared user projection
-- (user-projection's UserProjection): enough to refuse an offline sender and to show every distance in the
-- reader's unit without a call to user-service on the request path, plus a tombstone per deleted user, so
-- that a settings event redelivered after a deletion cannot bring the user back.
create table user_settings (
    user_id       uuid primary key,
    distance_unit text        not null check (distance_unit in ('mile', 'kilometer')),
    is_offline    boolean     not null,
    deleted       boolean     not null default false,
    occurred_at   timestamptz not null,
    last_event_id text        not null
);
