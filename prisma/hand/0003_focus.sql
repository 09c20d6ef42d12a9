-- At most one active focus session per user (SPEC §2).
CREATE UNIQUE INDEX "focus_sessions_one_active_per_user" ON "focus_sessions" ("user_id") WHERE "status" = 'ACTIVE';
ALTER TABLE "focus_sessions" ADD CONSTRAINT "focus_sessions_duration_check"
  CHECK ("planned_duration_seconds" > 0 AND ("actual_duration_seconds" IS NULL OR "actual_duration_seconds" >= 0));
ALTER TABLE "focus_sessions" ADD CONSTRAINT "focus_sessions_ended_check"
  CHECK (("status" = 'ACTIVE') = ("ended_at" IS NULL));
