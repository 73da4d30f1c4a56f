-- Waves whose front is still travelling, so that people who come within reach after the
-- wave left are found by whichever instance is running (the instance that started the wave
-- may stop). The origin is the sender's privacy-grid cell centre, never their position,
-- and the row is deleted once the front has passed the whole reach.
create table travelling_waves (
    signal_id        uuid             primary key references signals (id) on delete cascade,
    origin_latitude  double precision not null,
    origin_longitude double precision not null,
    front_done_at    timestamptz      not null,
    -- when any instance may look for newcomers next; claiming pushes it forward, so a
    -- claim of an instance that died simply falls due again
    next_check_at    timestamptz      not null
);

create index travelling_waves_next_check on travelling_waves (next_check_at);
