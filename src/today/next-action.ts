// Today.nextAction: one suggestion, computed from the sections the Today page already loads
// (habits, quests, focus, plan), so it costs no SQL statement of its own. Pure and
// deterministic: the same day's state gives the same suggestion, byte for byte.
//
// Priority (first that holds wins; ties broken as noted):
//   1. resume_focus              the running or paused focus session (the loader's one: oldest, then id)
//   2. habit_streak_at_risk      a habit due that day, not done, with a streak of 1 or more
//                                (longest streak first, then the habits' position order)
//   3. quest_one_step            an open quest of the user's one step from its target, with at least one
//                                step taken (Today's quest list order: sort order, creation, id)
//      universal_quest_one_step  the same for a catalogue quest, in the same position order as Today's list
//   4. plan_item                 the first open item of the day's plan (plan order)
//   5. habit_due                 a habit due that day, not done, without a streak (position order)
// Left out: an item overdue from an earlier day's plan (Today loads that day's plan only, and
// reading earlier plans would add a statement to the page).
import type { DailyPlan } from "../generated/prisma/client.ts";
import { type PlanItem, planItemsInOrder } from "../domain/planning.ts";
import type { TodayFocusRows, TodayHabitRow, TodayQuestRow } from "../loaders/today/index.ts";

export const NEXT_ACTION_KINDS = [
  "resume_focus",
  "habit_streak_at_risk",
  "quest_one_step",
  "universal_quest_one_step",
  "plan_item",
  "habit_due",
] as const;
export type NextActionKind = (typeof NEXT_ACTION_KINDS)[number];

/** Lower is more urgent; the kinds of one rank share it (quests: own and catalogue). */
export const NEXT_ACTION_PRIORITY: Readonly<Record<NextActionKind, number>> = {
  resume_focus: 1,
  habit_streak_at_risk: 2,
  quest_one_step: 3,
  universal_quest_one_step: 3,
  plan_item: 4,
  habit_due: 5,
};

export type NextActionTarget =
  | { type: "FocusSession"; session: TodayFocusRows["active"] & object }
  | { type: "Habit"; row: TodayHabitRow }
  | { type: "Quest"; row: TodayQuestRow }
  | { type: "PlanItem"; item: PlanItem };

export interface NextAction {
  /** `<kind>:<target id>:<date>`: the same suggestion on the same day has the same id. */
  id: string;
  kind: NextActionKind;
  priority: number;
  /** Why this one, in words a person reads. */
  reason: string;
  date: string;
  targetId: string;
  target: NextActionTarget;
}

export interface DayState {
  day: string;
  habits: readonly TodayHabitRow[];
  quests: readonly TodayQuestRow[];
  focus: TodayFocusRows;
  plan: DailyPlan | null;
}

export function nextActionId(kind: NextActionKind, targetId: string, day: string): string {
  return `${kind}:${targetId}:${day}`;
}

function suggestion(kind: NextActionKind, targetId: string, day: string, reason: string, target: NextActionTarget): NextAction {
  return { id: nextActionId(kind, targetId, day), kind, priority: NEXT_ACTION_PRIORITY[kind], reason, date: day, targetId, target };
}

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? "" : "s"}`;

/** The suggestion for the day, or null when nothing is left to suggest. */
export function nextAction(state: DayState): NextAction | null {
  const { day } = state;

  const session = state.focus.active;
  if (session) {
    const name = session.label ? `"${session.label}"` : `${session.mode.toLowerCase().replace(/_/g, " ")}`;
    const paused = session.pauseState?.isPaused === true;
    return suggestion(
      "resume_focus",
      session.id,
      day,
      paused ? `Your ${name} focus session is paused: resume it or finish it.` : `Your ${name} focus session is still running: finish it.`,
      { type: "FocusSession", session },
    );
  }

  // The rows carry what the page shows of them (count, target, completed…), worked out by the loader.
  const open = state.habits.filter((row) => !row.completed);
  // A stable sort keeps the page's position order among equal streaks.
  const atRisk = open.filter((row) => row.streak >= 1).sort((a, b) => b.streak - a.streak);
  if (atRisk.length > 0) {
    const row = atRisk[0];
    return suggestion(
      "habit_streak_at_risk",
      row.habit.id,
      day,
      `"${row.habit.name}" has a ${plural(row.streak, "day")} streak and is not done on ${day} (${row.count}/${row.targetCount}): do it to keep the streak.`,
      { type: "Habit", row },
    );
  }

  for (const row of state.quests) {
    // One step left after at least one step taken (a fresh one-step quest is not "almost done").
    if (row.completed || row.currentValue < 1 || row.targetValue - row.currentValue !== 1) continue;
    return suggestion(
      row.kind === "OWN" ? "quest_one_step" : "universal_quest_one_step",
      row.id,
      day,
      `"${row.title}" is one step from done (${row.currentValue}/${row.targetValue}).`,
      { type: "Quest", row },
    );
  }

  const item = state.plan ? planItemsInOrder(state.plan.items).find((entry) => !entry.done) : undefined;
  if (item) {
    return suggestion("plan_item", item.id, day, `"${item.title}" is the first open item of your plan for ${day}.`, {
      type: "PlanItem",
      item,
    });
  }

  const due = open.find((row) => row.streak === 0);
  if (due) {
    return suggestion(
      "habit_due",
      due.habit.id,
      day,
      `"${due.habit.name}" is due on ${day} and not done yet (${due.count}/${due.targetCount}).`,
      { type: "Habit", row: due },
    );
  }
  return null;
}
