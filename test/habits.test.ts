import { describe, expect, it } from "vitest";
import { addDays, dayBoundsUtc, isHabitDue, isoWeekday, isoWeekStart, todayIn } from "../src/domain/calendar.ts";
import { awardPoints } from "../src/domain/points.ts";
import { codeOf, startGatewayWithUsers, type TestUser } from "./support/gateway.ts";
import { globalId, rawId } from "./support/graphqlIds.ts";
import { createVeteran } from "./support/veteran.ts";

const { t, a, b } = await startGatewayWithUsers();

const today = () => todayIn("UTC");
const yesterday = () => addDays(today(), -1);

const oldUser = (options?: Parameters<typeof t.createUser>[0]) => createVeteran(t, options);

const HABIT_FIELDS = "id name frequency daysOfWeek intervalDays targetCount startDate endDate xpReward coinReward isArchived";
const CREATE_HABIT = `mutation($input: CreateHabitInput!) { createHabit(input: $input) { ${HABIT_FIELDS} } }`;
const COMPLETE = /* GraphQL */ `
  mutation($habitId: ID!, $day: Date, $count: Int) {
    completeHabit(habitId: $habitId, day: $day, count: $count) {
      becameDone
      completion { id completedOn count isDone }
      award { duplicate entry { xpDelta coinDelta idempotencyKey } }
    }
  }
`;
const UNCOMPLETE = /* GraphQL */ `
  mutation($habitId: ID!, $day: Date) {
    uncompleteHabit(habitId: $habitId, day: $day) {
      removedCompletionId
      reversal { entry { xpDelta coinDelta idempotencyKey } wallet { coins totalEarned totalSpent } }
    }
  }
`;

async function createHabit(user: TestUser, input: Record<string, unknown>) {
  return (await t.ok(CREATE_HABIT, { input: { name: "Habit", ...input } }, { token: user.token })).createHabit;
}

async function expectReconciled(userId: string) {
  const [progress, wallet, sums] = await Promise.all([
    t.prisma.userProgress.findUnique({ where: { userId } }),
    t.prisma.userWallet.findUnique({ where: { userId } }),
    t.prisma.pointsLedger.aggregate({ where: { userId }, _sum: { xpDelta: true, coinDelta: true } }),
  ]);
  expect(progress?.totalXp ?? 0).toBe(sums._sum.xpDelta ?? 0);
  expect(wallet?.coins ?? 0).toBe(sums._sum.coinDelta ?? 0);
  if (wallet) expect(wallet.coins).toBe(wallet.totalEarned - wallet.totalSpent);
  return { progress, wallet };
}

