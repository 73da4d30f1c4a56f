-- Safety figures for operators, fed by user-service's ReportFiled, UserBlocked,
-- UserSuspended and UserSuspensionLifted events. Data minimisation: no reporter, no
-- free text (report notes, suspension reasons), no pair of who blocked whom.

-- One row per report, whatever event ID announced it. reported_user_id becomes null when
-- that account is deleted: the report still counts, the user is no longer readable.
create table reports (
    report_id        uuid primary key,
    reported_user_id uuid,
    reason           text        not null,
    filed_at         timestamptz not null
);
create index reports_filed_at on reports (filed_at);
create index reports_reported_user_id on reports (reported_user_id);

-- One row per block made (the UserBlocked event's ID), with nothing about the pair.
create table blocks (
    event_id   uuid primary key,
    blocked_at timestamptz not null
);
create index blocks_blocked_at on blocks (blocked_at);

-- Each user's latest suspension and latest lift, kept apart so that either may arrive
-- first: suspended while suspended_at is later than lifted_at and until has not passed.
create table suspensions (
    user_id      uuid primary key,
    suspended_at timestamptz,
    until        timestamptz,
    lifted_at    timestamptz
);
