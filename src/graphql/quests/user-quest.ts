// The viewer's own quests (model UserQuest, GraphQL type Quest) and their progress on catalogue quests.
import { z } from "zod";
import { prisma } from "../../db/index.ts";
import {
  abandonQuest,
  adoptUniversalQuest,
  advanceOwnQuest,
  createOwnQuest,
  deleteOwnQuest,
  refreshUniversalQuest,
  updateOwnQuest,
  type QuestProgressResult,
  type UniversalProgressResult,
} from "../../domain/own-quests.ts";
import { OWN_QUEST_MAX_XP, OWN_QUEST_XP_PER_DAY } from "../../domain/quests.ts";
import { builder } from "../builder.ts";
import { reread, runMutation } from "../mutation.ts";
import { AwardPointsPayload } from "../gamification/progress.ts";
import { decodeId, encodeId } from "../ids.ts";
import { orderByPosition } from "../../domain/ordering.ts";
import { ownedByViewer, viewerIdOrNobody } from "../tenancy.ts";
import { UniversalQuestRef } from "./universal-quest.ts";
import { position } from "../validators.ts";

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
const xpSchema = z.number().int().min(0).max(OWN_QUEST_MAX_XP);
const amountSchema = z.number().int().min(1).max(100_000);

const OWN_QUEST_RULE = `An own quest pays XP only, never coins: at most ${OWN_QUEST_MAX_XP} XP per quest and ${OWN_QUEST_XP_PER_DAY} XP a day from all own quests.`;

const CreateQuestInput = builder.inputType("CreateQuestInput", {
  description: OWN_QUEST_RULE,
  fields: (t) => ({
    title: t.string({ required: true, validate: titleSchema }),
    description: t.string({ validate: descriptionSchema }),
    targetValue: t.int({ validate: targetSchema, description: "Default 1." }),
    xpReward: t.int({ validate: xpSchema, description: `0..${OWN_QUEST_MAX_XP}; default 0.` }),
    dueDate: t.field({ type: "Date" }),
    sortOrder: t.int({ validate: position }),
  }),
});

const UpdateQuestInput = builder.inputType("UpdateQuestInput", {
  description:
    "Only the fields given change. Target and XP change only while the quest is active; an adopted quest keeps the catalogue's target and rewards.",
  fields: (t) => ({
    title: t.string({ validate: titleSchema }),
    description: t.string({ validate: descriptionSchema }),
    targetValue: t.int({ validate: targetSchema }),
    xpReward: t.int({ validate: xpSchema }),
    dueDate: t.field({ type: "Date" }),
    sortOrder: t.int({ validate: position }),
  }),
});

builder.mutationField("createQuest", (t) =>
  t.withAuth({ signedIn: true }).prismaField({
    type: QuestRef,
    description: OWN_QUEST_RULE,
    args: { input: t.arg({ type: CreateQuestInput, required: true }) },
    resolve: (query, _root, { input }, ctx) =>
      runMutation(ctx, (tx, actor) => createOwnQuest(tx, actor, input), reread("UserQuest", query)),
  }),
);

builder.mutationField("updateQuest", (t) =>
  t.withAuth({ signedIn: true }).prismaField({
    type: QuestRef,
    args: { id: t.arg.id({ required: true }), input: t.arg({ type: UpdateQuestInput, required: true }) },
    resolve: (query, _root, { id, input }, ctx) =>
      runMutation(ctx, (tx, actor) => updateOwnQuest(tx, actor, decodeId(id, "Quest"), input), reread("UserQuest", query)),
  }),
);

builder.mutationField("deleteQuest", (t) =>
  t.withAuth({ signedIn: true }).field({
    type: "ID",
    description: "Deletes one of the viewer's quests (rewards already given stay in the ledger). Returns the deleted ID.",
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, { id }, ctx) => {
      const questId = decodeId(id, "Quest");
      await runMutation(ctx, (tx, actor) => deleteOwnQuest(tx, actor, questId));
      return encodeId("Quest", questId);
    },
  }),
);

