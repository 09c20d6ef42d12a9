// "Cannot mint": a model-based test that drives random sequences of every user-callable
// action that touches the economy, as an ordinary user, and checks after every step that the
// wallet reconciles with the ledger, that coins and XP stay within what the documented rules
// allow for that much real activity, and that undo/redo and retries net to one award.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addDays, todayIn } from "../src/domain/calendar.ts";
import { HABIT_COINS, HABIT_REWARDS_PER_DAY, HABIT_XP } from "../src/domain/habits.ts";
import { OWN_QUEST_XP_PER_DAY } from "../src/domain/quests.ts";
import { startGatewayWithUsers, type TestUser } from "./support/gateway.ts";
import { globalId } from "./support/graphqlIds.ts";

const { t, a } = await startGatewayWithUsers();

const HABITS = 4;
const today = () => todayIn("UTC");

type Command =
  | { kind: "completeHabit"; habit: number; yesterday: boolean; count: number }
  | { kind: "uncompleteHabit"; habit: number; yesterday: boolean }
  | { kind: "createQuest"; xp: number }
  | { kind: "completeQuest"; quest: number }
  | { kind: "progressQuest"; quest: number; amount: number }
  | { kind: "adopt"; catalogue: number }
  | { kind: "progressUniversal"; catalogue: number; yesterday: boolean }
  | { kind: "selfAward"; xp: number; coins: number }
  | { kind: "selfUnlock"; achievement: number }
  | { kind: "purchase"; item: number; retryKey: string | null }
  | { kind: "refund"; purchase: number; twice: boolean }
  | { kind: "lesson"; lesson: number; percent: number }
  | { kind: "drill"; drill: number; attemptKey: string | null }
  | { kind: "inboxTriage"; archive: boolean };

const command: fc.Arbitrary<Command> = fc.oneof(
  fc.record({
    kind: fc.constant("completeHabit" as const),
    habit: fc.nat(HABITS - 1),
    yesterday: fc.boolean(),
    count: fc.integer({ min: 1, max: 3 }),
  }),
  fc.record({ kind: fc.constant("uncompleteHabit" as const), habit: fc.nat(HABITS - 1), yesterday: fc.boolean() }),
  fc.record({ kind: fc.constant("createQuest" as const), xp: fc.integer({ min: 0, max: 60 }) }),
  fc.record({ kind: fc.constant("completeQuest" as const), quest: fc.nat(5) }),
  fc.record({ kind: fc.constant("progressQuest" as const), quest: fc.nat(5), amount: fc.integer({ min: 1, max: 5 }) }),
  fc.record({ kind: fc.constant("adopt" as const), catalogue: fc.nat(9) }),
  fc.record({ kind: fc.constant("progressUniversal" as const), catalogue: fc.nat(9), yesterday: fc.boolean() }),
  fc.record({ kind: fc.constant("selfAward" as const), xp: fc.nat(10_000), coins: fc.nat(10_000) }),
  fc.record({ kind: fc.constant("selfUnlock" as const), achievement: fc.nat(12) }),
  fc.record({ kind: fc.constant("purchase" as const), item: fc.nat(11), retryKey: fc.option(fc.constantFrom("k1", "k2"), { nil: null }) }),
  fc.record({ kind: fc.constant("refund" as const), purchase: fc.nat(5), twice: fc.boolean() }),
  fc.record({ kind: fc.constant("lesson" as const), lesson: fc.nat(11), percent: fc.constantFrom(50, 100) }),
  fc.record({ kind: fc.constant("drill" as const), drill: fc.nat(8), attemptKey: fc.option(fc.constantFrom("a1", "a2"), { nil: null }) }),
  fc.record({ kind: fc.constant("inboxTriage" as const), archive: fc.boolean() }),
);

interface Catalogue {
  universalQuests: Array<{ id: string; cadence: string; coinReward: number; xpReward: number }>;
  achievements: Array<{ key: string; coinReward: number; xpReward: number }>;
  items: string[];
  lessons: Array<{ id: string; xpReward: number }>;
  drills: Array<{ id: string; xpReward: number }>;
}

