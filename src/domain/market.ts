// The coin shop: buying an item, redeeming a purchase and refunding an unredeemed one.
//
// A purchase spends coins only (never XP), at the catalogue price times the quantity, under
// the wallet lock: one purchase per user at a time, so a concurrent purchase reads the
// balance this one leaves and the wallet never goes below zero. Its ledger key is
// `ledgerKeys.purchase(purchaseId)`; a client's idempotency key decides the purchase id, so
// a retry finds the first purchase instead of buying again.
import { createHash, randomUUID } from "node:crypto";
import type { MarketItem, UserPurchase } from "../generated/prisma/client.ts";
import { conflict, notFound } from "./errors.ts";
import type { Actor } from "./actor.ts";
import { isAvailableAt } from "./availability.ts";
import { emit, record } from "./events.ts";
import { ledgerKeys } from "./ledger-keys.ts";
import { lockWallet } from "./points.ts";
import type { Tx } from "./transaction.ts";

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

export type UnavailableReason = "INACTIVE" | "NOT_YET_AVAILABLE" | "NO_LONGER_AVAILABLE";

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

function unavailableReason(item: MarketItem, at: Date): UnavailableReason | null {
  if (isAvailableAt(item, at)) return null;
  if (!item.isActive) return "INACTIVE";
  if (item.availableFrom && at < item.availableFrom) return "NOT_YET_AVAILABLE";
  return "NO_LONGER_AVAILABLE";
}

/**
 * The id of the purchase a client's idempotency key stands for: a name-based UUID (RFC 9562
 * version 8, from SHA-256 of the user and the key), so the same user and key always name the
 * same purchase and two users' keys never collide. Without a key every purchase is new.
 */
