-- A large wave leaves with its nearest receivers planned and the rest of its audience
-- planned right after (so the nearest are not late by the time it takes to find and store
-- everyone). Until the rest is stored the row says so: if the instance doing it dies, any
-- instance's next check plans everyone still missing, overdue ones included (late rather
-- than never), and announces the wave. Rows from before this column are complete.
alter table travelling_waves add column audience_complete boolean not null default true;
