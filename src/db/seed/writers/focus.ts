/**
 * Focus sessions over the history (stream `focus`) and two finished this morning, with
 * the rewards for the completed ones.
 */
import { ledgerKeys } from "../../../domain/ledger-keys.ts";
import { isoWeekday } from "../../../domain/calendar.ts";
import { insertManyReturning, plusSeconds, type LedgerDraft, type UserContext } from "../context.ts";

const FOCUS_LABELS = [
  "Mix-down: track 3 low end",
  "Write the grant application",
  "Study: Deep Work, chapter 4",
  "Code review backlog",
  "Sound design: pad textures",
  "Draft the blog post about the EP",
  "Prepare the client presentation",
  "Arrangement pass: breakdown of track 2",
  "Budget and invoices",
  "Inbox and email",
] as const;

/** Local start times (minutes) of the focus slots of a working day; at least 90 minutes apart. */
const FOCUS_SLOTS = [9 * 60, 10 * 60 + 30, 12 * 60, 14 * 60, 15 * 60 + 30, 17 * 60] as const;

export interface FocusDraft {
  day: string;
  label: string;
  startedAt: Date;
  endedAt: Date;
  plannedSeconds: number;
  actualSeconds: number;
  completed: boolean;
  xp: number;
  coins: number;
}

export interface FocusWritten {
  focusDrafts: FocusDraft[];
  /** The completed sessions, in the order they were planned (oldest day first). */
  completedFocus: FocusDraft[];
  rewards: LedgerDraft[];
}

export async function writeFocus(ctx: UserContext): Promise<FocusWritten> {
  const { tx, userId, today, historyDaysList, offDays, at, stream } = ctx;
  const focusDrafts: FocusDraft[] = [];
  const focusRng = stream("focus");
  const addFocus = (day: string, startMinute: number, minutes: number, label: string, completed: boolean, fraction = 1) => {
    const startedAt = at(day, startMinute);
    const plannedSeconds = minutes * 60;
    const actualSeconds = completed ? plannedSeconds : Math.floor(plannedSeconds * fraction);
    const xp = completed ? minutes : 0;
    focusDrafts.push({
      day,
      label,
      startedAt,
      endedAt: plusSeconds(startedAt, actualSeconds),
      plannedSeconds,
      actualSeconds,
      completed,
      xp,
      coins: completed ? Math.floor(minutes / 10) : 0,
    });
  };
  for (const day of historyDaysList) {
    if (offDays.has(day)) continue;
    const weekend = isoWeekday(day) >= 6;
    if (!focusRng.chance(weekend ? 0.35 : 0.8)) continue;
    const count = focusRng.int(1, weekend ? 2 : 4);
    const first = focusRng.int(0, FOCUS_SLOTS.length - count);
    for (let s = 0; s < count; s += 1) {
      const start = FOCUS_SLOTS[first + s] + focusRng.int(0, 10);
      const minutes = focusRng.pick([25, 25, 25, 45, 50]);
      const label = focusRng.pick(FOCUS_LABELS);
      const abandoned = focusRng.chance(0.06);
      addFocus(day, start, minutes, label, !abandoned, 0.3 + focusRng.float() * 0.5);
    }
  }
  addFocus(today, 8 * 60, 25, "Plan the day and clear the inbox", true);
  addFocus(today, 8 * 60 + 40, 50, "Mix-down: track 3 low end", true);
  const focusSessions = await insertManyReturning(focusDrafts, (chunk) =>
    tx.focusSession.createManyAndReturn({
      data: chunk.map((f) => ({
        userId,
        mode: "FOCUS" as const,
        status: f.completed ? ("COMPLETED" as const) : ("ABANDONED" as const),
        label: f.label,
        plannedDurationSeconds: f.plannedSeconds,
        actualDurationSeconds: f.actualSeconds,
        startedAt: f.startedAt,
        endedAt: f.endedAt,
        xpAwarded: f.xp,
        createdAt: f.startedAt,
      })),
      select: { id: true, startedAt: true },
    }),
  );
  const rewards: LedgerDraft[] = [];
  const focusIdByStart = new Map(focusSessions.map((f) => [f.startedAt.getTime(), f.id]));
  for (const f of focusDrafts) {
    if (!f.completed) continue;
    const id = focusIdByStart.get(f.startedAt.getTime())!;
    rewards.push({
      xp: f.xp,
      coins: f.coins,
      reason: "focus.finish",
      sourceType: "focus_session",
      sourceId: id,
      idempotencyKey: ledgerKeys.focusSession(id),
      at: f.endedAt,
      metadata: { minutes: f.plannedSeconds / 60, label: f.label },
    });
  }
  const completedFocus = focusDrafts.filter((f) => f.completed);

  return { focusDrafts, completedFocus, rewards };
}