describe("calendar helpers", () => {
  it("computes today and DST-correct day bounds in a time zone", () => {
    expect(todayIn("America/New_York", new Date("2024-03-10T04:59:59Z"))).toBe("2024-03-09");
    expect(todayIn("America/New_York", new Date("2024-03-10T05:00:00Z"))).toBe("2024-03-10");
    expect(todayIn("Pacific/Kiritimati", new Date("2024-06-01T10:00:00Z"))).toBe("2024-06-02");
    const spring = dayBoundsUtc("2024-03-10", "America/New_York");
    expect([spring.start.toISOString(), spring.end.toISOString()]).toEqual(["2024-03-10T05:00:00.000Z", "2024-03-11T04:00:00.000Z"]);
    const fall = dayBoundsUtc("2024-11-03", "America/New_York");
    expect((fall.end.getTime() - fall.start.getTime()) / 3_600_000).toBe(25);
    const berlin = dayBoundsUtc("2024-03-31", "Europe/Berlin");
    expect([berlin.start.toISOString(), berlin.end.toISOString()]).toEqual(["2024-03-30T23:00:00.000Z", "2024-03-31T22:00:00.000Z"]);
    // Midnight skipped by DST (São Paulo 2018): the day starts at 01:00 local.
    expect(dayBoundsUtc("2018-11-04", "America/Sao_Paulo").start.toISOString()).toBe("2018-11-04T03:00:00.000Z");
    expect(dayBoundsUtc("2024-06-01", "Asia/Kolkata").start.toISOString()).toBe("2024-05-31T18:30:00.000Z");
  });

  it("weekday, week start and day arithmetic", () => {
    expect(isoWeekday("2024-06-03")).toBe(1);
    expect(isoWeekday("2024-06-09")).toBe(7);
    expect(isoWeekStart("2024-06-09")).toBe("2024-06-03");
    expect(addDays("2024-02-28", 2)).toBe("2024-03-01");
    expect(addDays("2024-03-01", -1)).toBe("2024-02-29");
  });

  it("habit due rules: DAILY, WEEKLY, INTERVAL, start/end, archived", () => {
    const base = { daysOfWeek: [], intervalDays: null, startDate: "2024-06-01", endDate: "2024-06-30", isArchived: false };
    const daily = { ...base, frequency: "DAILY" as const };
    expect(isHabitDue(daily, "2024-05-31")).toBe(false);
    expect(isHabitDue(daily, "2024-06-01")).toBe(true);
    expect(isHabitDue(daily, "2024-06-30")).toBe(true);
    expect(isHabitDue(daily, "2024-07-01")).toBe(false);
    expect(isHabitDue({ ...daily, isArchived: true }, "2024-06-10")).toBe(false);
    const weekly = { ...base, frequency: "WEEKLY" as const, daysOfWeek: [1, 3] };
    expect(isHabitDue(weekly, "2024-06-03")).toBe(true); // Monday
    expect(isHabitDue(weekly, "2024-06-04")).toBe(false);
    expect(isHabitDue(weekly, "2024-06-05")).toBe(true); // Wednesday
    expect(isHabitDue({ ...weekly, daysOfWeek: [7] }, "2024-06-09")).toBe(true); // Sunday
    const interval = { ...base, frequency: "INTERVAL" as const, intervalDays: 3 };
    expect(isHabitDue(interval, "2024-06-01")).toBe(true);
    expect(isHabitDue(interval, "2024-06-02")).toBe(false);
    expect(isHabitDue(interval, "2024-06-04")).toBe(true);
    expect(isHabitDue(interval, "2024-06-28")).toBe(true);
    expect(isHabitDue(interval, "2024-05-29")).toBe(false);
  });
});

