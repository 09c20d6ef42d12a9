import type { CalendarEvent } from "../../generated/prisma/client.ts";
import { byPosition, decodeRows, listJson, type RowJson } from "./rows.ts";
import type { TodaySection } from "./page.ts";

/**
 * Events overlapping the day: all-day events whose date range contains it, timed events
 * that start before the day ends and end after it starts (or start within it). All-day
 * first, then by start; position, creation and id break ties.
 */
export const calendarEventsSection: TodaySection<CalendarEvent[]> = {
  name: "calendar_events",
  sql: (s) => `SELECT ${listJson("CalendarEvent", "e", s, `e.all_day DESC, e.starts_at, ${byPosition("e")}`)}
    FROM calendar_events e
    WHERE e.user_id = k.user_id
      AND ((e.all_day AND e.start_date <= k.day AND e.end_date >= k.day)
        OR (NOT e.all_day AND e.ends_at IS NOT NULL AND e.starts_at < k.ends_at
            AND (e.ends_at > k.starts_at OR e.starts_at >= k.starts_at)))`,
  decode: (json, key, s) => decodeRows<CalendarEvent>("CalendarEvent", json as RowJson[], key, s),
};
