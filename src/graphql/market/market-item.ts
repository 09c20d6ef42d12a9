import { builder } from "../builder.ts";
import { isAvailableAt } from "../../domain/availability.ts";
import { prisma } from "../../db/index.ts";
import { forbidden, unauthenticated } from "../errors/index.ts";
import { orderByPosition } from "../../domain/ordering.ts";
import { catalogueNode } from "../tenancy.ts";

export const ItemRarity = builder.enumType("ItemRarity", {
  values: ["COMMON", "UNCOMMON", "RARE", "EPIC", "LEGENDARY"] as const,
});

builder.prismaNode("MarketItem", {
  id: { field: "id" },
  findUnique: catalogueNode,
  nullable: true,
  description: "An item of the coin shop.",
  fields: (t) => ({
    key: t.exposeString("key"),
    name: t.exposeString("name"),
    description: t.exposeString("description"),
    category: t.exposeString("category"),
    rarity: t.expose("rarity", { type: ItemRarity }),
    priceCoins: t.exposeInt("priceCoins"),
    isActive: t.exposeBoolean("isActive"),
    availableFrom: t.expose("availableFrom", { type: "DateTime", nullable: true }),
    availableUntil: t.expose("availableUntil", { type: "DateTime", nullable: true }),
    imageUrl: t.exposeString("imageUrl", { nullable: true }),
    refundWindowHours: t.exposeInt("refundWindowHours", {
      description: "Hours after a purchase in which an unredeemed purchase may be refunded (0: never).",
    }),
    sortOrder: t.exposeInt("sortOrder"),
    isAvailable: t.boolean({
      description: "Active and inside its availability window right now.",
      select: { isActive: true, availableFrom: true, availableUntil: true },
      resolve: (item) => isAvailableAt(item, new Date()),
    }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    updatedAt: t.expose("updatedAt", { type: "DateTime" }),
  }),
});

builder.queryField("marketItems", (t) =>
  t.prismaConnection({
    type: "MarketItem",
    cursor: "id",
    description: "The coin shop's catalogue, in catalogue order. Inactive items only for admins.",
    args: {
      includeInactive: t.arg.boolean({
        defaultValue: false,
        description: "Admins only (FORBIDDEN for anyone else): also list inactive items.",
      }),
    },
    resolve: (query, _root, args, context) => {
      if (args.includeInactive && !context.viewer?.roles.has("admin")) throw context.viewer ? forbidden() : unauthenticated();
      return prisma.marketItem.findMany({
        ...query,
        where: args.includeInactive ? {} : { isActive: true },
        orderBy: orderByPosition(),
      });
    },
  }),
);
