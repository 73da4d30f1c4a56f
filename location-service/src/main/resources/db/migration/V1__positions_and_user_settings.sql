-- The newest position of each user, encrypted (AES-256-GCM, see PositionCipher); never plaintext coordinates.
-- Rows older than 24 h are deleted by the purge job.
create table positions (
    user_id     uuid primary key,
    key_id      text        not null,
    sealed      bytea       not null,
    reported_at timestamptz not null,
    received_at timestamptz not null
);

create index positions_reported_at on positions (reported_at);

-- Local projection of user-service's settings events: what location-service needs to know about a user.
-- A user without a row has the defaults (online, miles). Deleted users keep a tombstone so that a late event
-- cannot bring them back.
create table user_settings (
    user_id       uuid primary key,
    distance_unit text        not null check (distance_unit in ('mile', 'kilometer')),
    is_offline    boolean     not null,
    deleted       boolean     not null default false,
    occurred_at   timestamptz not null,
    last_event_id text        not null
);
