import type { Habit, HabitCompletion } from "../../generated/prisma/client.ts";
import { compileSchedule, epochDay } from "../../domain/calendar.ts";
import { habitStreak } from "../../domain/habit-streak.ts";
import { byPosition, decodeRow, listJson, rowJson } from "./rows.ts";
import type { TodaySection } from "./page.ts";

export interface TodayHabitRow {
  habit: Habit;
  completion: HabitCompletion | null;
  streak: number;
}

// Per habit: that day's completion, and the days of the streak's window on which the habit
// reached its target, as days before the day (0 = the day: short numbers, ~40 % fewer bytes
// than epoch days for a habit done most days). Both through the (habit_id, completed_on)
// unique index of the viewer's own habits.
const completion = `(SELECT ${rowJson("HabitCompletion", "c")} FROM habit_completions c
  WHERE c.habit_id = h.id AND c.user_id = k.user_id AND c.completed_on = k.day)`;
const doneDays = `(SELECT coalesce(array_agg(k.day - d.completed_on), '{}') FROM habit_completions d
  WHERE d.habit_id = h.id AND d.user_id = k.user_id AND d.completed_on BETWEEN k.streak_from AND k.day
    AND d.count >= h.target_count)`;

type HabitJson = Habit & { completion: Record<string, unknown> | null; doneDays: number[] };

/**
 * Habits due that day (by position), with that day's completion and current streak. The
 * schedule is the domain's (compileSchedule), applied to the user's unarchived habits.
 */
export const habitsSection: TodaySection<TodayHabitRow[]> = {
  name: "habits",
  sql: `SELECT ${listJson("Habit", "h", byPosition("h"), { completion, doneDays })} FROM habits h
    WHERE h.user_id = k.user_id AND NOT h.is_archived`,
  decode: (json, key) => {
    const day = epochDay(key.day);
    const rows: TodayHabitRow[] = [];
    for (const row of json as Array<Record<string, unknown>>) {
      const { completion: done, doneDays: days, ...habit } = decodeRow<HabitJson>("Habit", row, key);
      const schedule = compileSchedule(habit);
      if (!schedule.isDueOn(day)) continue;
      rows.push({
        habit,
        completion: done === null ? null : decodeRow<HabitCompletion>("HabitCompletion", done, key, habit.id),
        streak: habitStreak(schedule, day, new Set(days.map((before) => day - before))),
      });
    }
    return rows;
  },
};
