-- Accounts. A device token (APNs, normalised to lowercase hex) identifies a device: registering a known token
-- returns its user. Deleting a user deletes the row; nothing about them is kept.
CREATE TABLE users (
    id                   UUID PRIMARY KEY,
    device_token         TEXT        NOT NULL CHECK (device_token ~ '^[0-9a-f]{64,200}$'),
    device_token_status  TEXT        NOT NULL DEFAULT 'live' CHECK (device_token_status IN ('live', 'dead')),
    device_token_dead_at TIMESTAMPTZ,
    is_offline           BOOLEAN     NOT NULL DEFAULT FALSE,
    distance_unit        TEXT        NOT NULL DEFAULT 'mile' CHECK (distance_unit IN ('mile', 'kilometer')),
    created_at           TIMESTAMPTZ NOT NULL,
    updated_at           TIMESTAMPTZ NOT NULL,
    CONSTRAINT users_device_token_unique UNIQUE (device_token)
);
