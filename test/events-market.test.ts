// Market: market.purchased and market.redeemed through emit, the purchase's ledger key from
// ledgerKeys, retries buying once, refused or rolled-back actions leaving no event, and the
// inactive catalogue for admins only.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ledgerKeys } from "../src/domain/ledger-keys.ts";
import { purchaseIdFor, purchaseItem } from "../src/domain/market.ts";
import { awardPoints } from "../src/domain/points.ts";
import { codeOf, startTestGateway, type TestGateway, type TestUser } from "./support/gateway.ts";
import { eventsOf } from "./support/event-rows.ts";
import { rawId } from "./support/graphqlIds.ts";

let t: TestGateway;
let coffee: { id: string; key: string; priceCoins: number };

beforeAll(async () => {
  t = await startTestGateway();
  const items = await t.ok(`{ marketItems(first: 50) { edges { node { id key priceCoins } } } }`);
  coffee = items.marketItems.edges.map((edge: any) => edge.node).find((item: any) => item.key === "coffee-break");
});
afterAll(async () => {
  await t?.close();
});

async function richUser(coins = 100): Promise<TestUser> {
  const user = await t.createUser();
  await t.prisma.$transaction((tx) =>
    awardPoints(tx, { userId: user.userId, xp: 0, coins, reason: "test.grant", idempotencyKey: "test-grant" }),
  );
  return user;
}

const PURCHASE = `mutation($itemId: ID!, $quantity: Int, $key: String) {
  purchaseItem(itemId: $itemId, quantity: $quantity, idempotencyKey: $key) {
    __typename ... on PurchaseItemPayload { duplicate purchase { id } wallet { coins } }
  } }`;

const MARKET_EVENTS = ["market.purchased", "market.redeemed"] as const;

