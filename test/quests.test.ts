import { describe, expect, it } from "vitest";
import { addDays, todayIn } from "../src/domain/calendar.ts";
import { codeOf, startGatewayWithUsers, type TestUser } from "./support/gateway.ts";
import { globalId, rawId } from "./support/graphqlIds.ts";

const { t, a, b, admin } = await startGatewayWithUsers({ admin: true });

const today = () => todayIn("UTC");

const QUEST = `id title status targetValue currentValue xpReward coinReward completedAt sourceQuest { key }`;
const CREATE = `mutation($input: CreateQuestInput!) { createQuest(input: $input) { ${QUEST} } }`;
const PROGRESS = `mutation($id: ID!, $amount: Int) { progressQuest(id: $id, amount: $amount) { completed quest { ${QUEST} } award { entry { xpDelta coinDelta idempotencyKey } } } }`;
const COMPLETE = `mutation($id: ID!) { completeQuest(id: $id) { completed quest { ${QUEST} } award { entry { xpDelta idempotencyKey } } } }`;
const ADOPT = `mutation($id: ID!) { adoptUniversalQuest(questId: $id) { ${QUEST} } }`;
const UPROGRESS = /* GraphQL */ `
  mutation($id: ID!, $amount: Int, $day: Date) {
    progressUniversalQuest(questId: $id, amount: $amount, day: $day) {
      completed
      progress { id periodStart currentValue status completedAt quest { key } }
      award { entry { xpDelta coinDelta idempotencyKey } }
    }
  }
`;

async function universalQuestId(key: string): Promise<string> {
  const row = await t.prisma.universalQuest.findUniqueOrThrow({ where: { key } });
  return globalId("UniversalQuest", row.id);
}

async function createQuest(user: TestUser, input: Record<string, unknown>) {
  return (await t.ok(CREATE, { input: { title: "Quest", ...input } }, { token: user.token })).createQuest;
}

async function createCatalogueQuest(input: Record<string, unknown>) {
  return (
    await t.ok(
      `mutation($input: CreateUniversalQuestInput!) { createUniversalQuest(input: $input) { id key isActive isAvailable } }`,
      { input: { title: "Catalogue quest", description: "d", category: "test", ...input } },
      { token: admin.token },
    )
  ).createUniversalQuest;
}

