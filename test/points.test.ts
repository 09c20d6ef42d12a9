// The shared points and streak helpers (src/domain/points.ts, streaks.ts, levels.ts) against a real database.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { levelForXp, xpForLevel } from "../src/domain/levels.ts";
import { awardPoints, type Award } from "../src/domain/points.ts";
import { recordStreakDay } from "../src/domain/streaks.ts";
import { startTestGateway, type TestGateway } from "./support/gateway.ts";

let t: TestGateway;

beforeAll(async () => {
  t = await startTestGateway();
});
afterAll(async () => {
  await t?.close();
});

const award = (input: Omit<Award, "reason"> & { reason?: string }) =>
  t.prisma.$transaction((tx) => awardPoints(tx, { reason: "test", ...input }));

async function state(userId: string) {
  const [progress, wallet, ledger, outbox] = await Promise.all([
    t.prisma.userProgress.findUnique({ where: { userId } }),
    t.prisma.userWallet.findUnique({ where: { userId } }),
    t.prisma.pointsLedger.findMany({ where: { userId } }),
    t.prisma.behaviorOutbox.count({ where: { userId, eventType: "points.awarded" } }),
  ]);
  return { progress, wallet, ledger, outbox };
}

async function expectReconciled(userId: string) {
  const { progress, wallet, ledger } = await state(userId);
  const xp = ledger.reduce((sum, row) => sum + row.xpDelta, 0);
  const coins = ledger.reduce((sum, row) => sum + row.coinDelta, 0);
  expect(progress?.totalXp ?? 0).toBe(xp);
  expect(progress?.level ?? 1).toBe(levelForXp(xp));
  expect(wallet?.coins ?? 0).toBe(coins);
  if (wallet) expect(wallet.coins).toBe(wallet.totalEarned - wallet.totalSpent);
}

describe("levels", () => {
  it("maps XP to levels and back", () => {
    expect([0, 49, 50, 199, 200, 449, 450].map(levelForXp)).toEqual([1, 1, 2, 2, 3, 3, 4]);
    expect([1, 2, 3, 4].map(xpForLevel)).toEqual([0, 50, 200, 450]);
    expect(levelForXp(-10)).toBe(1);
  });
});

