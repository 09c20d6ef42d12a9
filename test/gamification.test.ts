import { describe, expect, it } from "vitest";
import { startGatewayWithUsers, type TestUser } from "./support/gateway.ts";
import { globalId } from "./support/graphqlIds.ts";

const { t, a, b, admin } = await startGatewayWithUsers({ admin: true });

const AWARD = /* GraphQL */ `
  mutation Award($input: AwardPointsInput!) {
    awardPoints(input: $input) {
      duplicate
      entry { id xpDelta coinDelta reason idempotencyKey sourceType }
      progress { id level totalXp xpForNextLevel xpToNextLevel }
      wallet { id coins totalEarned totalSpent }
    }
  }
`;

/** An admin grant to `user` (awardPoints is admin-only: users earn only from their activity). */
function award(user: TestUser, input: Record<string, unknown>) {
  return t.graphql(AWARD, { input: { userId: globalId("User", user.userId), ...input } }, { token: admin.token });
}

async function balances(userId: string) {
  const [progress, wallet, sums, outbox] = await Promise.all([
    t.prisma.userProgress.findUnique({ where: { userId } }),
    t.prisma.userWallet.findUnique({ where: { userId } }),
    t.prisma.pointsLedger.aggregate({ where: { userId }, _sum: { xpDelta: true, coinDelta: true }, _count: true }),
    t.prisma.behaviorOutbox.count({ where: { userId, eventType: "points.awarded" } }),
  ]);
  return { progress, wallet, sums, outbox };
}

/** Progress and wallet equal the sums of the ledger, and the wallet invariant holds. */
async function expectReconciled(userId: string) {
  const { progress, wallet, sums } = await balances(userId);
  expect(progress?.totalXp ?? 0).toBe(sums._sum.xpDelta ?? 0);
  expect(wallet?.coins ?? 0).toBe(sums._sum.coinDelta ?? 0);
  if (wallet) expect(wallet.coins).toBe(wallet.totalEarned - wallet.totalSpent);
}

