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
