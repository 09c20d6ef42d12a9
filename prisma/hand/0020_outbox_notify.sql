-- Live Today at commit (src/projector/wakeups.ts): every transaction that appends to
-- behavior_outbox sends one notification on the channel `behavior_outbox`, delivered by
-- PostgreSQL when (and only if) that transaction commits, to the sessions LISTENing in this
-- database. Statement-level, with a constant empty payload: PostgreSQL folds identical
-- notifications of one transaction into one, so a transaction with many events wakes the
-- projector once. The projector still reads the events in (tx_id, id) order; the notification
-- only says "look now" instead of at the next poll.
CREATE FUNCTION "behavior_outbox_notify"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('behavior_outbox', '');
  RETURN NULL;
END;
$$;

CREATE TRIGGER "behavior_outbox_notify"
  AFTER INSERT ON "behavior_outbox"
  FOR EACH STATEMENT EXECUTE FUNCTION "behavior_outbox_notify"();