describe("habit CRUD and validation", () => {
  it.each([
    [{ name: "" }],
    [{ name: "x".repeat(201) }],
    [{ color: "red" }],
    [{ frequency: "WEEKLY" }],
    [{ frequency: "WEEKLY", daysOfWeek: [] }],
    [{ frequency: "WEEKLY", daysOfWeek: [0] }],
    [{ frequency: "WEEKLY", daysOfWeek: [8] }],
    [{ frequency: "WEEKLY", daysOfWeek: [1, 1] }],
    [{ frequency: "INTERVAL" }],
    [{ frequency: "INTERVAL", intervalDays: 0 }],
    [{ targetCount: 0 }],
    [{ targetCount: 101 }],
    [{ startDate: "2024-06-10", endDate: "2024-06-09" }],
    [{ startDate: "2024-02-30" }],
  ])("refuses %j with BAD_USER_INPUT and creates nothing", async (input) => {
    const user = await t.createUser();
    const response = await t.graphql(CREATE_HABIT, { input: { name: "Habit", ...input } }, { token: user.token });
    expect(codeOf(response)).toBe("BAD_USER_INPUT");
    expect(await t.prisma.habit.count({ where: { userId: user.userId } })).toBe(0);
  });

  it("creates with defaults; startDate is the viewer's today in their time zone", async () => {
    const user = await t.createUser({ timezone: "Pacific/Kiritimati" });
    const habit = await createHabit(user, { name: "  Water  ", color: "#0ea5e9", daysOfWeek: [1, 2] });
    expect(habit).toMatchObject({
      name: "Water",
      frequency: "DAILY",
      daysOfWeek: [],
      intervalDays: null,
      targetCount: 1,
      xpReward: 10,
      coinReward: 1,
      isArchived: false,
      startDate: todayIn("Pacific/Kiritimati"),
    });
  });

  it("updates, archives and lists (archived hidden unless asked), and deletes with completions", async () => {
    const user = await oldUser();
    const habit = await createHabit(user, { name: "Read", startDate: "2024-01-01" });
    const other = await createHabit(user, { name: "Run", startDate: "2024-01-01", sortOrder: -1 });
    const bad = await t.graphql(
      `mutation($id: ID!) { updateHabit(id: $id, input: { frequency: WEEKLY }) { id } }`,
      { id: habit.id },
      { token: user.token },
    );
    expect(codeOf(bad)).toBe("BAD_USER_INPUT");
    const updated = await t.ok(
      `mutation($id: ID!) { updateHabit(id: $id, input: { name: "Read more", frequency: WEEKLY, daysOfWeek: [5, 1] }) { name frequency daysOfWeek } }`,
      { id: habit.id },
      { token: user.token },
    );
    expect(updated.updateHabit).toEqual({ name: "Read more", frequency: "WEEKLY", daysOfWeek: [1, 5] });

    const list = async (includeArchived: boolean) =>
      (
        await t.ok(
          `query($inc: Boolean) { viewer { habits(includeArchived: $inc) { totalCount edges { node { name } } } } }`,
          { inc: includeArchived },
          { token: user.token },
        )
      ).viewer.habits.edges.map((e: any) => e.node.name);
    expect(await list(false)).toEqual(["Run", "Read more"]);
    await t.ok(`mutation($id: ID!) { archiveHabit(id: $id) { isArchived } }`, { id: other.id }, { token: user.token });
    expect(await list(false)).toEqual(["Read more"]);
    expect(await list(true)).toEqual(["Run", "Read more"]);

    await t.ok(COMPLETE, { habitId: other.id }, { token: user.token }).catch(() => null);
    const daily = await createHabit(user, { name: "Daily", startDate: "2024-01-01" });
    await t.ok(COMPLETE, { habitId: daily.id }, { token: user.token });
    const deleted = await t.ok(`mutation($id: ID!) { deleteHabit(id: $id) }`, { id: daily.id }, { token: user.token });
    expect(deleted.deleteHabit).toBe(daily.id);
    expect(await t.prisma.habitCompletion.count({ where: { habitId: rawId(daily.id) } })).toBe(0);
    expect(await t.prisma.pointsLedger.count({ where: { userId: user.userId } })).toBe(1);
  });

  it("isDueOn and completionOn answer per calendar day", async () => {
    const user = await t.createUser();
    const weekly = await createHabit(user, { frequency: "WEEKLY", daysOfWeek: [1, 3], startDate: "2024-06-01" });
    const interval = await createHabit(user, { frequency: "INTERVAL", intervalDays: 3, startDate: "2024-06-01", endDate: "2024-06-10" });
    const query = `query($id: ID!) { node(id: $id) { ... on Habit {
      mon: isDueOn(day: "2024-06-03") tue: isDueOn(day: "2024-06-04") wed: isDueOn(day: "2024-06-05")
      start: isDueOn(day: "2024-06-01") d2: isDueOn(day: "2024-06-02") d4: isDueOn(day: "2024-06-04") after: isDueOn(day: "2024-06-13")
    } } }`;
    const w = (await t.ok(query, { id: weekly.id }, { token: user.token })).node;
    expect([w.mon, w.tue, w.wed]).toEqual([true, false, true]);
    const i = (await t.ok(query, { id: interval.id }, { token: user.token })).node;
    expect([i.start, i.d2, i.d4, i.after]).toEqual([true, false, true, false]);

    const daily = await createHabit(user, { startDate: "2024-06-01" });
    await t.ok(COMPLETE, { habitId: daily.id }, { token: user.token });
    const completion = await t.ok(
      `query($id: ID!, $on: Date!, $off: Date!) { habit(id: $id) { on: completionOn(day: $on) { completedOn count } off: completionOn(day: $off) { id } } }`,
      { id: daily.id, on: today(), off: yesterday() },
      { token: user.token },
    );
    expect(completion.habit).toEqual({ on: { completedOn: today(), count: 1 }, off: null });
  });
});

