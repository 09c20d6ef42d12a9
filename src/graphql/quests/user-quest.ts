// The viewer's own quests (model UserQuest, GraphQL type Quest) and their progress on catalogue quests.
import { z } from "zod";
import { prisma } from "../../db/index.ts";
import { calendarDateToDb, timezoneOrUtc, todayIn } from "../../domain/calendar.ts";
import { lockOwnedRow } from "../../domain/locks.ts";
import { awardPoints, type AwardResult } from "../../domain/points.ts";
import { isQuestAvailable, questPeriodStart } from "../../domain/quests.ts";
import type { Tx } from "../../domain/transaction.ts";
import type { Prisma, UniversalQuest, UserQuest, UserQuestProgress } from "../../generated/prisma/client.ts";
import { builder } from "../builder.ts";
import { badInput, conflict, notFound, withDatabaseErrors } from "../errors/index.ts";
import { AwardPointsPayload } from "../gamification/progress.ts";
import { decodeId, encodeId } from "../ids.ts";
import { orderByPosition } from "../ordering.ts";
import { ownedByViewer, viewerIdOrNobody } from "../tenancy.ts";
import { UniversalQuestRef } from "./universal-quest.ts";
import { position, refuseNulls } from "../validators.ts";

export const QuestStatus = builder.enumType("QuestStatus", { values: ["ACTIVE", "COMPLETED", "ABANDONED"] as const });

