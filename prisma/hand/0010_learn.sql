ALTER TABLE "learn_drills" ADD CONSTRAINT "learn_drills_difficulty_check" CHECK ("difficulty" BETWEEN 1 AND 5);
ALTER TABLE "user_lesson_progress" ADD CONSTRAINT "user_lesson_progress_percent_check"
  CHECK ("progress_percent" BETWEEN 0 AND 100);
ALTER TABLE "user_drill_stats" ADD CONSTRAINT "user_drill_stats_values_check" CHECK (
  "attempts" >= 0 AND "correct" BETWEEN 0 AND "attempts"
  AND ("best_score" IS NULL OR "best_score" BETWEEN 0 AND 100)
  AND ("last_score" IS NULL OR "last_score" BETWEEN 0 AND 100)
);
