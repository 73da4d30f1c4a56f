-- Signals and their waves. No coordinates are stored: each pending arrival carries the
-- distance and direction it will show, computed when the wave was created.

create table signals (
    id              uuid primary key,
    sender_id       uuid             not null,
    kind            text             not null check (kind in ('signal', 'response')),
    -- for a response: the signal it answers
    responds_to     uuid             references signals (id) on delete cascade,
    sent_at         timestamptz      not null,
    expires_at      timestamptz      not null,
    max_distance_m  double precision not null check (max_distance_m > 0),
    sender_unit     text             not null check (sender_unit in ('mile', 'kilometer')),
    speed_mps       double precision not null check (speed_mps > 0),
    receiver_count  integer          not null default 0
);

create index signals_sender_sent on signals (sender_id, sent_at desc);
create index signals_sent_at on signals (sent_at);
-- one response per responder and signal
create unique index signals_one_response on signals (responds_to, sender_id) where responds_to is not null;

-- The durable work queue of the propagation engine: one row per arrival still to happen.
-- An instance leases rows shortly before they are due; a lease that runs out (crash, stall)
-- lets any other instance take the row over. Delivered rows are deleted.
create table pending_arrivals (
    signal_id       uuid             not null references signals (id) on delete cascade,
    receiver_id     uuid             not null,
    due_at          timestamptz      not null,
    distance_m      double precision not null,
    direction       text             not null,
    lease_owner     text,
    lease_until     timestamptz,
    primary key (signal_id, receiver_id)
);

create index pending_arrivals_due on pending_arrivals (due_at);

-- What each receiver got. The primary key is what makes delivery exactly-once.
create table receipts (
    signal_id       uuid             not null references signals (id) on delete cascade,
    receiver_id     uuid             not null,
    sender_id       uuid             not null,
    kind            text             not null,
    distance_m      double precision not null,
    direction       text             not null,
    due_at          timestamptz      not null,
    received_at     timestamptz      not null,
    primary key (signal_id, receiver_id)
);

create index receipts_receiver_received on receipts (receiver_id, received_at desc);

-- Cooldown: the last time each sender started a signal (responses are exempt).
create table sender_cooldowns (
    sender_id       uuid        primary key,
    last_sent_at    timestamptz not null
);