export function purchaseIdFor(userId: string, clientKey: string | null | undefined): string {
  if (!clientKey) return randomUUID();
  const bytes = createHash("sha256").update(`market.purchase\0${userId}\0${clientKey}`).digest().subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x80;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export interface PurchaseInput {
  itemId: string;
  quantity: number;
  /** The client's retry key: the same key twice buys once (a different purchase under it is a CONFLICT). */
  idempotencyKey?: string | null;
}

export interface PurchaseOutcome {
  userId: string;
  purchaseId: string;
  transactionId: string | null;
  /** True when the idempotency key had bought this already: nothing changed. */
  duplicate: boolean;
}

/**
 * Buys `quantity` of an item in the caller's transaction: market transaction, purchase,
 * ledger entry (negative coins), wallet and `market.purchased`. Throws ItemUnavailableError
 * or InsufficientCoinsError (nothing written) when it cannot be bought.
 */
export async function purchaseItem(tx: Tx, actor: Actor, input: PurchaseInput): Promise<PurchaseOutcome> {
  const { userId } = actor;
  const { itemId, quantity } = input;
  const item = await tx.marketItem.findUnique({ where: { id: itemId } });
  if (!item) throw notFound("MarketItem");

  const wallet = await lockWallet(tx, userId);
  const purchaseId = purchaseIdFor(userId, input.idempotencyKey);
  const previous = await tx.userPurchase.findUnique({ where: { id: purchaseId } });
  if (previous) {
    if (previous.userId !== userId || previous.itemId !== itemId || previous.quantity !== quantity) {
      throw conflict("This idempotencyKey was already used for a different purchase");
    }
    return { userId, purchaseId, transactionId: previous.transactionId, duplicate: true };
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
  await tx.userPurchase.create({
    data: { id: purchaseId, userId, itemId, transactionId: transaction.id, quantity, priceCoins: item.priceCoins },
  });
  // The charge is the effect of the purchase: paid with its event, right after it.
  const charge = {
    userId,
    xp: 0,
    coins: -total,
    reason: "market.purchase",
    sourceType: "user_purchase",
    sourceId: purchaseId,
    idempotencyKey: ledgerKeys.purchase(purchaseId),
    metadata: { itemId, itemKey: item.key, quantity, priceCoins: item.priceCoins, transactionId: transaction.id },
  };
  const {
    awards: [award],
  } = await record(
    tx,
    { type: "market.purchased", userId, payload: { purchaseId, itemId, itemKey: item.key, price: total } },
    { once: purchaseId, awards: [charge] },
  );
  if (award.duplicate) throw conflict("This purchase was already charged");
  return { userId, purchaseId, transactionId: transaction.id, duplicate: false };
}

/**
 * Marks one of the actor's purchases used (CONFLICT when it was redeemed or refunded already):
 * `market.redeemed`. The conditional UPDATE waits for a concurrent refund's row lock and then
 * sees its refundedAt, so a purchase is never both.
 */
export async function redeemPurchase(tx: Tx, actor: Actor, purchaseId: string): Promise<UserPurchase> {
  const { userId } = actor;
  const purchase = await tx.userPurchase.findFirst({ where: { id: purchaseId, userId } });
  if (!purchase) throw notFound("UserPurchase");
  const { count } = await tx.userPurchase.updateMany({
    where: { id: purchaseId, userId, redeemedAt: null, refundedAt: null },
    data: { redeemedAt: new Date() },
  });
  if (count === 0) {
    const now = await tx.userPurchase.findUniqueOrThrow({ where: { id: purchaseId }, select: { refundedAt: true } });
    throw conflict(now.refundedAt ? "This purchase was refunded" : "This purchase was already redeemed");
  }
  await emit(tx, { type: "market.redeemed", userId, payload: { purchaseId, itemId: purchase.itemId } }, { once: purchaseId });
  return tx.userPurchase.findUniqueOrThrow({ where: { id: purchaseId } });
}

/** The refund window of a new item unless an admin sets one (the column default of 0018). */
export const DEFAULT_REFUND_WINDOW_HOURS = 24;
/** The longest refund window (CHECK market_items_refund_window_check). */
export const MAX_REFUND_WINDOW_HOURS = 720;

/** Until when a purchase of an item with this window may be refunded; null when never. */
export function refundableUntil(purchasedAt: Date, refundWindowHours: number): Date | null {
  return refundWindowHours > 0 ? new Date(purchasedAt.getTime() + refundWindowHours * 3_600_000) : null;
}

export interface RefundOutcome {
  userId: string;
  purchaseId: string;
  transactionId: string;
  coins: number;
}

/**
 * Returns one of the actor's unredeemed purchases inside its item's refund window, in the
 * caller's transaction: REFUND market transaction, purchase marked refunded, ledger entry
 * (`ledgerKeys.refund`, a reversal: it lowers total_spent), wallet and `market.refunded`.
 * Locks the wallet, then the purchase: two refunds of one purchase run in turn and the second
 * finds it refunded; a redeem waits on the purchase row and finds it refunded (or the refund
 * finds it redeemed). NOT_FOUND for another user's purchase; CONFLICT when redeemed, refunded
 * already, or past the window.
 */
export async function refundPurchase(tx: Tx, actor: Actor, purchaseId: string, now = new Date()): Promise<RefundOutcome> {
  const { userId } = actor;
  const wallet = await lockWallet(tx, userId);
  const locked = await tx.$queryRaw<Array<{ id: string }>>`
    SELECT id::text AS id FROM user_purchases WHERE id = ${purchaseId}::uuid AND user_id = ${userId}::uuid FOR UPDATE`;
  if (locked.length === 0) throw notFound("UserPurchase");
  const purchase = await tx.userPurchase.findUniqueOrThrow({ where: { id: purchaseId }, include: { item: true } });
  if (purchase.refundedAt) throw conflict("This purchase was already refunded");
  if (purchase.redeemedAt) throw conflict("A redeemed purchase cannot be refunded");
  const until = refundableUntil(purchase.createdAt, purchase.item.refundWindowHours);
  if (!until) throw conflict("This item cannot be refunded");
  if (now >= until) throw conflict(`The refund window of this purchase closed at ${until.toISOString()}`);

  const coins = purchase.quantity * purchase.priceCoins;
  const { item } = purchase;
  const transaction = await tx.marketTransaction.create({
    data: {
      userId,
      itemId: item.id,
      type: "REFUND",
      coins,
      balanceAfter: wallet.coins + coins,
      description: purchase.quantity === 1 ? `Refund: ${item.name}` : `Refund: ${purchase.quantity} × ${item.name}`,
    },
  });
  await tx.userPurchase.update({ where: { id: purchaseId }, data: { refundedAt: now, refundTransactionId: transaction.id } });
  // The coins back are the effect of the refund: paid with its event, right after it.
  const giveBack = {
    userId,
    xp: 0,
    coins,
    reason: "market.refund",
    sourceType: "user_purchase",
    sourceId: purchaseId,
    idempotencyKey: ledgerKeys.refund(purchaseId),
    reversal: true,
    metadata: {
      itemId: item.id,
      itemKey: item.key,
      quantity: purchase.quantity,
      priceCoins: purchase.priceCoins,
      transactionId: transaction.id,
    },
  };
  const {
    awards: [award],
  } = await record(
    tx,
    { type: "market.refunded", userId, payload: { purchaseId, itemId: item.id, coins } },
    { once: purchaseId, awards: [giveBack] },
  );
  if (award.duplicate) throw conflict("This purchase was already refunded");
  return { userId, purchaseId, transactionId: transaction.id, coins };
}
