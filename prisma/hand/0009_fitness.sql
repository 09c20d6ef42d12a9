ALTER TABLE "workout_sessions" ADD CONSTRAINT "workout_sessions_effort_check"
  CHECK ("perceived_effort" IS NULL OR "perceived_effort" BETWEEN 1 AND 10);
ALTER TABLE "exercise_sets" ADD CONSTRAINT "exercise_sets_values_check" CHECK (
  "set_number" >= 1 AND ("reps" IS NULL OR "reps" >= 0) AND ("weight_kg" IS NULL OR "weight_kg" >= 0)
  AND ("rpe" IS NULL OR "rpe" BETWEEN 1 AND 10)
);
