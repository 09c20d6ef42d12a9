-- Refunds (src/domain/market.ts refundPurchase): a window of at most 30 days, and a purchase is
-- either redeemed or refunded, never both; refundedAt and its REFUND transaction go together.
ALTER TABLE "market_items" ADD CONSTRAINT "market_items_refund_window_check"
  CHECK ("refund_window_hours" BETWEEN 0 AND 720);
ALTER TABLE "user_purchases" ADD CONSTRAINT "user_purchases_refund_check"
  CHECK (("refunded_at" IS NULL) = ("refund_transaction_id" IS NULL)
    AND ("refunded_at" IS NULL OR "redeemed_at" IS NULL));