async function loadCatalogue(): Promise<Catalogue> {
  const [universalQuests, achievements, items, lessons, drills] = await Promise.all([
    t.prisma.universalQuest.findMany({ orderBy: { sortOrder: "asc" } }),
    t.prisma.achievementDefinition.findMany({ orderBy: { sortOrder: "asc" } }),
    t.prisma.marketItem.findMany({ orderBy: { sortOrder: "asc" } }),
    t.prisma.learnLesson.findMany({ orderBy: { sortOrder: "asc" } }),
    t.prisma.learnDrill.findMany({ orderBy: { sortOrder: "asc" } }),
  ]);
  return {
    universalQuests: universalQuests.map((q) => ({
      id: globalId("UniversalQuest", q.id),
      cadence: q.cadence,
      coinReward: q.coinReward,
      xpReward: q.xpReward,
    })),
    achievements: achievements.map((d) => ({ key: d.key, coinReward: d.coinReward, xpReward: d.xpReward })),
    items: items.map((i) => globalId("MarketItem", i.id)),
    lessons: lessons.map((l) => ({ id: globalId("LearnLesson", l.id), xpReward: l.xpReward })),
    drills: drills.map((d) => ({ id: globalId("LearnDrill", d.id), xpReward: d.xpReward })),
  };
}

/**
 * The most a user can earn in the days this test spans (today and yesterday) under the
 * documented rules: habit days (capped per day), each catalogue quest once per period (at
 * most two periods), each achievement once, each lesson once, each drill once per day,
 * own quests' daily XP cap (two days at most). No rule pays coins for anything else.
 */
function bounds(catalogue: Catalogue) {
  const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);
  const periods = (cadence: string) => (cadence === "ONCE" ? 1 : 2);
  return {
    coins:
      2 * HABIT_REWARDS_PER_DAY * HABIT_COINS +
      sum(catalogue.universalQuests.map((q) => q.coinReward * periods(q.cadence))) +
      sum(catalogue.achievements.map((d) => d.coinReward)),
    xp:
      2 * HABIT_REWARDS_PER_DAY * HABIT_XP +
      2 * OWN_QUEST_XP_PER_DAY +
      sum(catalogue.universalQuests.map((q) => q.xpReward * periods(q.cadence))) +
      sum(catalogue.achievements.map((d) => d.xpReward)) +
      sum(catalogue.lessons.map((l) => l.xpReward)) +
      2 * sum(catalogue.drills.map((d) => d.xpReward)),
  };
}

async function checkInvariants(user: TestUser, limit: { coins: number; xp: number }) {
  const [wallet, progress, sums, earned, habitRows, completions, grants] = await Promise.all([
    t.prisma.userWallet.findUnique({ where: { userId: user.userId } }),
    t.prisma.userProgress.findUnique({ where: { userId: user.userId } }),
    t.prisma.pointsLedger.aggregate({ where: { userId: user.userId }, _sum: { xpDelta: true, coinDelta: true } }),
    // A refund gives back coins spent; it earns nothing (checked against the purchases below).
    t.prisma.pointsLedger.aggregate({
      where: { userId: user.userId, coinDelta: { gt: 0 }, reason: { not: "market.refund" } },
      _sum: { coinDelta: true },
    }),
    t.prisma.pointsLedger.findMany({ where: { userId: user.userId, idempotencyKey: { startsWith: "habit:" } } }),
    t.prisma.habitCompletion.findMany({ where: { userId: user.userId }, include: { habit: true } }),
    t.prisma.pointsLedger.count({ where: { userId: user.userId, sourceType: { in: ["admin", "client"] } } }),
  ]);
  // Each refund returns exactly one unredeemed purchase's price, once.
  const refunds = await t.prisma.pointsLedger.findMany({ where: { userId: user.userId, reason: "market.refund" } });
  const refunded = await t.prisma.userPurchase.findMany({ where: { userId: user.userId, refundedAt: { not: null } } });
  expect(refunds.map((row) => row.sourceId).sort()).toEqual(refunded.map((purchase) => purchase.id).sort());
  for (const purchase of refunded) {
    expect(purchase.redeemedAt).toBeNull();
    expect(refunds.find((row) => row.sourceId === purchase.id)?.coinDelta).toBe(purchase.quantity * purchase.priceCoins);
  }
  // The wallet and progress are exactly the ledger.
  expect(wallet?.coins ?? 0).toBe(sums._sum.coinDelta ?? 0);
  expect(progress?.totalXp ?? 0).toBe(sums._sum.xpDelta ?? 0);
  if (wallet) expect(wallet.coins).toBe(wallet.totalEarned - wallet.totalSpent);
  // Nothing but real activity paid: no grant, and within the rules' bound.
  expect(grants).toBe(0);
  expect(earned._sum.coinDelta ?? 0).toBeLessThanOrEqual(limit.coins);
  expect(progress?.totalXp ?? 0).toBeLessThanOrEqual(limit.xp);
  // Undo/redo and retries net to one award per habit day that is done, none otherwise.
  const net = new Map<string, number>();
  for (const row of habitRows) {
    const base = row.idempotencyKey.replace(/:(undo|redo):\d+$/, "");
    net.set(base, (net.get(base) ?? 0) + (row.idempotencyKey.includes(":undo:") ? -1 : 1));
  }
  for (const value of net.values()) expect([0, 1]).toContain(value);
  const done = new Set(
    completions.filter((c) => c.count >= c.habit.targetCount).map((c) => `habit:${c.habitId}:${c.completedOn.toISOString().slice(0, 10)}`),
  );
  for (const [base, value] of net) if (value === 1) expect(done.has(base), base).toBe(true);
  const paidDays = new Map<string, number>();
  for (const [base, value] of net) {
    const day = base.slice(-10);
    paidDays.set(day, (paidDays.get(day) ?? 0) + value);
  }
  for (const paid of paidDays.values()) expect(paid).toBeLessThanOrEqual(HABIT_REWARDS_PER_DAY);
  // A lesson pays once; a drill pays once per day, however many attempts.
  const learning = await t.prisma.pointsLedger.findMany({
    where: { userId: user.userId, reason: { in: ["lesson.complete", "drill.correct"] } },
  });
  const perSource = new Map<string, number>();
  for (const row of learning) {
    const key = row.reason === "lesson.complete" ? `${row.sourceId}` : `${row.sourceId}:${row.createdAt.toISOString().slice(0, 10)}`;
    perSource.set(key, (perSource.get(key) ?? 0) + 1);
  }
  for (const [key, count] of perSource) expect(count, key).toBe(1);
}

