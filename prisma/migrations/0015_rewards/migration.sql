-- AlterTable
ALTER TABLE "universal_quests" ADD COLUMN     "criteria" JSONB NOT NULL DEFAULT '{}';

-- Hand-added (not expressible in the Prisma schema): see prisma/hand/0015_rewards.sql
-- Balance limits (src/domain/points.ts BALANCE_LIMIT): an award past them is a clear CONFLICT
-- in the domain; these keep int4 columns from ever overflowing whatever writes them.
ALTER TABLE "user_wallet" ADD CONSTRAINT "user_wallet_limit_check"
  CHECK ("total_earned" <= 1000000000 AND "total_spent" <= 1000000000);
ALTER TABLE "user_progress" ADD CONSTRAINT "user_progress_limit_check" CHECK ("total_xp" <= 1000000000);

-- Data: the seeded catalogue gets real, declarative criteria (src/domain/rules.ts).
UPDATE "universal_quests" SET "criteria" = c.criteria::jsonb
FROM (VALUES
  ('daily-three-habits', '{"metric":"habits_completed"}'),
  ('daily-focus-50', '{"metric":"focus_minutes"}'),
  ('daily-plan', '{"metric":"plan_items"}'),
  ('daily-inbox-triage', '{"metric":"inbox_triaged"}'),
  ('weekly-focus-5h', '{"metric":"focus_minutes"}'),
  ('weekly-workouts-3', '{"metric":"workouts_logged"}'),
  ('weekly-reading-100', '{"metric":"pages_read"}'),
  ('weekly-ear-training', '{"metric":"drills_correct"}'),
  ('once-first-reference', '{"metric":"reference_regions"}'),
  ('once-complete-onboarding', '{"metric":"onboarding_completed"}')
) AS c(key, criteria)
WHERE "universal_quests"."key" = c.key;

UPDATE "achievement_definitions" SET "criteria" = c.criteria::jsonb
FROM (VALUES
  ('first-habit-check', '{"type":"metric","metric":"habits_completed","atLeast":1}'),
  ('habit-streak-7', '{"type":"streak","streak":"habits","days":7}'),
  ('habit-streak-30', '{"type":"streak","streak":"habits","days":30}'),
  ('focus-first-session', '{"type":"metric","metric":"focus_sessions","atLeast":1}'),
  ('focus-10-hours', '{"type":"metric","metric":"focus_minutes","atLeast":600}'),
  ('quest-first-complete', '{"type":"metric","metric":"quests_completed","atLeast":1}'),
  ('planner-week', '{"type":"metric","metric":"daily_plans","atLeast":7}'),
  ('inbox-zero', '{"type":"inbox_zero","minArchived":5}'),
  ('bookworm', '{"type":"metric","metric":"books_finished","atLeast":3}'),
  ('first-workout', '{"type":"metric","metric":"workouts_logged","atLeast":1}'),
  ('lesson-learner', '{"type":"metric","metric":"lessons_completed","atLeast":5}'),
  ('level-5', '{"type":"level","level":5}'),
  ('night-owl', '{"type":"focus_started_after","localTime":"23:00"}')
) AS c(key, criteria)
WHERE "achievement_definitions"."key" = c.key;
