// Admin edits of the market's catalogue; each leaves a `catalogue.*` audit row (./catalogue-edit.ts).
// Past purchases keep the price they were bought at, and an item that was ever bought is never deleted.
import type { ItemRarity, MarketItem } from "../generated/prisma/client.ts";
import type { Actor } from "./actor.ts";
import { changedFields } from "./audit.ts";
import { catalogueTable, checkAvailability, createCatalogueRow, deleteCatalogueRow, updateCatalogueRow } from "./catalogue-edit.ts";
import { conflict } from "./errors.ts";
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

const items = catalogueTable<MarketItem>("MarketItem", "market_item", (tx) => tx.marketItem);

const WINDOW_MESSAGE = "availableFrom must be before availableUntil";

export async function createMarketItem(tx: Tx, actor: Actor, input: MarketItemInput): Promise<MarketItem> {
  checkAvailability(input, null, WINDOW_MESSAGE);
  const { key, description, priceCoins } = input;
  return createCatalogueRow(tx, actor, items, () =>
    tx.marketItem.create({
      data: {
        key,
        name: input.name.trim(),
        description,
        category: input.category.trim(),
        rarity: input.rarity ?? "COMMON",
        priceCoins,
        isActive: input.isActive ?? true,
        availableFrom: input.availableFrom ?? null,
        availableUntil: input.availableUntil ?? null,
        imageUrl: input.imageUrl ?? null,
        sortOrder: input.sortOrder ?? 0,
        refundWindowHours: input.refundWindowHours ?? DEFAULT_REFUND_WINDOW_HOURS,
      },
    }),
  );
}

export function updateMarketItem(tx: Tx, actor: Actor, id: string, input: MarketItemChanges): Promise<MarketItem> {
  return updateCatalogueRow(tx, actor, items, id, { changes: changedFields(input) }, (before) => {
    checkAvailability(input, before, WINDOW_MESSAGE);
    const { availableFrom, availableUntil, imageUrl } = input;
    return tx.marketItem.update({
      where: { id },
      data: {
        key: input.key ?? undefined,
        name: input.name?.trim() ?? undefined,
        description: input.description ?? undefined,
        category: input.category?.trim() ?? undefined,
        rarity: input.rarity ?? undefined,
        priceCoins: input.priceCoins ?? undefined,
        isActive: input.isActive ?? undefined,
        ...{ availableFrom, availableUntil, imageUrl },
        sortOrder: input.sortOrder ?? undefined,
        refundWindowHours: input.refundWindowHours ?? undefined,
      },
    });
  });
}

/** CONFLICT for an item that was ever bought: deactivate it instead. */
export function deleteMarketItem(tx: Tx, actor: Actor, id: string): Promise<void> {
  return deleteCatalogueRow(tx, actor, items, id, async () => {
    if ((await tx.userPurchase.count({ where: { itemId: id } })) > 0) {
      throw conflict("This item has been bought; deactivate it (isActive: false) instead of deleting it");
    }
  });
}
