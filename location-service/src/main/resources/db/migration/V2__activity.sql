-- When each user's activity was last announced to analytics (LocationReported, at most once per interval);
-- it lives and dies with the position row, like everything else about the user's location.
alter table positions add column activity_published_at timestamptz;
