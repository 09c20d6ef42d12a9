// Habits with a schedule, their daily completions, and completing/uncompleting a day.
import { z } from "zod";
import { prisma } from "../../db/index.ts";
import { calendarDateToDb, isHabitDue, timezoneOrUtc, toDay, todayIn } from "../../domain/calendar.ts";
import { lockOwnedRow } from "../../domain/locks.ts";
import { awardPoints, ensureWallet, type AwardResult } from "../../domain/points.ts";
import { recordStreakDay } from "../../domain/streaks.ts";
import type { Tx } from "../../domain/transaction.ts";
import type { Habit, HabitCompletion, PointsLedger, Prisma } from "../../generated/prisma/client.ts";
import { builder } from "../builder.ts";
import { badInput, conflict, notFound, withDatabaseErrors } from "../errors/index.ts";
import { AwardPointsPayload } from "../gamification/progress.ts";
import { decodeId, encodeId } from "../ids.ts";
import { orderByPosition } from "../ordering.ts";
import { ownedByViewer, viewerIdOrNobody } from "../tenancy.ts";
import { position, refuseNulls } from "../validators.ts";

export const HabitFrequency = builder.enumType("HabitFrequency", {
  values: ["DAILY", "WEEKLY", "INTERVAL"] as const,
  description: "When a habit is due.",
});

export const HabitRef = builder.prismaNode("Habit", {
  id: { field: "id" },
  findUnique: ownedByViewer,
  nullable: true,
  description: "A habit with its schedule; completed at most once per calendar day (with a count).",
  fields: (t) => ({
    name: t.exposeString("name"),
    description: t.exposeString("description", { nullable: true }),
    icon: t.exposeString("icon", { nullable: true }),
    color: t.exposeString("color", { nullable: true }),
    frequency: t.expose("frequency", { type: HabitFrequency }),
    daysOfWeek: t.exposeIntList("daysOfWeek", { description: "ISO weekdays (1 = Monday … 7 = Sunday), for WEEKLY." }),
    intervalDays: t.exposeInt("intervalDays", { nullable: true, description: "For INTERVAL: due every N days from startDate." }),
    targetCount: t.exposeInt("targetCount", { description: "Completions per day that count as done." }),
    startDate: t.expose("startDate", { type: "Date" }),
    endDate: t.expose("endDate", { type: "Date", nullable: true }),
    xpReward: t.exposeInt("xpReward"),
    coinReward: t.exposeInt("coinReward"),
    isArchived: t.exposeBoolean("isArchived"),
    sortOrder: t.exposeInt("sortOrder"),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    updatedAt: t.expose("updatedAt", { type: "DateTime" }),
    completions: t.relatedConnection("completions", {
      cursor: "id",
      totalCount: true,
      description: "Completions, newest day first.",
      args: {
        from: t.arg({ type: "Date", description: "First day included." }),
        to: t.arg({ type: "Date", description: "Last day included." }),
      },
      query: (args, ctx) => ({
        where: {
          userId: viewerIdOrNobody(ctx),
          completedOn: {
            ...(args.from ? { gte: calendarDateToDb(args.from) } : {}),
            ...(args.to ? { lte: calendarDateToDb(args.to) } : {}),
          },
        },
        orderBy: [{ completedOn: "desc" }, { createdAt: "desc" }, { id: "desc" }],
      }),
    }),
    completionOn: t.field({
      type: HabitCompletionRef,
      nullable: true,
      description: "The completion of that calendar day, if any.",
      args: { day: t.arg({ type: "Date", required: true }) },
      select: (args, ctx, nestedSelection) => ({
        completions: nestedSelection({
          where: { completedOn: calendarDateToDb(args.day), userId: viewerIdOrNobody(ctx) },
          take: 1,
        }),
      }),
      resolve: (habit) => habit.completions[0] ?? null,
    }),
    isDueOn: t.boolean({
      description: "Whether the habit is due on that calendar day (schedule, start/end dates, archived).",
      args: { day: t.arg({ type: "Date", required: true }) },
      resolve: (habit, args) => isHabitDue(habit, args.day),
    }),
  }),
});

