// Admin edits of the market's catalogue; each leaves a `catalogue.*` audit row. Past purchases
// keep the price they were bought at, and an item that was ever bought is never deleted.
import type { ItemRarity, MarketItem } from "../generated/prisma/client.ts";
import type { Actor } from "./actor.ts";
import { auditCatalogueEdit, changedFields } from "./audit.ts";
import { badInput, conflict, notFound, withDatabaseErrors } from "./errors.ts";
import { DEFAULT_REFUND_WINDOW_HOURS } from "./market.ts";
import type { Tx } from "./transaction.ts";

export interface MarketItemInput {
  key: string;
  name: string;
  description: string;
  category: string;
  rarity?: ItemRarity | null;
  priceCoins: number;
  isActive?: boolean | null;
  availableFrom?: Date | null;
  availableUntil?: Date | null;
  imageUrl?: string | null;
  sortOrder?: number | null;
  refundWindowHours?: number | null;
}

/** Only the fields given change; null clears the window's ends and the image (the resolver refuses other nulls). */
export type MarketItemChanges = Partial<MarketItemInput>;

function checkWindow(from: Date | null, until: Date | null): void {
  if (from && until && from >= until) throw badInput("availableFrom must be before availableUntil", "availableUntil");
}

export async function createMarketItem(tx: Tx, actor: Actor, input: MarketItemInput): Promise<MarketItem> {
  checkWindow(input.availableFrom ?? null, input.availableUntil ?? null);
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
  await auditCatalogueEdit(tx, actor, "catalogue.create", { type: "market_item", id: item.id }, { key: item.key });
  return item;
}

export async function updateMarketItem(tx: Tx, actor: Actor, id: string, input: MarketItemChanges): Promise<MarketItem> {
  const existing = await tx.marketItem.findUnique({ where: { id } });
  if (!existing) throw notFound("MarketItem");
  checkWindow(
    input.availableFrom === undefined ? existing.availableFrom : input.availableFrom,
    input.availableUntil === undefined ? existing.availableUntil : input.availableUntil,
  );
  const item = await withDatabaseErrors(() =>
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
  await auditCatalogueEdit(
    tx,
    actor,
    "catalogue.update",
    { type: "market_item", id },
    { key: existing.key, changes: changedFields(input) },
  );
  return item;
}

/** CONFLICT for an item that was ever bought: deactivate it instead. */
export async function deleteMarketItem(tx: Tx, actor: Actor, id: string): Promise<void> {
  const existing = await tx.marketItem.findUnique({ where: { id } });
  if (!existing) throw notFound("MarketItem");
  if ((await tx.userPurchase.count({ where: { itemId: id } })) > 0) {
    throw conflict("This item has been bought; deactivate it (isActive: false) instead of deleting it");
  }
  await withDatabaseErrors(() => tx.marketItem.delete({ where: { id } }));
  await auditCatalogueEdit(tx, actor, "catalogue.delete", { type: "market_item", id }, { key: existing.key });
}
