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