describe("completeHabit / uncompleteHabit", () => {
  it("completes today by default: completion, reward once, streaks and outbox", async () => {
    const user = await oldUser();
    const habit = await createHabit(user, { startDate: "2024-01-01" });
    expect([habit.xpReward, habit.coinReward]).toEqual([10, 1]);
    const first = (await t.ok(COMPLETE, { habitId: habit.id }, { token: user.token })).completeHabit;
    expect(first.becameDone).toBe(true);
    expect(first.completion).toMatchObject({ completedOn: today(), count: 1, isDone: true });
    expect(first.award.entry).toEqual({ xpDelta: 10, coinDelta: 1, idempotencyKey: `habit:${rawId(habit.id)}:${today()}` });

    const again = (await t.ok(COMPLETE, { habitId: habit.id }, { token: user.token })).completeHabit;
    expect(again).toMatchObject({ becameDone: false, award: null, completion: { count: 1 } });
    expect(await t.prisma.pointsLedger.count({ where: { userId: user.userId } })).toBe(1);

    const streaks = await t.prisma.userStreak.findMany({ where: { userId: user.userId }, orderBy: { streakType: "asc" } });
    expect(streaks.map((s) => [s.streakType, s.currentCount])).toEqual([
      ["daily_activity", 1],
      ["habits", 1],
    ]);
    expect(await t.prisma.behaviorOutbox.count({ where: { userId: user.userId, eventType: "habit.completed" } })).toBe(2);
    const { wallet } = await expectReconciled(user.userId);
    expect(wallet?.coins).toBe(1);
  });

  it("counts up to targetCount and rewards when the target is reached", async () => {
    const user = await oldUser();
    const habit = await createHabit(user, { startDate: "2024-01-01", targetCount: 3 });
    const one = (await t.ok(COMPLETE, { habitId: habit.id, day: yesterday() }, { token: user.token })).completeHabit;
    expect(one).toMatchObject({ becameDone: false, award: null, completion: { count: 1, isDone: false } });
    const done = (await t.ok(COMPLETE, { habitId: habit.id, day: yesterday(), count: 5 }, { token: user.token })).completeHabit;
    expect(done).toMatchObject({ becameDone: true, completion: { count: 3, isDone: true } });
    expect(done.award.entry.xpDelta).toBe(10);
    const bad = await t.graphql(COMPLETE, { habitId: habit.id, day: yesterday(), count: 0 }, { token: user.token });
    expect(codeOf(bad)).toBe("BAD_USER_INPUT");
  });

  it("refuses days that are not due, in the future, before the start, too far back, before the account, or archived habits", async () => {
    const user = await oldUser();
    const notToday = (isoWeekday(today()) % 7) + 1;
    const weekly = await createHabit(user, { frequency: "WEEKLY", daysOfWeek: [notToday], startDate: "2024-06-01" });
    expect(codeOf(await t.graphql(COMPLETE, { habitId: weekly.id }, { token: user.token }))).toBe("BAD_USER_INPUT");
    const fresh = await createHabit(user, { startDate: today() });
    expect(codeOf(await t.graphql(COMPLETE, { habitId: fresh.id, day: yesterday() }, { token: user.token }))).toBe("BAD_USER_INPUT");
    const daily = await createHabit(user, { startDate: "2024-01-01" });
    expect(codeOf(await t.graphql(COMPLETE, { habitId: daily.id, day: addDays(today(), 2) }, { token: user.token }))).toBe(
      "BAD_USER_INPUT",
    );
    // Back-dating is bounded: the grace window is one day, and never before the account existed.
    expect(codeOf(await t.graphql(COMPLETE, { habitId: daily.id, day: addDays(today(), -2) }, { token: user.token }))).toBe(
      "BAD_USER_INPUT",
    );
    expect(codeOf(await t.graphql(COMPLETE, { habitId: daily.id, day: "2024-03-01" }, { token: user.token }))).toBe("BAD_USER_INPUT");
    const newcomer = await t.createUser();
    const newHabit = await createHabit(newcomer, { startDate: "2024-01-01" });
    if (todayIn("UTC", new Date(Date.now() - 60_000)) === today()) {
      expect(codeOf(await t.graphql(COMPLETE, { habitId: newHabit.id, day: yesterday() }, { token: newcomer.token }))).toBe(
        "BAD_USER_INPUT",
      );
    }
    await t.ok(`mutation($id: ID!) { archiveHabit(id: $id) { id } }`, { id: daily.id }, { token: user.token });
    expect(codeOf(await t.graphql(COMPLETE, { habitId: daily.id }, { token: user.token }))).toBe("BAD_USER_INPUT");
    expect(await t.prisma.habitCompletion.count({ where: { userId: user.userId } })).toBe(0);
    expect(await t.prisma.pointsLedger.count({ where: { userId: user.userId } })).toBe(0);
  });

  it("'today' follows the viewer's time zone", async () => {
    const user = await t.createUser({ timezone: "Pacific/Kiritimati" });
    const habit = await createHabit(user, { startDate: "2024-01-01" });
    const result = (await t.ok(COMPLETE, { habitId: habit.id }, { token: user.token })).completeHabit;
    expect(result.completion.completedOn).toBe(todayIn("Pacific/Kiritimati"));
    // Kiritimati's today may be UTC's tomorrow: it is not "in the future" for this user.
    const late = await t.createUser({ timezone: "Pacific/Pago_Pago" });
    const lateHabit = await createHabit(late, { startDate: "2024-01-01" });
    const tooEarly = await t.graphql(COMPLETE, { habitId: lateHabit.id, day: todayIn("Pacific/Kiritimati") }, { token: late.token });
    expect(codeOf(tooEarly)).toBe("BAD_USER_INPUT");
  });

  it("undo/redo cycles keep wallet and progress reconciled with the ledger", async () => {
    const user = await oldUser();
    const habit = await createHabit(user, { startDate: "2024-01-01" });
    const day = today();
    const base = `habit:${rawId(habit.id)}:${day}`;
    const keys: string[] = [];
    for (let cycle = 1; cycle <= 3; cycle += 1) {
      const done = (await t.ok(COMPLETE, { habitId: habit.id, day }, { token: user.token })).completeHabit;
      keys.push(done.award.entry.idempotencyKey);
      const undone = (await t.ok(UNCOMPLETE, { habitId: habit.id, day }, { token: user.token })).uncompleteHabit;
      expect(undone.removedCompletionId).not.toBeNull();
      expect(undone.reversal.entry).toMatchObject({ xpDelta: -10, coinDelta: -1 });
      expect(undone.reversal.wallet).toMatchObject({ coins: 0 });
      keys.push(undone.reversal.entry.idempotencyKey);
      const { wallet, progress } = await expectReconciled(user.userId);
      expect(wallet?.coins).toBe(0);
      expect(progress?.totalXp).toBe(0);
    }
    expect(keys).toEqual([base, `${base}:undo:1`, `${base}:redo:1`, `${base}:undo:2`, `${base}:redo:2`, `${base}:undo:3`]);
    // Undoing again changes nothing.
    const nothing = (await t.ok(UNCOMPLETE, { habitId: habit.id, day }, { token: user.token })).uncompleteHabit;
    expect(nothing).toEqual({ removedCompletionId: null, reversal: null });
    // Completed at the end: exactly one reward is live.
    await t.ok(COMPLETE, { habitId: habit.id, day }, { token: user.token });
    const { wallet } = await expectReconciled(user.userId);
    expect(wallet).toMatchObject({ coins: 1, totalEarned: 1, totalSpent: 0 });
    expect(await t.prisma.habitCompletion.count({ where: { habitId: rawId(habit.id) } })).toBe(1);
  });

  it("concurrent completes and undos of the same day stay consistent", async () => {
    const user = await oldUser();
    const habit = await createHabit(user, { startDate: "2024-01-01" });
    const day = today();
    const completes = await Promise.all(
      Array.from({ length: 10 }, () => t.graphql(COMPLETE, { habitId: habit.id, day }, { token: user.token })),
    );
    for (const response of completes) expect(response.errors).toBeUndefined();
    expect(completes.filter((r) => r.data.completeHabit.becameDone)).toHaveLength(1);
    expect((await expectReconciled(user.userId)).wallet?.coins).toBe(1);
    const undos = await Promise.all(
      Array.from({ length: 10 }, () => t.graphql(UNCOMPLETE, { habitId: habit.id, day }, { token: user.token })),
    );
    for (const response of undos) expect(response.errors).toBeUndefined();
    expect(undos.filter((r) => r.data.uncompleteHabit.reversal)).toHaveLength(1);
    const { wallet, progress } = await expectReconciled(user.userId);
    expect([wallet?.coins, progress?.totalXp]).toEqual([0, 0]);
  });

  it("refuses to undo when the coins were spent meanwhile (CONFLICT, nothing changes)", async () => {
    const user = await oldUser();
    const habit = await createHabit(user, { startDate: "2024-01-01" });
    await t.ok(COMPLETE, { habitId: habit.id }, { token: user.token });
    await t.prisma.$transaction((tx) =>
      awardPoints(tx, { userId: user.userId, xp: 0, coins: -1, reason: "market.purchase", idempotencyKey: "spend-1" }),
    );
    const response = await t.graphql(UNCOMPLETE, { habitId: habit.id }, { token: user.token });
    expect(codeOf(response)).toBe("CONFLICT");
    expect(await t.prisma.habitCompletion.count({ where: { habitId: rawId(habit.id) } })).toBe(1);
    const { wallet } = await expectReconciled(user.userId);
    expect(wallet?.coins).toBe(0);
  });

  it("extends the habits streak on consecutive days", async () => {
    const user = await oldUser();
    const habit = await createHabit(user, { startDate: "2024-01-01" });
    await t.ok(COMPLETE, { habitId: habit.id, day: addDays(today(), -1) }, { token: user.token });
    await t.ok(COMPLETE, { habitId: habit.id }, { token: user.token });
    const data = await t.ok(`{ viewer { streaks { streakType currentCount longestCount lastActivityDate } } }`, {}, { token: user.token });
    expect(data.viewer.streaks).toContainEqual({ streakType: "habits", currentCount: 2, longestCount: 2, lastActivityDate: today() });
  });

  it("lists completions newest day first", async () => {
    const user = await oldUser();
    const habit = await createHabit(user, { startDate: "2024-01-01" });
    // History older than the grace window, as an import or the seed would write it.
    await t.prisma.habitCompletion.create({
      data: { habitId: rawId(habit.id), userId: user.userId, completedOn: new Date(`${addDays(today(), -5)}T00:00:00Z`), count: 1 },
    });
    for (const day of [today(), yesterday()]) {
      await t.ok(COMPLETE, { habitId: habit.id, day }, { token: user.token });
    }
    const data = await t.ok(
      `query($id: ID!, $day: Date!) { habit(id: $id) { completions(first: 2) { totalCount edges { node { completedOn } } }
         ranged: completions(from: $day, to: $day) { edges { node { completedOn } } } } }`,
      { id: habit.id, day: yesterday() },
      { token: user.token },
    );
    expect(data.habit.completions.totalCount).toBe(3);
    expect(data.habit.completions.edges.map((e: any) => e.node.completedOn)).toEqual([today(), yesterday()]);
    expect(data.habit.ranged.edges.map((e: any) => e.node.completedOn)).toEqual([yesterday()]);
  });
});

