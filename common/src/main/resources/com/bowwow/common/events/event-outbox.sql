-- The transactional outbox of com.bowwow.common.events. Copy into the publishing service's Flyway
-- migrations; unqualified, so it lands in the service's own schema (search path).
CREATE TABLE event_outbox (
    id           BIGSERIAL PRIMARY KEY,
    event_id     UUID        NOT NULL UNIQUE,
    stream       TEXT        NOT NULL,
    event_type   TEXT        NOT NULL,
    payload      TEXT        NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    published_at TIMESTAMPTZ
);

-- The relay only ever looks for unpublished rows, in order.
CREATE INDEX event_outbox_unpublished ON event_outbox (id) WHERE published_at IS NULL;
