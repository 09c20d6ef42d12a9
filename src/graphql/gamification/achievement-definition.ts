import { z } from "zod";
import * as definitions from "../../domain/achievement-definitions.ts";
import { builder } from "../builder.ts";
import { prisma } from "../../db/index.ts";
import type { Prisma } from "../../generated/prisma/client.ts";
import { reread, runMutation } from "../mutation.ts";
import { badInput } from "../errors/index.ts";
import { orderByPosition } from "../../domain/ordering.ts";
import { catalogueNode } from "../tenancy.ts";
import { decodeId, encodeId } from "../ids.ts";
import { catalogueKey, position } from "../validators.ts";

builder.prismaNode("AchievementDefinition", {
  id: { field: "id" },
  findUnique: catalogueNode,
  nullable: true,
  description: "An achievement users can unlock, identified by its stable `key`.",
  fields: (t) => ({
    key: t.exposeString("key"),
    name: t.exposeString("name"),
    description: t.string({
      description: "Hidden until unlocked for secret achievements.",
      select: { description: true, isSecret: true },
      resolve: (definition) => (definition.isSecret ? "???" : definition.description),
    }),
    category: t.exposeString("category"),
    icon: t.exposeString("icon", { nullable: true }),
    xpReward: t.exposeInt("xpReward"),
    coinReward: t.exposeInt("coinReward"),
    criteria: t.expose("criteria", { type: "JSON" }),
    isSecret: t.exposeBoolean("isSecret"),
    sortOrder: t.exposeInt("sortOrder"),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    updatedAt: t.expose("updatedAt", { type: "DateTime" }),
  }),
});

builder.queryField("achievementDefinitions", (t) =>
  t.prismaConnection({
    type: "AchievementDefinition",
    cursor: "id",
    resolve: (query) => prisma.achievementDefinition.findMany({ ...query, orderBy: orderByPosition() }),
  }),
);

// ---- Admin-only catalogue writes (each one audited as `catalogue.*`).

const rewardSchema = z.number().int().min(0).max(100_000);

/** A JSON object (criteria, configs), never an array or scalar. */
export function jsonObject(value: unknown, field: string): Prisma.InputJsonObject {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw badInput(`${field}: expected a JSON object`, field);
  }
  return value as Prisma.InputJsonObject;
}

const CreateAchievementDefinitionInput = builder.inputType("CreateAchievementDefinitionInput", {
  fields: (t) => ({
    key: t.string({ required: true, validate: catalogueKey }),
    name: t.string({ required: true, validate: z.string().trim().min(1).max(200) }),
    description: t.string({ required: true, validate: z.string().max(2000) }),
    category: t.string({ required: true, validate: z.string().trim().min(1).max(100) }),
    icon: t.string({ validate: z.string().max(200) }),
    xpReward: t.int({ validate: rewardSchema }),
    coinReward: t.int({ validate: rewardSchema }),
    criteria: t.field({
      type: "JSON",
      description:
        "Unlock rule, checked by the server after every relevant action: {type: metric, metric, atLeast} | {type: streak, streak, days} | {type: level, level} | {type: inbox_zero, minArchived} | {type: focus_started_after, localTime}. `{}` (default): never unlocked automatically.",
    }),
    isSecret: t.boolean(),
    sortOrder: t.int({ validate: position }),
  }),
});

const UpdateAchievementDefinitionInput = builder.inputType("UpdateAchievementDefinitionInput", {
  description: "Only the fields given change; `icon: null` clears the icon.",
  fields: (t) => ({
    key: t.string({ validate: catalogueKey }),
    name: t.string({ validate: z.string().trim().min(1).max(200) }),
    description: t.string({ validate: z.string().max(2000) }),
    category: t.string({ validate: z.string().trim().min(1).max(100) }),
    icon: t.string({ validate: z.string().max(200) }),
    xpReward: t.int({ validate: rewardSchema }),
    coinReward: t.int({ validate: rewardSchema }),
    criteria: t.field({ type: "JSON" }),
    isSecret: t.boolean(),
    sortOrder: t.int({ validate: position }),
  }),
});

builder.mutationField("createAchievementDefinition", (t) =>
  t.withAuth({ admin: true }).prismaField({
    type: "AchievementDefinition",
    description: "Admin only.",
    args: { input: t.arg({ type: CreateAchievementDefinitionInput, required: true }) },
    resolve: (query, _root, { input }, ctx) =>
      runMutation(ctx, (tx, actor) => definitions.createAchievementDefinition(tx, actor, input), reread("AchievementDefinition", query)),
  }),
);

builder.mutationField("updateAchievementDefinition", (t) =>
  t.withAuth({ admin: true }).prismaField({
    type: "AchievementDefinition",
    description: "Admin only. A key change carries over to the users' unlocked achievements.",
    args: {
      id: t.arg.id({ required: true }),
      input: t.arg({ type: UpdateAchievementDefinitionInput, required: true }),
    },
    resolve: (query, _root, { id, input }, ctx) => {
      const definitionId = decodeId(id, "AchievementDefinition");
      return runMutation(
        ctx,
        (tx, actor) => definitions.updateAchievementDefinition(tx, actor, definitionId, input),
        reread("AchievementDefinition", query),
      );
    },
  }),
);

builder.mutationField("deleteAchievementDefinition", (t) =>
  t.withAuth({ admin: true }).field({
    type: "ID",
    description: "Admin only. Refused (CONFLICT) while users have unlocked it. Returns the deleted ID.",
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, { id }, ctx) => {
      const definitionId = decodeId(id, "AchievementDefinition");
      await runMutation(ctx, (tx, actor) => definitions.deleteAchievementDefinition(tx, actor, definitionId));
      return encodeId("AchievementDefinition", definitionId);
    },
  }),
);
