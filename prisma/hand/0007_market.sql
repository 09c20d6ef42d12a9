ALTER TABLE "market_items" ADD CONSTRAINT "market_items_price_check" CHECK ("price_coins" >= 0);
ALTER TABLE "market_items" ADD CONSTRAINT "market_items_window_check"
  CHECK ("available_from" IS NULL OR "available_until" IS NULL OR "available_until" > "available_from");
ALTER TABLE "user_purchases" ADD CONSTRAINT "user_purchases_values_check" CHECK ("quantity" >= 1 AND "price_coins" >= 0);
ALTER TABLE "market_transactions" ADD CONSTRAINT "market_transactions_balance_check" CHECK ("balance_after" >= 0);
