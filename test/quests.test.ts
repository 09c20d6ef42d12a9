import { describe, expect, it } from "vitest";
import { addDays, isoWeekStart, todayIn } from "../src/domain/calendar.ts";
import { eventPayloads } from "../src/domain/events.ts";
import { OWN_QUEST_XP_PER_DAY } from "../src/domain/quests.ts";
import { codeOf, startGatewayWithUsers, type TestUser } from "./support/gateway.ts";
import { globalId, rawId } from "./support/graphqlIds.ts";
import { createVeteran } from "./support/veteran.ts";

const { t, a, b, admin } = await startGatewayWithUsers({ admin: true });

const today = () => todayIn("UTC");
const veteran = () => createVeteran(t);

const QUEST = `id title status targetValue currentValue xpReward coinReward completedAt sourceQuest { key }`;
const CREATE = `mutation($input: CreateQuestInput!) { createQuest(input: $input) { ${QUEST} } }`;
const PROGRESS = `mutation($id: ID!, $amount: Int) { progressQuest(id: $id, amount: $amount) { completed quest { ${QUEST} } award { entry { xpDelta coinDelta idempotencyKey } } } }`;
const COMPLETE = `mutation($id: ID!) { completeQuest(id: $id) { completed quest { ${QUEST} } award { entry { xpDelta coinDelta idempotencyKey } } } }`;
const ADOPT = `mutation($id: ID!) { adoptUniversalQuest(questId: $id) { ${QUEST} } }`;
const UPROGRESS = /* GraphQL */ `
  mutation($id: ID!, $day: Date) {
    progressUniversalQuest(questId: $id, day: $day) {
      completed
      progress { id periodStart currentValue status completedAt quest { key } }
      award { entry { xpDelta coinDelta idempotencyKey } }
    }
  }
`;
const CREATE_HABIT = `mutation { createHabit(input: { name: "Habit", startDate: "2024-01-01" }) { id } }`;
const COMPLETE_HABIT = `mutation($id: ID!, $day: Date) { completeHabit(habitId: $id, day: $day) { becameDone } }`;
const UNCOMPLETE_HABIT = `mutation($id: ID!) { uncompleteHabit(habitId: $id) { removedCompletionId } }`;

async function universalQuest(key: string) {
  const row = await t.prisma.universalQuest.findUniqueOrThrow({ where: { key } });
  return { ...row, globalId: globalId("UniversalQuest", row.id) };
}

async function createQuest(user: TestUser, input: Record<string, unknown>) {
  return (await t.ok(CREATE, { input: { title: "Quest", ...input } }, { token: user.token })).createQuest;
}

async function habits(user: TestUser, n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i += 1) ids.push((await t.ok(CREATE_HABIT, {}, { token: user.token })).createHabit.id);
  return ids;
}

async function createCatalogueQuest(input: Record<string, unknown>) {
  return (
    await t.ok(
      `mutation($input: CreateUniversalQuestInput!) { createUniversalQuest(input: $input) { id key isActive isAvailable } }`,
      { input: { title: "Catalogue quest", description: "d", category: "test", criteria: { metric: "habits_completed" }, ...input } },
      { token: admin.token },
    )
  ).createUniversalQuest;
}