describe("own quests", () => {
  it("validates input", async () => {
    const user = await t.createUser();
    for (const input of [{ title: "" }, { title: "x".repeat(201) }, { title: "q", targetValue: 0 }, { title: "q", xpReward: -1 }]) {
      expect(codeOf(await t.graphql(CREATE, { input }, { token: user.token }))).toBe("BAD_USER_INPUT");
    }
    expect(await t.prisma.userQuest.count({ where: { userId: user.userId } })).toBe(0);
  });

  it("progresses, auto-completes at the target and rewards once", async () => {
    const user = await t.createUser();
    const quest = await createQuest(user, { title: "Read 3 chapters", targetValue: 3, xpReward: 30, coinReward: 4 });
    const step = (await t.ok(PROGRESS, { id: quest.id, amount: 2 }, { token: user.token })).progressQuest;
    expect(step).toMatchObject({ completed: false, award: null, quest: { currentValue: 2, status: "ACTIVE" } });
    const done = (await t.ok(PROGRESS, { id: quest.id, amount: 5 }, { token: user.token })).progressQuest;
    expect(done.completed).toBe(true);
    expect(done.quest).toMatchObject({ currentValue: 3, status: "COMPLETED" });
    expect(done.quest.completedAt).not.toBeNull();
    expect(done.award.entry).toEqual({ xpDelta: 30, coinDelta: 4, idempotencyKey: `quest:${rawId(quest.id)}` });

    expect(codeOf(await t.graphql(PROGRESS, { id: quest.id }, { token: user.token }))).toBe("CONFLICT");
    expect(codeOf(await t.graphql(COMPLETE, { id: quest.id }, { token: user.token }))).toBe("CONFLICT");
    expect(await t.prisma.pointsLedger.count({ where: { userId: user.userId } })).toBe(1);
    expect(await t.prisma.behaviorOutbox.count({ where: { userId: user.userId, eventType: "quest.completed" } })).toBe(1);
    const wallet = await t.prisma.userWallet.findUniqueOrThrow({ where: { userId: user.userId } });
    expect(wallet.coins).toBe(4);
  });

  it("concurrent progress completes and rewards exactly once", async () => {
    const user = await t.createUser();
    const quest = await createQuest(user, { targetValue: 3, xpReward: 9 });
    const responses = await Promise.all(Array.from({ length: 8 }, () => t.graphql(PROGRESS, { id: quest.id }, { token: user.token })));
    expect(responses.filter((r) => !r.errors)).toHaveLength(3);
    expect(responses.filter((r) => r.data?.progressQuest?.completed)).toHaveLength(1);
    for (const response of responses.filter((r) => r.errors)) expect(codeOf(response)).toBe("CONFLICT");
    expect(await t.prisma.pointsLedger.count({ where: { userId: user.userId } })).toBe(1);
  });

  it("completeQuest finishes outright; abandon stops progress; update and delete", async () => {
    const user = await t.createUser();
    const quest = await createQuest(user, { targetValue: 10, xpReward: 5 });
    const completed = (await t.ok(COMPLETE, { id: quest.id }, { token: user.token })).completeQuest;
    expect(completed).toMatchObject({ completed: true, quest: { currentValue: 10, status: "COMPLETED" } });
    expect(completed.award.entry.idempotencyKey).toBe(`quest:${rawId(quest.id)}`);
    const frozen = await t.graphql(`mutation($id: ID!) { updateQuest(id: $id, input: { targetValue: 20 }) { id } }`, { id: quest.id }, { token: user.token });
    expect(codeOf(frozen)).toBe("CONFLICT");
    const renamed = await t.ok(`mutation($id: ID!) { updateQuest(id: $id, input: { title: "Renamed" }) { title } }`, { id: quest.id }, { token: user.token });
    expect(renamed.updateQuest.title).toBe("Renamed");

    const other = await createQuest(user, { targetValue: 5 });
    await t.ok(PROGRESS, { id: other.id, amount: 3 }, { token: user.token });
    const tooLow = await t.graphql(`mutation($id: ID!) { updateQuest(id: $id, input: { targetValue: 3 }) { id } }`, { id: other.id }, { token: user.token });
    expect(codeOf(tooLow)).toBe("BAD_USER_INPUT");
    const abandoned = await t.ok(`mutation($id: ID!) { abandonQuest(id: $id) { status } }`, { id: other.id }, { token: user.token });
    expect(abandoned.abandonQuest.status).toBe("ABANDONED");
    expect(codeOf(await t.graphql(PROGRESS, { id: other.id }, { token: user.token }))).toBe("CONFLICT");
    expect(codeOf(await t.graphql(`mutation($id: ID!) { abandonQuest(id: $id) { id } }`, { id: other.id }, { token: user.token }))).toBe("CONFLICT");

    const list = await t.ok(
      `{ viewer { active: quests(status: ABANDONED) { edges { node { id } } } all: quests { totalCount } } }`,
      {},
      { token: user.token },
    );
    expect(list.viewer.active.edges.map((e: any) => e.node.id)).toEqual([other.id]);
    expect(list.viewer.all.totalCount).toBe(2);
    expect((await t.ok(`mutation($id: ID!) { deleteQuest(id: $id) }`, { id: other.id }, { token: user.token })).deleteQuest).toBe(other.id);
    expect(await t.prisma.userQuest.count({ where: { userId: user.userId } })).toBe(1);
  });
});

