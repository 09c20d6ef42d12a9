// Admin-only writes of the market catalogue; each one leaves a `catalogue.*` audit row.
import { z } from "zod";
import { prisma } from "../../db/index.ts";
import { builder } from "../builder.ts";
import { auditCatalogueEdit, changedFields } from "../audit.ts";
import { badInput, conflict, notFound, withDatabaseErrors } from "../errors/index.ts";
import { decodeId, encodeId } from "../ids.ts";
import { catalogueKey, nonBlank, optionalText, optionalUrl, refuseNulls, sortOrder } from "../validators.ts";
import { ItemRarity } from "./market-item.ts";
import { DEFAULT_REFUND_WINDOW_HOURS, MAX_REFUND_WINDOW_HOURS } from "../../domain/market.ts";

const price = z.number().int().min(0, "must be 0 or more").max(1_000_000);
const refundWindow = z.number().int().min(0).max(MAX_REFUND_WINDOW_HOURS);
const refundWindowDescription = `Hours after a purchase in which it may be refunded unredeemed: 0 (never) to ${MAX_REFUND_WINDOW_HOURS}; default ${DEFAULT_REFUND_WINDOW_HOURS}.`;

const CreateMarketItemInput = builder.inputType("CreateMarketItemInput", {
  fields: (t) => ({
    key: t.string({ required: true, validate: catalogueKey }),
    name: t.string({ required: true, validate: nonBlank(200) }),
    description: t.string({ required: true, validate: z.string().max(5000) }),
    category: t.string({ required: true, validate: nonBlank(100) }),
    rarity: t.field({ type: ItemRarity, defaultValue: "COMMON" }),
    priceCoins: t.int({ required: true, validate: price }),
    isActive: t.boolean({ defaultValue: true }),
    availableFrom: t.field({ type: "DateTime" }),
    availableUntil: t.field({ type: "DateTime", description: "Exclusive; after availableFrom." }),
    imageUrl: t.string({ validate: optionalUrl }),
    sortOrder: t.int({ validate: sortOrder }),
    refundWindowHours: t.int({ description: refundWindowDescription, validate: refundWindow.nullish() }),
  }),
});

const UpdateMarketItemInput = builder.inputType("UpdateMarketItemInput", {
  description: "Only the fields given change; null clears availableFrom/availableUntil/imageUrl.",
  fields: (t) => ({
    key: t.string({ validate: catalogueKey.nullish() }),
    name: t.string({ validate: nonBlank(200).nullish() }),
    description: t.string({ validate: optionalText(5000) }),
    category: t.string({ validate: nonBlank(100).nullish() }),
    rarity: t.field({ type: ItemRarity }),
    priceCoins: t.int({ validate: price.nullish() }),
    isActive: t.boolean(),
    availableFrom: t.field({ type: "DateTime" }),
    availableUntil: t.field({ type: "DateTime" }),
    imageUrl: t.string({ validate: optionalUrl }),
    sortOrder: t.int({ validate: sortOrder }),
    refundWindowHours: t.int({ description: refundWindowDescription, validate: refundWindow.nullish() }),
  }),
});

function checkWindow(from: Date | null, until: Date | null): void {
  if (from && until && from >= until) throw badInput("availableFrom must be before availableUntil", "availableUntil");
}

builder.mutationField("createMarketItem", (t) =>
  t.withAuth({ admin: true }).prismaField({
    type: "MarketItem",
    description: "Admin only.",
    args: { input: t.arg({ type: CreateMarketItemInput, required: true }) },
    resolve: async (query, _root, { input }, ctx) => {
      checkWindow(input.availableFrom ?? null, input.availableUntil ?? null);
      return prisma.$transaction(async (tx) => {
        const item = await withDatabaseErrors(() =>
          tx.marketItem.create({
            data: {
              key: input.key,
              name: input.name.trim(),
              description: input.description,
              category: input.category.trim(),
              rarity: input.rarity ?? "COMMON",
              priceCoins: input.priceCoins,
              isActive: input.isActive ?? true,
              availableFrom: input.availableFrom ?? null,
              availableUntil: input.availableUntil ?? null,
              imageUrl: input.imageUrl ?? null,
              sortOrder: input.sortOrder ?? 0,
              refundWindowHours: input.refundWindowHours ?? DEFAULT_REFUND_WINDOW_HOURS,
            },
          }),
        );
        await auditCatalogueEdit(tx, ctx, "catalogue.create", { type: "market_item", id: item.id }, { key: item.key });
        return tx.marketItem.findUniqueOrThrow({ ...query, where: { id: item.id } });
      });
    },
  }),
);

builder.mutationField("updateMarketItem", (t) =>
  t.withAuth({ admin: true }).prismaField({
    type: "MarketItem",
    description: "Admin only. Past purchases keep the price they were bought at.",
    args: {
      id: t.arg.id({ required: true }),
      input: t.arg({ type: UpdateMarketItemInput, required: true }),
    },
    resolve: async (query, _root, args, ctx) => {
      const id = decodeId(args.id, "MarketItem");
      const { input } = args;
      refuseNulls(input, ["key", "name", "description", "category", "rarity", "priceCoins", "isActive", "sortOrder", "refundWindowHours"]);
      return prisma.$transaction(async (tx) => {
        const existing = await tx.marketItem.findUnique({ where: { id } });
        if (!existing) throw notFound("MarketItem");
        checkWindow(
          input.availableFrom === undefined ? existing.availableFrom : input.availableFrom,
          input.availableUntil === undefined ? existing.availableUntil : input.availableUntil,
        );
        await withDatabaseErrors(() =>
          tx.marketItem.update({
            where: { id },
            data: {
              key: input.key ?? undefined,
              name: input.name?.trim() ?? undefined,
              description: input.description ?? undefined,
              category: input.category?.trim() ?? undefined,
              rarity: input.rarity ?? undefined,
              priceCoins: input.priceCoins ?? undefined,
              isActive: input.isActive ?? undefined,
              availableFrom: input.availableFrom,
              availableUntil: input.availableUntil,
              imageUrl: input.imageUrl,
              sortOrder: input.sortOrder ?? undefined,
              refundWindowHours: input.refundWindowHours ?? undefined,
            },
          }),
        );
        await auditCatalogueEdit(tx, ctx, "catalogue.update", { type: "market_item", id }, {
          key: existing.key,
          changes: changedFields(input),
        });
        return tx.marketItem.findUniqueOrThrow({ ...query, where: { id } });
      });
    },
  }),
);

builder.mutationField("deleteMarketItem", (t) =>
  t.withAuth({ admin: true }).id({
    description: "Admin only. An item that was ever bought cannot be deleted (CONFLICT): deactivate it instead.",
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, args, ctx) => {
      const id = decodeId(args.id, "MarketItem");
      return prisma.$transaction(async (tx) => {
        const existing = await tx.marketItem.findUnique({ where: { id } });
        if (!existing) throw notFound("MarketItem");
        if ((await tx.userPurchase.count({ where: { itemId: id } })) > 0) {
          throw conflict("This item has been bought; deactivate it (isActive: false) instead of deleting it");
        }
        await withDatabaseErrors(() => tx.marketItem.delete({ where: { id } }));
        await auditCatalogueEdit(tx, ctx, "catalogue.delete", { type: "market_item", id }, { key: existing.key });
        return encodeId("MarketItem", id);
      });
    },
  }),
);
