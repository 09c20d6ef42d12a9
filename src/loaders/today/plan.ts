import type { DailyPlan } from "../../generated/prisma/client.ts";
import { decodeRow, rowJson, type RowJson } from "./rows.ts";
import type { TodaySection } from "./page.ts";

/** The day's plan (unique on user and date). */
export const planSection: TodaySection<DailyPlan | null> = {
  name: "plan",
  statement: 1,
  sql: (s) => `SELECT ${rowJson("DailyPlan", "p", s)} FROM daily_plans p WHERE p.user_id = k.user_id AND p.date = k.day`,
  decode: (json, key, s) => (json === null ? null : decodeRow<DailyPlan>("DailyPlan", json as RowJson, key, s)),
};