export const HabitCompletionRef = builder.prismaNode("HabitCompletion", {
  id: { field: "id" },
  findUnique: ownedByViewer,
  nullable: true,
  description: "A habit done on one calendar day; `count` counts repeated completions that day.",
  fields: (t) => ({
    habit: t.relation("habit"),
    completedOn: t.expose("completedOn", { type: "Date" }),
    completedAt: t.expose("completedAt", { type: "DateTime" }),
    count: t.exposeInt("count"),
    note: t.exposeString("note", { nullable: true }),
    isDone: t.boolean({
      description: "count has reached the habit's targetCount.",
      select: { count: true, habit: { select: { targetCount: true } } },
      resolve: (completion) => completion.count >= completion.habit.targetCount,
    }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    updatedAt: t.expose("updatedAt", { type: "DateTime" }),
  }),
});

builder.prismaObjectField("User", "habits", (t) =>
  t.relatedConnection("habits", {
    cursor: "id",
    totalCount: true,
    description: "Habits in the user's order.",
    args: { includeArchived: t.arg.boolean({ defaultValue: false }) },
    query: (args, ctx) => ({
      where: { userId: viewerIdOrNobody(ctx), ...(args.includeArchived ? {} : { isArchived: false }) },
      orderBy: orderByPosition(),
    }),
  }),
);

builder.queryField("habit", (t) =>
  t.withAuth({ signedIn: true }).prismaField({
    type: "Habit",
    nullable: true,
    description: "One of the viewer's habits (null for a missing or foreign ID).",
    args: { id: t.arg.id({ required: true }) },
    resolve: (query, _root, args, ctx) =>
      prisma.habit.findFirst({ ...query, where: { id: decodeId(args.id, "Habit"), userId: ctx.viewer.userId } }),
  }),
);

// ---- Validation

const nameSchema = z.string().trim().min(1).max(200);
const descriptionSchema = z.string().max(2000);
const iconSchema = z.string().max(100);
export const colorSchema = z
  .string()
  .regex(/^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})$/, "expected a hex color such as #4f46e5");
const daysOfWeekSchema = z
  .array(z.number().int().min(1, "ISO weekdays are 1..7").max(7, "ISO weekdays are 1..7"))
  .max(7)
  .refine((days) => new Set(days).size === days.length, "weekdays must not repeat");
const intervalSchema = z.number().int().min(1).max(365);
const targetCountSchema = z.number().int().min(1).max(100);
const xpRewardSchema = z.number().int().min(0).max(1000);
const coinRewardSchema = z.number().int().min(0).max(100);
export 
const CreateHabitInput = builder.inputType("CreateHabitInput", {
  fields: (t) => ({
    name: t.string({ required: true, validate: nameSchema }),
    description: t.string({ validate: descriptionSchema }),
    icon: t.string({ validate: iconSchema }),
    color: t.string({ validate: colorSchema }),
    frequency: t.field({ type: HabitFrequency, description: "Default DAILY." }),
    daysOfWeek: t.intList({ validate: daysOfWeekSchema, description: "Required (non-empty) for WEEKLY." }),
    intervalDays: t.int({ validate: intervalSchema, description: "Required for INTERVAL." }),
    targetCount: t.int({ validate: targetCountSchema, description: "Default 1." }),
    startDate: t.field({ type: "Date", description: "Default: the viewer's today." }),
    endDate: t.field({ type: "Date" }),
    xpReward: t.int({ validate: xpRewardSchema, description: "Default 10." }),
    coinReward: t.int({ validate: coinRewardSchema, description: "Default 1." }),
    sortOrder: t.int({ validate: position }),
  }),
});

const UpdateHabitInput = builder.inputType("UpdateHabitInput", {
  description: "Only the fields given change; null clears an optional field.",
  fields: (t) => ({
    name: t.string({ validate: nameSchema }),
    description: t.string({ validate: descriptionSchema }),
    icon: t.string({ validate: iconSchema }),
    color: t.string({ validate: colorSchema }),
    frequency: t.field({ type: HabitFrequency }),
    daysOfWeek: t.intList({ validate: daysOfWeekSchema }),
    intervalDays: t.int({ validate: intervalSchema }),
    targetCount: t.int({ validate: targetCountSchema }),
    startDate: t.field({ type: "Date" }),
    endDate: t.field({ type: "Date" }),
    xpReward: t.int({ validate: xpRewardSchema }),
    coinReward: t.int({ validate: coinRewardSchema }),
    sortOrder: t.int({ validate: position }),
  }),
});

