-- Set when a stored position could not be written to the Redis index (Redis failed between the two writes);
-- IndexRepairJob re-asserts such rows into the index and clears the marker. Rarely true, hence the partial index.
alter table positions add column index_dirty boolean not null default false;

create index positions_index_dirty on positions (user_id) where index_dirty;