describe("own quests: XP only, capped", () => {
  it("validates input; an own quest cannot carry coins or more than 50 XP", async () => {
    const user = await t.createUser();
    for (const input of [
      { title: "" },
      { title: "x".repeat(201) },
      { title: "q", targetValue: 0 },
      { title: "q", xpReward: -1 },
      { title: "q", xpReward: 51 },
    ]) {
      expect(codeOf(await t.graphql(CREATE, { input }, { token: user.token }))).toBe("BAD_USER_INPUT");
    }
    const withCoins = await t.graphql(CREATE, { input: { title: "q", coinReward: 100 } }, { token: user.token });
    expect(withCoins.errors?.length).toBeGreaterThan(0);
    expect(await t.prisma.userQuest.count({ where: { userId: user.userId } })).toBe(0);
  });

  it("progresses, auto-completes at the target and pays its XP once, never coins", async () => {
    const user = await veteran();
    const quest = await createQuest(user, { title: "Read 3 chapters", targetValue: 3, xpReward: 30 });
    expect(quest.coinReward).toBe(0);
    const step = (await t.ok(PROGRESS, { id: quest.id, amount: 2 }, { token: user.token })).progressQuest;
    expect(step).toMatchObject({ completed: false, award: null, quest: { currentValue: 2, status: "ACTIVE" } });
    const done = (await t.ok(PROGRESS, { id: quest.id, amount: 5 }, { token: user.token })).progressQuest;
    expect(done.completed).toBe(true);
    expect(done.quest).toMatchObject({ currentValue: 3, status: "COMPLETED" });
    expect(done.award.entry).toEqual({ xpDelta: 30, coinDelta: 0, idempotencyKey: `quest:${rawId(quest.id)}` });

    expect(codeOf(await t.graphql(PROGRESS, { id: quest.id }, { token: user.token }))).toBe("CONFLICT");
    expect(codeOf(await t.graphql(COMPLETE, { id: quest.id }, { token: user.token }))).toBe("CONFLICT");
    expect(await t.prisma.pointsLedger.count({ where: { userId: user.userId } })).toBe(1);
    const events = await t.prisma.behaviorOutbox.findMany({
      where: { userId: user.userId, eventType: { startsWith: "quest." } },
      orderBy: { id: "asc" },
    });
    expect(events.map((e) => e.eventType)).toEqual(["quest.created", "quest.progressed", "quest.progressed", "quest.completed"]);
    for (const event of events) expect(() => eventPayloads[event.eventType as "quest.created"].parse(event.payload)).not.toThrow();
    expect((await t.prisma.userWallet.findUnique({ where: { userId: user.userId } }))?.coins ?? 0).toBe(0);
  });

  it(`pays at most ${OWN_QUEST_XP_PER_DAY} XP a day from own quests`, async () => {
    const user = await veteran();
    const paid: Array<number | null> = [];
    for (let i = 0; i < 3; i += 1) {
      const quest = await createQuest(user, { xpReward: 50 });
      paid.push((await t.ok(COMPLETE, { id: quest.id }, { token: user.token })).completeQuest.award?.entry.xpDelta ?? null);
    }
    expect(paid).toEqual([50, 50, null]);
    const progress = await t.prisma.userProgress.findUniqueOrThrow({ where: { userId: user.userId } });
    expect(progress.totalXp).toBe(OWN_QUEST_XP_PER_DAY);
  });

  it("concurrent progress completes and rewards exactly once", async () => {
    const user = await veteran();
    const quest = await createQuest(user, { targetValue: 3, xpReward: 9 });
    const responses = await Promise.all(Array.from({ length: 8 }, () => t.graphql(PROGRESS, { id: quest.id }, { token: user.token })));
    expect(responses.filter((r) => !r.errors)).toHaveLength(3);
    expect(responses.filter((r) => r.data?.progressQuest?.completed)).toHaveLength(1);
    for (const response of responses.filter((r) => r.errors)) expect(codeOf(response)).toBe("CONFLICT");
    expect(await t.prisma.pointsLedger.count({ where: { userId: user.userId } })).toBe(1);
  });

  it("completeQuest finishes outright; abandon stops progress; update and delete", async () => {
    const user = await veteran();
    const quest = await createQuest(user, { targetValue: 10, xpReward: 5 });
    const completed = (await t.ok(COMPLETE, { id: quest.id }, { token: user.token })).completeQuest;
    expect(completed).toMatchObject({ completed: true, quest: { currentValue: 10, status: "COMPLETED" } });
    const frozen = await t.graphql(
      `mutation($id: ID!) { updateQuest(id: $id, input: { targetValue: 20 }) { id } }`,
      { id: quest.id },
      { token: user.token },
    );
    expect(codeOf(frozen)).toBe("CONFLICT");
    const renamed = await t.ok(
      `mutation($id: ID!) { updateQuest(id: $id, input: { title: "Renamed" }) { title } }`,
      { id: quest.id },
      { token: user.token },
    );
    expect(renamed.updateQuest.title).toBe("Renamed");

    const other = await createQuest(user, { targetValue: 5 });
    await t.ok(PROGRESS, { id: other.id, amount: 3 }, { token: user.token });
    const tooLow = await t.graphql(
      `mutation($id: ID!) { updateQuest(id: $id, input: { targetValue: 3 }) { id } }`,
      { id: other.id },
      { token: user.token },
    );
    expect(codeOf(tooLow)).toBe("BAD_USER_INPUT");
    const abandoned = await t.ok(`mutation($id: ID!) { abandonQuest(id: $id) { status } }`, { id: other.id }, { token: user.token });
    expect(abandoned.abandonQuest.status).toBe("ABANDONED");
    expect(codeOf(await t.graphql(PROGRESS, { id: other.id }, { token: user.token }))).toBe("CONFLICT");
    expect((await t.ok(`mutation($id: ID!) { deleteQuest(id: $id) }`, { id: other.id }, { token: user.token })).deleteQuest).toBe(other.id);
    expect(await t.prisma.userQuest.count({ where: { userId: user.userId } })).toBe(1);
    const types = (await t.prisma.behaviorOutbox.findMany({ where: { userId: user.userId, eventType: { startsWith: "quest." } } })).map(
      (e) => e.eventType,
    );
    expect(types).toEqual(expect.arrayContaining(["quest.updated", "quest.abandoned", "quest.deleted"]));
  });
});

