import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { awardPoints } from "../src/domain/points.ts";
import { startTestGateway, type TestGateway, type TestUser } from "./support/gateway.ts";
import { globalId, rawId } from "./support/graphqlIds.ts";

let t: TestGateway;
let alice: TestUser;
let bob: TestUser;
let admin: TestUser;
let coffeeId: string; // seeded: 15 coins
let bookFundId: string; // seeded: 300 coins

beforeAll(async () => {
  t = await startTestGateway();
  alice = await t.createUser();
  bob = await t.createUser();
  admin = await t.createUser({ admin: true });
  const items = await t.ok(`{ marketItems(first: 50) { edges { node { id key priceCoins } } } }`);
  const byKey = new Map(items.marketItems.edges.map((edge: any) => [edge.node.key, edge.node]));
  coffeeId = (byKey.get("coffee-break") as any).id;
  bookFundId = (byKey.get("book-fund") as any).id;
});
afterAll(async () => {
  await t?.close();
});

function errorCode(response: { errors?: Array<{ extensions?: { code?: string } }> }): string | undefined {
  return response.errors?.[0]?.extensions?.code;
}

async function giveCoins(user: TestUser, coins: number, key: string) {
  await t.prisma.$transaction((tx) => awardPoints(tx, { userId: user.userId, xp: 0, coins, reason: "test.grant", idempotencyKey: key }));
}

const PURCHASE = `
  mutation($itemId: ID!, $quantity: Int, $key: String) {
    purchaseItem(itemId: $itemId, quantity: $quantity, idempotencyKey: $key) {
      __typename
      ... on Error { message }
      ... on InsufficientCoinsError { required available }
      ... on ItemUnavailableError { reason availableFrom availableUntil }
      ... on PurchaseItemPayload {
        duplicate
        purchase { id quantity priceCoins totalCoins redeemedAt item { key } }
        transaction { id type coins balanceAfter }
        wallet { coins totalEarned totalSpent }
      }
    }
  }`;

async function purchase(user: TestUser, itemId: string, quantity = 1, key?: string) {
  const data = await t.ok(PURCHASE, { itemId, quantity, key }, { token: user.token });
  return data.purchaseItem;
}

/** Everything a purchase may touch, for "nothing changed" assertions. */
async function marketState(userId: string) {
  const [wallet, ledger, purchases, transactions, outbox] = await Promise.all([
    t.prisma.userWallet.findUnique({ where: { userId } }),
    t.prisma.pointsLedger.findMany({ where: { userId }, orderBy: { id: "asc" } }),
    t.prisma.userPurchase.count({ where: { userId } }),
    t.prisma.marketTransaction.count({ where: { userId } }),
    t.prisma.behaviorOutbox.count({ where: { userId } }),
  ]);
  return { wallet, ledger, purchases, transactions, outbox };
}

async function expectReconciled(userId: string) {
  const wallet = await t.prisma.userWallet.findUniqueOrThrow({ where: { userId } });
  const sums = await t.prisma.pointsLedger.aggregate({ where: { userId }, _sum: { coinDelta: true } });
  const spent = await t.prisma.pointsLedger.aggregate({ where: { userId, coinDelta: { lt: 0 } }, _sum: { coinDelta: true } });
  expect(wallet.coins).toBe(sums._sum.coinDelta ?? 0);
  expect(wallet.totalSpent).toBe(-(spent._sum.coinDelta ?? 0));
  expect(wallet.coins).toBe(wallet.totalEarned - wallet.totalSpent);
  expect(wallet.coins).toBeGreaterThanOrEqual(0);
}

async function createItem(input: Record<string, unknown>, user = admin) {
  return t.graphql(
    `mutation($input: CreateMarketItemInput!) { createMarketItem(input: $input) { id key priceCoins isAvailable availableFrom availableUntil } }`,
    { input },
    { token: user.token },
  );
}

