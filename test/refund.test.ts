// refundPurchase: an unredeemed purchase inside its item's window comes back for its coins,
// exactly once, with the wallet and the ledger reconciled — also when refunds race each
// other or a redeem (real concurrency on PostgreSQL; PGlite runs them one after the other).
import { describe, expect, it } from "vitest";
import { ledgerKeys } from "../src/domain/ledger-keys.ts";
import { awardPoints } from "../src/domain/points.ts";
import { eventsOf, onlyEventOf } from "./support/event-assertions.ts";
import { codeOf, startGatewayWithUsers, type TestUser } from "./support/gateway.ts";
import { globalId, rawId } from "./support/graphqlIds.ts";

const { t, admin } = await startGatewayWithUsers({ admin: true });

const items = await t.ok(`{ marketItems(first: 50) { edges { node { id key priceCoins refundWindowHours } } } }`);
const coffee = items.marketItems.edges.map((edge: any) => edge.node).find((node: any) => node.key === "coffee-break");

const PURCHASE = `mutation($itemId: ID!, $quantity: Int) {
  purchaseItem(itemId: $itemId, quantity: $quantity) { __typename ... on PurchaseItemPayload { purchase { id } } } }`;
const REFUND = `mutation($id: ID!) {
  refundPurchase(id: $id) {
    purchase { id refundedAt redeemedAt refundableUntil refundTransaction { id type } }
    transaction { id type coins balanceAfter refundOf { id } item { key } }
    wallet { coins totalEarned totalSpent }
  } }`;
const REDEEM = `mutation($id: ID!) { redeemPurchase(id: $id) { id redeemedAt } }`;

async function userWithCoins(coins: number): Promise<TestUser> {
  const user = await t.createUser();
  await t.prisma.$transaction((tx) =>
    awardPoints(tx, { userId: user.userId, xp: 0, coins, reason: "test.grant", idempotencyKey: `grant:${user.userId}` }),
  );
  return user;
}

async function buy(user: TestUser, itemId = coffee.id, quantity = 1): Promise<string> {
  const result = await t.ok(PURCHASE, { itemId, quantity }, { token: user.token });
  expect(result.purchaseItem.__typename).toBe("PurchaseItemPayload");
  return result.purchaseItem.purchase.id;
}

/** The wallet is the sum of the ledger, earned − spent, never negative; refunds and REFUND rows agree. */
async function expectReconciled(userId: string) {
  const wallet = await t.prisma.userWallet.findUniqueOrThrow({ where: { userId } });
  const sum = await t.prisma.pointsLedger.aggregate({ where: { userId }, _sum: { coinDelta: true } });
  expect(wallet.coins).toBe(sum._sum.coinDelta ?? 0);
  expect(wallet.coins).toBe(wallet.totalEarned - wallet.totalSpent);
  expect(wallet.coins).toBeGreaterThanOrEqual(0);
  const refunded = await t.prisma.userPurchase.findMany({ where: { userId, refundedAt: { not: null } } });
  const refunds = await t.prisma.marketTransaction.findMany({ where: { userId, type: "REFUND" } });
  const refundLedger = await t.prisma.pointsLedger.findMany({ where: { userId, reason: "market.refund" } });
  expect(refunds).toHaveLength(refunded.length);
  expect(refundLedger.map((entry) => entry.idempotencyKey).sort()).toEqual(
    refunded.map((purchase) => ledgerKeys.refund(purchase.id)).sort(),
  );
  expect(await eventsOf(t.prisma, userId, "market.refunded")).toHaveLength(refunded.length);
  // No purchase is both redeemed and refunded.
  expect(await t.prisma.userPurchase.count({ where: { userId, refundedAt: { not: null }, redeemedAt: { not: null } } })).toBe(0);
}

function marketState(userId: string) {
  return Promise.all([
    t.prisma.userWallet.findUnique({ where: { userId } }),
    t.prisma.pointsLedger.count({ where: { userId } }),
    t.prisma.userPurchase.findMany({ where: { userId }, orderBy: { id: "asc" } }),
    t.prisma.marketTransaction.count({ where: { userId } }),
    t.prisma.behaviorOutbox.count({ where: { userId } }),
  ]);
}