describe("universal quests", () => {
  it("adopts a catalogue quest (copying target and rewards) once while active", async () => {
    const user = await t.createUser();
    const id = await universalQuestId("daily-three-habits");
    const adopted = (await t.ok(ADOPT, { id }, { token: user.token })).adoptUniversalQuest;
    expect(adopted).toMatchObject({
      title: "Three for Today",
      targetValue: 3,
      xpReward: 30,
      coinReward: 5,
      status: "ACTIVE",
      sourceQuest: { key: "daily-three-habits" },
    });
    expect(codeOf(await t.graphql(ADOPT, { id }, { token: user.token }))).toBe("CONFLICT");
    const rewards = await t.graphql(`mutation($id: ID!) { updateQuest(id: $id, input: { xpReward: 999 }) { id } }`, { id: adopted.id }, { token: user.token });
    expect(codeOf(rewards)).toBe("BAD_USER_INPUT");
    await t.ok(COMPLETE, { id: adopted.id }, { token: user.token });
    // Once the adopted copy is done, the quest can be adopted again.
    await t.ok(ADOPT, { id }, { token: user.token });
  });

  it("refuses inactive and out-of-window quests", async () => {
    const user = await t.createUser();
    const inactive = await createCatalogueQuest({ key: "test-inactive", isActive: false });
    const future = await createCatalogueQuest({ key: "test-future", availableFrom: new Date(Date.now() + 86_400_000).toISOString() });
    const past = await createCatalogueQuest({ key: "test-past", availableUntil: new Date(Date.now() - 1000).toISOString() });
    expect([inactive.isAvailable, future.isAvailable, past.isAvailable]).toEqual([false, false, false]);
    for (const quest of [inactive, future, past]) {
      expect(codeOf(await t.graphql(ADOPT, { id: quest.id }, { token: user.token }))).toBe("BAD_USER_INPUT");
      expect(codeOf(await t.graphql(UPROGRESS, { id: quest.id }, { token: user.token }))).toBe("BAD_USER_INPUT");
    }
    expect(await t.prisma.userQuest.count({ where: { userId: user.userId } })).toBe(0);
    expect(await t.prisma.userQuestProgress.count({ where: { userId: user.userId } })).toBe(0);
  });

  it("progresses per period, completes and rewards once per period", async () => {
    const user = await t.createUser();
    const id = await universalQuestId("daily-three-habits");
    const questRaw = rawId(id);
    const first = (await t.ok(UPROGRESS, { id }, { token: user.token })).progressUniversalQuest;
    expect(first).toMatchObject({ completed: false, award: null, progress: { periodStart: today(), currentValue: 1, status: "ACTIVE" } });
    const done = (await t.ok(UPROGRESS, { id, amount: 5 }, { token: user.token })).progressUniversalQuest;
    expect(done).toMatchObject({ completed: true, progress: { currentValue: 3, status: "COMPLETED" } });
    expect(done.award.entry).toEqual({ xpDelta: 30, coinDelta: 5, idempotencyKey: `uquest:${questRaw}:${today()}` });
    expect(codeOf(await t.graphql(UPROGRESS, { id }, { token: user.token }))).toBe("CONFLICT");

    // Yesterday is another period.
    const yesterday = addDays(today(), -1);
    const other = (await t.ok(UPROGRESS, { id, day: yesterday, amount: 3 }, { token: user.token })).progressUniversalQuest;
    expect(other).toMatchObject({ completed: true, progress: { periodStart: yesterday } });
    expect(codeOf(await t.graphql(UPROGRESS, { id, day: addDays(today(), 1) }, { token: user.token }))).toBe("BAD_USER_INPUT");

    const my = await t.ok(
      `query($id: ID!, $y: Date) { node(id: $id) { ... on UniversalQuest {
          now: myProgress { currentValue status } then: myProgress(day: $y) { periodStart } never: myProgress(day: "2020-01-01") { id } } } }`,
      { id, y: yesterday },
      { token: user.token },
    );
    expect(my.node).toEqual({ now: { currentValue: 3, status: "COMPLETED" }, then: { periodStart: yesterday }, never: null });
    expect(await t.prisma.pointsLedger.count({ where: { userId: user.userId } })).toBe(2);
    expect(await t.prisma.behaviorOutbox.count({ where: { userId: user.userId, eventType: "quest.completed" } })).toBe(2);
    const listed = await t.ok(`{ viewer { questProgress { totalCount edges { node { periodStart quest { key } } } } } }`, {}, { token: user.token });
    expect(listed.viewer.questProgress.edges.map((e: any) => e.node.periodStart)).toEqual([today(), yesterday]);
  });

  it("WEEKLY periods start on the ISO Monday; ONCE on 1970-01-01", async () => {
    const user = await t.createUser();
    const weekly = await universalQuestId("weekly-workouts-3");
    const monday = (await t.ok(UPROGRESS, { id: weekly, day: "2024-06-03" }, { token: user.token })).progressUniversalQuest;
    const sunday = (await t.ok(UPROGRESS, { id: weekly, day: "2024-06-09" }, { token: user.token })).progressUniversalQuest;
    expect(monday.progress.periodStart).toBe("2024-06-03");
    expect(sunday.progress).toMatchObject({ id: monday.progress.id, periodStart: "2024-06-03", currentValue: 2 });
    const nextWeek = (await t.ok(UPROGRESS, { id: weekly, day: "2024-06-10" }, { token: user.token })).progressUniversalQuest;
    expect(nextWeek.progress).toMatchObject({ periodStart: "2024-06-10", currentValue: 1 });
    const seen = await t.ok(`query($id: ID!) { node(id: $id) { ... on UniversalQuest { myProgress(day: "2024-06-07") { currentValue } } } }`, { id: weekly }, {
      token: user.token,
    });
    expect(seen.node.myProgress.currentValue).toBe(2);

    const once = await universalQuestId("once-complete-onboarding");
    const result = (await t.ok(UPROGRESS, { id: once }, { token: user.token })).progressUniversalQuest;
    expect(result).toMatchObject({ completed: true, progress: { periodStart: "1970-01-01" } });
    expect(codeOf(await t.graphql(UPROGRESS, { id: once, day: "2024-01-01" }, { token: user.token }))).toBe("CONFLICT");
  });

  it("concurrent progress on one period completes and rewards once", async () => {
    const user = await t.createUser();
    const id = await universalQuestId("daily-three-habits");
    const responses = await Promise.all(Array.from({ length: 8 }, () => t.graphql(UPROGRESS, { id }, { token: user.token })));
    expect(responses.filter((r) => !r.errors)).toHaveLength(3);
    for (const response of responses.filter((r) => r.errors)) expect(codeOf(response)).toBe("CONFLICT");
    expect(responses.filter((r) => r.data?.progressUniversalQuest?.completed)).toHaveLength(1);
    expect(await t.prisma.userQuestProgress.count({ where: { userId: user.userId } })).toBe(1);
    expect(await t.prisma.pointsLedger.count({ where: { userId: user.userId } })).toBe(1);
  });
});

