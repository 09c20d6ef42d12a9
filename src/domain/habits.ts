// Habits: their schedule, and completing / uncompleting a calendar day, with its reward.
//
// Reward rule (server-decided): a habit day that reaches its target pays HABIT_XP and
// HABIT_COINS, once per habit and day (undo takes it back, redo pays again), for at most
// HABIT_REWARDS_PER_DAY habit days per calendar day and HABIT_REWARDS_PER_24_HOURS in any 24
// real hours (time-zone changes move calendar days). A day may be completed only from
// GRACE_DAYS before today, never before the habit's start or the account's creation.
import type { Habit, HabitCompletion, Prisma } from "../generated/prisma/client.ts";
import { badInput, conflict, notFound, withDatabaseErrors } from "./errors.ts";
import type { Actor } from "./actor.ts";
import { calendarDateToDb, earliestActionDay, isHabitDue, toDay, todayIn } from "./calendar.ts";
import { changedFieldNames, emit, record } from "./events.ts";
import { ledgerKeys } from "./ledger-keys.ts";
import { lockOwnedRow } from "./locks.ts";
import { awardPoints, lockWallet, type Award, type AwardResult } from "./points.ts";
import { recordStreakDay } from "./streaks.ts";
import type { Tx } from "./transaction.ts";

export const HABIT_XP = 10;
export const HABIT_COINS = 1;
export const HABIT_REWARDS_PER_DAY = 10;
/**
 * Habit days paid in any 24 real hours, whatever their calendar days: today and the grace day.
 * Calendar days follow the time zone, so moving it east and west reached a third (and fourth)
 * day's rewards within one real day; this bound does not move with the zone.
 */
export const HABIT_REWARDS_PER_24_HOURS = 2 * HABIT_REWARDS_PER_DAY;

export type HabitFrequencyValue = "DAILY" | "WEEKLY" | "INTERVAL";

export interface Schedule {
  frequency: HabitFrequencyValue;
  daysOfWeek: number[];
  intervalDays: number | null;
  startDate: string;
  endDate: string | null;
}

/** Checks the schedule as a whole and normalizes what does not apply to its frequency. */
export function normalizeSchedule(schedule: Schedule): Schedule {
  const { frequency, startDate, endDate } = schedule;
  if (endDate !== null && endDate < startDate) throw badInput("endDate must not be before startDate", "endDate");
  if (frequency === "WEEKLY") {
    if (schedule.daysOfWeek.length === 0) {
      throw badInput("daysOfWeek: a WEEKLY habit needs at least one ISO weekday (1..7)", "daysOfWeek");
    }
    return { frequency, daysOfWeek: [...schedule.daysOfWeek].sort((a, b) => a - b), intervalDays: null, startDate, endDate };
  }
  if (frequency === "INTERVAL") {
    if (schedule.intervalDays === null || schedule.intervalDays < 1) {
      throw badInput("intervalDays: an INTERVAL habit needs intervalDays ≥ 1", "intervalDays");
    }
    return { frequency, daysOfWeek: [], intervalDays: schedule.intervalDays, startDate, endDate };
  }
  return { frequency, daysOfWeek: [], intervalDays: null, startDate, endDate };
}

export interface HabitContent {
  name?: string | null;
  description?: string | null;
  icon?: string | null;
  color?: string | null;
  frequency?: HabitFrequencyValue | null;
  daysOfWeek?: number[] | null;
  intervalDays?: number | null;
  targetCount?: number | null;
  startDate?: string | null;
  endDate?: string | null;
  sortOrder?: number | null;
}

function scheduleColumns(schedule: Schedule) {
  return {
    frequency: schedule.frequency,
    daysOfWeek: schedule.daysOfWeek,
    intervalDays: schedule.intervalDays,
    startDate: calendarDateToDb(schedule.startDate),
    endDate: schedule.endDate === null ? null : calendarDateToDb(schedule.endDate),
  };
}

export async function createHabit(tx: Tx, actor: Actor, input: HabitContent & { name: string }): Promise<Habit> {
  const schedule = normalizeSchedule({
    frequency: input.frequency ?? "DAILY",
    daysOfWeek: input.daysOfWeek ?? [],
    intervalDays: input.intervalDays ?? null,
    startDate: input.startDate ?? todayIn(actor.timezone),
    endDate: input.endDate ?? null,
  });
  const habit = await withDatabaseErrors(() =>
    tx.habit.create({
      data: {
        userId: actor.userId,
        name: input.name.trim(),
        description: input.description ?? null,
        icon: input.icon ?? null,
        color: input.color ?? null,
        ...scheduleColumns(schedule),
        targetCount: input.targetCount ?? 1,
        xpReward: HABIT_XP,
        coinReward: HABIT_COINS,
        sortOrder: input.sortOrder ?? 0,
      },
    }),
  );
  await emit(tx, { type: "habit.created", userId: actor.userId, payload: { habitId: habit.id } });
  return habit;
}