describe("purchaseItem", () => {
  it("buys an item: purchase, transaction, ledger, wallet and outbox in one go, and the wallet reconciles with the ledger", async () => {
    await giveCoins(alice, 100, "grant-1");
    const result = await purchase(alice, coffeeId, 2, "buy-coffee-1");
    expect(result).toMatchObject({
      __typename: "PurchaseItemPayload",
      duplicate: false,
      purchase: { quantity: 2, priceCoins: 15, totalCoins: 30, redeemedAt: null, item: { key: "coffee-break" } },
      transaction: { type: "PURCHASE", coins: -30, balanceAfter: 70 },
      wallet: { coins: 70, totalEarned: 100, totalSpent: 30 },
    });
    const ledger = await t.prisma.pointsLedger.findFirstOrThrow({ where: { userId: alice.userId, reason: "market.purchase" } });
    expect(ledger).toMatchObject({ coinDelta: -30, xpDelta: 0, sourceType: "user_purchase" });
    const outbox = await t.prisma.behaviorOutbox.findMany({ where: { userId: alice.userId, eventType: "market.purchased" } });
    expect(outbox).toHaveLength(1);
    expect(outbox[0].payload).toMatchObject({ price: 30, itemKey: "coffee-break", purchaseId: rawId(result.purchase.id) });
    await expectReconciled(alice.userId);

    const lists = await t.ok(
      `query($item: ID!) {
        viewer {
          purchases { edges { node { id totalCoins } } }
          marketTransactions { edges { node { coins balanceAfter purchase { id } item { key } } } }
        }
        node(id: $item) { ... on MarketItem { myPurchases { edges { node { id } } } } }
      }`,
      { item: coffeeId },
      { token: alice.token },
    );
    expect(lists.viewer.purchases.edges.map((edge: any) => edge.node.id)).toEqual([result.purchase.id]);
    expect(lists.viewer.marketTransactions.edges[0].node).toMatchObject({
      coins: -30,
      balanceAfter: 70,
      purchase: { id: result.purchase.id },
      item: { key: "coffee-break" },
    });
    expect(lists.node.myPurchases.edges.map((edge: any) => edge.node.id)).toEqual([result.purchase.id]);
  });

  it("returns InsufficientCoinsError and changes nothing", async () => {
    const before = await marketState(alice.userId);
    const result = await purchase(alice, bookFundId);
    expect(result).toEqual({
      __typename: "InsufficientCoinsError",
      message: expect.stringContaining("300"),
      required: 300,
      available: 70,
    });
    expect(await marketState(alice.userId)).toEqual(before);
  });

  it("refuses a user without any wallet without creating one", async () => {
    const carol = await t.createUser();
    const result = await purchase(carol, coffeeId);
    expect(result).toMatchObject({ __typename: "InsufficientCoinsError", required: 15, available: 0 });
    expect(await marketState(carol.userId)).toEqual({ wallet: null, ledger: [], purchases: 0, transactions: 0, outbox: 0 });
  });

  it("returns ItemUnavailableError outside the availability window or when inactive, and changes nothing", async () => {
    const now = Date.now();
    const future = await t.prisma.marketItem.create({
      data: {
        key: "future-item",
        name: "Future",
        description: "",
        category: "test",
        priceCoins: 1,
        availableFrom: new Date(now + 86_400_000),
      },
    });
    const past = await t.prisma.marketItem.create({
      data: { key: "past-item", name: "Past", description: "", category: "test", priceCoins: 1, availableUntil: new Date(now - 1000) },
    });
    const inactive = await t.prisma.marketItem.create({
      data: { key: "inactive-item", name: "Off", description: "", category: "test", priceCoins: 1, isActive: false },
    });
    const before = await marketState(alice.userId);
    const cases: Array<[string, string]> = [
      [future.id, "NOT_YET_AVAILABLE"],
      [past.id, "NO_LONGER_AVAILABLE"],
      [inactive.id, "INACTIVE"],
    ];
    for (const [id, reason] of cases) {
      const result = await purchase(alice, globalId("MarketItem", id));
      expect(result.__typename).toBe("ItemUnavailableError");
      expect(result.reason).toBe(reason);
      expect(result.message.length).toBeGreaterThan(0);
    }
    expect((await purchase(alice, globalId("MarketItem", future.id))).availableFrom).toBe(future.availableFrom?.toISOString());
    expect(await marketState(alice.userId)).toEqual(before);
  });

  it("is idempotent per key: a retry returns the first purchase, a different purchase with the key is a CONFLICT", async () => {
    const first = await purchase(alice, coffeeId, 1, "retry-key");
    const before = await marketState(alice.userId);
    const again = await purchase(alice, coffeeId, 1, "retry-key");
    expect(again.duplicate).toBe(true);
    expect(again.purchase.id).toBe(first.purchase.id);
    expect(await marketState(alice.userId)).toEqual(before);
    const other = await t.graphql(PURCHASE, { itemId: coffeeId, quantity: 2, key: "retry-key" }, { token: alice.token });
    expect(errorCode(other)).toBe("CONFLICT");
    expect(await marketState(alice.userId)).toEqual(before);
    await expectReconciled(alice.userId);
  });

  it("never overspends under concurrent purchases: with coins for one, exactly one of two succeeds", async () => {
    const dave = await t.createUser();
    await giveCoins(dave, 15, "grant-dave");
    const results = await Promise.all([purchase(dave, coffeeId), purchase(dave, coffeeId)]);
    const kinds = results.map((result) => result.__typename).sort();
    expect(kinds).toEqual(["InsufficientCoinsError", "PurchaseItemPayload"]);
    expect(await t.prisma.userPurchase.count({ where: { userId: dave.userId } })).toBe(1);
    expect((await t.prisma.userWallet.findUniqueOrThrow({ where: { userId: dave.userId } })).coins).toBe(0);
    await expectReconciled(dave.userId);
  });

  it("validates arguments and requires sign-in", async () => {
    const before = await marketState(alice.userId);
    for (const quantity of [0, -1, 101]) {
      const response = await t.graphql(PURCHASE, { itemId: coffeeId, quantity }, { token: alice.token });
      expect(errorCode(response)).toBe("BAD_USER_INPUT");
    }
    const missing = await t.graphql(
      PURCHASE,
      { itemId: globalId("MarketItem", "00000000-0000-0000-0000-000000000001") },
      {
        token: alice.token,
      },
    );
    expect(errorCode(missing)).toBe("NOT_FOUND");
    const anonymous = await t.graphql(PURCHASE, { itemId: coffeeId });
    expect(errorCode(anonymous)).toBe("UNAUTHENTICATED");
    expect(await marketState(alice.userId)).toEqual(before);
  });
});

