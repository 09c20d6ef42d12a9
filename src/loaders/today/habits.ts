import type { Habit, HabitCompletion } from "../../generated/prisma/client.ts";
import { compileSchedule, epochDay } from "../../domain/calendar.ts";
import { habitStreak, STREAK_LOOKBACK_DAYS } from "../../domain/habit-streak.ts";
import { byPosition, decodeRow, extraOf, listJson, rowJson, type RowJson, type SelectedFields } from "./rows.ts";
import type { TodaySection } from "./page.ts";

/**
 * A habit due on the day, its completion that day and streak, and what the page shows of them,
 * worked out once here: every TodayHabit field reads a property (see TodayQuestRow).
 */
export interface TodayHabitRow {
  habit: Habit;
  completion: HabitCompletion | null;
  streak: number;
  /** Completions counted that day (0 without a completion). */
  count: number;
  targetCount: number;
  /** The day's count reached the habit's target. */
  completed: boolean;
}

// Per habit, in one range scan of the (habit_id, completed_on) unique index of the viewer's
// own habits: the days of the streak's window on which the habit reached its target, as days
// before the day (0 = the day: short numbers, ~40 % fewer bytes than epoch days for a habit
// done most days), and that day's completion (a list of at most one row; null when none).
// One probe per habit instead of two: ~2 ms fewer for a 200-habit user.
const completions = (s: SelectedFields) => `(SELECT json_build_array(
    coalesce(array_agg(k.day - d.completed_on) FILTER (WHERE d.count >= h.target_count), '{}'),
    json_agg(${rowJson("HabitCompletion", "d", s)}) FILTER (WHERE d.completed_on = k.day))
  FROM habit_completions d
  WHERE d.habit_id = h.id AND d.user_id = k.user_id AND d.completed_on BETWEEN k.streak_from AND k.day)`;

/**
 * Habits due that day (by position), with that day's completion and current streak. The
 * schedule is the domain's (compileSchedule), applied to the user's unarchived habits.
 */
export const habitsSection: TodaySection<TodayHabitRow[]> = {
  name: "habits",
  statement: 1,
  sql: (s) => `SELECT ${listJson("Habit", "h", s, byPosition("h"), [completions(s)])} FROM habits h
    WHERE h.user_id = k.user_id AND NOT h.is_archived`,
  decode: (json, key, s) => {
    const day = epochDay(key.day);
    // A habit's done days as a bitmap by days before the day, one for the whole list (set,
    // read, cleared per habit): a Set per habit cost the 200-item page ~60,000 insertions
    // and ~0.5 MiB of garbage.
    const done = new Uint8Array(STREAK_LOOKBACK_DAYS + 1);
    const doneDays = {
      has: (epoch: number) => {
        const before = day - epoch;
        return before >= 0 && before <= STREAK_LOOKBACK_DAYS && done[before] === 1;
      },
    };
    const rows: TodayHabitRow[] = [];
    for (const row of json as RowJson[]) {
      const habit = decodeRow<Habit>("Habit", row, key, s);
      const schedule = compileSchedule(habit);
      if (!schedule.isDueOn(day)) continue;
      const [days, ofDay] = extraOf("Habit", row, s, 0) as [number[], RowJson[] | null];
      for (const before of days) done[before] = 1;
      const streak = habitStreak(schedule, day, doneDays);
      for (const before of days) done[before] = 0;
      const completion = ofDay === null ? null : decodeRow<HabitCompletion>("HabitCompletion", ofDay[0], key, s, habit.id);
      const count = completion?.count ?? 0;
      rows.push({ habit, completion, streak, count, targetCount: habit.targetCount, completed: count >= habit.targetCount });
    }
    return rows;
  },
};