describe("market events", () => {
  it("a purchase emits market.purchased once, charged under ledgerKeys.purchase; a retry buys and emits nothing", async () => {
    const user = await richUser();
    const first = (await t.ok(PURCHASE, { itemId: coffee.id, quantity: 2, key: "k-1" }, { token: user.token })).purchaseItem;
    expect(first).toMatchObject({ __typename: "PurchaseItemPayload", duplicate: false, wallet: { coins: 100 - 2 * coffee.priceCoins } });
    const purchaseId = rawId(first.purchase.id);
    expect(purchaseId).toBe(purchaseIdFor(user.userId, "k-1"));

    const retry = (await t.ok(PURCHASE, { itemId: coffee.id, quantity: 2, key: "k-1" }, { token: user.token })).purchaseItem;
    expect(retry).toMatchObject({ duplicate: true, purchase: { id: first.purchase.id }, wallet: { coins: 100 - 2 * coffee.priceCoins } });

    const events = await eventsOf(t.prisma, user.userId, MARKET_EVENTS);
    expect(events.map((e) => [e.eventType, e.payload])).toEqual([
      ["market.purchased", { v: 1, purchaseId, itemId: rawId(coffee.id), itemKey: coffee.key, price: 2 * coffee.priceCoins }],
    ]);
    const charges = await t.prisma.pointsLedger.findMany({ where: { userId: user.userId, reason: "market.purchase" } });
    expect(charges.map((entry) => [entry.idempotencyKey, entry.coinDelta, entry.xpDelta])).toEqual([
      [ledgerKeys.purchase(purchaseId), -2 * coffee.priceCoins, 0],
    ]);
    const spent = await eventsOf(t.prisma, user.userId, ["points.awarded"]);
    expect(spent.map((e) => e.payload.ledgerKey)).toContain(ledgerKeys.purchase(purchaseId));

    // Another user's identical key is their own purchase.
    const other = await richUser();
    const theirs = (await t.ok(PURCHASE, { itemId: coffee.id, quantity: 2, key: "k-1" }, { token: other.token })).purchaseItem;
    expect(theirs.duplicate).toBe(false);
    expect(theirs.purchase.id).not.toBe(first.purchase.id);
  });

  it("redeeming emits market.redeemed once; a second redeem is a CONFLICT and emits nothing", async () => {
    const user = await richUser();
    const bought = (await t.ok(PURCHASE, { itemId: coffee.id }, { token: user.token })).purchaseItem;
    const purchaseId = rawId(bought.purchase.id);
    await t.ok(`mutation($id: ID!) { redeemPurchase(id: $id) { id } }`, { id: bought.purchase.id }, { token: user.token });
    expect(
      codeOf(await t.graphql(`mutation($id: ID!) { redeemPurchase(id: $id) { id } }`, { id: bought.purchase.id }, { token: user.token })),
    ).toBe("CONFLICT");
    const stranger = await t.createUser();
    expect(
      codeOf(
        await t.graphql(`mutation($id: ID!) { redeemPurchase(id: $id) { id } }`, { id: bought.purchase.id }, { token: stranger.token }),
      ),
    ).toBe("NOT_FOUND");
    const events = await eventsOf(t.prisma, user.userId, MARKET_EVENTS);
    expect(events.map((e) => [e.eventType, e.payload])).toEqual([
      ["market.purchased", expect.objectContaining({ purchaseId })],
      ["market.redeemed", { v: 1, purchaseId, itemId: rawId(coffee.id) }],
    ]);
    expect(await eventsOf(t.prisma, stranger.userId)).toHaveLength(0);
  });

  it("a refused purchase and a rolled-back purchase leave no event, row or charge", async () => {
    const poor = await t.createUser();
    const refused = (await t.ok(PURCHASE, { itemId: coffee.id }, { token: poor.token })).purchaseItem;
    expect(refused.__typename).toBe("InsufficientCoinsError");
    expect(await eventsOf(t.prisma, poor.userId)).toHaveLength(0);

    const user = await richUser();
    const before = await eventsOf(t.prisma, user.userId);
    await expect(
      t.prisma.$transaction(async (tx) => {
        await purchaseItem(tx, { userId: user.userId, timezone: "UTC" }, { itemId: rawId(coffee.id), quantity: 1, idempotencyKey: "rb" });
        throw new Error("rolled back");
      }),
    ).rejects.toThrow("rolled back");
    expect(await eventsOf(t.prisma, user.userId)).toHaveLength(before.length);
    expect(await t.prisma.userPurchase.count({ where: { userId: user.userId } })).toBe(0);
    expect((await t.prisma.userWallet.findUniqueOrThrow({ where: { userId: user.userId } })).coins).toBe(100);
    // The key was never used, so it buys now.
    const later = (await t.ok(PURCHASE, { itemId: coffee.id, key: "rb" }, { token: user.token })).purchaseItem;
    expect(later.duplicate).toBe(false);
  });
});

describe("marketItems(includeInactive)", () => {
  it("is for admins only: FORBIDDEN for a user, UNAUTHENTICATED signed out; the default list stays public", async () => {
    const item = await t.prisma.marketItem.create({
      data: { key: `hidden-${Date.now()}`, name: "Hidden", description: "", category: "test", priceCoins: 1, isActive: false },
    });
    const user = await t.createUser();
    const admin = await t.createUser({ admin: true });
    const query = `{ marketItems(first: 100, includeInactive: true) { edges { node { key } } } }`;
    const asUser = await t.graphql(query, {}, { token: user.token });
    expect(codeOf(asUser)).toBe("FORBIDDEN");
    expect(JSON.stringify(asUser)).not.toContain(item.key);
    expect(codeOf(await t.graphql(query))).toBe("UNAUTHENTICATED");
    const asAdmin = await t.ok(query, {}, { token: admin.token });
    expect(asAdmin.marketItems.edges.map((edge: any) => edge.node.key)).toContain(item.key);
    const publicList = await t.ok(`{ marketItems(first: 100) { edges { node { key } } } }`);
    expect(publicList.marketItems.edges.map((edge: any) => edge.node.key)).not.toContain(item.key);
    expect(publicList.marketItems.edges.length).toBeGreaterThan(0);
    await t.prisma.marketItem.delete({ where: { id: item.id } });
  });
});
