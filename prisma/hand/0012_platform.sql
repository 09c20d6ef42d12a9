-- Today reads a user's open inbox items in this order.
CREATE INDEX "inbox_items_open_idx" ON "inbox_items" ("user_id", "sort_order", "created_at", "id") WHERE "archived_at" IS NULL;
ALTER TABLE "user_settings" ADD CONSTRAINT "user_settings_week_start_check" CHECK ("week_starts_on" BETWEEN 1 AND 7);