/** The actor's habit, locked for the transaction; NOT_FOUND when missing or another user's. */
export async function lockHabit(tx: Tx, actor: Actor, habitId: string): Promise<Habit> {
  if (!(await lockOwnedRow(tx, "habits", habitId, actor.userId))) throw notFound("Habit");
  return tx.habit.findUniqueOrThrow({ where: { id: habitId } });
}

export async function updateHabit(tx: Tx, actor: Actor, habitId: string, input: HabitContent): Promise<Habit> {
  const habit = await lockHabit(tx, actor, habitId);
  if (input.name === null) throw badInput("name cannot be null", "name");
  const schedule = normalizeSchedule({
    frequency: input.frequency ?? habit.frequency,
    daysOfWeek: input.daysOfWeek === undefined ? habit.daysOfWeek : (input.daysOfWeek ?? []),
    intervalDays: input.intervalDays === undefined ? habit.intervalDays : input.intervalDays,
    startDate: input.startDate ?? toDay(habit.startDate),
    endDate: input.endDate === undefined ? (habit.endDate ? toDay(habit.endDate) : null) : input.endDate,
  });
  const data: Prisma.HabitUpdateInput = {
    name: input.name?.trim() ?? undefined,
    description: input.description,
    icon: input.icon,
    color: input.color,
    ...scheduleColumns(schedule),
    targetCount: input.targetCount ?? undefined,
    sortOrder: input.sortOrder ?? undefined,
  };
  const updated = await withDatabaseErrors(() => tx.habit.update({ where: { id: habit.id }, data }));
  await emit(tx, { type: "habit.updated", userId: actor.userId, payload: { habitId: habit.id, changed: changedFieldNames(input) } });
  return updated;
}

export async function archiveHabit(tx: Tx, actor: Actor, habitId: string, archived: boolean): Promise<Habit> {
  const { count } = await tx.habit.updateMany({ where: { id: habitId, userId: actor.userId }, data: { isArchived: archived } });
  if (count === 0) throw notFound("Habit");
  await emit(tx, { type: "habit.archived", userId: actor.userId, payload: { habitId, archived } });
  return tx.habit.findUniqueOrThrow({ where: { id: habitId } });
}

export async function deleteHabit(tx: Tx, actor: Actor, habitId: string): Promise<void> {
  const { count } = await withDatabaseErrors(() => tx.habit.deleteMany({ where: { id: habitId, userId: actor.userId } }));
  if (count === 0) throw notFound("Habit");
  await emit(tx, { type: "habit.deleted", userId: actor.userId, payload: { habitId } });
}

// ---- Completing a day