describe("universal quest catalogue (admin only)", () => {
  it("creates, updates and deletes with audit entries; refuses non-admins and bad windows", async () => {
    const input = { key: "test-admin-quest", title: "Admin quest", description: "d", category: "test", targetValue: 2, xpReward: 5 };
    const CREATE_UQ = `mutation($input: CreateUniversalQuestInput!) { createUniversalQuest(input: $input) { id key targetValue } }`;
    expect(codeOf(await t.graphql(CREATE_UQ, { input }, { token: a.token }))).toBe("FORBIDDEN");
    expect(codeOf(await t.graphql(CREATE_UQ, { input }))).toBe("UNAUTHENTICATED");
    const window = { ...input, key: "test-bad-window", availableFrom: "2025-01-02T00:00:00Z", availableUntil: "2025-01-01T00:00:00Z" };
    expect(codeOf(await t.graphql(CREATE_UQ, { input: window }, { token: admin.token }))).toBe("BAD_USER_INPUT");

    const created = (await t.ok(CREATE_UQ, { input }, { token: admin.token })).createUniversalQuest;
    expect(codeOf(await t.graphql(CREATE_UQ, { input }, { token: admin.token }))).toBe("CONFLICT");
    const updated = await t.ok(
      `mutation($id: ID!) { updateUniversalQuest(id: $id, input: { targetValue: 4, isActive: false }) { targetValue isActive } }`,
      { id: created.id },
      { token: admin.token },
    );
    expect(updated.updateUniversalQuest).toEqual({ targetValue: 4, isActive: false });
    expect(
      codeOf(await t.graphql(`mutation($id: ID!) { updateUniversalQuest(id: $id, input: { title: "x" }) { id } }`, { id: created.id }, { token: a.token })),
    ).toBe("FORBIDDEN");
    await t.ok(`mutation($id: ID!) { deleteUniversalQuest(id: $id) }`, { id: created.id }, { token: admin.token });
    expect(await t.prisma.universalQuest.count({ where: { key: input.key } })).toBe(0);
    const audit = await t.prisma.auditLog.findMany({
      where: { targetType: "UniversalQuest", targetId: rawId(created.id) },
      orderBy: { createdAt: "asc" },
    });
    expect(audit.map((row) => row.action)).toEqual(["catalogue.create", "catalogue.update", "catalogue.delete"]);
    expect(audit.every((row) => row.userId === admin.userId)).toBe(true);
  });
});