describe("awardPoints", () => {
  it("writes ledger, progress, wallet and one outbox row; a repeated key is a no-op returning the first entry", async () => {
    const { userId } = await t.createUser();
    const first = await award({ userId, xp: 60, coins: 6, idempotencyKey: "k", sourceType: "test", sourceId: "1" });
    expect(first.duplicate).toBe(false);
    expect(first.progress).toMatchObject({ totalXp: 60, level: 2 });
    expect(first.wallet).toMatchObject({ coins: 6, totalEarned: 6, totalSpent: 0 });
    const again = await award({ userId, xp: 1000, coins: 1000, idempotencyKey: "k" });
    expect(again.duplicate).toBe(true);
    expect(again.entry.id).toBe(first.entry.id);
    expect(again.progress.totalXp).toBe(60);
    const after = await state(userId);
    expect(after.ledger).toHaveLength(1);
    expect(after.outbox).toBe(1);
  });

  it("20 concurrent transactions with one key apply exactly once", async () => {
    const { userId } = await t.createUser();
    const results = await Promise.all(Array.from({ length: 20 }, () => award({ userId, xp: 25, coins: 3, idempotencyKey: "same" })));
    expect(results.filter((r) => !r.duplicate)).toHaveLength(1);
    expect(new Set(results.map((r) => r.entry.id)).size).toBe(1);
    const after = await state(userId);
    expect(after.ledger).toHaveLength(1);
    expect(after.progress?.totalXp).toBe(25);
    expect(after.wallet?.coins).toBe(3);
    expect(after.outbox).toBe(1);
  });

  it("concurrent awards with different keys all apply", async () => {
    const { userId } = await t.createUser();
    await Promise.all(Array.from({ length: 10 }, (_, i) => award({ userId, xp: 10, coins: 1, idempotencyKey: `k${i}` })));
    const after = await state(userId);
    expect(after.ledger).toHaveLength(10);
    expect(after.wallet).toMatchObject({ coins: 10, totalEarned: 10 });
    await expectReconciled(userId);
  });

  it("spends count as spent; reversals lower what was earned; XP can go down a level", async () => {
    const { userId } = await t.createUser();
    await award({ userId, xp: 210, coins: 10, idempotencyKey: "earn" });
    const spend = await award({ userId, xp: 0, coins: -4, idempotencyKey: "spend" });
    expect(spend.wallet).toMatchObject({ coins: 6, totalEarned: 10, totalSpent: 4 });
    const reversal = await award({ userId, xp: -20, coins: -5, idempotencyKey: "undo", reversal: true });
    expect(reversal.wallet).toMatchObject({ coins: 1, totalEarned: 5, totalSpent: 4 });
    expect(reversal.progress).toMatchObject({ totalXp: 190, level: 2 });
    const refund = await award({ userId, xp: 0, coins: 4, idempotencyKey: "refund", reversal: true });
    expect(refund.wallet).toMatchObject({ coins: 5, totalEarned: 5, totalSpent: 0 });
    await expectReconciled(userId);
  });

  it("refuses a balance below zero and writes nothing (the transaction rolls back)", async () => {
    const { userId } = await t.createUser();
    await expect(award({ userId, xp: 0, coins: -1, idempotencyKey: "overdraft-new" })).rejects.toThrow();
    await award({ userId, xp: 5, coins: 2, idempotencyKey: "earn" });
    await expect(award({ userId, xp: 0, coins: -3, idempotencyKey: "overdraft" })).rejects.toThrow();
    await expect(award({ userId, xp: -6, coins: 0, idempotencyKey: "negative-xp", reversal: true })).rejects.toThrow();
    const after = await state(userId);
    expect(after.ledger.map((row) => row.idempotencyKey)).toEqual(["earn"]);
    expect(after.wallet).toMatchObject({ coins: 2, totalEarned: 2, totalSpent: 0 });
    expect(after.progress?.totalXp).toBe(5);
  });

  it("a long mixed sequence always reconciles", async () => {
    const { userId } = await t.createUser();
    let seed = 7;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed / 2_147_483_648;
    };
    for (let i = 0; i < 40; i += 1) {
      const { wallet, progress } = await state(userId);
      const coins = wallet?.coins ?? 0;
      const xp = progress?.totalXp ?? 0;
      const roll = random();
      if (roll < 0.5) await award({ userId, xp: Math.floor(random() * 50), coins: Math.floor(random() * 10), idempotencyKey: `e${i}` });
      else if (roll < 0.75 && coins > 0) await award({ userId, xp: 0, coins: -Math.ceil(random() * coins), idempotencyKey: `s${i}` });
      else if (xp > 0 && coins > 0) {
        await award({
          userId,
          xp: -Math.ceil(random() * xp),
          coins: -Math.ceil(random() * coins),
          idempotencyKey: `r${i}`,
          reversal: true,
        });
      }
      if (i % 3 === 0) await award({ userId, xp: 1, coins: 1, idempotencyKey: `e${i}` }); // duplicates of some keys
    }
    await expectReconciled(userId);
  });
});

describe("recordStreakDay", () => {
  it("counts consecutive days, ignores repeats and the past, restarts after a gap and keeps the longest", async () => {
    const { userId } = await t.createUser();
    const record = (day: string) => t.prisma.$transaction((tx) => recordStreakDay(tx, userId, "habits", day));
    expect(await record("2024-02-27")).toMatchObject({ currentCount: 1, longestCount: 1 });
    expect(await record("2024-02-28")).toMatchObject({ currentCount: 2, longestCount: 2 });
    expect(await record("2024-02-29")).toMatchObject({ currentCount: 3, longestCount: 3 });
    expect(await record("2024-02-29")).toMatchObject({ currentCount: 3 });
    expect(await record("2024-02-10")).toMatchObject({ currentCount: 3 });
    const restarted = await record("2024-03-05");
    expect(restarted).toMatchObject({ currentCount: 1, longestCount: 3 });
    expect(restarted.lastActivityDate?.toISOString().slice(0, 10)).toBe("2024-03-05");
    const other = await t.prisma.$transaction((tx) => recordStreakDay(tx, userId, "focus", "2024-03-05"));
    expect(other.currentCount).toBe(1);
  });
});