interface Schedule {
  frequency: "DAILY" | "WEEKLY" | "INTERVAL";
  daysOfWeek: number[];
  intervalDays: number | null;
  startDate: string;
  endDate: string | null;
}

/** Checks the schedule as a whole and normalizes what does not apply to its frequency. */
function normalizeSchedule(schedule: Schedule): Schedule {
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

builder.mutationField("createHabit", (t) =>
  t.withAuth({ signedIn: true }).prismaField({
    type: "Habit",
    args: { input: t.arg({ type: CreateHabitInput, required: true }) },
    resolve: (query, _root, { input }, ctx) =>
      prisma.$transaction(async (tx) => {
        const userId = ctx.viewer.userId;
        const schedule = normalizeSchedule({
          frequency: input.frequency ?? "DAILY",
          daysOfWeek: input.daysOfWeek ?? [],
          intervalDays: input.intervalDays ?? null,
          startDate: input.startDate ?? todayIn(timezoneOrUtc(ctx.viewer.timezone)),
          endDate: input.endDate ?? null,
        });
        const habit = await withDatabaseErrors(() =>
          tx.habit.create({
            data: {
              userId,
              name: input.name.trim(),
              description: input.description ?? null,
              icon: input.icon ?? null,
              color: input.color ?? null,
              frequency: schedule.frequency,
              daysOfWeek: schedule.daysOfWeek,
              intervalDays: schedule.intervalDays,
              startDate: calendarDateToDb(schedule.startDate),
              endDate: schedule.endDate === null ? null : calendarDateToDb(schedule.endDate),
              targetCount: input.targetCount ?? 1,
              xpReward: input.xpReward ?? 10,
              coinReward: input.coinReward ?? 1,
              sortOrder: input.sortOrder ?? 0,
            },
          }),
        );
        return tx.habit.findUniqueOrThrow({ ...query, where: { id: habit.id } });
      }),
  }),
);

/** The viewer's habit of global ID `globalId`, locked for the transaction; NOT_FOUND when missing or another user's. */
async function lockOwnHabit(tx: Tx, globalId: string | number, userId: string): Promise<Habit> {
  const id = decodeId(globalId, "Habit");
  if (!(await lockOwnedRow(tx, "habits", id, userId))) throw notFound("Habit");
  const habit = await tx.habit.findFirst({ where: { id, userId } });
  if (!habit) throw notFound("Habit");
  return habit;
}

builder.mutationField("updateHabit", (t) =>
  t.withAuth({ signedIn: true }).prismaField({
    type: "Habit",
    args: { id: t.arg.id({ required: true }), input: t.arg({ type: UpdateHabitInput, required: true }) },
    resolve: (query, _root, { id, input }, ctx) =>
      prisma.$transaction(async (tx) => {
        const userId = ctx.viewer.userId;
        const habit = await lockOwnHabit(tx, id, userId);
        const habitId = habit.id;
        refuseNulls(input, ["name"]);
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
          frequency: schedule.frequency,
          daysOfWeek: schedule.daysOfWeek,
          intervalDays: schedule.intervalDays,
          startDate: calendarDateToDb(schedule.startDate),
          endDate: schedule.endDate === null ? null : calendarDateToDb(schedule.endDate),
          targetCount: input.targetCount ?? undefined,
          xpReward: input.xpReward ?? undefined,
          coinReward: input.coinReward ?? undefined,
          sortOrder: input.sortOrder ?? undefined,
        };
        await withDatabaseErrors(() => tx.habit.update({ where: { id: habitId }, data }));
        return tx.habit.findUniqueOrThrow({ ...query, where: { id: habitId } });
      }),
  }),
);

builder.mutationField("archiveHabit", (t) =>
  t.withAuth({ signedIn: true }).prismaField({
    type: "Habit",
    description: "Archives (or, with archived: false, restores) a habit. Archived habits are never due.",
    args: { id: t.arg.id({ required: true }), archived: t.arg.boolean({ defaultValue: true }) },
    resolve: (query, _root, { id, archived }, ctx) =>
      prisma.$transaction(async (tx) => {
        const habitId = decodeId(id, "Habit");
        const { count } = await tx.habit.updateMany({
          where: { id: habitId, userId: ctx.viewer.userId },
          data: { isArchived: archived ?? true },
        });
        if (count === 0) throw notFound("Habit");
        return tx.habit.findUniqueOrThrow({ ...query, where: { id: habitId } });
      }),
  }),
);