describe("catalogue quests advance from real activity", () => {
  it("completing three habits completes 'Three for Today' and pays it once, whatever is undone and redone", async () => {
    const user = await veteran();
    const quest = await universalQuest("daily-three-habits");
    const ids = await habits(user, 4);
    for (const id of ids.slice(0, 3)) await t.ok(COMPLETE_HABIT, { id }, { token: user.token });
    const progress = await t.prisma.userQuestProgress.findFirstOrThrow({ where: { userId: user.userId, questId: quest.id } });
    expect(progress).toMatchObject({ currentValue: 3, status: "COMPLETED" });
    const key = `universal_quest:${quest.id}:${today()}`;
    const reward = await t.prisma.pointsLedger.findFirstOrThrow({ where: { userId: user.userId, idempotencyKey: key } });
    expect([reward.xpDelta, reward.coinDelta]).toEqual([quest.xpReward, quest.coinReward]);

    // Undo and redo, and a fourth habit: the period stays completed and is paid once.
    await t.ok(UNCOMPLETE_HABIT, { id: ids[0] }, { token: user.token });
    await t.ok(COMPLETE_HABIT, { id: ids[0] }, { token: user.token });
    await t.ok(COMPLETE_HABIT, { id: ids[3] }, { token: user.token });
    expect(await t.prisma.pointsLedger.count({ where: { userId: user.userId, idempotencyKey: key } })).toBe(1);
    const events = await t.prisma.behaviorOutbox.findMany({
      where: { userId: user.userId, eventType: { startsWith: "universal_quest." } },
      orderBy: { id: "asc" },
    });
    expect(events.filter((e) => e.eventType === "universal_quest.completed")).toHaveLength(1);
    expect(events.filter((e) => e.eventType === "universal_quest.progressed").map((e) => (e.payload as any).value)).toEqual([1, 2, 3]);
    for (const event of events)
      expect(() => eventPayloads[event.eventType as "universal_quest.progressed"].parse(event.payload)).not.toThrow();
  });

  it("progressUniversalQuest measures activity (no amount), back-dated at most one day and never before the account", async () => {
    const user = await veteran();
    const quest = await universalQuest("daily-three-habits");
    const [id] = await habits(user, 1);
    await t.ok(COMPLETE_HABIT, { id }, { token: user.token });
    const measured = (await t.ok(UPROGRESS, { id: quest.globalId }, { token: user.token })).progressUniversalQuest;
    expect(measured).toMatchObject({
      completed: false,
      award: null,
      progress: { periodStart: today(), currentValue: 1, status: "ACTIVE" },
    });
    const withAmount = await t.graphql(
      `mutation($id: ID!) { progressUniversalQuest(questId: $id, amount: 3) { completed } }`,
      { id: quest.globalId },
      { token: user.token },
    );
    expect(withAmount.errors?.length).toBeGreaterThan(0);
    expect(codeOf(await t.graphql(UPROGRESS, { id: quest.globalId, day: addDays(today(), 1) }, { token: user.token }))).toBe(
      "BAD_USER_INPUT",
    );
    expect(codeOf(await t.graphql(UPROGRESS, { id: quest.globalId, day: addDays(today(), -2) }, { token: user.token }))).toBe(
      "BAD_USER_INPUT",
    );
    const yesterday = (await t.ok(UPROGRESS, { id: quest.globalId, day: addDays(today(), -1) }, { token: user.token }))
      .progressUniversalQuest;
    expect(yesterday.progress).toMatchObject({ periodStart: addDays(today(), -1), currentValue: 0 });
    const newcomer = await t.createUser();
    if (todayIn("UTC", new Date(Date.now() - 60_000)) === today()) {
      expect(codeOf(await t.graphql(UPROGRESS, { id: quest.globalId, day: addDays(today(), -1) }, { token: newcomer.token }))).toBe(
        "BAD_USER_INPUT",
      );
    }
  });

  it("WEEKLY quests count the ISO week; ONCE quests count forever", async () => {
    const user = await veteran();
    const weekly = await universalQuest("weekly-workouts-3");
    const monday = isoWeekStart(today());
    // Two sessions this week and one the week before, as logged history.
    for (const day of [monday, today(), addDays(monday, -1)]) {
      await t.prisma.workoutSession.create({ data: { userId: user.userId, performedOn: new Date(`${day}T00:00:00Z`) } });
    }
    const result = (await t.ok(UPROGRESS, { id: weekly.globalId }, { token: user.token })).progressUniversalQuest;
    // The quest counts sessions: two this week, also on a Monday (when both fall on the same day).
    expect(result.progress).toMatchObject({ periodStart: monday, currentValue: 2 });

    const once = await universalQuest("once-complete-onboarding");
    expect((await t.ok(UPROGRESS, { id: once.globalId }, { token: user.token })).progressUniversalQuest.completed).toBe(false);
    const flow = await t.prisma.onboardingFlow.findUniqueOrThrow({ where: { key: "welcome" } });
    await t.prisma.userOnboardingState.create({
      data: { userId: user.userId, flowId: flow.id, status: "COMPLETED", completedAt: new Date() },
    });
    const done = (await t.ok(UPROGRESS, { id: once.globalId }, { token: user.token })).progressUniversalQuest;
    expect(done).toMatchObject({ completed: true, progress: { periodStart: "1970-01-01", status: "COMPLETED" } });
    expect(done.award.entry.idempotencyKey).toBe(`universal_quest:${once.id}:1970-01-01`);
    expect((await t.ok(UPROGRESS, { id: once.globalId }, { token: user.token })).progressUniversalQuest).toMatchObject({
      completed: false,
      award: null,
    });
  });

  it("writing the past does not open a past period's reward (a plan for last month, a day before the grace window)", async () => {
    const user = await veteran();
    const items = [1, 2, 3].map((n) => ({ kind: "TASK", title: `Item ${n}` }));
    for (const date of ["2024-03-02", addDays(today(), -5), addDays(today(), 1)]) {
      await t.ok(`mutation($input: PlanDayInput!) { planDay(input: $input) { id } }`, { input: { date, items } }, { token: user.token });
    }
    expect(await t.prisma.pointsLedger.count({ where: { userId: user.userId } })).toBe(0);
    const progress = await t.prisma.userQuestProgress.findMany({ where: { userId: user.userId } });
    expect(progress.filter((p) => p.status === "COMPLETED")).toEqual([]);
    // Today's plan with three items does complete today's period, once.
    await t.ok(
      `mutation($input: PlanDayInput!) { planDay(input: $input) { id } }`,
      { input: { date: today(), items } },
      { token: user.token },
    );
    const quest = await universalQuest("daily-plan");
    expect(
      await t.prisma.pointsLedger.count({ where: { userId: user.userId, idempotencyKey: `universal_quest:${quest.id}:${today()}` } }),
    ).toBe(1);
  });

  it("concurrent measurements of one period complete and reward once", async () => {
    const user = await veteran();
    const quest = await universalQuest("daily-three-habits");
    for (const id of await habits(user, 3)) {
      await t.prisma.habitCompletion.create({
        data: { userId: user.userId, habitId: rawId(id), completedOn: new Date(`${today()}T00:00:00Z`), count: 1 },
      });
    }
    const responses = await Promise.all(
      Array.from({ length: 8 }, () => t.graphql(UPROGRESS, { id: quest.globalId }, { token: user.token })),
    );
    for (const response of responses) expect(response.errors).toBeUndefined();
    expect(responses.filter((r) => r.data.progressUniversalQuest.completed)).toHaveLength(1);
    expect(await t.prisma.pointsLedger.count({ where: { userId: user.userId, idempotencyKey: { startsWith: "universal_quest:" } } })).toBe(
      1,
    );
  });
});