describe("awardPoints", () => {
  it("is admin-only: signed out UNAUTHENTICATED, an ordinary user FORBIDDEN (not even for themselves), nothing written", async () => {
    const input = { userId: globalId("User", a.userId), xp: 1, coins: 1, reason: "x", idempotencyKey: "k" };
    const anonymous = await t.graphql(AWARD, { input });
    expect(anonymous.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    const self = await t.graphql(AWARD, { input }, { token: a.token });
    expect(self.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    expect(await t.prisma.pointsLedger.count({ where: { userId: a.userId } })).toBe(0);
  });

  it("audits every grant with the admin, the user and the amounts", async () => {
    const user = await t.createUser();
    await award(user, { xp: 3, coins: 2, reason: "Support ticket 12", idempotencyKey: "audit-1" });
    const entry = await t.prisma.auditLog.findFirstOrThrow({ where: { action: "points.grant", targetId: user.userId } });
    expect(entry).toMatchObject({ userId: admin.userId, targetType: "User" });
    expect(entry.metadata).toMatchObject({ xp: 3, coins: 2, reason: "Support ticket 12" });
  });

  it("writes one ledger row and changes progress and wallet", async () => {
    const user = await t.createUser();
    const response = await award(user, { xp: 30, coins: 5, reason: "Practised scales", idempotencyKey: "scales-1" });
    expect(response.errors).toBeUndefined();
    const result = response.data.awardPoints;
    expect(result.duplicate).toBe(false);
    expect(result.entry).toMatchObject({ xpDelta: 30, coinDelta: 5, reason: "Practised scales", sourceType: "admin" });
    expect(result.progress).toMatchObject({ level: 1, totalXp: 30, xpForNextLevel: 50, xpToNextLevel: 20 });
    expect(result.wallet).toMatchObject({ coins: 5, totalEarned: 5, totalSpent: 0 });
    const state = await balances(user.userId);
    expect(state.sums._count).toBe(1);
    expect(state.outbox).toBe(1);
    await expectReconciled(user.userId);
  });

  it("levels up from the XP total", async () => {
    const user = await t.createUser();
    const result = (await award(user, { xp: 200, coins: 0, reason: "big", idempotencyKey: "big" })).data.awardPoints;
    expect(result.progress).toMatchObject({ level: 3, totalXp: 200, xpForNextLevel: 450 });
  });

  it("is idempotent: the same key again changes nothing and returns the first entry", async () => {
    const user = await t.createUser();
    const first = (await award(user, { xp: 10, coins: 2, reason: "first", idempotencyKey: "same" })).data.awardPoints;
    const second = (await award(user, { xp: 99, coins: 9, reason: "second", idempotencyKey: "same" })).data.awardPoints;
    expect(second.duplicate).toBe(true);
    expect(second.entry.id).toBe(first.entry.id);
    expect(second.entry).toMatchObject({ xpDelta: 10, coinDelta: 2, reason: "first" });
    expect(second.progress.totalXp).toBe(10);
    expect(second.wallet.coins).toBe(2);
    const state = await balances(user.userId);
    expect(state.sums._count).toBe(1);
    expect(state.outbox).toBe(1);
  });

  it("20 concurrent identical awards make exactly one ledger row and one balance change", async () => {
    const user = await t.createUser();
    const input = { xp: 40, coins: 7, reason: "race", idempotencyKey: "concurrent-key" };
    const responses = await Promise.all(Array.from({ length: 20 }, () => award(user, input)));
    for (const response of responses) expect(response.errors).toBeUndefined();
    const results = responses.map((response) => response.data.awardPoints);
    expect(results.filter((result) => !result.duplicate)).toHaveLength(1);
    expect(new Set(results.map((result) => result.entry.id)).size).toBe(1);
    const state = await balances(user.userId);
    expect(state.sums._count).toBe(1);
    expect(state.progress?.totalXp).toBe(40);
    expect(state.wallet).toMatchObject({ coins: 7, totalEarned: 7, totalSpent: 0 });
    expect(state.outbox).toBe(1);
    const ledgerId = (await t.prisma.pointsLedger.findFirstOrThrow({ where: { userId: user.userId } })).id;
    expect(results[0].entry.id).toBe(globalId("PointsLedger", ledgerId));
  });

  it("keys are per user: another user's identical key is a separate award", async () => {
    const first = await t.createUser();
    const second = await t.createUser();
    const input = { xp: 5, coins: 1, reason: "shared", idempotencyKey: "per-user" };
    expect((await award(first, input)).data.awardPoints.duplicate).toBe(false);
    expect((await award(second, input)).data.awardPoints.duplicate).toBe(false);
  });

  it.each([
    [{ xp: -1, coins: 0, reason: "r", idempotencyKey: "k1" }],
    [{ xp: 10_001, coins: 0, reason: "r", idempotencyKey: "k2" }],
    [{ xp: 0, coins: -5, reason: "r", idempotencyKey: "k3" }],
    [{ xp: 0, coins: 10_001, reason: "r", idempotencyKey: "k4" }],
    [{ xp: 1, coins: 1, reason: "r", idempotencyKey: "" }],
    [{ xp: 1, coins: 1, reason: "r", idempotencyKey: "k".repeat(201) }],
    [{ xp: 1, coins: 1, reason: "  ", idempotencyKey: "k5" }],
  ])("refuses bad input %j with BAD_USER_INPUT and writes nothing", async (input) => {
    const user = await t.createUser();
    const response = await award(user, input);
    expect(response.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(await t.prisma.pointsLedger.count({ where: { userId: user.userId } })).toBe(0);
    expect(await t.prisma.userWallet.count({ where: { userId: user.userId } })).toBe(0);
  });

  it("accepts the limits 0 and 10000 and a 200-character key", async () => {
    const user = await t.createUser();
    const response = await award(user, { xp: 10_000, coins: 0, reason: "r", idempotencyKey: "k".repeat(200) });
    expect(response.errors).toBeUndefined();
    // 10,000 XP is level 15: the "level-5" achievement unlocks by its criteria and pays its own reward.
    expect(response.data.awardPoints.progress.totalXp).toBe(10_000);
    expect(await t.prisma.userAchievement.count({ where: { userId: user.userId, achievementKey: "level-5" } })).toBe(1);
    await expectReconciled(user.userId);
  });
});

describe("viewer progress, wallet, ledger and streaks", () => {
  it("lists the ledger newest first with cursor paging", async () => {
    const user = await t.createUser();
    for (const n of [1, 2, 3]) await award(user, { xp: n, coins: 0, reason: `r${n}`, idempotencyKey: `page-${n}` });
    const page1 = await t.ok(
      `{ viewer { pointsLedger(first: 2) { totalCount edges { node { xpDelta } } pageInfo { hasNextPage endCursor } } } }`,
      {},
      { token: user.token },
    );
    expect(page1.viewer.pointsLedger.totalCount).toBe(3);
    expect(page1.viewer.pointsLedger.edges.map((e: any) => e.node.xpDelta)).toEqual([3, 2]);
    expect(page1.viewer.pointsLedger.pageInfo.hasNextPage).toBe(true);
    const page2 = await t.ok(
      `query($after: String) { viewer { pointsLedger(first: 2, after: $after) { edges { node { xpDelta } } } } }`,
      { after: page1.viewer.pointsLedger.pageInfo.endCursor },
      { token: user.token },
    );
    expect(page2.viewer.pointsLedger.edges.map((e: any) => e.node.xpDelta)).toEqual([1]);
  });

  it("shows null progress/wallet before the first award", async () => {
    const user = await t.createUser();
    const data = await t.ok(`{ viewer { progress { level } wallet { coins } streaks { streakType } } }`, {}, { token: user.token });
    expect(data.viewer).toEqual({ progress: null, wallet: null, streaks: [] });
  });
});

describe("achievements", () => {
  const UNLOCK_AS_ADMIN = /* GraphQL */ `
    mutation($userId: ID!, $key: String!) {
      unlockAchievement(userId: $userId, key: $key) {
        newlyUnlocked
        userAchievement { id achievementKey }
        award { duplicate entry { xpDelta coinDelta idempotencyKey } wallet { coins } }
      }
    }
  `;
  const UNLOCK = UNLOCK_AS_ADMIN;
  const grant = (user: TestUser, key: string) => t.graphql(UNLOCK, { userId: globalId("User", user.userId), key }, { token: admin.token });
  const grantOk = async (user: TestUser, key: string) => {
    const response = await grant(user, key);
    expect(response.errors).toBeUndefined();
    return response.data;
  };

  it("is admin-only: a user cannot unlock an achievement for themselves", async () => {
    const response = await t.graphql(UNLOCK, { userId: globalId("User", a.userId), key: "level-5" }, { token: a.token });
    expect(response.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    expect(await t.prisma.userAchievement.count({ where: { userId: a.userId } })).toBe(0);
  });

  it("unlocks once, awarding the definition's rewards once", async () => {
    const user = await t.createUser();
    const first = await grantOk(user, "first-habit-check");
    expect(first.unlockAchievement.newlyUnlocked).toBe(true);
    expect(first.unlockAchievement.userAchievement.achievementKey).toBe("first-habit-check");
    expect(await t.prisma.auditLog.count({ where: { action: "achievement.grant", targetId: user.userId } })).toBe(1);
    expect(first.unlockAchievement.award.entry).toMatchObject({
      xpDelta: 20,
      coinDelta: 5,
      idempotencyKey: "achievement:first-habit-check",
    });
    const second = await grantOk(user, "first-habit-check");
    expect(second.unlockAchievement.newlyUnlocked).toBe(false);
    expect(second.unlockAchievement.award).toBeNull();
    expect(second.unlockAchievement.userAchievement.id).toBe(first.unlockAchievement.userAchievement.id);
    expect(await t.prisma.userAchievement.count({ where: { userId: user.userId } })).toBe(1);
    expect(await t.prisma.pointsLedger.count({ where: { userId: user.userId } })).toBe(1);
    await expectReconciled(user.userId);
    const data = await t.ok(
      `{ viewer { achievements { totalCount edges { node { achievementKey achievement { name } } } } } }`,
      {},
      { token: user.token },
    );
    expect(data.viewer.achievements.totalCount).toBe(1);
    expect(data.viewer.achievements.edges[0].node.achievement.name).toBe("First Check-in");
  });

  it("concurrent unlocks of the same achievement award once", async () => {
    const user = await t.createUser();
    const responses = await Promise.all(Array.from({ length: 8 }, () => grant(user, "habit-streak-7")));
    for (const response of responses) expect(response.errors).toBeUndefined();
    expect(responses.filter((r) => r.data.unlockAchievement.newlyUnlocked)).toHaveLength(1);
    expect(await t.prisma.pointsLedger.count({ where: { userId: user.userId } })).toBe(1);
    await expectReconciled(user.userId);
  });

  it("an unknown key is NOT_FOUND", async () => {
    const response = await grant(a, "no-such-achievement");
    expect(response.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
  });
});

describe("achievement catalogue (admin only)", () => {
  const CREATE = /* GraphQL */ `
    mutation($input: CreateAchievementDefinitionInput!) {
      createAchievementDefinition(input: $input) { id key name xpReward coinReward criteria isSecret }
    }
  `;
  const input = {
    key: "test-catalogue-1",
    name: "Catalogue test",
    description: "Made by a test",
    category: "testing",
    xpReward: 12,
    coinReward: 3,
    criteria: { type: "metric", metric: "habits_completed", atLeast: 50 },
  };

  it("refuses signed-out users and non-admins", async () => {
    expect((await t.graphql(CREATE, { input })).errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    expect((await t.graphql(CREATE, { input }, { token: a.token })).errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    expect(await t.prisma.achievementDefinition.count({ where: { key: input.key } })).toBe(0);
  });

  it("creates, updates and deletes with an audit entry each", async () => {
    const created = (await t.ok(CREATE, { input }, { token: admin.token })).createAchievementDefinition;
    expect(created).toMatchObject({ key: input.key, xpReward: 12, criteria: { type: "metric", metric: "habits_completed", atLeast: 50 } });
    const duplicate = await t.graphql(CREATE, { input }, { token: admin.token });
    expect(duplicate.errors?.[0]?.extensions?.code).toBe("CONFLICT");

    const updated = await t.ok(
      `mutation($id: ID!) { updateAchievementDefinition(id: $id, input: { name: "Renamed", xpReward: 20 }) { name xpReward key } }`,
      { id: created.id },
      { token: admin.token },
    );
    expect(updated.updateAchievementDefinition).toEqual({ name: "Renamed", xpReward: 20, key: input.key });

    const deleted = await t.ok(`mutation($id: ID!) { deleteAchievementDefinition(id: $id) }`, { id: created.id }, { token: admin.token });
    expect(deleted.deleteAchievementDefinition).toBe(created.id);
    expect(await t.prisma.achievementDefinition.count({ where: { key: input.key } })).toBe(0);

    const audit = await t.prisma.auditLog.findMany({
      where: { userId: admin.userId, targetType: "AchievementDefinition" },
      orderBy: { createdAt: "asc" },
    });
    expect(audit.map((row) => row.action)).toEqual(["catalogue.create", "catalogue.update", "catalogue.delete"]);
  });

  it("validates input and refuses to delete an unlocked achievement", async () => {
    const bad = await t.graphql(CREATE, { input: { ...input, key: "Bad Key!" } }, { token: admin.token });
    expect(bad.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    const badCriteria = await t.graphql(CREATE, { input: { ...input, key: "arr-criteria", criteria: [1] } }, { token: admin.token });
    expect(badCriteria.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    const unknownRule = await t.graphql(
      CREATE,
      { input: { ...input, key: "unknown-rule", criteria: { type: "manual" } } },
      { token: admin.token },
    );
    expect(unknownRule.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");

    const user = await t.createUser();
    await t.prisma.userAchievement.create({ data: { userId: user.userId, achievementKey: "focus-first-session" } });
    const definition = await t.prisma.achievementDefinition.findUniqueOrThrow({ where: { key: "focus-first-session" } });
    const response = await t.graphql(
      `mutation($id: ID!) { deleteAchievementDefinition(id: $id) }`,
      { id: globalId("AchievementDefinition", definition.id) },
      { token: admin.token },
    );
    expect(response.errors?.[0]?.extensions?.code).toBe("CONFLICT");
    expect(await t.prisma.achievementDefinition.count({ where: { id: definition.id } })).toBe(1);
  });
});

describe("tenancy", () => {
  it("never shows another user's progress, wallet, ledger, streaks or achievements", async () => {
    await award(a, { xp: 11, coins: 1, reason: "a", idempotencyKey: "tenancy-a" });
    await award(b, { xp: 22, coins: 2, reason: "b", idempotencyKey: "tenancy-b" });
    await t.prisma.userAchievement.create({ data: { userId: b.userId, achievementKey: "focus-10-hours" } });
    await t.prisma.userStreak.create({ data: { userId: b.userId, streakType: "reading", currentCount: 3, longestCount: 3 } });

    const bLedger = await t.prisma.pointsLedger.findFirstOrThrow({ where: { userId: b.userId } });
    const bProgress = await t.prisma.userProgress.findUniqueOrThrow({ where: { userId: b.userId } });
    const bWallet = await t.prisma.userWallet.findUniqueOrThrow({ where: { userId: b.userId } });
    const bStreak = await t.prisma.userStreak.findFirstOrThrow({ where: { userId: b.userId } });
    const bAchievement = await t.prisma.userAchievement.findFirstOrThrow({ where: { userId: b.userId } });
    const ids = [
      globalId("PointsLedger", bLedger.id),
      globalId("UserProgress", bProgress.id),
      globalId("UserWallet", bWallet.id),
      globalId("UserStreak", bStreak.id),
      globalId("UserAchievement", bAchievement.id),
    ];
    const nodes = await t.ok(`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids }, { token: a.token });
    expect(nodes.nodes).toEqual([null, null, null, null, null]);
    // Signed out, too.
    const anonymous = await t.ok(`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids });
    expect(anonymous.nodes).toEqual([null, null, null, null, null]);

    const viewer = await t.ok(
      `{ viewer { progress { totalXp } wallet { coins } streaks { streakType } achievements { totalCount }
          pointsLedger { totalCount edges { node { reason } } } } }`,
      {},
      { token: a.token },
    );
    expect(viewer.viewer.progress.totalXp).toBe(11);
    expect(viewer.viewer.wallet.coins).toBe(1);
    expect(viewer.viewer.streaks).toEqual([]);
    expect(viewer.viewer.achievements.totalCount).toBe(0);
    expect(viewer.viewer.pointsLedger.edges.map((e: any) => e.node.reason)).not.toContain("b");

    // B's user node is not readable by A, so no nested path reaches B's data.
    const bUser = await t.ok(`query($id: ID!) { node(id: $id) { id } }`, { id: globalId("User", b.userId) }, { token: a.token });
    expect(bUser.node).toBeNull();
  });
});
