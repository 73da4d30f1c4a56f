-- One row per requested push: the durable record that makes intake idempotent, drives retries and keeps dead letters.
CREATE TABLE deliveries (
    id                UUID PRIMARY KEY,
    -- null for a test push (kind 'test'); otherwise (signal_id, receiver_id, kind) is the idempotency key
    signal_id         UUID,
    receiver_id       UUID             NOT NULL,
    kind              TEXT             NOT NULL CHECK (kind IN ('signal', 'response', 'test')),
    sender_id         UUID,
    distance_meters   DOUBLE PRECISION,
    direction         TEXT,
    expires_at        TIMESTAMPTZ      NOT NULL,
    -- PENDING: queued or waiting for a retry; the rest are final
    status            TEXT             NOT NULL
        CHECK (status IN ('PENDING', 'SENT', 'REJECTED', 'SKIPPED', 'DEAD_LETTERED')),
    reason            TEXT,
    attempts          INTEGER          NOT NULL DEFAULT 0,
    -- PENDING rows: when any instance may (re)try it. Set into the future while an attempt is in flight (a lease), so
    -- a row whose instance crashed mid-attempt is taken over once the lease runs out.
    next_attempt_at   TIMESTAMPTZ,
    last_error        TEXT,
    -- the token and unit the last attempt used (for the dead-token report and the operator view)
    device_token      TEXT,
    unit              TEXT,
    apns_id           UUID,
    -- REJECTED rows whose token must still be reported dead to user-service: 'pending', then 'done'
    dead_token_report TEXT CHECK (dead_token_report IN ('pending', 'done')),
    replays           INTEGER          NOT NULL DEFAULT 0,
    created_at        TIMESTAMPTZ      NOT NULL DEFAULT now(),
    updated_at        TIMESTAMPTZ      NOT NULL DEFAULT now(),
    completed_at      TIMESTAMPTZ,
    CONSTRAINT deliveries_once UNIQUE (signal_id, receiver_id, kind)
);

CREATE INDEX deliveries_due ON deliveries (next_attempt_at) WHERE status = 'PENDING';
CREATE INDEX deliveries_token_reports ON deliveries (updated_at) WHERE dead_token_report = 'pending';
CREATE INDEX deliveries_receiver ON deliveries (receiver_id, created_at DESC);
CREATE INDEX deliveries_signal ON deliveries (signal_id);
CREATE INDEX deliveries_dead_letters ON deliveries (updated_at DESC) WHERE status = 'DEAD_LETTERED';
CREATE INDEX deliveries_created ON deliveries (created_at DESC);