describe("tenancy", () => {
  it("user A can neither read nor change user B's quests or quest progress", async () => {
    const quest = await createQuest(b, { title: "B's quest", targetValue: 5 });
    const uq = await universalQuestId("daily-plan");
    await t.ok(UPROGRESS, { id: uq }, { token: b.token });
    const progress = await t.prisma.userQuestProgress.findFirstOrThrow({ where: { userId: b.userId } });

    const nodes = await t.ok(`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids: [quest.id, globalId("UserQuestProgress", progress.id)] }, {
      token: a.token,
    });
    expect(nodes.nodes).toEqual([null, null]);
    const view = await t.ok(
      `query($q: ID!, $uq: ID!) { quest(id: $q) { id }
         node(id: $uq) { ... on UniversalQuest { myProgress { id currentValue } } }
         viewer { quests { totalCount edges { node { title } } } questProgress { totalCount } } }`,
      { q: quest.id, uq },
      { token: a.token },
    );
    expect(view).toEqual({ quest: null, node: { myProgress: null }, viewer: { quests: { totalCount: 0, edges: [] }, questProgress: { totalCount: 0 } } });
    const anonymous = await t.ok(`query($uq: ID!) { node(id: $uq) { ... on UniversalQuest { myProgress { id } } } }`, { uq });
    expect(anonymous.node.myProgress).toBeNull();

    const attempts = [
      t.graphql(PROGRESS, { id: quest.id }, { token: a.token }),
      t.graphql(COMPLETE, { id: quest.id }, { token: a.token }),
      t.graphql(`mutation($id: ID!) { abandonQuest(id: $id) { id } }`, { id: quest.id }, { token: a.token }),
      t.graphql(`mutation($id: ID!) { updateQuest(id: $id, input: { title: "x" }) { id } }`, { id: quest.id }, { token: a.token }),
      t.graphql(`mutation($id: ID!) { deleteQuest(id: $id) }`, { id: quest.id }, { token: a.token }),
    ];
    for (const response of await Promise.all(attempts)) expect(codeOf(response)).toBe("NOT_FOUND");
    expect(await t.prisma.userQuest.findUniqueOrThrow({ where: { id: rawId(quest.id) } })).toMatchObject({
      title: "B's quest",
      status: "ACTIVE",
      currentValue: 0,
    });
    expect(await t.prisma.pointsLedger.count({ where: { userId: a.userId } })).toBe(0);

    // A's own progress on the same catalogue quest is separate from B's.
    const mine = (await t.ok(UPROGRESS, { id: uq }, { token: a.token })).progressUniversalQuest;
    expect(mine.progress.currentValue).toBe(1);
    expect((await t.prisma.userQuestProgress.findUniqueOrThrow({ where: { id: progress.id } })).currentValue).toBe(1);
    expect(codeOf(await t.graphql(PROGRESS, { id: uq }, { token: a.token }))).toBe("BAD_USER_INPUT");
  });
});
