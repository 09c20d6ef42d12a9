/** Market purchases, each made only when the balance earned by then (from `ledger`) covers it. */
import { ledgerKeys } from "../../../domain/ledger-keys.ts";
import type { Catalogue, CatalogueMarketItem } from "../catalogue.ts";
import { plusSeconds, type LedgerDraft, type UserContext } from "../context.ts";

export async function writeMarket(ctx: UserContext, { itemByKey }: Catalogue, ledger: readonly LedgerDraft[]): Promise<LedgerDraft[]> {
  const { tx, userId, today, historyDays, at, past } = ctx;
  const purchasePlan = [
    { key: "coffee-break", at: at(past(Math.max(1, Math.round(historyDays * 0.25))), 20 * 60 + 15), redeem: true },
    { key: "theme-forest", at: at(past(Math.max(1, Math.round(historyDays * 0.1))), 21 * 60), redeem: false },
  ];
  const purchases: { item: CatalogueMarketItem; at: Date; balanceAfter: number; redeem: boolean }[] = [];
  for (const plan of purchasePlan) {
    const item = itemByKey.get(plan.key);
    if (!item || plan.at.getTime() >= at(today, 0).getTime()) continue;
    const balance =
      ledger.filter((e) => e.at.getTime() <= plan.at.getTime()).reduce((sum, e) => sum + e.coins, 0) -
      purchases.reduce((sum, p) => sum + p.item.priceCoins, 0);
    if (balance < item.priceCoins) continue;
    purchases.push({ item, at: plan.at, balanceAfter: balance - item.priceCoins, redeem: plan.redeem });
  }
  const rewards: LedgerDraft[] = [];
  if (purchases.length > 0) {
    const transactions = await tx.marketTransaction.createManyAndReturn({
      data: purchases.map((p) => ({
        userId,
        itemId: p.item.id,
        type: "PURCHASE" as const,
        coins: -p.item.priceCoins,
        balanceAfter: p.balanceAfter,
        description: `Bought ${p.item.name}`,
        createdAt: p.at,
      })),
      select: { id: true, itemId: true },
    });
    const transactionId = (itemId: string) => transactions.find((t) => t.itemId === itemId)!.id;
    await tx.userPurchase.createMany({
      data: purchases.map((p) => {
        const redeemedAt = plusSeconds(p.at, 14 * 3600);
        return {
          userId,
          itemId: p.item.id,
          transactionId: transactionId(p.item.id),
          quantity: 1,
          priceCoins: p.item.priceCoins,
          redeemedAt: p.redeem && redeemedAt.getTime() < at(today, 0).getTime() ? redeemedAt : null,
          createdAt: p.at,
        };
      }),
    });
    for (const p of purchases) {
      const id = transactionId(p.item.id);
      rewards.push({
        xp: 0,
        coins: -p.item.priceCoins,
        reason: "market.purchase",
        sourceType: "market_transaction",
        sourceId: id,
        idempotencyKey: ledgerKeys.purchase(id),
        at: p.at,
        metadata: { item: p.item.key, price: p.item.priceCoins },
      });
    }
  }

  return rewards;
}
