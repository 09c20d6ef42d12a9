-- A timed event has both timestamps; an all-day event has both calendar days.
ALTER TABLE "calendar_events" ADD CONSTRAINT "calendar_events_span_check" CHECK (
  ("all_day" AND "start_date" IS NOT NULL AND "end_date" IS NOT NULL AND "end_date" >= "start_date")
  OR (NOT "all_day" AND "starts_at" IS NOT NULL AND "ends_at" IS NOT NULL AND "ends_at" >= "starts_at")
);
ALTER TABLE "daily_plans" ADD CONSTRAINT "daily_plans_items_array_check" CHECK (jsonb_typeof("items") = 'array');
