-- The rank of a status event's status, so that replaying a dead one can be refused once the
-- message has moved past it. It is null for inbound events and for status events stored before.
alter table outbox_events add column status_rank integer;

-- Room for "message:" + provider (32) + ":" + provider message id (128).
alter table outbox_events alter column ordering_key set data type varchar(255);

-- Room for an idempotency key prefixed with its source ("header:" or "external_id:") and 255
-- characters of the key itself.
alter table messages alter column idempotency_key set data type varchar(300);

-- The relay reads pending events in insertion order.
create index outbox_events_pending_seq on outbox_events (state, seq);
