-- The shared user projection (user-projection's UserProjection): settings plus a tombstone per deleted user, so that
-- a settings event redelivered after a deletion cannot bring the user back (known_users dropped the row instead).
create table user_settings (
    user_id       uuid primary key,
    distance_unit text        not null check (distance_unit in ('mile', 'kilometer')),
    is_offline    boolean     not null,
    deleted       boolean     not null default false,
    occurred_at   timestamptz not null,
    last_event_id text        not null
);

insert into user_settings (user_id, distance_unit, is_offline, deleted, occurred_at, last_event_id)
select user_id, distance_unit, is_offline, false, updated_at, '' from known_users;

-- known_users stays for instances of the previous version during a rolling deploy; a later migration drops it.