builder.mutationField("deleteHabit", (t) =>
  t.withAuth({ signedIn: true }).field({
    type: "ID",
    description: "Deletes a habit and its completions (the points ledger keeps its history). Returns the deleted ID.",
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, ctx) =>
      prisma.$transaction(async (tx) => {
        const habitId = decodeId(id, "Habit");
        const { count } = await withDatabaseErrors(() =>
          tx.habit.deleteMany({ where: { id: habitId, userId: ctx.viewer.userId } }),
        );
        if (count === 0) throw notFound("Habit");
        return encodeId("Habit", habitId);
      }),
  }),
);

// ---- Completing a day

/** The ledger rows of one habit and day: awards (`habit:H:D`, `…:redo:n`) and their reversals (`…:undo:n`). */
async function habitDayLedger(tx: Tx, userId: string, habitId: string, day: string) {
  const base = `habit:${habitId}:${day}`;
  const rows = await tx.pointsLedger.findMany({
    where: { userId, idempotencyKey: { startsWith: base } },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
  const awards = rows.filter((row) => row.idempotencyKey === base || row.idempotencyKey.startsWith(`${base}:redo:`));
  const undos = rows.filter((row) => row.idempotencyKey.startsWith(`${base}:undo:`));
  const live: PointsLedger | null = awards.length > undos.length ? awards[awards.length - 1] : null;
  return { base, awards, undos, live };
}

interface CompleteHabitResult {
  habit: Habit;
  completion: HabitCompletion;
  award: AwardResult | null;
  becameDone: boolean;
}

const CompleteHabitPayload = builder.objectRef<CompleteHabitResult>("CompleteHabitPayload").implement({
  fields: (t) => ({
    habit: t.field({ type: HabitRef, resolve: (result) => result.habit }),
    completion: t.field({ type: HabitCompletionRef, resolve: (result) => result.completion }),
    award: t.field({
      type: AwardPointsPayload,
      nullable: true,
      description: "The reward, when this call made the day done (null otherwise: rewarded once per habit and day).",
      resolve: (result) => result.award,
    }),
    becameDone: t.boolean({
      description: "This call brought the day's count to the target.",
      resolve: (result) => result.becameDone,
    }),
  }),
});

builder.mutationField("completeHabit", (t) =>
  t.withAuth({ signedIn: true }).field({
    type: CompleteHabitPayload,
    description:
      "Counts a completion of the habit on a day (default: the viewer's today). Reaching targetCount awards the habit's XP/coins once per habit and day and records the `habits` and `daily_activity` streaks.",
    args: {
      habitId: t.arg.id({ required: true }),
      day: t.arg({ type: "Date", description: "Default: the viewer's today (user_settings.timezone)." }),
      count: t.arg.int({ defaultValue: 1, validate: z.number().int().min(1).max(100) }),
      note: t.arg.string({ validate: z.string().max(2000) }),
    },
    resolve: (_root, args, ctx) =>
      prisma.$transaction(async (tx) => {
        const userId = ctx.viewer.userId;
        const habit = await lockOwnHabit(tx, args.habitId, userId);
        const habitId = habit.id;
        const today = todayIn(timezoneOrUtc(ctx.viewer.timezone));
        const day = args.day ?? today;
        if (day > today) throw badInput(`Cannot complete a habit on a future day (${day}; today is ${today})`, "day");
        if (habit.isArchived) throw badInput("The habit is archived", "habitId");
        if (!isHabitDue(habit, day)) throw badInput(`The habit is not due on ${day}`, "day");

        const existing = await tx.habitCompletion.findUnique({
          where: { habitId_completedOn: { habitId, completedOn: calendarDateToDb(day) } },
        });
        // The day's count never exceeds the target: once done, further completions change nothing.
        const count = Math.min(habit.targetCount, (existing?.count ?? 0) + (args.count ?? 1));
        const completion = existing
          ? await tx.habitCompletion.update({
              where: { id: existing.id },
              data: { count, completedAt: new Date(), ...(args.note != null ? { note: args.note } : {}) },
            })
          : await tx.habitCompletion.create({
              data: { habitId, userId, completedOn: calendarDateToDb(day), count, note: args.note ?? null },
            });

        let award: AwardResult | null = null;
        let becameDone = false;
        if (count >= habit.targetCount) {
          const ledger = await habitDayLedger(tx, userId, habitId, day);
          if (!ledger.live) {
            const key = ledger.awards.length === 0 ? ledger.base : `${ledger.base}:redo:${ledger.awards.length}`;
            award = await awardPoints(tx, {
              userId,
              xp: habit.xpReward,
              coins: habit.coinReward,
              reason: "habit.complete",
              sourceType: "habit_completion",
              sourceId: completion.id,
              idempotencyKey: key,
              metadata: { habitId, day },
            });
            becameDone = true;
            await recordStreakDay(tx, userId, "habits", day);
            await recordStreakDay(tx, userId, "daily_activity", day);
            await tx.behaviorOutbox.create({
              data: {
                userId,
                eventType: "habit.completed",
                idempotencyKey: `habit.completed:${userId}:${key}`,
                payload: { habitId, completionId: completion.id, day, count, ledgerId: award.entry.id },
              },
            });
          }
        }
        return { habit, completion, award, becameDone };
      }),
  }),
);

interface UncompleteHabitResult {
  habit: Habit;
  removedCompletionId: string | null;
  reversal: AwardResult | null;
}

const UncompleteHabitPayload = builder.objectRef<UncompleteHabitResult>("UncompleteHabitPayload").implement({
  fields: (t) => ({
    habit: t.field({ type: HabitRef, resolve: (result) => result.habit }),
    removedCompletionId: t.id({
      nullable: true,
      description: "Global ID of the removed completion; null when the day had none (nothing changed).",
      resolve: (result) => (result.removedCompletionId ? encodeId("HabitCompletion", result.removedCompletionId) : null),
    }),
    reversal: t.field({
      type: AwardPointsPayload,
      nullable: true,
      description: "The compensating ledger entry that took the day's reward back, if one had been given.",
      resolve: (result) => result.reversal,
    }),
  }),
});

builder.mutationField("uncompleteHabit", (t) =>
  t.withAuth({ signedIn: true }).field({
    type: UncompleteHabitPayload,
    description:
      "Removes the day's completion and takes its reward back with a compensating ledger entry. Refused (CONFLICT) when the coins have been spent meanwhile.",
    args: {
      habitId: t.arg.id({ required: true }),
      day: t.arg({ type: "Date", description: "Default: the viewer's today." }),
    },
    resolve: (_root, args, ctx) =>
      prisma.$transaction(async (tx) => {
        const userId = ctx.viewer.userId;
        const habit = await lockOwnHabit(tx, args.habitId, userId);
        const habitId = habit.id;
        const day = args.day ?? todayIn(timezoneOrUtc(ctx.viewer.timezone));
        const existing = await tx.habitCompletion.findUnique({
          where: { habitId_completedOn: { habitId, completedOn: calendarDateToDb(day) } },
        });
        const ledger = await habitDayLedger(tx, userId, habitId, day);
        let reversal: AwardResult | null = null;
        if (ledger.live) {
          const wallet = await ensureWallet(tx, userId);
          if (wallet.coins < ledger.live.coinDelta) {
            throw conflict("The coins earned with this completion have been spent; it cannot be undone");
          }
          const key = `${ledger.base}:undo:${ledger.undos.length + 1}`;
          reversal = await awardPoints(tx, {
            userId,
            xp: -ledger.live.xpDelta,
            coins: -ledger.live.coinDelta,
            reason: "habit.uncomplete",
            sourceType: "habit_completion",
            sourceId: existing?.id ?? ledger.live.sourceId,
            idempotencyKey: key,
            metadata: { habitId, day, reverses: ledger.live.id },
            reversal: true,
          });
          await tx.behaviorOutbox.create({
            data: {
              userId,
              eventType: "habit.uncompleted",
              idempotencyKey: `habit.uncompleted:${userId}:${key}`,
              payload: { habitId, day, ledgerId: reversal.entry.id },
            },
          });
        }
        if (existing) await tx.habitCompletion.delete({ where: { id: existing.id } });
        return { habit, removedCompletionId: existing?.id ?? null, reversal };
      }),
  }),
);