describe("goals and milestones", () => {
  const GOAL_FIELDS = `id title status completedAt milestoneCount completedMilestoneCount milestones { id title isCompleted completedAt sortOrder }`;

  it("creates a goal with ordered milestones, completes milestones and the goal", async () => {
    const user = await t.createUser();
    const goal = (
      await t.ok(
        `mutation { createGoal(input: { title: "Run a marathon", targetDate: "2025-10-01",
           milestones: [{ title: "5k" }, { title: "10k" }, { title: "Half" }] }) { ${GOAL_FIELDS} } }`,
        {},
        { token: user.token },
      )
    ).createGoal;
    expect(goal.milestones.map((m: any) => m.title)).toEqual(["5k", "10k", "Half"]);
    const added = (
      await t.ok(
        `mutation($id: ID!) { createGoalMilestone(goalId: $id, input: { title: "Full" }) { sortOrder goal { id } } }`,
        { id: goal.id },
        { token: user.token },
      )
    ).createGoalMilestone;
    expect(added).toEqual({ sortOrder: 3, goal: { id: goal.id } });

    const first = goal.milestones[0].id;
    const done = await t.ok(
      `mutation($id: ID!) { completeMilestone(id: $id) { isCompleted completedAt } }`,
      { id: first },
      { token: user.token },
    );
    expect(done.completeMilestone.isCompleted).toBe(true);
    const again = await t.ok(`mutation($id: ID!) { completeMilestone(id: $id) { completedAt } }`, { id: first }, { token: user.token });
    expect(again.completeMilestone.completedAt).toBe(done.completeMilestone.completedAt);

    const completed = (
      await t.ok(`mutation($id: ID!) { completeGoal(id: $id) { ${GOAL_FIELDS} } }`, { id: goal.id }, { token: user.token })
    ).completeGoal;
    expect(completed).toMatchObject({ status: "COMPLETED", milestoneCount: 4, completedMilestoneCount: 1 });
    expect(completed.completedAt).not.toBeNull();
    expect(codeOf(await t.graphql(`mutation($id: ID!) { completeGoal(id: $id) { id } }`, { id: goal.id }, { token: user.token }))).toBe(
      "CONFLICT",
    );
    expect(await t.prisma.behaviorOutbox.count({ where: { userId: user.userId, eventType: "goal.completed" } })).toBe(1);

    await t.ok(`mutation { createGoal(input: { title: "Learn piano" }) { id } }`, {}, { token: user.token });
    const active = await t.ok(
      `{ viewer { goals(status: ACTIVE) { edges { node { title } } } all: goals { totalCount } } }`,
      {},
      {
        token: user.token,
      },
    );
    expect(active.viewer.goals.edges.map((e: any) => e.node.title)).toEqual(["Learn piano"]);
    expect(active.viewer.all.totalCount).toBe(2);

    const archived = await t.ok(
      `mutation($id: ID!) { updateGoal(id: $id, input: { status: ARCHIVED }) { status completedAt } }`,
      { id: goal.id },
      {
        token: user.token,
      },
    );
    expect(archived.updateGoal).toEqual({ status: "ARCHIVED", completedAt: null });

    await t.ok(`mutation($id: ID!) { deleteGoal(id: $id) }`, { id: goal.id }, { token: user.token });
    expect(await t.prisma.goalMilestone.count({ where: { goalId: rawId(goal.id) } })).toBe(0);
  });

  it("validates goal input", async () => {
    const user = await t.createUser();
    expect(codeOf(await t.graphql(`mutation { createGoal(input: { title: "" }) { id } }`, {}, { token: user.token }))).toBe(
      "BAD_USER_INPUT",
    );
    expect(
      codeOf(
        await t.graphql(`mutation { createGoal(input: { title: "x", milestones: [{ title: "" }] }) { id } }`, {}, { token: user.token }),
      ),
    ).toBe("BAD_USER_INPUT");
    expect(await t.prisma.goal.count({ where: { userId: user.userId } })).toBe(0);
  });
});

