ALTER TABLE "habits" ADD CONSTRAINT "habits_schedule_check" CHECK (
  "target_count" >= 1
  AND "days_of_week" <@ ARRAY[1,2,3,4,5,6,7]
  AND ("frequency" <> 'WEEKLY' OR cardinality("days_of_week") > 0)
  AND ("frequency" <> 'INTERVAL' OR "interval_days" >= 1)
  AND ("end_date" IS NULL OR "end_date" >= "start_date")
);
ALTER TABLE "habit_completions" ADD CONSTRAINT "habit_completions_count_check" CHECK ("count" >= 1);
