-- settings.language: the language pushes are written in.
ALTER TABLE users ADD COLUMN language TEXT NOT NULL DEFAULT 'en' CHECK (language IN ('en', 'ko'));

-- A device token is not a secret: registering it without proof of its account gives it to a new account, and the
-- older account keeps no device token (no pushes) until its own install registers again with proof.
ALTER TABLE users ALTER COLUMN device_token DROP NOT NULL;

-- One install of the app: a chain of refresh tokens, each replaced by the next on use. Presenting a replaced token
-- again means it was copied: the whole family is revoked. Deleting the user deletes their installs.
CREATE TABLE refresh_families (
    id             UUID PRIMARY KEY,
    user_id        UUID        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at     TIMESTAMPTZ NOT NULL,
    last_used_at   TIMESTAMPTZ NOT NULL,
    revoked_at     TIMESTAMPTZ,
    revoked_reason TEXT CHECK (revoked_reason IN ('reuse'))
);

CREATE INDEX refresh_families_user ON refresh_families (user_id);

-- Only SHA-256 hashes of the secrets are stored; replaced tokens stay (with rotated_at) so a replay is recognised.
CREATE TABLE refresh_tokens (
    token_hash BYTEA PRIMARY KEY CHECK (octet_length(token_hash) = 32),
    family_id  UUID        NOT NULL REFERENCES refresh_families (id) ON DELETE CASCADE,
    created_at TIMESTAMPTZ NOT NULL,
    rotated_at TIMESTAMPTZ
);

CREATE INDEX refresh_tokens_family ON refresh_tokens (family_id);

-- Deleted users: the truth behind the Redis revocation markers (bowwow:revoked-user:<id>) and the recently-deleted
-- set (bowwow:safety:deleted), which are rewritten from here whenever Redis lost them. Only the ID and the time are
-- kept, and only until the last access token issued before the deletion has expired.
CREATE TABLE deleted_users (
    user_id    UUID PRIMARY KEY,
    deleted_at TIMESTAMPTZ NOT NULL
);

CREATE INDEX deleted_users_at ON deleted_users (deleted_at);