describe("refundPurchase", () => {
  it("gives back the coins paid: REFUND transaction, refunded purchase, ledger reversal, wallet and market.refunded", async () => {
    expect(coffee.refundWindowHours).toBe(24);
    const user = await userWithCoins(100);
    const id = await buy(user, coffee.id, 2);
    const result = (await t.ok(REFUND, { id }, { token: user.token })).refundPurchase;
    expect(result.purchase).toMatchObject({ id, redeemedAt: null, refundTransaction: { id: result.transaction.id, type: "REFUND" } });
    expect(result.purchase.refundedAt).not.toBeNull();
    expect(result.transaction).toMatchObject({
      type: "REFUND",
      coins: 30,
      balanceAfter: 100,
      refundOf: { id },
      item: { key: "coffee-break" },
    });
    // A refund takes the spend back: coins return and total_spent falls, total_earned stays.
    expect(result.wallet).toEqual({ coins: 100, totalEarned: 100, totalSpent: 0 });
    const entry = await t.prisma.pointsLedger.findFirstOrThrow({
      where: { userId: user.userId, idempotencyKey: ledgerKeys.refund(rawId(id)) },
    });
    expect(entry).toMatchObject({ coinDelta: 30, xpDelta: 0, reason: "market.refund", sourceType: "user_purchase", sourceId: rawId(id) });
    expect(await onlyEventOf(t.prisma, user.userId, "market.refunded")).toEqual({
      purchaseId: rawId(id),
      itemId: rawId(coffee.id),
      coins: 30,
    });
    await expectReconciled(user.userId);
  });

  it("refuses a second refund, a redeemed purchase, a closed window and a never-refundable item (CONFLICT), changing nothing", async () => {
    const user = await userWithCoins(200);
    const refunded = await buy(user);
    await t.ok(REFUND, { id: refunded }, { token: user.token });
    const redeemed = await buy(user);
    await t.ok(REDEEM, { id: redeemed }, { token: user.token });
    const old = await buy(user);
    await t.prisma.userPurchase.update({ where: { id: rawId(old) }, data: { createdAt: new Date(Date.now() - 25 * 3_600_000) } });
    const created = await t.ok(
      `mutation($input: CreateMarketItemInput!) { createMarketItem(input: $input) { id refundWindowHours } }`,
      {
        input: {
          key: "final-sale",
          name: "Final sale",
          description: "No returns",
          category: "treats",
          priceCoins: 5,
          refundWindowHours: 0,
        },
      },
      { token: admin.token },
    );
    expect(created.createMarketItem.refundWindowHours).toBe(0);
    const finalSale = await buy(user, created.createMarketItem.id);
    const before = await marketState(user.userId);
    for (const id of [refunded, redeemed, old, finalSale]) {
      const response = await t.graphql(REFUND, { id }, { token: user.token });
      expect(codeOf(response), response.errors?.[0]?.message).toBe("CONFLICT");
    }
    expect(await marketState(user.userId)).toEqual(before);
    // A refunded purchase cannot be redeemed either.
    expect(codeOf(await t.graphql(REDEEM, { id: refunded }, { token: user.token }))).toBe("CONFLICT");
    await expectReconciled(user.userId);
  });

  it("validates the refund window of an item (0 to 720 hours)", async () => {
    for (const refundWindowHours of [-1, 721]) {
      const response = await t.graphql(
        `mutation($input: CreateMarketItemInput!) { createMarketItem(input: $input) { id } }`,
        { input: { key: `bad-window-${refundWindowHours}`, name: "x", description: "x", category: "x", priceCoins: 1, refundWindowHours } },
        { token: admin.token },
      );
      expect(codeOf(response)).toBe("BAD_USER_INPUT");
    }
    expect(await t.prisma.marketItem.count({ where: { key: { startsWith: "bad-window" } } })).toBe(0);
  });

  it("reads another user's purchase as NOT_FOUND and changes neither user", async () => {
    const owner = await userWithCoins(50);
    const stranger = await userWithCoins(50);
    const id = await buy(owner);
    const ownerBefore = await marketState(owner.userId);
    const strangerBefore = await marketState(stranger.userId);
    expect(codeOf(await t.graphql(REFUND, { id }, { token: stranger.token }))).toBe("NOT_FOUND");
    expect(
      codeOf(await t.graphql(REFUND, { id: globalId("UserPurchase", "00000000-0000-4000-8000-000000000000") }, { token: stranger.token })),
    ).toBe("NOT_FOUND");
    expect(codeOf(await t.graphql(REFUND, { id }))).toBe("UNAUTHENTICATED");
    expect(await marketState(owner.userId)).toEqual(ownerBefore);
    expect(await marketState(stranger.userId)).toEqual(strangerBefore);
  });

  it("two refunds of one purchase racing: exactly one wins, paid once; wallet and ledger reconcile", async () => {
    const user = await userWithCoins(150);
    const ids = await Promise.all([buy(user), buy(user), buy(user), buy(user)]);
    for (const id of ids) {
      const results = await Promise.all([
        t.graphql(REFUND, { id }, { token: user.token }),
        t.graphql(REFUND, { id }, { token: user.token }),
      ]);
      expect(results.map((result) => codeOf(result) ?? "OK").sort()).toEqual(["CONFLICT", "OK"]);
    }
    const wallet = await t.prisma.userWallet.findUniqueOrThrow({ where: { userId: user.userId } });
    expect(wallet.coins).toBe(150);
    expect(await t.prisma.pointsLedger.count({ where: { userId: user.userId, reason: "market.refund" } })).toBe(ids.length);
    await expectReconciled(user.userId);
  });

  it("a refund racing a redeem of the same purchase: exactly one wins; wallet and ledger reconcile", async () => {
    const user = await userWithCoins(150);
    const ids = await Promise.all([buy(user), buy(user), buy(user), buy(user)]);
    let refundsWon = 0;
    for (const id of ids) {
      const [refund, redeem] = await Promise.all([
        t.graphql(REFUND, { id }, { token: user.token }),
        t.graphql(REDEEM, { id }, { token: user.token }),
      ]);
      expect([codeOf(refund) ?? "OK", codeOf(redeem) ?? "OK"].sort()).toEqual(["CONFLICT", "OK"]);
      if (!codeOf(refund)) refundsWon += 1;
      const row = await t.prisma.userPurchase.findUniqueOrThrow({ where: { id: rawId(id) } });
      expect((row.refundedAt === null) !== (row.redeemedAt === null)).toBe(true);
    }
    const wallet = await t.prisma.userWallet.findUniqueOrThrow({ where: { userId: user.userId } });
    expect(wallet.coins).toBe(150 - 15 * (ids.length - refundsWon));
    await expectReconciled(user.userId);
  });
});
