// Habits with a schedule, their daily completions, and completing/uncompleting a day.
import { z } from "zod";
import { prisma } from "../../db/index.ts";
import { calendarDateToDb, GRACE_DAYS, isHabitDue } from "../../domain/calendar.ts";
import {
  archiveHabit,
  completeHabit,
  createHabit,
  deleteHabit,
  HABIT_COINS,
  HABIT_REWARDS_PER_DAY,
  HABIT_XP,
  uncompleteHabit,
  updateHabit,
  type CompleteHabitResult,
  type UncompleteHabitResult,
} from "../../domain/habits.ts";
import { builder } from "../builder.ts";
import { reread, runMutation } from "../mutation.ts";
import { AwardPointsPayload } from "../gamification/progress.ts";
import { decodeId, encodeId } from "../ids.ts";
import { orderByPosition } from "../../domain/ordering.ts";
import { ownedByViewer, viewerIdOrNobody } from "../tenancy.ts";
import { position } from "../validators.ts";

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
export const colorSchema = z.string().regex(/^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})$/, "expected a hex color such as #4f46e5");
const daysOfWeekSchema = z
  .array(z.number().int().min(1, "ISO weekdays are 1..7").max(7, "ISO weekdays are 1..7"))
  .max(7)
  .refine((days) => new Set(days).size === days.length, "weekdays must not repeat");
const intervalSchema = z.number().int().min(1).max(365);
const targetCountSchema = z.number().int().min(1).max(100);
const CreateHabitInput = builder.inputType("CreateHabitInput", {
  description: `Rewards are the server's: a habit day that reaches its target pays ${HABIT_XP} XP and ${HABIT_COINS} coin, for at most ${HABIT_REWARDS_PER_DAY} habit days per calendar day.`,
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
    sortOrder: t.int({ validate: position }),
  }),
});

builder.mutationField("createHabit", (t) =>
  t.withAuth({ signedIn: true }).prismaField({
    type: "Habit",
    args: { input: t.arg({ type: CreateHabitInput, required: true }) },
    resolve: (query, _root, { input }, ctx) => runMutation(ctx, (tx, actor) => createHabit(tx, actor, input), reread("Habit", query)),
  }),
);

builder.mutationField("updateHabit", (t) =>
  t.withAuth({ signedIn: true }).prismaField({
    type: "Habit",
    args: { id: t.arg.id({ required: true }), input: t.arg({ type: UpdateHabitInput, required: true }) },
    resolve: (query, _root, { id, input }, ctx) =>
      runMutation(ctx, (tx, actor) => updateHabit(tx, actor, decodeId(id, "Habit"), input), reread("Habit", query)),
  }),
);

builder.mutationField("archiveHabit", (t) =>
  t.withAuth({ signedIn: true }).prismaField({
    type: "Habit",
    description: "Archives (or, with archived: false, restores) a habit. Archived habits are never due.",
    args: { id: t.arg.id({ required: true }), archived: t.arg.boolean({ defaultValue: true }) },
    resolve: (query, _root, { id, archived }, ctx) =>
      runMutation(ctx, (tx, actor) => archiveHabit(tx, actor, decodeId(id, "Habit"), archived ?? true), reread("Habit", query)),
  }),
);

builder.mutationField("deleteHabit", (t) =>
  t.withAuth({ signedIn: true }).field({
    type: "ID",
    description: "Deletes a habit and its completions (the points ledger keeps its history). Returns the deleted ID.",
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, { id }, ctx) => {
      const habitId = decodeId(id, "Habit");
      await runMutation(ctx, (tx, actor) => deleteHabit(tx, actor, habitId));
      return encodeId("Habit", habitId);
    },
  }),
);

// ---- Completing a day

const CompleteHabitPayload = builder.objectRef<CompleteHabitResult>("CompleteHabitPayload").implement({
  fields: (t) => ({
    habit: t.field({ type: HabitRef, resolve: (result) => result.habit }),
    completion: t.field({ type: HabitCompletionRef, resolve: (result) => result.completion }),
    award: t.field({
      type: AwardPointsPayload,
      nullable: true,
      description: `The reward, when this call made the day done (null otherwise: rewarded once per habit and day, for at most ${HABIT_REWARDS_PER_DAY} habit days a day).`,
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
    description: `Counts a completion of the habit on a day (default: the viewer's today; at most ${GRACE_DAYS} day back, never before the account existed). Reaching targetCount pays ${HABIT_XP} XP and ${HABIT_COINS} coin once per habit and day (for at most ${HABIT_REWARDS_PER_DAY} habit days a day), records the \`habits\` and \`daily_activity\` streaks, and advances catalogue quests and achievements.`,
    args: {
      habitId: t.arg.id({ required: true }),
      day: t.arg({ type: "Date", description: "Default: the viewer's today (user_settings.timezone)." }),
      count: t.arg.int({ defaultValue: 1, validate: z.number().int().min(1).max(100) }),
      note: t.arg.string({ validate: z.string().max(2000) }),
    },
    resolve: (_root, args, ctx) =>
      runMutation(ctx, (tx, actor) =>
        completeHabit(tx, actor, {
          habitId: decodeId(args.habitId, "Habit"),
          day: args.day,
          count: args.count,
          note: args.note,
        }),
      ),
  }),
);

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
      runMutation(ctx, (tx, actor) => uncompleteHabit(tx, actor, { habitId: decodeId(args.habitId, "Habit"), day: args.day })),
  }),
);
