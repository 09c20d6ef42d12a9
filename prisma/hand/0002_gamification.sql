-- Wallet invariant (SPEC §2): coins = total_earned - total_spent >= 0.
ALTER TABLE "user_wallet" ADD CONSTRAINT "user_wallet_balance_check"
  CHECK ("coins" = "total_earned" - "total_spent" AND "coins" >= 0 AND "total_earned" >= 0 AND "total_spent" >= 0);
ALTER TABLE "user_progress" ADD CONSTRAINT "user_progress_values_check" CHECK ("level" >= 1 AND "total_xp" >= 0);
ALTER TABLE "user_streaks" ADD CONSTRAINT "user_streaks_counts_check"
  CHECK ("current_count" >= 0 AND "longest_count" >= "current_count");