describe("tenancy", () => {
  it("user A can neither read nor change user B's habits, completions, goals or milestones", async () => {
    const habit = await createHabit(b, { name: "B's habit", startDate: "2024-01-01" });
    await t.ok(COMPLETE, { habitId: habit.id }, { token: b.token });
    const completion = await t.prisma.habitCompletion.findFirstOrThrow({ where: { userId: b.userId } });
    const goal = (
      await t.ok(
        `mutation { createGoal(input: { title: "B's goal", milestones: [{ title: "m" }] }) { id milestones { id } } }`,
        {},
        { token: b.token },
      )
    ).createGoal;
    const ids = [habit.id, globalId("HabitCompletion", completion.id), goal.id, goal.milestones[0].id];

    const nodes = await t.ok(`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids }, { token: a.token });
    expect(nodes.nodes).toEqual([null, null, null, null]);
    const direct = await t.ok(
      `query($h: ID!, $g: ID!) { habit(id: $h) { id } goal(id: $g) { id } }`,
      { h: habit.id, g: goal.id },
      { token: a.token },
    );
    expect(direct).toEqual({ habit: null, goal: null });
    const mine = await t.ok(
      `{ viewer { habits(includeArchived: true) { edges { node { name } } } goals { edges { node { title } } } } }`,
      {},
      {
        token: a.token,
      },
    );
    expect(JSON.stringify(mine)).not.toContain("B's");

    const before = await t.prisma.pointsLedger.count();
    const attempts = [
      t.graphql(COMPLETE, { habitId: habit.id }, { token: a.token }),
      t.graphql(UNCOMPLETE, { habitId: habit.id }, { token: a.token }),
      t.graphql(`mutation($id: ID!) { updateHabit(id: $id, input: { name: "hacked" }) { id } }`, { id: habit.id }, { token: a.token }),
      t.graphql(`mutation($id: ID!) { archiveHabit(id: $id) { id } }`, { id: habit.id }, { token: a.token }),
      t.graphql(`mutation($id: ID!) { deleteHabit(id: $id) }`, { id: habit.id }, { token: a.token }),
      t.graphql(`mutation($id: ID!) { updateGoal(id: $id, input: { title: "hacked" }) { id } }`, { id: goal.id }, { token: a.token }),
      t.graphql(`mutation($id: ID!) { completeGoal(id: $id) { id } }`, { id: goal.id }, { token: a.token }),
      t.graphql(`mutation($id: ID!) { deleteGoal(id: $id) }`, { id: goal.id }, { token: a.token }),
      t.graphql(
        `mutation($id: ID!) { createGoalMilestone(goalId: $id, input: { title: "x" }) { id } }`,
        { id: goal.id },
        { token: a.token },
      ),
      t.graphql(`mutation($id: ID!) { completeMilestone(id: $id) { id } }`, { id: goal.milestones[0].id }, { token: a.token }),
      t.graphql(
        `mutation($id: ID!) { updateGoalMilestone(id: $id, input: { title: "x" }) { id } }`,
        { id: goal.milestones[0].id },
        { token: a.token },
      ),
      t.graphql(`mutation($id: ID!) { deleteGoalMilestone(id: $id) }`, { id: goal.milestones[0].id }, { token: a.token }),
    ];
    for (const response of await Promise.all(attempts)) expect(codeOf(response)).toBe("NOT_FOUND");

    expect(await t.prisma.pointsLedger.count()).toBe(before);
    const habitRow = await t.prisma.habit.findUniqueOrThrow({ where: { id: rawId(habit.id) } });
    expect(habitRow).toMatchObject({ name: "B's habit", isArchived: false });
    expect(await t.prisma.habitCompletion.count({ where: { habitId: habitRow.id } })).toBe(1);
    const goalRow = await t.prisma.goal.findUniqueOrThrow({ where: { id: rawId(goal.id) }, include: { milestones: true } });
    expect(goalRow).toMatchObject({ title: "B's goal", status: "ACTIVE" });
    expect(goalRow.milestones).toHaveLength(1);
    expect(goalRow.milestones[0]).toMatchObject({ title: "m", isCompleted: false });
  });

  it("IDs of another type are BAD_USER_INPUT; signed-out calls are UNAUTHENTICATED", async () => {
    const goal = (await t.ok(`mutation { createGoal(input: { title: "g" }) { id } }`, {}, { token: a.token })).createGoal;
    expect(codeOf(await t.graphql(COMPLETE, { habitId: goal.id }, { token: a.token }))).toBe("BAD_USER_INPUT");
    expect(codeOf(await t.graphql(COMPLETE, { habitId: "not-an-id" }, { token: a.token }))).toBe("BAD_USER_INPUT");
    expect(codeOf(await t.graphql(CREATE_HABIT, { input: { name: "x" } }))).toBe("UNAUTHENTICATED");
  });
});
