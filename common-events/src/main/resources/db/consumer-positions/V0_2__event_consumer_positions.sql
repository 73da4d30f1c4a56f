-- Where each consumer group of com.bowwow.common.events durably got to, shipped by common as the Flyway location
-- classpath:db/consumer-positions: every service that consumes events lists it in spring.flyway.locations.
-- Unqualified, so it lands in the service's own schema (search path). A group that Redis lost (FLUSHALL, failover
-- to an empty replica) is recreated at this position. Version 0.2: see classpath:db/outbox/V0_1__event_outbox.sql.
CREATE TABLE event_consumer_positions (
    stream     TEXT        NOT NULL,
    group_name TEXT        NOT NULL,
    -- The stream entry ID <last_ms>-<last_seq>: the group acknowledged it and everything before it.
    last_ms    BIGINT      NOT NULL,
    last_seq   BIGINT      NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (stream, group_name)
);