describe("adopted catalogue quests", () => {
  it("copy the catalogue quest, refuse progress by hand, complete with the catalogue quest and pay once per period", async () => {
    const user = await veteran();
    const quest = await universalQuest("daily-three-habits");
    const adopted = (await t.ok(ADOPT, { id: quest.globalId }, { token: user.token })).adoptUniversalQuest;
    expect(adopted).toMatchObject({
      title: "Three for Today",
      targetValue: 3,
      status: "ACTIVE",
      sourceQuest: { key: "daily-three-habits" },
    });
    expect(codeOf(await t.graphql(ADOPT, { id: quest.globalId }, { token: user.token }))).toBe("CONFLICT");
    expect(codeOf(await t.graphql(COMPLETE, { id: adopted.id }, { token: user.token }))).toBe("BAD_USER_INPUT");
    expect(codeOf(await t.graphql(PROGRESS, { id: adopted.id, amount: 3 }, { token: user.token }))).toBe("BAD_USER_INPUT");
    const rewards = await t.graphql(
      `mutation($id: ID!) { updateQuest(id: $id, input: { xpReward: 20 }) { id } }`,
      { id: adopted.id },
      { token: user.token },
    );
    expect(codeOf(rewards)).toBe("BAD_USER_INPUT");

    for (const id of await habits(user, 3)) await t.ok(COMPLETE_HABIT, { id }, { token: user.token });
    const copy = await t.prisma.userQuest.findUniqueOrThrow({ where: { id: rawId(adopted.id) } });
    expect(copy).toMatchObject({ status: "COMPLETED", currentValue: 3 });
    // Adopting again in the same period neither re-opens nor re-pays it.
    expect(codeOf(await t.graphql(ADOPT, { id: quest.globalId }, { token: user.token }))).toBe("CONFLICT");
    const paid = await t.prisma.pointsLedger.findMany({ where: { userId: user.userId, NOT: { reason: { startsWith: "habit." } } } });
    expect(paid.map((row) => row.idempotencyKey)).toEqual([`universal_quest:${quest.id}:${today()}`]);
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
});

describe("universal quest catalogue (admin only)", () => {
  it("creates with validated criteria, updates and deletes with audit entries; refuses non-admins and bad windows", async () => {
    const input = {
      key: "test-admin-quest",
      title: "Admin quest",
      description: "d",
      category: "test",
      targetValue: 2,
      xpReward: 5,
      criteria: { metric: "pages_read" },
    };
    const CREATE_UQ = `mutation($input: CreateUniversalQuestInput!) { createUniversalQuest(input: $input) { id key targetValue criteria } }`;
    expect(codeOf(await t.graphql(CREATE_UQ, { input }, { token: a.token }))).toBe("FORBIDDEN");
    expect(codeOf(await t.graphql(CREATE_UQ, { input }))).toBe("UNAUTHENTICATED");
    const window = { ...input, key: "test-bad-window", availableFrom: "2025-01-02T00:00:00Z", availableUntil: "2025-01-01T00:00:00Z" };
    expect(codeOf(await t.graphql(CREATE_UQ, { input: window }, { token: admin.token }))).toBe("BAD_USER_INPUT");
    for (const criteria of [undefined, { metric: "coins_wished" }, { metric: "pages_read", amount: 5 }, "pages_read"]) {
      expect(codeOf(await t.graphql(CREATE_UQ, { input: { ...input, key: "test-bad-criteria", criteria } }, { token: admin.token }))).toBe(
        "BAD_USER_INPUT",
      );
    }

    const created = (await t.ok(CREATE_UQ, { input }, { token: admin.token })).createUniversalQuest;
    expect(created.criteria).toEqual({ metric: "pages_read" });
    expect(codeOf(await t.graphql(CREATE_UQ, { input }, { token: admin.token }))).toBe("CONFLICT");
    const updated = await t.ok(
      `mutation($id: ID!) { updateUniversalQuest(id: $id, input: { targetValue: 4, isActive: false }) { targetValue isActive } }`,
      { id: created.id },
      { token: admin.token },
    );
    expect(updated.updateUniversalQuest).toEqual({ targetValue: 4, isActive: false });
    // Inactive quests are listed to admins only.
    const LIST = `{ universalQuests(includeInactive: true, first: 100) { edges { node { key } } } }`;
    expect(codeOf(await t.graphql(LIST, {}, { token: a.token }))).toBe("FORBIDDEN");
    expect(codeOf(await t.graphql(LIST))).toBe("UNAUTHENTICATED");
    const listed = await t.ok(LIST, {}, { token: admin.token });
    expect(listed.universalQuests.edges.map((e: any) => e.node.key)).toContain(input.key);
    await t.ok(`mutation($id: ID!) { deleteUniversalQuest(id: $id) }`, { id: created.id }, { token: admin.token });
    const audit = await t.prisma.auditLog.findMany({
      where: { targetType: "UniversalQuest", targetId: rawId(created.id) },
      orderBy: { createdAt: "asc" },
    });
    expect(audit.map((row) => row.action)).toEqual(["catalogue.create", "catalogue.update", "catalogue.delete"]);
  });

  it("every seeded catalogue quest has criteria the rules accept", async () => {
    const { questCriteriaSchema } = await import("../src/domain/rules.ts");
    const quests = await t.prisma.universalQuest.findMany();
    expect(quests.length).toBeGreaterThanOrEqual(10);
    for (const quest of quests.filter((q) => !q.key.startsWith("test-")))
      expect(questCriteriaSchema.safeParse(quest.criteria).success, quest.key).toBe(true);
  });
});

describe("tenancy", () => {
  it("user A can neither read nor change user B's quests or quest progress", async () => {
    const quest = await createQuest(b, { title: "B's quest", targetValue: 5 });
    const uq = (await universalQuest("daily-plan")).globalId;
    await t.ok(UPROGRESS, { id: uq }, { token: b.token });
    const progress = await t.prisma.userQuestProgress.findFirstOrThrow({ where: { userId: b.userId } });

    const nodes = await t.ok(
      `query($ids: [ID!]!) { nodes(ids: $ids) { id } }`,
      { ids: [quest.id, globalId("UserQuestProgress", progress.id)] },
      { token: a.token },
    );
    expect(nodes.nodes).toEqual([null, null]);
    const view = await t.ok(
      `query($q: ID!, $uq: ID!) { quest(id: $q) { id }
         node(id: $uq) { ... on UniversalQuest { myProgress { id currentValue } } }
         viewer { quests { totalCount edges { node { title } } } questProgress { totalCount } } }`,
      { q: quest.id, uq },
      { token: a.token },
    );
    expect(view).toEqual({
      quest: null,
      node: { myProgress: null },
      viewer: { quests: { totalCount: 0, edges: [] }, questProgress: { totalCount: 0 } },
    });

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
    expect(codeOf(await t.graphql(PROGRESS, { id: uq }, { token: a.token }))).toBe("BAD_USER_INPUT");
  });
});