describe("redeemPurchase", () => {
  it("marks a purchase redeemed once", async () => {
    const bought = await purchase(alice, coffeeId);
    const redeemed = await t.ok(
      `mutation($id: ID!) { redeemPurchase(id: $id) { id redeemedAt } }`,
      { id: bought.purchase.id },
      { token: alice.token },
    );
    expect(redeemed.redeemPurchase.redeemedAt).not.toBeNull();
    const again = await t.graphql(
      `mutation($id: ID!) { redeemPurchase(id: $id) { id } }`,
      { id: bought.purchase.id },
      { token: alice.token },
    );
    expect(errorCode(again)).toBe("CONFLICT");
    const unredeemed = await t.ok(`{ viewer { purchases(redeemed: true) { edges { node { id } } } } }`, {}, { token: alice.token });
    expect(unredeemed.viewer.purchases.edges.map((edge: any) => edge.node.id)).toEqual([bought.purchase.id]);
  });
});

describe("market catalogue (admin)", () => {
  it("lets only admins create, update and delete items, with validation and audit rows", async () => {
    const input = { key: "test-mug", name: "Mug", description: "A mug", category: "merch", priceCoins: 5 };
    expect(errorCode(await createItem(input, alice))).toBe("FORBIDDEN");
    expect(errorCode(await createItem(input, { ...alice, token: "" }))).toBe("UNAUTHENTICATED");
    expect(errorCode(await createItem({ ...input, priceCoins: -1 }))).toBe("BAD_USER_INPUT");
    expect(errorCode(await createItem({ ...input, availableFrom: "2024-02-01T00:00:00Z", availableUntil: "2024-01-01T00:00:00Z" }))).toBe(
      "BAD_USER_INPUT",
    );
    expect(errorCode(await createItem({ ...input, key: "Not A Key" }))).toBe("BAD_USER_INPUT");
    expect(await t.prisma.marketItem.count({ where: { key: "test-mug" } })).toBe(0);

    const created = await createItem(input);
    expect(created.errors).toBeUndefined();
    const item = created.data.createMarketItem;
    expect(item).toMatchObject({ key: "test-mug", priceCoins: 5, isAvailable: true });
    expect(errorCode(await createItem(input))).toBe("CONFLICT");

    const update = await t.graphql(
      `mutation($id: ID!) { updateMarketItem(id: $id, input: { priceCoins: 7, availableUntil: "2000-01-01T00:00:00Z" }) { priceCoins isAvailable } }`,
      { id: item.id },
      { token: admin.token },
    );
    expect(update.data.updateMarketItem).toEqual({ priceCoins: 7, isAvailable: false });
    const badWindow = await t.graphql(
      `mutation($id: ID!) { updateMarketItem(id: $id, input: { availableFrom: "2001-01-01T00:00:00Z" }) { id } }`,
      { id: item.id },
      { token: admin.token },
    );
    expect(errorCode(badWindow)).toBe("BAD_USER_INPUT");
    const forbidden = await t.graphql(`mutation($id: ID!) { deleteMarketItem(id: $id) }`, { id: item.id }, { token: alice.token });
    expect(errorCode(forbidden)).toBe("FORBIDDEN");

    const deleted = await t.ok(`mutation($id: ID!) { deleteMarketItem(id: $id) }`, { id: item.id }, { token: admin.token });
    expect(deleted.deleteMarketItem).toBe(item.id);
    const audit = await t.prisma.auditLog.findMany({
      where: { userId: admin.userId, targetType: "market_item" },
      orderBy: { createdAt: "asc" },
    });
    expect(audit.map((row) => row.action).sort()).toEqual(["catalogue.create", "catalogue.delete", "catalogue.update"]);

    const bought = await t.graphql(`mutation($id: ID!) { deleteMarketItem(id: $id) }`, { id: coffeeId }, { token: admin.token });
    expect(errorCode(bought)).toBe("CONFLICT");
  });
});

