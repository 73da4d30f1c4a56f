-- User safety: blocks, reports and suspensions. PostgreSQL is the truth; Redis holds the read model every service
-- consults (common's SafetyReads), rebuilt from these tables whenever it is lost.

-- A block made by one user against another. It keeps both apart (either direction hides), but only its maker can
-- lift it. Deleting either account deletes the block.
CREATE TABLE blocks (
    blocker_id UUID        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    blocked_id UUID        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (blocker_id, blocked_id),
    CONSTRAINT blocks_not_self CHECK (blocker_id <> blocked_id)
);

-- Reverse look-ups: who blocked this user (deletion, the pair check).
CREATE INDEX blocks_blocked ON blocks (blocked_id);

-- A report for operators. Deleting the reporter deletes their reports; deleting the reported user anonymises the
-- report (no ID, no signal, closed), so nothing about a deleted user stays readable.
CREATE TABLE reports (
    id               UUID PRIMARY KEY,
    reporter_id      UUID        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    reported_user_id UUID        REFERENCES users (id) ON DELETE SET NULL,
    reason           TEXT        NOT NULL CHECK (reason IN ('spam', 'harassment', 'inappropriate', 'other')),
    signal_id        UUID,
    note             TEXT        CHECK (char_length(note) <= 1000),
    status           TEXT        NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
    created_at       TIMESTAMPTZ NOT NULL,
    closed_at        TIMESTAMPTZ,
    CONSTRAINT reports_not_self CHECK (reporter_id <> reported_user_id)
);

-- The operators' queue: newest first per status.
CREATE INDEX reports_by_status ON reports (status, created_at DESC, id DESC);
CREATE INDEX reports_reporter ON reports (reporter_id);
-- One open report per reporter and reported user: repeating a report (a retry, or flooding the queue) returns the
-- open one instead of adding another.
CREATE UNIQUE INDEX reports_one_open_per_pair ON reports (reporter_id, reported_user_id) WHERE status = 'open';
CREATE INDEX reports_reported ON reports (reported_user_id);

-- The current suspension of a user, if any: a row exists exactly while the user is suspended. Lifting (by an
-- operator or because "until" passed) deletes it; the history lives in the events.
CREATE TABLE suspensions (
    user_id    UUID PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    reason     TEXT        NOT NULL CHECK (char_length(reason) BETWEEN 1 AND 500),
    until      TIMESTAMPTZ,
    created_at TIMESTAMPTZ NOT NULL
);

CREATE INDEX suspensions_until ON suspensions (until) WHERE until IS NOT NULL;
