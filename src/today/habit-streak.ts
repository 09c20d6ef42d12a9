import { addDays, isHabitDue, type HabitSchedule } from "../domain/calendar.ts";

/** How far back a streak is counted; a longer one reads as this many days. */
export const STREAK_LOOKBACK_DAYS = 366;

/**
 * Consecutive due days, ending on `day`, on which the habit was done. If `day`
 * itself is not done yet it does not break the streak (the day is not over): the
 * count then ends on the previous due day.
 */
export function habitStreak(habit: HabitSchedule, day: string, doneDays: ReadonlySet<string>): number {
  let streak = 0;
  let cursor = day;
  const oldest = addDays(day, -STREAK_LOOKBACK_DAYS);
  if (!doneDays.has(day)) cursor = addDays(day, -1);
  while (cursor >= oldest) {
    if (isHabitDue(habit, cursor)) {
      if (!doneDays.has(cursor)) break;
      streak += 1;
    }
    cursor = addDays(cursor, -1);
  }
  return streak;
}
