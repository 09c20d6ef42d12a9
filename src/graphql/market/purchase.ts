import { randomUUID } from "node:crypto";
import { z } from "zod";
import { prisma } from "../../db/index.ts";
import { awardPoints } from "../../domain/points.ts";
import type { MarketItem } from "../../generated/prisma/client.ts";
import { builder } from "../builder.ts";
import { conflict, notFound } from "../errors/index.ts";
import { ErrorInterface } from "../errors/types.ts";
import { decodeId } from "../ids.ts";
import { orderNewestFirst } from "../ordering.ts";
import { ownedByViewer, viewerIdOrNobody } from "../tenancy.ts";
import { isItemAvailable } from "./market-item.ts";

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
    purchase: t.relation("purchase", { nullable: true }),
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

export class InsufficientCoinsError extends Error {
  readonly required: number;
  readonly available: number;
  constructor(required: number, available: number) {
    super(`This purchase costs ${required} coins; the wallet holds ${available}`);
    this.name = "InsufficientCoinsError";
    this.required = required;
    this.available = available;
  }
}

export const ItemUnavailableReason = builder.enumType("ItemUnavailableReason", {
  values: ["INACTIVE", "NOT_YET_AVAILABLE", "NO_LONGER_AVAILABLE"] as const,
});
type UnavailableReason = "INACTIVE" | "NOT_YET_AVAILABLE" | "NO_LONGER_AVAILABLE";

export class ItemUnavailableError extends Error {
  readonly reason: UnavailableReason;
  readonly availableFrom: Date | null;
  readonly availableUntil: Date | null;
  constructor(reason: UnavailableReason, item: Pick<MarketItem, "availableFrom" | "availableUntil">) {
    super(
      reason === "INACTIVE"
        ? "This item is not for sale"
        : reason === "NOT_YET_AVAILABLE"
          ? "This item is not for sale yet"
          : "This item is no longer for sale",
    );
    this.name = "ItemUnavailableError";
    this.reason = reason;
    this.availableFrom = item.availableFrom;
    this.availableUntil = item.availableUntil;
  }
}

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

function unavailableReason(item: MarketItem, at: Date): UnavailableReason | null {
  if (isItemAvailable(item, at)) return null;
  if (!item.isActive) return "INACTIVE";
  if (item.availableFrom && at < item.availableFrom) return "NOT_YET_AVAILABLE";
  return "NO_LONGER_AVAILABLE";
}

interface PurchaseOutcome {
  userId: string;
  purchaseId: string;
  transactionId: string | null;
  duplicate: boolean;
}

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
        outcome.transactionId
          ? prisma.marketTransaction.findUnique({ ...query, where: { id: outcome.transactionId } })
          : null,
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

/** Namespaces: a client's key can never collide with a server-generated one or another domain's. */
function purchaseKey(clientKey: string | null | undefined): string {
  return clientKey ? `purchase:client:${clientKey}` : `purchase:${randomUUID()}`;
}

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
    resolve: async (_root, args, ctx) => {
      const itemId = decodeId(args.itemId, "MarketItem", "itemId");
      const quantity = args.quantity ?? 1;
      const userId = ctx.viewer.userId;
      const idempotencyKey = purchaseKey(args.idempotencyKey);
      return prisma.$transaction(async (tx): Promise<PurchaseOutcome> => {
        const item = await tx.marketItem.findUnique({ where: { id: itemId } });
        if (!item) throw notFound("MarketItem");

        // One purchase per user at a time: the wallet row (created empty when missing) is
        // locked until commit, so a concurrent purchase reads the balance this one leaves.
        await tx.userWallet.createMany({ data: [{ userId }], skipDuplicates: true });
        const [wallet] = await tx.$queryRaw<Array<{ coins: number }>>`
          SELECT coins FROM user_wallet WHERE user_id = ${userId}::uuid FOR UPDATE`;

        const previous = await tx.pointsLedger.findUnique({
          where: { userId_idempotencyKey: { userId, idempotencyKey } },
        });
        if (previous) {
          const purchase =
            previous.reason === "market.purchase" && previous.sourceId
              ? await tx.userPurchase.findFirst({ where: { id: previous.sourceId, userId } })
              : null;
          if (!purchase || purchase.itemId !== itemId || purchase.quantity !== quantity) {
            throw conflict("This idempotencyKey was already used for a different purchase");
          }
          return { userId, purchaseId: purchase.id, transactionId: purchase.transactionId, duplicate: true };
        }

        const reason = unavailableReason(item, new Date());
        if (reason) throw new ItemUnavailableError(reason, item);
        const total = item.priceCoins * quantity;
        if (wallet.coins < total) throw new InsufficientCoinsError(total, wallet.coins);

        const transaction = await tx.marketTransaction.create({
          data: {
            userId,
            itemId,
            type: "PURCHASE",
            coins: -total,
            balanceAfter: wallet.coins - total,
            description: quantity === 1 ? item.name : `${quantity} × ${item.name}`,
          },
        });
        const purchase = await tx.userPurchase.create({
          data: { userId, itemId, transactionId: transaction.id, quantity, priceCoins: item.priceCoins },
        });
        const award = await awardPoints(tx, {
          userId,
          xp: 0,
          coins: -total,
          reason: "market.purchase",
          sourceType: "user_purchase",
          sourceId: purchase.id,
          idempotencyKey,
          metadata: { itemId, itemKey: item.key, quantity, priceCoins: item.priceCoins, transactionId: transaction.id },
        });
        if (award.duplicate) throw conflict("This idempotencyKey was already used");
        await tx.behaviorOutbox.create({
          data: {
            userId,
            eventType: "market.purchased",
            idempotencyKey: `market.purchased:${purchase.id}`,
            payload: {
              purchaseId: purchase.id,
              itemId,
              itemKey: item.key,
              quantity,
              priceCoins: item.priceCoins,
              totalCoins: total,
              transactionId: transaction.id,
              ledgerId: award.entry.id,
              balanceAfter: award.wallet.coins,
            },
          },
        });
        return { userId, purchaseId: purchase.id, transactionId: transaction.id, duplicate: false };
      });
    },
  }),
);

builder.mutationField("redeemPurchase", (t) =>
  t.withAuth({ signedIn: true }).prismaField({
    type: "UserPurchase",
    description: "Marks one of the viewer's purchases as used. Redeeming twice is a CONFLICT.",
    args: { id: t.arg.id({ required: true }) },
    resolve: async (query, _root, args, ctx) => {
      const id = decodeId(args.id, "UserPurchase");
      const userId = ctx.viewer.userId;
      return prisma.$transaction(async (tx) => {
        const purchase = await tx.userPurchase.findFirst({ where: { id, userId } });
        if (!purchase) throw notFound("UserPurchase");
        const { count } = await tx.userPurchase.updateMany({
          where: { id, userId, redeemedAt: null },
          data: { redeemedAt: new Date() },
        });
        if (count === 0) throw conflict("This purchase was already redeemed");
        await tx.behaviorOutbox.create({
          data: {
            userId,
            eventType: "market.redeemed",
            idempotencyKey: `market.redeemed:${id}`,
            payload: { purchaseId: id, itemId: purchase.itemId },
          },
        });
        return tx.userPurchase.findUniqueOrThrow({ ...query, where: { id } });
      });
    },
  }),
);
