-- AlterTable
ALTER TABLE "behavior_outbox" ADD COLUMN     "tx_id" xid8 NOT NULL DEFAULT pg_current_xact_id();

-- AlterTable
ALTER TABLE "behavior_projection_state" ADD COLUMN     "events_processed" BIGINT NOT NULL DEFAULT 0,
ADD COLUMN     "last_processed_tx_id" xid8;

-- CreateIndex
CREATE INDEX "behavior_outbox_tx_id_id_idx" ON "behavior_outbox"("tx_id", "id");

-- Data: every existing outbox row took this migration's transaction id as its tx_id, so an
-- existing cursor's position in (tx_id, id) order is (this transaction, last_processed_id).
UPDATE "behavior_projection_state" SET "last_processed_tx_id" = pg_current_xact_id()
WHERE "last_processed_id" IS NOT NULL;
