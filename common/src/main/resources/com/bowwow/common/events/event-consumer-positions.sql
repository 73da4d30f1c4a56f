-- Where each consumer group of com.bowwow.common.events durably got to. Copy into the consuming service's
-- Flyway migrations; unqualified, so it lands in the service's own schema (search path). A group that Redis
-- lost (FLUSHALL, failover to an empty replica) is recreated at this position.
CREATE TABLE event_consumer_positions (
    stream     TEXT        NOT NULL,
    group_name TEXT        NOT NULL,
    -- The stream entry ID <last_ms>-<last_seq>: the group acknowledged it and everything before it.
    last_ms    BIGINT      NOT NULL,
    last_seq   BIGINT      NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (stream, group_name)
);