export const QuestRef = builder.prismaNode("UserQuest", {
  name: "Quest",
  id: { field: "id" },
  findUnique: ownedByViewer,
  nullable: true,
  description: "A quest the viewer owns, optionally adopted from the catalogue (`sourceQuest`).",
  fields: (t) => ({
    title: t.exposeString("title"),
    description: t.exposeString("description", { nullable: true }),
    status: t.expose("status", { type: QuestStatus }),
    targetValue: t.exposeInt("targetValue"),
    currentValue: t.exposeInt("currentValue"),
    xpReward: t.exposeInt("xpReward"),
    coinReward: t.exposeInt("coinReward"),
    dueDate: t.expose("dueDate", { type: "Date", nullable: true }),
    completedAt: t.expose("completedAt", { type: "DateTime", nullable: true }),
    sortOrder: t.exposeInt("sortOrder"),
    sourceQuest: t.relation("sourceQuest", { nullable: true, description: "The catalogue quest it was adopted from." }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    updatedAt: t.expose("updatedAt", { type: "DateTime" }),
  }),
});

export const UserQuestProgressRef = builder.prismaNode("UserQuestProgress", {
  id: { field: "id" },
  findUnique: ownedByViewer,
  nullable: true,
  description: "The viewer's progress on a catalogue quest for one period.",
  fields: (t) => ({
    quest: t.relation("quest"),
    periodStart: t.expose("periodStart", {
      type: "Date",
      description: "The day (DAILY), the ISO week's Monday (WEEKLY) or 1970-01-01 (ONCE).",
    }),
    currentValue: t.exposeInt("currentValue"),
    status: t.expose("status", { type: QuestStatus }),
    completedAt: t.expose("completedAt", { type: "DateTime", nullable: true }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    updatedAt: t.expose("updatedAt", { type: "DateTime" }),
  }),
});

builder.prismaObjectField("User", "quests", (t) =>
  t.relatedConnection("quests", {
    cursor: "id",
    totalCount: true,
    description: "The viewer's quests in their order; all statuses unless `status` is given.",
    args: { status: t.arg({ type: QuestStatus }) },
    query: (args, ctx) => ({
      where: { userId: viewerIdOrNobody(ctx), ...(args.status ? { status: args.status } : {}) },
      orderBy: orderByPosition(),
    }),
  }),
);

builder.prismaObjectField("User", "questProgress", (t) =>
  t.relatedConnection("questProgress", {
    cursor: "id",
    totalCount: true,
    description: "Progress rows on catalogue quests, latest period first.",
    args: { status: t.arg({ type: QuestStatus }) },
    query: (args, ctx) => ({
      where: { userId: viewerIdOrNobody(ctx), ...(args.status ? { status: args.status } : {}) },
      orderBy: [{ periodStart: "desc" }, { createdAt: "desc" }, { id: "desc" }],
    }),
  }),
);

builder.queryField("quest", (t) =>
  t.withAuth({ signedIn: true }).prismaField({
    type: QuestRef,
    nullable: true,
    args: { id: t.arg.id({ required: true }) },
    resolve: (query, _root, args, ctx) =>
      prisma.userQuest.findFirst({ ...query, where: { id: decodeId(args.id, "Quest"), userId: ctx.viewer.userId } }),
  }),
);

// ---- Own quests

const titleSchema = z.string().trim().min(1).max(200);
const descriptionSchema = z.string().max(2000);
const targetSchema = z.number().int().min(1).max(100_000);
const xpSchema = z.number().int().min(0).max(1000);
const coinSchema = z.number().int().min(0).max(100);
const amountSchema = z.number().int().min(1).max(100_000);

const CreateQuestInput = builder.inputType("CreateQuestInput", {
  fields: (t) => ({
    title: t.string({ required: true, validate: titleSchema }),
    description: t.string({ validate: descriptionSchema }),
    targetValue: t.int({ validate: targetSchema, description: "Default 1." }),
    xpReward: t.int({ validate: xpSchema }),
    coinReward: t.int({ validate: coinSchema }),
    dueDate: t.field({ type: "Date" }),
    sortOrder: t.int({ validate: position }),
  }),
});

const UpdateQuestInput = builder.inputType("UpdateQuestInput", {
  description:
    "Only the fields given change. Target and rewards change only while the quest is active; an adopted quest keeps the catalogue's rewards.",
  fields: (t) => ({
    title: t.string({ validate: titleSchema }),
    description: t.string({ validate: descriptionSchema }),
    targetValue: t.int({ validate: targetSchema }),
    xpReward: t.int({ validate: xpSchema }),
    coinReward: t.int({ validate: coinSchema }),
    dueDate: t.field({ type: "Date" }),
    sortOrder: t.int({ validate: position }),
  }),
});

builder.mutationField("createQuest", (t) =>
  t.withAuth({ signedIn: true }).prismaField({
    type: QuestRef,
    args: { input: t.arg({ type: CreateQuestInput, required: true }) },
    resolve: (query, _root, { input }, ctx) =>
      prisma.$transaction(async (tx) => {
        const quest = await tx.userQuest.create({
          data: {
            userId: ctx.viewer.userId,
            title: input.title.trim(),
            description: input.description ?? null,
            targetValue: input.targetValue ?? 1,
            xpReward: input.xpReward ?? 0,
            coinReward: input.coinReward ?? 0,
            dueDate: input.dueDate ? calendarDateToDb(input.dueDate) : null,
            sortOrder: input.sortOrder ?? 0,
          },
        });
        return tx.userQuest.findUniqueOrThrow({ ...query, where: { id: quest.id } });
      }),
  }),
);

/** Locks one of the viewer's quests for this transaction; NOT_FOUND for a missing or foreign ID. */
async function lockQuest(tx: Tx, globalId: string, userId: string): Promise<UserQuest> {
  const questId = decodeId(globalId, "Quest");
  if (!(await lockOwnedRow(tx, "user_quests", questId, userId))) throw notFound("Quest");
  return tx.userQuest.findUniqueOrThrow({ where: { id: questId } });
}

builder.mutationField("updateQuest", (t) =>
  t.withAuth({ signedIn: true }).prismaField({
    type: QuestRef,
    args: { id: t.arg.id({ required: true }), input: t.arg({ type: UpdateQuestInput, required: true }) },
    resolve: (query, _root, { id, input }, ctx) =>
      prisma.$transaction(async (tx) => {
        const quest = await lockQuest(tx, String(id), ctx.viewer.userId);
        refuseNulls(input, ["title"]);
        const changesTerms = input.targetValue != null || input.xpReward != null || input.coinReward != null;
        if (changesTerms && quest.status !== "ACTIVE") {
          throw conflict(`The quest is ${quest.status.toLowerCase()}; its target and rewards can no longer change`);
        }
        if (quest.sourceQuestId && (input.xpReward != null || input.coinReward != null)) {
          throw badInput("An adopted quest keeps the rewards of the catalogue quest", "xpReward");
        }
        if (input.targetValue != null && input.targetValue <= quest.currentValue) {
          throw badInput(`targetValue must be above the current progress (${quest.currentValue})`, "targetValue");
        }
        const data: Prisma.UserQuestUpdateInput = {
          title: input.title?.trim(),
          description: input.description,
          targetValue: input.targetValue ?? undefined,
          xpReward: input.xpReward ?? undefined,
          coinReward: input.coinReward ?? undefined,
          dueDate: input.dueDate === undefined ? undefined : input.dueDate === null ? null : calendarDateToDb(input.dueDate),
          sortOrder: input.sortOrder ?? undefined,
        };
        await withDatabaseErrors(() => tx.userQuest.update({ where: { id: quest.id }, data }));
        return tx.userQuest.findUniqueOrThrow({ ...query, where: { id: quest.id } });
      }),
  }),
);

builder.mutationField("deleteQuest", (t) =>
  t.withAuth({ signedIn: true }).field({
    type: "ID",
    description: "Deletes one of the viewer's quests (rewards already given stay in the ledger). Returns the deleted ID.",
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, ctx) =>
      prisma.$transaction(async (tx) => {
        const questId = decodeId(id, "Quest");
        const { count } = await withDatabaseErrors(() => tx.userQuest.deleteMany({ where: { id: questId, userId: ctx.viewer.userId } }));
        if (count === 0) throw notFound("Quest");
        return encodeId("Quest", questId);
      }),
  }),
);

builder.mutationField("abandonQuest", (t) =>
  t.withAuth({ signedIn: true }).prismaField({
    type: QuestRef,
    description: "Gives up an active quest (CONFLICT when it is not active).",
    args: { id: t.arg.id({ required: true }) },
    resolve: (query, _root, { id }, ctx) =>
      prisma.$transaction(async (tx) => {
        const quest = await lockQuest(tx, String(id), ctx.viewer.userId);
        if (quest.status !== "ACTIVE") throw conflict(`The quest is already ${quest.status.toLowerCase()}`);
        await tx.userQuest.update({ where: { id: quest.id }, data: { status: "ABANDONED" } });
        return tx.userQuest.findUniqueOrThrow({ ...query, where: { id: quest.id } });
      }),
  }),
);

function requireAvailable(quest: UniversalQuest, now: Date): void {
  if (!quest.isActive) throw badInput(`The quest "${quest.key}" is not active`, "questId");
  if (!isQuestAvailable(quest, now)) throw badInput(`The quest "${quest.key}" is not available now`, "questId");
}

builder.mutationField("adoptUniversalQuest", (t) =>
  t.withAuth({ signedIn: true }).prismaField({
    type: QuestRef,
    description:
      "Creates an own quest from a catalogue quest (copying title, target and rewards). BAD_USER_INPUT when the catalogue quest is inactive or outside its window; CONFLICT while an adopted copy is still active.",
    args: { questId: t.arg.id({ required: true }) },
    resolve: (query, _root, { questId }, ctx) =>
      prisma.$transaction(async (tx) => {
        const userId = ctx.viewer.userId;
        const source = await tx.universalQuest.findUnique({ where: { id: decodeId(questId, "UniversalQuest") } });
        if (!source) throw notFound("UniversalQuest");
        requireAvailable(source, new Date());
        // Serializes concurrent adoptions of the same quest by the same user.
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`adopt:${userId}:${source.id}`}))`;
        const active = await tx.userQuest.findFirst({ where: { userId, sourceQuestId: source.id, status: "ACTIVE" } });
        if (active) throw conflict("This quest is already adopted and active");
        const quest = await tx.userQuest.create({
          data: {
            userId,
            sourceQuestId: source.id,
            title: source.title,
            description: source.description,
            targetValue: source.targetValue,
            xpReward: source.xpReward,
            coinReward: source.coinReward,
            sortOrder: source.sortOrder,
          },
        });
        return tx.userQuest.findUniqueOrThrow({ ...query, where: { id: quest.id } });
      }),
  }),
);

interface QuestProgressResult {
  quest: UserQuest;
  award: AwardResult | null;
  completed: boolean;
}

const QuestProgressPayload = builder.objectRef<QuestProgressResult>("QuestProgressPayload").implement({
  fields: (t) => ({
    quest: t.field({ type: QuestRef, resolve: (result) => result.quest }),
    completed: t.boolean({ description: "This call completed the quest.", resolve: (result) => result.completed }),
    award: t.field({
      type: AwardPointsPayload,
      nullable: true,
      description: "The quest's reward, when this call completed it.",
      resolve: (result) => result.award,
    }),
  }),
});

/** Sets progress (capped at the target); reaching the target completes and rewards the quest once. */
async function advanceQuest(tx: Tx, quest: UserQuest, value: number): Promise<QuestProgressResult> {
  if (quest.status !== "ACTIVE") throw conflict(`The quest is ${quest.status.toLowerCase()}; it cannot progress`);
  const currentValue = Math.min(quest.targetValue, value);
  if (currentValue < quest.targetValue) {
    const updated = await tx.userQuest.update({ where: { id: quest.id }, data: { currentValue } });
    return { quest: updated, award: null, completed: false };
  }
  const completedAt = new Date();
  let updated = await tx.userQuest.update({
    where: { id: quest.id },
    data: { currentValue, status: "COMPLETED", completedAt },
  });
  const award = await awardPoints(tx, {
    userId: quest.userId,
    xp: quest.xpReward,
    coins: quest.coinReward,
    reason: "quest.complete",
    sourceType: "user_quest",
    sourceId: quest.id,
    idempotencyKey: `quest:${quest.id}`,
  });
  await tx.behaviorOutbox.create({
    data: {
      userId: quest.userId,
      eventType: "quest.completed",
      idempotencyKey: `quest.completed:${quest.id}`,
      payload: { questId: quest.id, sourceQuestId: quest.sourceQuestId, ledgerId: award.entry.id },
    },
  });
  updated = await tx.userQuest.findUniqueOrThrow({ where: { id: quest.id } });
  return { quest: updated, award: award.duplicate ? null : award, completed: true };
}

builder.mutationField("progressQuest", (t) =>
  t.withAuth({ signedIn: true }).field({
    type: QuestProgressPayload,
    description:
      "Adds `amount` to an active quest's progress; reaching the target completes it and awards its reward once. CONFLICT on a completed or abandoned quest.",
    args: { id: t.arg.id({ required: true }), amount: t.arg.int({ defaultValue: 1, validate: amountSchema }) },
    resolve: (_root, { id, amount }, ctx) =>
      prisma.$transaction(async (tx) => {
        const quest = await lockQuest(tx, String(id), ctx.viewer.userId);
        return advanceQuest(tx, quest, quest.currentValue + (amount ?? 1));
      }),
  }),
);

builder.mutationField("completeQuest", (t) =>
  t.withAuth({ signedIn: true }).field({
    type: QuestProgressPayload,
    description: "Completes an active quest outright (progress = target) and awards its reward. CONFLICT when not active.",
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, ctx) =>
      prisma.$transaction(async (tx) => {
        const quest = await lockQuest(tx, String(id), ctx.viewer.userId);
        return advanceQuest(tx, quest, quest.targetValue);
      }),
  }),
);

// ---- Progress on catalogue quests

interface UniversalProgressResult {
  progress: UserQuestProgress;
  quest: UniversalQuest;
  award: AwardResult | null;
  completed: boolean;
}

const UniversalQuestProgressPayload = builder
  .objectRef<UniversalProgressResult>("UniversalQuestProgressPayload")
  .implement({
    fields: (t) => ({
      progress: t.field({ type: UserQuestProgressRef, resolve: (result) => result.progress }),
      quest: t.field({ type: UniversalQuestRef, resolve: (result) => result.quest }),
      completed: t.boolean({ description: "This call completed the period.", resolve: (result) => result.completed }),
      award: t.field({
        type: AwardPointsPayload,
        nullable: true,
        description: "The reward, when this call completed the quest for the period.",
        resolve: (result) => result.award,
      }),
    }),
  });

builder.mutationField("progressUniversalQuest", (t) =>
  t.withAuth({ signedIn: true }).field({
    type: UniversalQuestProgressPayload,
    description:
      "Adds `amount` to the viewer's progress on a catalogue quest for the period containing `day` (default: today). Reaching the target completes the period and rewards it once. BAD_USER_INPUT for an inactive or out-of-window quest or a future day; CONFLICT when the period is already completed.",
    args: {
      questId: t.arg.id({ required: true }),
      amount: t.arg.int({ defaultValue: 1, validate: amountSchema }),
      day: t.arg({ type: "Date", description: "Default: the viewer's today." }),
    },
    resolve: (_root, args, ctx) =>
      prisma.$transaction(async (tx) => {
        const userId = ctx.viewer.userId;
        const now = new Date();
        const quest = await tx.universalQuest.findUnique({ where: { id: decodeId(args.questId, "UniversalQuest") } });
        if (!quest) throw notFound("UniversalQuest");
        requireAvailable(quest, now);
        const today = todayIn(timezoneOrUtc(ctx.viewer.timezone), now);
        const day = args.day ?? today;
        if (day > today) throw badInput(`Cannot record progress on a future day (${day}; today is ${today})`, "day");
        const periodStart = questPeriodStart(quest.cadence, day);
        const key = { userId_questId_periodStart: { userId, questId: quest.id, periodStart: calendarDateToDb(periodStart) } };

        // Creates the period's row if needed, then locks it so concurrent progress is applied one at a time.
        await tx.userQuestProgress.createMany({
          data: [{ userId, questId: quest.id, periodStart: calendarDateToDb(periodStart) }],
          skipDuplicates: true,
        });
        const row = await tx.userQuestProgress.findUniqueOrThrow({ where: key });
        await tx.$queryRaw`SELECT id FROM user_quest_progress WHERE id = ${row.id}::uuid FOR UPDATE`;
        const current = await tx.userQuestProgress.findUniqueOrThrow({ where: key });
        if (current.status !== "ACTIVE") throw conflict("This quest is already completed for this period");

        const value = Math.min(quest.targetValue, current.currentValue + (args.amount ?? 1));
        if (value < quest.targetValue) {
          const progress = await tx.userQuestProgress.update({ where: { id: current.id }, data: { currentValue: value } });
          return { progress, quest, award: null, completed: false };
        }
        const progress = await tx.userQuestProgress.update({
          where: { id: current.id },
          data: { currentValue: value, status: "COMPLETED", completedAt: now },
        });
        const award = await awardPoints(tx, {
          userId,
          xp: quest.xpReward,
          coins: quest.coinReward,
          reason: "universal_quest.complete",
          sourceType: "user_quest_progress",
          sourceId: progress.id,
          idempotencyKey: `uquest:${quest.id}:${periodStart}`,
          metadata: { questKey: quest.key, periodStart },
        });
        await tx.behaviorOutbox.create({
          data: {
            userId,
            eventType: "quest.completed",
            idempotencyKey: `uquest.completed:${userId}:${quest.id}:${periodStart}`,
            payload: { universalQuestId: quest.id, questKey: quest.key, periodStart, ledgerId: award.entry.id },
          },
        });
        return { progress, quest, award: award.duplicate ? null : award, completed: true };
      }),
  }),
);
