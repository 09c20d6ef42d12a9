// Admin-only writes of the market catalogue; each one leaves a `catalogue.*` audit row.
import { z } from "zod";
import * as marketAdmin from "../../domain/market-admin.ts";
import { builder } from "../builder.ts";
import { reread, runMutation } from "../mutation.ts";
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

builder.mutationField("createMarketItem", (t) =>
  t.withAuth({ admin: true }).prismaField({
    type: "MarketItem",
    description: "Admin only.",
    args: { input: t.arg({ type: CreateMarketItemInput, required: true }) },
    resolve: (query, _root, { input }, ctx) =>
      runMutation(ctx, (tx, actor) => marketAdmin.createMarketItem(tx, actor, input), reread("MarketItem", query)),
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
    resolve: (query, _root, args, ctx) => {
      const id = decodeId(args.id, "MarketItem");
      const { input } = args;
      refuseNulls(input, ["key", "name", "description", "category", "rarity", "priceCoins", "isActive", "sortOrder", "refundWindowHours"]);
      return runMutation(ctx, (tx, actor) => marketAdmin.updateMarketItem(tx, actor, id, input), reread("MarketItem", query));
    },
  }),
);

builder.mutationField("deleteMarketItem", (t) =>
  t.withAuth({ admin: true }).id({
    description: "Admin only. An item that was ever bought cannot be deleted (CONFLICT): deactivate it instead.",
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, args, ctx) => {
      const id = decodeId(args.id, "MarketItem");
      await runMutation(ctx, (tx, actor) => marketAdmin.deleteMarketItem(tx, actor, id));
      return encodeId("MarketItem", id);
    },
  }),
);
