-- Balance limits (src/domain/points.ts BALANCE_LIMIT): an award past them is a clear CONFLICT
-- in the domain; these keep int4 columns from ever overflowing whatever writes them.
ALTER TABLE "user_wallet" ADD CONSTRAINT "user_wallet_limit_check"
  CHECK ("total_earned" <= 1000000000 AND "total_spent" <= 1000000000);
ALTER TABLE "user_progress" ADD CONSTRAINT "user_progress_limit_check" CHECK ("total_xp" <= 1000000000);