async function run(user: TestUser, habits: string[], quests: string[], catalogue: Catalogue, step: Command): Promise<void> {
  const as = { token: user.token };
  const day = (yesterday: boolean) => (yesterday ? addDays(today(), -1) : today());
  switch (step.kind) {
    case "completeHabit":
      await t.graphql(
        `mutation($id: ID!, $day: Date, $n: Int) { completeHabit(habitId: $id, day: $day, count: $n) { becameDone } }`,
        { id: habits[step.habit], day: day(step.yesterday), n: step.count },
        as,
      );
      return;
    case "uncompleteHabit":
      await t.graphql(
        `mutation($id: ID!, $day: Date) { uncompleteHabit(habitId: $id, day: $day) { removedCompletionId } }`,
        { id: habits[step.habit], day: day(step.yesterday) },
        as,
      );
      return;
    case "createQuest": {
      const response = await t.graphql(
        `mutation($xp: Int) { createQuest(input: { title: "Mine", targetValue: 2, xpReward: $xp }) { id } }`,
        { xp: step.xp },
        as,
      );
      if (response.data?.createQuest) quests.push(response.data.createQuest.id);
      return;
    }
    case "completeQuest":
      if (quests.length > 0)
        await t.graphql(`mutation($id: ID!) { completeQuest(id: $id) { completed } }`, { id: quests[step.quest % quests.length] }, as);
      return;
    case "progressQuest":
      if (quests.length > 0)
        await t.graphql(
          `mutation($id: ID!, $n: Int) { progressQuest(id: $id, amount: $n) { completed } }`,
          { id: quests[step.quest % quests.length], n: step.amount },
          as,
        );
      return;
    case "adopt": {
      const response = await t.graphql(
        `mutation($id: ID!) { adoptUniversalQuest(questId: $id) { id } }`,
        { id: catalogue.universalQuests[step.catalogue].id },
        as,
      );
      if (response.data?.adoptUniversalQuest) quests.push(response.data.adoptUniversalQuest.id);
      return;
    }
    case "progressUniversal":
      await t.graphql(
        `mutation($id: ID!, $day: Date) { progressUniversalQuest(questId: $id, day: $day) { completed } }`,
        { id: catalogue.universalQuests[step.catalogue].id, day: day(step.yesterday) },
        as,
      );
      return;
    case "selfAward": {
      const response = await t.graphql(
        `mutation($input: AwardPointsInput!) { awardPoints(input: $input) { duplicate } }`,
        {
          input: {
            userId: globalId("User", user.userId),
            xp: step.xp,
            coins: step.coins,
            reason: "free money",
            idempotencyKey: `x${step.coins}`,
          },
        },
        as,
      );
      expect(response.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
      return;
    }
    case "selfUnlock": {
      const key = catalogue.achievements[step.achievement % catalogue.achievements.length].key;
      const response = await t.graphql(
        `mutation($u: ID!, $k: String!) { unlockAchievement(userId: $u, key: $k) { newlyUnlocked } }`,
        { u: globalId("User", user.userId), k: key },
        as,
      );
      expect(response.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
      return;
    }
    case "purchase":
      await t.graphql(
        `mutation($id: ID!, $key: String) { purchaseItem(itemId: $id, idempotencyKey: $key) { __typename } }`,
        { id: catalogue.items[step.item % catalogue.items.length], key: step.retryKey },
        as,
      );
      return;
    case "refund": {
      const bought = await t.prisma.userPurchase.findMany({ where: { userId: user.userId }, orderBy: { id: "asc" }, select: { id: true } });
      if (bought.length === 0) return;
      const id = globalId("UserPurchase", bought[step.purchase % bought.length].id);
      const refund = () => t.graphql(`mutation($id: ID!) { refundPurchase(id: $id) { wallet { coins } } }`, { id }, as);
      await (step.twice ? Promise.all([refund(), refund()]) : refund());
      return;
    }
    case "lesson":
      await t.graphql(
        `mutation($id: ID!, $p: Int!) { updateLessonProgress(lessonId: $id, progressPercent: $p) { xpAwarded } }`,
        { id: catalogue.lessons[step.lesson % catalogue.lessons.length].id, p: step.percent },
        as,
      );
      return;
    case "drill":
      await t.graphql(
        `mutation($id: ID!, $key: String) { recordDrillResult(drillId: $id, score: 100, correct: true, attemptKey: $key) { xpAwarded } }`,
        { id: catalogue.drills[step.drill % catalogue.drills.length].id, key: step.attemptKey },
        as,
      );
      return;
    case "inboxTriage": {
      const created = await t.graphql(`mutation { createInboxItem(input: { title: "Note" }) { id } }`, {}, as);
      const id = created.data?.createInboxItem?.id;
      if (id)
        await t.graphql(
          `mutation($ids: [ID!]!) { ${step.archive ? "archiveInboxItems" : "markInboxItemsRead"}(ids: $ids) { id } }`,
          { ids: [id] },
          as,
        );
      return;
    }
  }
}

describe("the economy cannot be minted", () => {
  it("random sequences of every user-callable economy action keep the wallet on the ledger and within the rules' bounds", async () => {
    const catalogue = await loadCatalogue();
    const limit = bounds(catalogue);
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 5, maxLength: 18 }), async (steps) => {
        const user = await t.createUser();
        // An account of yesterday, so the one-day grace window is open to it.
        await t.prisma.user.update({ where: { id: user.userId }, data: { createdAt: new Date(`${addDays(today(), -1)}T00:00:00Z`) } });
        const habits: string[] = [];
        for (let i = 0; i < HABITS; i += 1) {
          habits.push(
            (
              await t.ok(
                `mutation { createHabit(input: { name: "H", startDate: "2024-01-01", targetCount: 2 }) { id } }`,
                {},
                { token: user.token },
              )
            ).createHabit.id,
          );
        }
        const quests: string[] = [];
        for (const step of steps) {
          await run(user, habits, quests, catalogue, step);
          await checkInvariants(user, limit);
        }
      }),
      { numRuns: 10, seed: Number(process.env.FC_SEED ?? 20261129) },
    );
  });

  it("aliased completions of the same habit day pay once; fifty aliases are refused before anything runs", async () => {
    const habit = (await t.ok(`mutation { createHabit(input: { name: "Alias" }) { id } }`, {}, { token: a.token })).createHabit.id;
    const aliases = (n: number) => Array.from({ length: n }, (_, i) => `c${i}: completeHabit(habitId: $id) { becameDone }`).join("\n");
    const fifty = await t.graphql(`mutation($id: ID!) { ${aliases(50)} }`, { id: habit }, { token: a.token });
    expect(fifty.errors?.[0]?.extensions?.code).toBe("QUERY_LIMIT_EXCEEDED");
    expect(await t.prisma.habitCompletion.count({ where: { userId: a.userId } })).toBe(0);
    await t.graphql(`mutation($id: ID!) { ${aliases(10)} }`, { id: habit }, { token: a.token });
    const rows = await t.prisma.pointsLedger.count({ where: { userId: a.userId, idempotencyKey: { startsWith: "habit:" } } });
    expect(rows).toBe(1);
  });
});
