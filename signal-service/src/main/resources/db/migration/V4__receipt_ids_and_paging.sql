-- Every receipt gets its own identifier: the client's ReceivedSignal decodes an `id` and
-- fails on the whole list without it. Generated once, so it is stable for the receipt's life.
alter table receipts add column id uuid not null default gen_random_uuid();
create unique index receipts_id on receipts (id);

-- History pages are ordered by (time, id), newest first, with ties broken by id.
drop index receipts_receiver_received;
create index receipts_receiver_received on receipts (receiver_id, received_at desc, id desc);
drop index signals_sender_sent;
create index signals_sender_sent on signals (sender_id, sent_at desc, id desc);
