import { z } from "zod";
import { prisma } from "../../db/index.ts";
import * as market from "../../domain/market.ts";
import { InsufficientCoinsError, ItemUnavailableError, type PurchaseOutcome } from "../../domain/market.ts";
import { builder } from "../builder.ts";
import { reread, runMutation } from "../mutation.ts";
import { ErrorInterface } from "../errors/types.ts";
import { decodeId } from "../ids.ts";
import { orderNewestFirst } from "../../domain/ordering.ts";
import { ownedByViewer, viewerIdOrNobody } from "../tenancy.ts";

export const MarketTransactionType = builder.enumType("MarketTransactionType", {
  values: ["PURCHASE", "REFUND"] as const,
});

builder.prismaNode("UserPurchase", {
  id: { field: "id" },
  findUnique: ownedByViewer,
  nullable: true,
  description: "An item the user bought.",
  fields: (t) => ({
    item: t.relation("item"),
    transaction: t.relation("transaction", { nullable: true }),
    quantity: t.exposeInt("quantity"),
    priceCoins: t.exposeInt("priceCoins", { description: "Unit price paid." }),
    totalCoins: t.int({
      select: { quantity: true, priceCoins: true },
      resolve: (purchase) => purchase.quantity * purchase.priceCoins,
    }),
    redeemedAt: t.expose("redeemedAt", { type: "DateTime", nullable: true }),
    refundedAt: t.expose("refundedAt", { type: "DateTime", nullable: true }),
    refundTransaction: t.relation("refundTransaction", { nullable: true, description: "The REFUND transaction, once refunded." }),
    refundableUntil: t.field({
      type: "DateTime",
      nullable: true,
      description: "The end of the refund window (purchase time + the item's refundWindowHours); null when the item is never refundable.",
      select: { createdAt: true, item: { select: { refundWindowHours: true } } },
      resolve: (purchase) => market.refundableUntil(purchase.createdAt, purchase.item.refundWindowHours),
    }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
  }),
});

builder.prismaNode("MarketTransaction", {
  id: { field: "id" },
  findUnique: ownedByViewer,
  nullable: true,
  description: "A coin movement caused by the market; coins is negative for a purchase.",
  fields: (t) => ({
    type: t.expose("type", { type: MarketTransactionType }),
    coins: t.exposeInt("coins"),
    balanceAfter: t.exposeInt("balanceAfter"),
    description: t.exposeString("description", { nullable: true }),
    item: t.relation("item", { nullable: true }),
    purchase: t.relation("purchase", { nullable: true, description: "The purchase a PURCHASE transaction paid for." }),
    refundOf: t.relation("refundOf", { nullable: true, description: "The purchase a REFUND transaction returned." }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
  }),
});

builder.prismaObjectField("User", "purchases", (t) =>
  t.relatedConnection("purchases", {
    cursor: "id",
    description: "Items the user bought, newest first.",
    args: { redeemed: t.arg.boolean({ description: "true: only redeemed ones; false: only unredeemed ones." }) },
    query: (args, ctx) => ({
      where: {
        userId: viewerIdOrNobody(ctx),
        ...(args.redeemed === true ? { redeemedAt: { not: null } } : args.redeemed === false ? { redeemedAt: null } : {}),
      },
      orderBy: orderNewestFirst(),
    }),
  }),
);

builder.prismaObjectField("User", "marketTransactions", (t) =>
  t.relatedConnection("marketTransactions", {
    cursor: "id",
    description: "The user's market coin movements, newest first.",
    query: (_args, ctx) => ({ where: { userId: viewerIdOrNobody(ctx) }, orderBy: orderNewestFirst() }),
  }),
);

builder.prismaObjectField("MarketItem", "myPurchases", (t) =>
  t.relatedConnection("purchases", {
    cursor: "id",
    description: "The viewer's own purchases of this item, newest first (empty when signed out).",
    query: (_args, ctx) => ({ where: { userId: viewerIdOrNobody(ctx) }, orderBy: orderNewestFirst() }),
  }),
);

// ---------------------------------------------------------------------------
// purchaseItem: typed error results for the refusals a client must handle.

export const ItemUnavailableReason = builder.enumType("ItemUnavailableReason", {
  values: ["INACTIVE", "NOT_YET_AVAILABLE", "NO_LONGER_AVAILABLE"] as const,
});

builder.objectType(InsufficientCoinsError, {
  name: "InsufficientCoinsError",
  description: "The wallet holds fewer coins than the purchase costs. Nothing was bought or charged.",
  interfaces: [ErrorInterface],
  fields: (t) => ({
    required: t.exposeInt("required", { description: "Coins the purchase costs." }),
    available: t.exposeInt("available", { description: "Coins in the wallet." }),
  }),
});

builder.objectType(ItemUnavailableError, {
  name: "ItemUnavailableError",
  description: "The item is inactive or outside its availability window. Nothing was bought or charged.",
  interfaces: [ErrorInterface],
  fields: (t) => ({
    reason: t.field({ type: ItemUnavailableReason, resolve: (error) => error.reason }),
    availableFrom: t.field({ type: "DateTime", nullable: true, resolve: (error) => error.availableFrom }),
    availableUntil: t.field({ type: "DateTime", nullable: true, resolve: (error) => error.availableUntil }),
  }),
});

const PurchaseItemPayload = builder.objectRef<PurchaseOutcome>("PurchaseItemPayload").implement({
  description: "A completed purchase, and the wallet after it.",
  fields: (t) => ({
    purchase: t.prismaField({
      type: "UserPurchase",
      resolve: (query, outcome) => prisma.userPurchase.findUniqueOrThrow({ ...query, where: { id: outcome.purchaseId } }),
    }),
    transaction: t.prismaField({
      type: "MarketTransaction",
      nullable: true,
      resolve: (query, outcome) =>
        outcome.transactionId ? prisma.marketTransaction.findUnique({ ...query, where: { id: outcome.transactionId } }) : null,
    }),
    wallet: t.prismaField({
      type: "UserWallet",
      resolve: (query, outcome) => prisma.userWallet.findUniqueOrThrow({ ...query, where: { userId: outcome.userId } }),
    }),
    duplicate: t.exposeBoolean("duplicate", {
      description: "True when the idempotencyKey had been used for this purchase already: nothing new was bought.",
    }),
  }),
});

builder.mutationField("purchaseItem", (t) =>
  t.withAuth({ signedIn: true }).field({
    type: PurchaseItemPayload,
    description:
      "Buys `quantity` of an item with coins, in one transaction: purchase, market transaction, ledger entry, wallet and `market.purchased` event. " +
      "Retrying with the same idempotencyKey returns the first purchase (duplicate: true).",
    errors: {
      types: [InsufficientCoinsError, ItemUnavailableError],
      directResult: true,
      union: { name: "PurchaseItemResult" },
    },
    args: {
      itemId: t.arg.id({ required: true }),
      quantity: t.arg.int({ defaultValue: 1, validate: z.number().int().min(1).max(100) }),
      idempotencyKey: t.arg.string({ validate: z.string().min(1).max(200).nullish() }),
    },
    resolve: (_root, args, ctx) => {
      const itemId = decodeId(args.itemId, "MarketItem", "itemId");
      return runMutation(ctx, (tx, actor) =>
        market.purchaseItem(tx, actor, { itemId, quantity: args.quantity ?? 1, idempotencyKey: args.idempotencyKey }),
      );
    },
  }),
);

builder.mutationField("redeemPurchase", (t) =>
  t.withAuth({ signedIn: true }).prismaField({
    type: "UserPurchase",
    description: "Marks one of the viewer's purchases as used. Redeeming twice, or a refunded purchase, is a CONFLICT.",
    args: { id: t.arg.id({ required: true }) },
    resolve: (query, _root, args, ctx) => {
      const id = decodeId(args.id, "UserPurchase");
      return runMutation(ctx, (tx, actor) => market.redeemPurchase(tx, actor, id), reread("UserPurchase", query, id));
    },
  }),
);

const RefundPurchasePayload = builder.objectRef<market.RefundOutcome>("RefundPurchasePayload").implement({
  description: "A refunded purchase, its REFUND transaction and the wallet after it.",
  fields: (t) => ({
    purchase: t.prismaField({
      type: "UserPurchase",
      resolve: (query, outcome) => prisma.userPurchase.findUniqueOrThrow({ ...query, where: { id: outcome.purchaseId } }),
    }),
    transaction: t.prismaField({
      type: "MarketTransaction",
      resolve: (query, outcome) => prisma.marketTransaction.findUniqueOrThrow({ ...query, where: { id: outcome.transactionId } }),
    }),
    wallet: t.prismaField({
      type: "UserWallet",
      resolve: (query, outcome) => prisma.userWallet.findUniqueOrThrow({ ...query, where: { userId: outcome.userId } }),
    }),
  }),
});

builder.mutationField("refundPurchase", (t) =>
  t.withAuth({ signedIn: true }).field({
    type: RefundPurchasePayload,
    description:
      "Returns one of the viewer's unredeemed purchases inside its refund window (see refundableUntil) for the coins paid, in one transaction: " +
      "REFUND transaction, purchase, ledger entry, wallet and `market.refunded`. Once per purchase: a second refund, a redeemed purchase " +
      "or a closed window is a CONFLICT.",
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => {
      const id = decodeId(args.id, "UserPurchase");
      return runMutation(ctx, (tx, actor) => market.refundPurchase(tx, actor, id));
    },
  }),
);