describe("tenancy", () => {
  it("never shows another user's purchases or transactions, directly or through the catalogue", async () => {
    await giveCoins(bob, 50, "grant-bob");
    const bobPurchase = await purchase(bob, coffeeId);
    const bobIds = [bobPurchase.purchase.id, bobPurchase.transaction.id];

    const nodes = await t.ok(`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids: bobIds }, { token: alice.token });
    expect(nodes.nodes).toEqual([null, null]);
    const anonymous = await t.ok(`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids: bobIds });
    expect(anonymous.nodes).toEqual([null, null]);

    const alicePurchases = await t.ok(
      `query($item: ID!) {
        viewer { purchases(first: 100) { edges { node { id } } } marketTransactions(first: 100) { edges { node { id } } } }
        node(id: $item) { ... on MarketItem { myPurchases(first: 100) { edges { node { id } } } } }
        marketItems(first: 20) { edges { node { key myPurchases(first: 10) { edges { node { id } } } } } }
      }`,
      { item: coffeeId },
      { token: alice.token },
    );
    const visible = JSON.stringify(alicePurchases);
    for (const id of bobIds) expect(visible).not.toContain(id);
    expect(alicePurchases.node.myPurchases.edges.length).toBeGreaterThan(0);

    const signedOut = await t.ok(`query($item: ID!) { node(id: $item) { ... on MarketItem { myPurchases { edges { node { id } } } } } }`, {
      item: coffeeId,
    });
    expect(signedOut.node.myPurchases.edges).toEqual([]);

    const bobBefore = await marketState(bob.userId);
    const redeem = await t.graphql(
      `mutation($id: ID!) { redeemPurchase(id: $id) { id } }`,
      { id: bobPurchase.purchase.id },
      { token: alice.token },
    );
    expect(errorCode(redeem)).toBe("NOT_FOUND");
    expect(await marketState(bob.userId)).toEqual(bobBefore);
    expect((await t.prisma.userPurchase.findFirstOrThrow({ where: { userId: bob.userId } })).redeemedAt).toBeNull();
  });
});
