/**
 * Today's daily plan (stream `plan:<email>` for the item ids), pointing at the habits,
 * quest and stand-up written before when they exist.
 */
import type { Prisma } from "../../../generated/prisma/client.ts";
import { calendarDateToDb } from "../../../domain/calendar.ts";
import type { UserContext } from "../context.ts";
import type { FocusDraft } from "./focus.ts";
import type { HabitDraft } from "./habits.ts";

export interface PlanInputs {
  habitDrafts: HabitDraft[];
  habitId(draft: HabitDraft): string;
  focusDrafts: FocusDraft[];
  firstQuestId: string | null;
  eventId(title: string): string | null;
}

export async function writePlan(ctx: UserContext, { habitDrafts, habitId, focusDrafts, firstQuestId, eventId }: PlanInputs): Promise<void> {
  const { tx, o, userId, today, at, stream } = ctx;
  const planRng = stream(`plan:${o.email}`);
  const morningHabit = habitDrafts[0];
  const eveningHabit = habitDrafts[3] ?? null;
  const focusToday = focusDrafts.some((f) => f.day === today && f.completed);
  const standup = o.calendarEvents > 1 ? eventId("Team stand-up") : null;
  interface PlanDraft {
    title: string;
    kind: "HABIT" | "FOCUS" | "TASK" | "EVENT" | "QUEST";
    refId: string | null;
    durationMinutes: number | null;
    done: boolean;
    sortOrder: number;
    minute: number;
  }
  const planDrafts: PlanDraft[] = [
    morningHabit
      ? {
          title: morningHabit.name,
          kind: "HABIT",
          refId: habitId(morningHabit),
          durationMinutes: 15,
          done: morningHabit.completions.some((c) => c.day === today),
          sortOrder: 10,
          minute: 7 * 60 + 5,
        }
      : { title: "Write three pages", kind: "TASK", refId: null, durationMinutes: 15, done: true, sortOrder: 10, minute: 7 * 60 + 5 },
    {
      title: "Deep work: mix-down of track 3",
      kind: "FOCUS",
      refId: null,
      durationMinutes: 50,
      done: focusToday,
      sortOrder: 20,
      minute: 7 * 60 + 6,
    },
    // Two items share sortOrder 30: the one created first (the email, stored second) comes first.
    standup
      ? { title: "Team stand-up", kind: "EVENT", refId: standup, durationMinutes: 15, done: false, sortOrder: 30, minute: 7 * 60 + 8 }
      : {
          title: "Prepare notes for the stand-up",
          kind: "TASK",
          refId: null,
          durationMinutes: 15,
          done: false,
          sortOrder: 30,
          minute: 7 * 60 + 8,
        },
    { title: "Reply to the label's email", kind: "TASK", refId: null, durationMinutes: 20, done: false, sortOrder: 30, minute: 7 * 60 + 2 },
    firstQuestId
      ? {
          title: "Declutter the flat: the kitchen",
          kind: "QUEST",
          refId: firstQuestId,
          durationMinutes: 60,
          done: false,
          sortOrder: 40,
          minute: 7 * 60 + 10,
        }
      : {
          title: "Clear the kitchen counter",
          kind: "TASK",
          refId: null,
          durationMinutes: 30,
          done: false,
          sortOrder: 40,
          minute: 7 * 60 + 10,
        },
    eveningHabit
      ? {
          title: eveningHabit.name,
          kind: "HABIT",
          refId: habitId(eveningHabit),
          durationMinutes: 30,
          done: false,
          sortOrder: 50,
          minute: 7 * 60 + 11,
        }
      : { title: "Read before bed", kind: "TASK", refId: null, durationMinutes: 30, done: false, sortOrder: 50, minute: 7 * 60 + 11 },
    { title: "Buy new running shoes", kind: "TASK", refId: null, durationMinutes: 30, done: false, sortOrder: 60, minute: 7 * 60 + 12 },
  ];
  const planItems: Prisma.InputJsonObject[] = [];
  for (let i = 0; i < o.planItems; i += 1) {
    const draft: PlanDraft =
      i < planDrafts.length
        ? planDrafts[i]
        : {
            title: `Follow-up task ${i - planDrafts.length + 1}`,
            kind: "TASK",
            refId: null,
            durationMinutes: 15,
            done: false,
            sortOrder: (i + 1) * 10,
            minute: 7 * 60 + 13 + (i % 600),
          };
    planItems.push({
      id: planRng.uuid(),
      title: draft.title,
      kind: draft.kind,
      refId: draft.refId,
      durationMinutes: draft.durationMinutes,
      done: draft.done,
      sortOrder: draft.sortOrder,
      createdAt: at(today, draft.minute).toISOString(),
    });
  }
  await tx.dailyPlan.create({
    data: {
      userId,
      date: calendarDateToDb(today),
      intention: "Finish the low end of track 3 and leave the desk by six.",
      notes: "Stand-up is short today; lunch with Sam is about the artwork.",
      items: planItems,
      createdAt: at(today, 7 * 60),
    },
  });
}
