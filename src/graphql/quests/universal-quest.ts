import { builder } from "../builder.ts";
import { prisma } from "../../db/index.ts";
import { orderByPosition } from "../ordering.ts";
import { catalogueNode } from "../tenancy.ts";

export const QuestCadence = builder.enumType("QuestCadence", {
  values: ["DAILY", "WEEKLY", "ONCE"] as const,
});

builder.prismaNode("UniversalQuest", {
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
    xpReward: t.exposeInt("xpReward"),
    coinReward: t.exposeInt("coinReward"),
    isActive: t.exposeBoolean("isActive"),
    availableFrom: t.expose("availableFrom", { type: "DateTime", nullable: true }),
    availableUntil: t.expose("availableUntil", { type: "DateTime", nullable: true }),
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
    args: { includeInactive: t.arg.boolean({ defaultValue: false }) },
    resolve: (query, _root, args) =>
      prisma.universalQuest.findMany({
        ...query,
        where: args.includeInactive ? {} : { isActive: true },
        orderBy: orderByPosition(),
      }),
  }),
);