/** The ledger rows of one habit and day: awards (base key, `…:redo:n`) and their reversals (`…:undo:n`). */
async function habitDayLedger(tx: Tx, userId: string, habitId: string, day: string) {
  const base = ledgerKeys.habitDay(habitId, day);
  const rows = await tx.pointsLedger.findMany({
    where: { userId, idempotencyKey: { startsWith: base } },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
  const awards = rows.filter((row) => row.idempotencyKey === base || row.idempotencyKey.startsWith(`${base}:redo:`));
  const undos = rows.filter((row) => row.idempotencyKey.startsWith(`${base}:undo:`));
  const live = awards.length > undos.length ? awards[awards.length - 1] : null;
  return { base, awards, undos, live };
}

/** How many habit days of `day` hold a reward now (awards minus their undos, over all habits). */
async function paidHabitDays(tx: Tx, userId: string, day: string): Promise<number> {
  const [row] = await tx.$queryRaw<Array<{ n: number }>>`
    SELECT (count(*) FILTER (WHERE idempotency_key !~ ':undo:') - count(*) FILTER (WHERE idempotency_key ~ ':undo:'))::int AS n
    FROM points_ledger
    WHERE user_id = ${userId}::uuid AND reason IN ('habit.complete', 'habit.uncomplete')
      AND idempotency_key ~ ${`^habit:[0-9a-f-]{36}:${day}(:|$)`}`;
  return row?.n ?? 0;
}

/** Habit days paid (net of undos) in the 24 hours before now, whatever their calendar day. */
async function paidHabitDaysLast24Hours(tx: Tx, userId: string): Promise<number> {
  const [row] = await tx.$queryRaw<Array<{ n: number }>>`
    SELECT (count(*) FILTER (WHERE reason = 'habit.complete') - count(*) FILTER (WHERE reason = 'habit.uncomplete'))::int AS n
    FROM points_ledger
    WHERE user_id = ${userId}::uuid AND reason IN ('habit.complete', 'habit.uncomplete') AND created_at > now() - interval '24 hours'`;
  return row?.n ?? 0;
}

/** The first calendar day the actor may complete: today minus the grace window, not before the account existed. */
async function earliestCompletableDay(tx: Tx, actor: Actor, today: string): Promise<string> {
  const user = await tx.user.findUniqueOrThrow({ where: { id: actor.userId }, select: { createdAt: true } });
  return earliestActionDay(today, user.createdAt, actor.timezone);
}

export interface CompleteHabitResult {
  habit: Habit;
  completion: HabitCompletion;
  award: AwardResult | null;
  becameDone: boolean;
}

export async function completeHabit(
  tx: Tx,
  actor: Actor,
  input: { habitId: string; day?: string | null; count?: number | null; note?: string | null },
): Promise<CompleteHabitResult> {
  const userId = actor.userId;
  // The wallet first, then the habit: the same order as uncompleteHabit, so they cannot deadlock.
  await lockWallet(tx, userId);
  const habit = await lockHabit(tx, actor, input.habitId);
  const today = todayIn(actor.timezone);
  const day = input.day ?? today;
  if (day > today) throw badInput(`Cannot complete a habit on a future day (${day}; today is ${today})`, "day");
  const earliest = await earliestCompletableDay(tx, actor, today);
  if (day < earliest) throw badInput(`Too far back: a habit can be completed from ${earliest} on`, "day");
  if (habit.isArchived) throw badInput("The habit is archived", "habitId");
  if (!isHabitDue(habit, day)) throw badInput(`The habit is not due on ${day}`, "day");

  const existing = await tx.habitCompletion.findUnique({
    where: { habitId_completedOn: { habitId: habit.id, completedOn: calendarDateToDb(day) } },
  });
  // The day's count never exceeds the target: once done, further completions change nothing.
  const count = Math.min(habit.targetCount, (existing?.count ?? 0) + (input.count ?? 1));
  const completion = existing
    ? await tx.habitCompletion.update({
        where: { id: existing.id },
        data: { count, completedAt: new Date(), ...(input.note != null ? { note: input.note } : {}) },
      })
    : await tx.habitCompletion.create({
        data: { habitId: habit.id, userId, completedOn: calendarDateToDb(day), count, note: input.note ?? null },
      });

  // The day's reward is the effect of this completion: paid with its event, right after it.
  let reward: Award | null = null;
  let becameDone = false;
  if (count >= habit.targetCount) {
    const ledger = await habitDayLedger(tx, userId, habit.id, day);
    if (!ledger.live) {
      becameDone = true;
      if (
        (await paidHabitDays(tx, userId, day)) < HABIT_REWARDS_PER_DAY &&
        (await paidHabitDaysLast24Hours(tx, userId)) < HABIT_REWARDS_PER_24_HOURS
      ) {
        const key = ledger.awards.length === 0 ? ledger.base : ledgerKeys.habitRedo(ledger.base, ledger.awards.length);
        reward = {
          userId,
          xp: HABIT_XP,
          coins: HABIT_COINS,
          reason: "habit.complete",
          sourceType: "habit_completion",
          sourceId: completion.id,
          idempotencyKey: key,
          metadata: { habitId: habit.id, day },
        };
      }
      await recordStreakDay(tx, userId, "habits", day);
      await recordStreakDay(tx, userId, "daily_activity", day);
    }
  }
  const recorded = await record(
    tx,
    {
      type: "habit.completed",
      userId,
      payload: { habitId: habit.id, completionId: completion.id, day, count, targetCount: habit.targetCount, done: becameDone },
    },
    { awards: reward ? [reward] : [] },
  );
  return { habit, completion, award: recorded.awards[0] ?? null, becameDone };
}

export interface UncompleteHabitResult {
  habit: Habit;
  removedCompletionId: string | null;
  reversal: AwardResult | null;
}

export async function uncompleteHabit(
  tx: Tx,
  actor: Actor,
  input: { habitId: string; day?: string | null },
): Promise<UncompleteHabitResult> {
  const userId = actor.userId;
  // Locked before reading the balance, as purchaseItem does: a purchase racing this undo waits.
  const wallet = await lockWallet(tx, userId);
  const habit = await lockHabit(tx, actor, input.habitId);
  const day = input.day ?? todayIn(actor.timezone);
  const existing = await tx.habitCompletion.findUnique({
    where: { habitId_completedOn: { habitId: habit.id, completedOn: calendarDateToDb(day) } },
  });
  const ledger = await habitDayLedger(tx, userId, habit.id, day);
  // Taking the day's reward back is the effect of the undo: paid with its event, right after it.
  let takeBack: Award | null = null;
  if (ledger.live) {
    if (wallet.coins < ledger.live.coinDelta) {
      throw conflict("The coins earned with this completion have been spent; it cannot be undone");
    }
    takeBack = {
      userId,
      xp: -ledger.live.xpDelta,
      coins: -ledger.live.coinDelta,
      reason: "habit.uncomplete",
      sourceType: "habit_completion",
      sourceId: existing?.id ?? ledger.live.sourceId,
      idempotencyKey: ledgerKeys.habitUndo(ledger.base, ledger.undos.length + 1),
      metadata: { habitId: habit.id, day, reverses: ledger.live.id },
      reversal: true,
    };
  }
  let reversal: AwardResult | null = null;
  if (existing) {
    await tx.habitCompletion.delete({ where: { id: existing.id } });
    const recorded = await record(
      tx,
      { type: "habit.uncompleted", userId, payload: { habitId: habit.id, day } },
      { awards: takeBack ? [takeBack] : [] },
    );
    reversal = recorded.awards[0] ?? null;
  } else if (takeBack) {
    reversal = await awardPoints(tx, takeBack);
  }
  return { habit, removedCompletionId: existing?.id ?? null, reversal };
}
