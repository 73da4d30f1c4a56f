-- The table of UserProjection, shipped once for every service that projects user-service's events (each lists
-- classpath:db/user-projection in its Flyway locations; versions 0.x come before the service's own).
-- A user without a row has the defaults (online, miles). Deleted users keep a tombstone (the ID and the flag,
-- nothing else) so that a settings event redelivered after the deletion cannot bring them back.
create table user_settings (
    user_id       uuid primary key,
    distance_unit text        not null check (distance_unit in ('mile', 'kilometer')),
    is_offline    boolean     not null,
    deleted       boolean     not null default false,
    occurred_at   timestamptz not null,
    last_event_id text        not null
);