builder.mutationField("abandonQuest", (t) =>
  t.withAuth({ signedIn: true }).prismaField({
    type: QuestRef,
    description: "Gives up an active quest (CONFLICT when it is not active).",
    args: { id: t.arg.id({ required: true }) },
    resolve: (query, _root, { id }, ctx) =>
      runMutation(ctx, (tx, actor) => abandonQuest(tx, actor, decodeId(id, "Quest")), reread("UserQuest", query)),
  }),
);

builder.mutationField("adoptUniversalQuest", (t) =>
  t.withAuth({ signedIn: true }).prismaField({
    type: QuestRef,
    description:
      "Copies a catalogue quest into the viewer's quests; the copy follows the catalogue quest's progress from activity and completes with it (its reward is the catalogue quest's, paid once per period however often it is adopted). BAD_USER_INPUT when the catalogue quest is inactive or outside its window; CONFLICT while an adopted copy is still active.",
    args: { questId: t.arg.id({ required: true }) },
    resolve: (query, _root, { questId }, ctx) =>
      runMutation(ctx, (tx, actor) => adoptUniversalQuest(tx, actor, decodeId(questId, "UniversalQuest")), reread("UserQuest", query)),
  }),
);

const QuestProgressPayload = builder.objectRef<QuestProgressResult>("QuestProgressPayload").implement({
  fields: (t) => ({
    quest: t.field({ type: QuestRef, resolve: (result) => result.quest }),
    completed: t.boolean({ description: "This call completed the quest.", resolve: (result) => result.completed }),
    award: t.field({
      type: AwardPointsPayload,
      nullable: true,
      description: "The quest's XP, when this call completed it (null when nothing was paid, e.g. over the daily cap).",
      resolve: (result) => result.award,
    }),
  }),
});

builder.mutationField("progressQuest", (t) =>
  t.withAuth({ signedIn: true }).field({
    type: QuestProgressPayload,
    description: `Adds \`amount\` to one of the viewer's own active quests; reaching the target completes it. ${OWN_QUEST_RULE} CONFLICT on a completed or abandoned quest; BAD_USER_INPUT on an adopted quest (it progresses from activity).`,
    args: { id: t.arg.id({ required: true }), amount: t.arg.int({ defaultValue: 1, validate: amountSchema }) },
    resolve: (_root, { id, amount }, ctx) =>
      runMutation(ctx, (tx, actor) => advanceOwnQuest(tx, actor, decodeId(id, "Quest"), (quest) => quest.currentValue + (amount ?? 1))),
  }),
);

builder.mutationField("completeQuest", (t) =>
  t.withAuth({ signedIn: true }).field({
    type: QuestProgressPayload,
    description: `Completes one of the viewer's own active quests outright. ${OWN_QUEST_RULE} CONFLICT when not active; BAD_USER_INPUT on an adopted quest.`,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, ctx) =>
      runMutation(ctx, (tx, actor) => advanceOwnQuest(tx, actor, decodeId(id, "Quest"), (quest) => quest.targetValue)),
  }),
);

// ---- Progress on catalogue quests

const UniversalQuestProgressPayload = builder.objectRef<UniversalProgressResult>("UniversalQuestProgressPayload").implement({
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
      "Re-measures the viewer's progress on a catalogue quest for the period containing `day` (default: today; at most one day back, never before the account existed) from their real activity, by the quest's criteria. Progress also advances by itself after every relevant action; no amount is taken from the client. Reaching the target completes the period and rewards it once. BAD_USER_INPUT for an inactive or out-of-window quest or a day outside the window.",
    args: {
      questId: t.arg.id({ required: true }),
      day: t.arg({ type: "Date", description: "Default: the viewer's today." }),
    },
    resolve: (_root, args, ctx) =>
      runMutation(ctx, (tx, actor) => refreshUniversalQuest(tx, actor, decodeId(args.questId, "UniversalQuest"), args.day)),
  }),
);
