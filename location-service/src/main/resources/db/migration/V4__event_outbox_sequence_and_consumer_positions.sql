-- Outbox rows keep the sequence they were relayed with (their stream entry is <seq>-0), so that the relay can
-- publish them again with the same IDs if Redis loses them (issue 17); see com.bowwow.common.events.
ALTER TABLE event_outbox ADD COLUMN seq BIGINT;

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

-- Where each of this service's consumer groups durably got to, so that a group Redis lost (FLUSHALL, failover to
-- an empty replica) resumes there (issue 17); see com.bowwow.common.events.
CREATE TABLE event_consumer_positions (
    stream     TEXT        NOT NULL,
    group_name TEXT        NOT NULL,
    -- The stream entry ID <last_ms>-<last_seq>: the group acknowledged it and everything before it.
    last_ms    BIGINT      NOT NULL,
    last_seq   BIGINT      NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (stream, group_name)
);
