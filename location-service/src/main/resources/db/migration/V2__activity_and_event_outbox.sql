-- When each user's activity was last announced to analytics (LocationReported, at most once per interval);
-- it lives and dies with the position row, like everything else about the user's location.
alter table positions add column activity_published_at timestamptz;

-- The transactional outbox of com.bowwow.common.events (same DDL as the library's event-outbox.sql): location
-- events are written here in the transaction that causes them and relayed to the bowwow:events:location stream.
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
