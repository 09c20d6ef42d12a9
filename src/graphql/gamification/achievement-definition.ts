import { builder } from "../builder.ts";
import { prisma } from "../../db/index.ts";
import { orderByPosition } from "../ordering.ts";
import { catalogueNode } from "../tenancy.ts";

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
