-- Where a travelling wave's newcomer check resumes: location-service's index clock at the
-- last answer it used (the send's audience, then each check). A check asks only for those
-- who moved since, and moves it forward only once its newcomers are planned, so a failed
-- or lost check is covered by the next. Null (a wave from before this column) asks for the
-- whole disc.
alter table travelling_waves add column moved_since timestamptz;
