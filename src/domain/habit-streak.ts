import type { CompiledSchedule } from "./calendar.ts";

/** How far back a streak is counted; a longer one reads as this many days. */
export const STREAK_LOOKBACK_DAYS = 366;

/**
 * Consecutive due days, ending on `day` (an epoch day), on which the habit was done.
 * If `day` itself is not done yet it does not break the streak (the day is not over):
 * the count then ends on the previous due day.
 */
export function habitStreak(schedule: CompiledSchedule, day: number, doneDays: { has(day: number): boolean }): number {
  let streak = 0;
  const oldest = day - STREAK_LOOKBACK_DAYS;
  for (let cursor = doneDays.has(day) ? day : day - 1; cursor >= oldest; cursor -= 1) {
    if (!schedule.isDueOn(cursor)) continue;
    if (!doneDays.has(cursor)) break;
    streak += 1;
  }
  return streak;
}
