-- analytics-service keeps its own compact copy of what happened, fed by the other services'
-- events, so its figures outlive their 24 h location and 30-day signal retention.

-- Events already applied (deduplication of redeliveries); pruned after a few days, when
-- a redelivery can no longer happen. Aggregates with a natural key do not depend on it.
create table processed_event (
    event_id     uuid primary key,
    processed_at timestamptz not null default now()
);
create index processed_event_processed_at on processed_event (processed_at);

-- One row per account ever seen in a user event, in whatever order the events came.
create table users (
    user_id       uuid primary key,
    registered_at timestamptz,
    deleted_at    timestamptz
);

-- A user reported a position in this hour; last_reported_at is the latest report in it,
-- which makes "active since t" exact for any t: some hour's latest report is >= t.
create table user_activity (
    user_id          uuid        not null,
    hour             timestamptz not null,
    last_reported_at timestamptz not null,
    primary key (user_id, hour)
);
create index user_activity_last_reported_at on user_activity (last_reported_at);

-- One row per wave (kind 'signal' or 'response'), whatever event ID announced it.
create table signals (
    signal_id           uuid primary key,
    sender_id           uuid             not null,
    kind                text             not null,
    sent_at             timestamptz      not null,
    max_distance_meters double precision not null
);
create index signals_sent_at on signals (sent_at);

-- One row per receipt: (signal, receiver, kind) is what signal-service itself never repeats.
create table deliveries (
    signal_id       uuid             not null,
    receiver_id     uuid             not null,
    kind            text             not null,
    received_at     timestamptz      not null,
    distance_meters double precision not null,
    lateness_ms     bigint           not null,
    primary key (signal_id, receiver_id, kind)
);
create index deliveries_received_at on deliveries (received_at);

-- Final push outcomes counted per hour; only processed_event keeps these exact.
create table push_outcomes (
    hour    timestamptz not null,
    kind    text        not null,
    outcome text        not null,
    reason  text        not null,
    count   bigint      not null,
    primary key (hour, kind, outcome, reason)
);

-- Each location-service instance's live stream, once a minute.
create table stream_samples (
    instance_id text        not null,
    sampled_at  timestamptz not null,
    connections integer     not null,
    dropped     bigint      not null,
    primary key (instance_id, sampled_at)
);
create index stream_samples_sampled_at on stream_samples (sampled_at);
