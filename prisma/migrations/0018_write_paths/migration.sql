-- AlterTable
ALTER TABLE "market_items" ADD COLUMN     "refund_window_hours" INTEGER NOT NULL DEFAULT 24;

-- AlterTable
ALTER TABLE "user_purchases" ADD COLUMN     "refund_transaction_id" UUID,
ADD COLUMN     "refunded_at" TIMESTAMPTZ(3);

-- CreateIndex
CREATE UNIQUE INDEX "user_purchases_refund_transaction_id_key" ON "user_purchases"("refund_transaction_id");

-- AddForeignKey
ALTER TABLE "user_purchases" ADD CONSTRAINT "user_purchases_refund_transaction_id_fkey" FOREIGN KEY ("refund_transaction_id") REFERENCES "market_transactions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Hand-added (not expressible in the Prisma schema): see prisma/hand/0018_write_paths.sql
-- Refunds (src/domain/market.ts refundPurchase): a window of at most 30 days, and a purchase is
-- either redeemed or refunded, never both; refundedAt and its REFUND transaction go together.
ALTER TABLE "market_items" ADD CONSTRAINT "market_items_refund_window_check"
  CHECK ("refund_window_hours" BETWEEN 0 AND 720);
ALTER TABLE "user_purchases" ADD CONSTRAINT "user_purchases_refund_check"
  CHECK (("refunded_at" IS NULL) = ("refund_transaction_id" IS NULL)
    AND ("refunded_at" IS NULL OR "redeemed_at" IS NULL));
