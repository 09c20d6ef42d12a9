import { z } from "zod";
import { builder, type InputFields } from "../builder.ts";
import { METRICS } from "../../domain/rules.ts";
import { requireAdmin } from "../tenancy.ts";
import { prisma } from "../../db/index.ts";
import { calendarDateToDb, timezoneOrUtc, todayIn } from "../../domain/calendar.ts";
import { isAvailableAt } from "../../domain/availability.ts";
import { questPeriodStart } from "../../domain/quests.ts";
import * as universalQuests from "../../domain/universal-quests.ts";
import { reread, runMutation } from "../mutation.ts";
import { decodeId, encodeId } from "../ids.ts";
import { orderByPosition } from "../../domain/ordering.ts";
import { catalogueNode } from "../tenancy.ts";
import { catalogueKey, position } from "../validators.ts";

export const QuestCadence = builder.enumType("QuestCadence", {
  values: ["DAILY", "WEEKLY", "ONCE"] as const,
});

export const UniversalQuestRef = builder.prismaNode("UniversalQuest", {
  id: { field: "id" },
  findUnique: catalogueNode,
  nullable: true,
  description: "A quest from the catalogue, offered to every user.",
  fields: (t) => ({
    key: t.exposeString("key"),
    title: t.exposeString("title"),
    description: t.exposeString("description"),
    category: t.exposeString("category"),
    cadence: t.expose("cadence", { type: QuestCadence }),
    targetValue: t.exposeInt("targetValue"),
    unit: t.exposeString("unit"),
    criteria: t.expose("criteria", {
      type: "JSON",
      description: 'What counts toward the target, e.g. {"metric":"habits_completed"}: measured by the server over the quest\'s period.',
    }),
    xpReward: t.exposeInt("xpReward"),
    coinReward: t.exposeInt("coinReward"),
    isActive: t.exposeBoolean("isActive"),
    availableFrom: t.expose("availableFrom", { type: "DateTime", nullable: true }),
    availableUntil: t.expose("availableUntil", { type: "DateTime", nullable: true }),
    isAvailable: t.boolean({
      description: "Active and inside its availability window right now.",
      resolve: (quest) => isAvailableAt(quest, new Date()),
    }),
    sortOrder: t.exposeInt("sortOrder"),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    updatedAt: t.expose("updatedAt", { type: "DateTime" }),
  }),
});

builder.queryField("universalQuests", (t) =>
  t.prismaConnection({
    type: "UniversalQuest",
    cursor: "id",
    description: "The quest catalogue, in catalogue order.",
    args: { includeInactive: t.arg.boolean({ defaultValue: false, description: "Admin only." }) },
    resolve: (query, _root, args, ctx) => {
      if (args.includeInactive) requireAdmin(ctx);
      return prisma.universalQuest.findMany({
        ...query,
        where: args.includeInactive ? {} : { isActive: true },
        orderBy: orderByPosition(),
      });
    },
  }),
);

// The viewer's progress on a catalogue quest: always filtered by the viewer (null when signed out).
builder.prismaObjectField("UniversalQuest", "myProgress", (t) =>
  t.prismaField({
    type: "UserQuestProgress",
    nullable: true,
    description:
      "The viewer's progress row for the quest's period containing `day` (default: the viewer's today): the day (DAILY), the ISO week's Monday (WEEKLY) or 1970-01-01 (ONCE). Null when signed out or nothing recorded.",
    args: { day: t.arg({ type: "Date" }) },
    resolve: (query, quest, args, ctx) => {
      if (!ctx.viewer) return null;
      const userId = ctx.viewer.userId;
      const day = args.day ?? todayIn(timezoneOrUtc(ctx.viewer.timezone));
      return prisma.userQuestProgress.findFirst({
        ...query,
        where: { userId, questId: quest.id, periodStart: calendarDateToDb(questPeriodStart(quest.cadence, day)) },
      });
    },
  }),
);

// ---- Admin-only catalogue writes (audited as `catalogue.*`).

const textSchema = z.string().trim().min(1).max(200);
const rewardSchema = z.number().int().min(0).max(100_000);
const targetSchema = z.number().int().min(1).max(1_000_000);

/** The fields after `cadence` of CreateUniversalQuestInput and UpdateUniversalQuestInput. */
const questFields = (t: InputFields) => ({
  criteria: t.field({
    type: "JSON",
    description: `What counts: {"metric": one of ${METRICS.join(", ")}}, measured over the cadence's period against targetValue.`,
  }),
  targetValue: t.int({ validate: targetSchema }),
  unit: t.string({ validate: z.string().trim().min(1).max(50) }),
  xpReward: t.int({ validate: rewardSchema }),
  coinReward: t.int({ validate: rewardSchema }),
  isActive: t.boolean(),
  availableFrom: t.field({ type: "DateTime" }),
  availableUntil: t.field({ type: "DateTime" }),
  sortOrder: t.int({ validate: position }),
});

const CreateUniversalQuestInput = builder.inputType("CreateUniversalQuestInput", {
  fields: (t) => ({
    key: t.string({ required: true, validate: catalogueKey }),
    title: t.string({ required: true, validate: textSchema }),
    description: t.string({ required: true, validate: z.string().max(2000) }),
    category: t.string({ required: true, validate: z.string().trim().min(1).max(100) }),
    cadence: t.field({ type: QuestCadence, description: "Default DAILY." }),
    ...questFields(t),
  }),
});

const UpdateUniversalQuestInput = builder.inputType("UpdateUniversalQuestInput", {
  description: "Only the fields given change; null clears availableFrom/availableUntil.",
  fields: (t) => ({
    key: t.string({ validate: catalogueKey }),
    title: t.string({ validate: textSchema }),
    description: t.string({ validate: z.string().max(2000) }),
    category: t.string({ validate: z.string().trim().min(1).max(100) }),
    cadence: t.field({ type: QuestCadence }),
    ...questFields(t),
  }),
});

builder.mutationField("createUniversalQuest", (t) =>
  t.withAuth({ admin: true }).prismaField({
    type: "UniversalQuest",
    description: "Admin only.",
    args: { input: t.arg({ type: CreateUniversalQuestInput, required: true }) },
    resolve: (query, _root, { input }, ctx) =>
      runMutation(ctx, (tx, actor) => universalQuests.createUniversalQuest(tx, actor, input), reread("UniversalQuest", query)),
  }),
);

builder.mutationField("updateUniversalQuest", (t) =>
  t.withAuth({ admin: true }).prismaField({
    type: "UniversalQuest",
    description: "Admin only.",
    args: { id: t.arg.id({ required: true }), input: t.arg({ type: UpdateUniversalQuestInput, required: true }) },
    resolve: (query, _root, { id, input }, ctx) => {
      const questId = decodeId(id, "UniversalQuest");
      return runMutation(
        ctx,
        (tx, actor) => universalQuests.updateUniversalQuest(tx, actor, questId, input),
        reread("UniversalQuest", query),
      );
    },
  }),
);

builder.mutationField("deleteUniversalQuest", (t) =>
  t.withAuth({ admin: true }).field({
    type: "ID",
    description:
      "Admin only. Removes the quest and the users' period progress on it; quests users adopted from it stay (unlinked). Returns the deleted ID.",
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, { id }, ctx) => {
      const questId = decodeId(id, "UniversalQuest");
      await runMutation(ctx, (tx, actor) => universalQuests.deleteUniversalQuest(tx, actor, questId));
      return encodeId("UniversalQuest", questId);
    },
  }),
);
