-- Location privacy: what the sender of a wave may learn about each receiver is the
-- distance and direction from the origin (the sender's cell centre) to the receiver's
-- cell centre, never their true position. A response retraces this path when current
-- positions are unknown. Rows written before this migration have none (null): their
-- response falls back to the receiver-side distance, as before.
alter table pending_arrivals
    add column cell_distance_m double precision,
    add column cell_direction  text;

alter table receipts
    add column cell_distance_m double precision,
    add column cell_direction  text;
