-- The transactional outbox of com.bowwow.common.events (same DDL as the library's event-outbox.sql): every final
-- push outcome is written here in the transaction that records it and relayed to the bowwow:events:push stream.
CREATE TABLE event_outbox (
    id           BIGSERIAL PRIMARY KEY,
    event_id     UUID        NOT NULL UNIQUE,
    stream       TEXT        NOT NULL,
    event_type   TEXT        NOT NULL,
    payload      TEXT        NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    published_at TIMESTAMPTZ
);

CREATE INDEX event_outbox_unpublished ON event_outbox (id) WHERE published_at IS NULL;
