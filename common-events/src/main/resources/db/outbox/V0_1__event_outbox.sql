-- The transactional outbox of com.bowwow.common.events, shipped by common as the Flyway location
-- classpath:db/outbox: every service that publishes (bowwow.events.outbox.enabled) lists it in
-- spring.flyway.locations. Unqualified, so it lands in the service's own schema (search path).
--
-- Versions 0.x are common's event tables (here and in classpath:db/consumer-positions): they sort before every
-- service's own V1, V2, ..., so the two never clash and a fresh schema gets them first. A later change to these
-- tables is the next 0.x file; a schema already past V1 needs spring.flyway.out-of-order=true to take it (safe:
-- no service migration touches the event tables). Until issue 20 each service carried a copy of this DDL in its
-- own migrations; those copies were removed (squashed), see README "Configuration".
CREATE TABLE event_outbox (
    id           BIGSERIAL PRIMARY KEY,
    event_id     UUID        NOT NULL UNIQUE,
    stream       TEXT        NOT NULL,
    event_type   TEXT        NOT NULL,
    payload      TEXT        NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    published_at TIMESTAMPTZ,
    -- Assigned when relayed, in publication order: the entry's ID in its stream is <seq>-0, so the row can be
    -- published again with the same ID if Redis loses it.
    seq          BIGINT
);

-- The relay only ever looks for unpublished rows, in order.
CREATE INDEX event_outbox_unpublished ON event_outbox (id) WHERE published_at IS NULL;

-- Publishing again after a loss reads a stream's rows by sequence.
CREATE UNIQUE INDEX event_outbox_sequence ON event_outbox (stream, seq) WHERE seq IS NOT NULL;

-- The last sequence relayed to each stream (outlives the rows' retention).
CREATE TABLE event_outbox_streams (
    stream   TEXT   PRIMARY KEY,
    last_seq BIGINT NOT NULL
);

-- The consumer groups seen on each stream and the sequence from which each still needs entries: streams are
-- trimmed below the smallest, and a group that vanished with Redis keeps its place until it is back.
CREATE TABLE event_outbox_groups (
    stream     TEXT        NOT NULL,
    group_name TEXT        NOT NULL,
    keep_from  BIGINT      NOT NULL,
    seen_at    TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (stream, group_name)
);
