-- Users deleted by user-service (UserDeleted). Their delivery rows are erased; this row only
-- stops a late or redelivered ArrivalsDelivered from writing a new one. It holds the bare ID
-- and is purged after the delivery retention, when no such event can still arrive.
CREATE TABLE erased_users (
    user_id   UUID PRIMARY KEY,
    erased_at TIMESTAMPTZ NOT NULL
);

CREATE INDEX deliveries_sender ON deliveries (sender_id) WHERE sender_id IS NOT NULL;
