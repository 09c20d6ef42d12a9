// Decisions: Today.nextAction (deterministic, explained, no extra statement), idempotent
// decision telemetry, and the admin acceptance report.
import { print } from "graphql";
import { describe, expect, it } from "vitest";
import { addDays, todayIn } from "../src/domain/calendar.ts";
import { TodayPageDocument } from "../src/generated/graphql/graphql.ts";
import type { TodayHabitRow, TodayQuestRow } from "../src/loaders/today/index.ts";
import { type DayState, nextAction, NEXT_ACTION_PRIORITY } from "../src/today/next-action.ts";
import { codeOf, startGatewayWithUsers, type TestUser } from "./support/gateway.ts";
import { rawId } from "./support/graphqlIds.ts";

const { t, a, b, admin } = await startGatewayWithUsers({ admin: true, a: { timezone: "UTC" }, b: { timezone: "UTC" } });
const D = todayIn("UTC");

const NEXT = `query ($date: Date) { today(date: $date) { nextAction {
  id kind decisionKey priority reason
  habit { id name } quest { id title } universalQuest { id key } focusSession { id status } planItem { id title }
} } }`;
const SHOWN = `mutation ($input: RecordDecisionShownInput!) {
  recordDecisionShown(input: $input) { id decisionKey surface suggestionId outcome startedAt }
}`;
const OUTCOME = `mutation ($id: ID!, $outcome: DecisionOutcome!) { recordDecisionOutcome(id: $id, outcome: $outcome) { id outcome startedAt } }`;
const REPORT = `query ($surface: String) { decisionAcceptance(surface: $surface) {
  decisionKey shown started completed dismissed startedRate completedRate dismissedRate
} }`;

async function next(user: TestUser, date = D) {
  return (await t.ok(NEXT, { date }, { token: user.token })).today.nextAction;
}

/** A fresh user whose account is ten days old (so yesterday can be completed). */
async function oldUser(): Promise<TestUser> {
  const user = await t.createUser({ timezone: "UTC" });
  await t.prisma.user.update({ where: { id: user.userId }, data: { createdAt: new Date(`${addDays(D, -10)}T00:00:00Z`) } });
  return user;
}

async function createHabit(user: TestUser, name: string, startDate = addDays(D, -5), sortOrder = 0) {
  const data = await t.ok(
    `mutation ($input: CreateHabitInput!) { createHabit(input: $input) { id } }`,
    { input: { name, startDate, sortOrder } },
    { token: user.token },
  );
  return data.createHabit.id as string;
}

const completeHabit = (user: TestUser, habitId: string, day: string) =>
  t.ok(
    `mutation ($habitId: ID!, $day: Date) { completeHabit(habitId: $habitId, day: $day) { __typename } }`,
    { habitId, day },
    { token: user.token },
  );

describe("Today.nextAction through the gateway", () => {
  it("picks each kind when its state holds, in priority order, and moves down as things get done", async () => {
    const user = await oldUser();
    expect(await next(user)).toBeNull();

    // 5. habit_due: a habit due today, never done.
    const stretch = await createHabit(user, "Stretch", D, 1);
    let action = await next(user);
    expect(action).toMatchObject({ kind: "HABIT_DUE", decisionKey: "habit_due", priority: 5, habit: { id: stretch, name: "Stretch" } });
    expect(action.id).toBe(`habit_due:${rawId(stretch)}:${D}`);
    expect(action.reason).toBe(`"Stretch" is due on ${D} and not done yet (0/1).`);

    // 4. plan_item beats habit_due.
    const plan = await t.ok(
      `mutation ($date: Date!) { addPlanItem(date: $date, input: { kind: TASK, title: "Write the report" }) { items { id title } } }`,
      { date: D },
      { token: user.token },
    );
    const itemId = plan.addPlanItem.items[0].id as string;
    action = await next(user);
    expect(action).toMatchObject({ kind: "PLAN_ITEM", priority: 4, planItem: { id: itemId, title: "Write the report" }, habit: null });
    expect(action.id).toBe(`plan_item:${itemId}:${D}`);
    expect(action.reason).toBe(`"Write the report" is the first open item of your plan for ${D}.`);

    // 3. quest_one_step: a quest at 2 of 3 beats the plan item.
    const quest = (
      await t.ok(`mutation { createQuest(input: { title: "Three walks", targetValue: 3 }) { id } }`, {}, { token: user.token })
    ).createQuest.id;
    await t.ok(`mutation ($id: ID!) { progressQuest(id: $id, amount: 2) { __typename } }`, { id: quest }, { token: user.token });
    action = await next(user);
    expect(action).toMatchObject({ kind: "QUEST_ONE_STEP", priority: 3, quest: { id: quest, title: "Three walks" } });
    expect(action.id).toBe(`quest_one_step:${rawId(quest)}:${D}`);
    expect(action.reason).toBe(`"Three walks" is one step from done (2/3).`);

    // 2. habit_streak_at_risk: done yesterday, not today.
    const meditate = await createHabit(user, "Meditate", addDays(D, -5), 2);
    await completeHabit(user, meditate, addDays(D, -1));
    action = await next(user);
    expect(action).toMatchObject({ kind: "HABIT_STREAK_AT_RISK", priority: 2, habit: { id: meditate } });
    expect(action.reason).toBe(`"Meditate" has a 1 day streak and is not done on ${D} (0/1): do it to keep the streak.`);

    // 1. resume_focus: a running, then a paused session beats everything.
    const session = (
      await t.ok(
        `mutation { startFocusSession(input: { plannedDurationSeconds: 1500, label: "Deep work" }) { id } }`,
        {},
        { token: user.token },
      )
    ).startFocusSession.id;
    action = await next(user);
    expect(action).toMatchObject({ kind: "RESUME_FOCUS", priority: 1, focusSession: { id: session, status: "ACTIVE" } });
    expect(action.reason).toBe(`Your "Deep work" focus session is still running: finish it.`);
    await t.ok(`mutation ($id: ID!) { pauseFocusSession(id: $id) { id } }`, { id: session }, { token: user.token });
    action = await next(user);
    expect(action.id).toBe(`resume_focus:${rawId(session)}:${D}`);
    expect(action.reason).toBe(`Your "Deep work" focus session is paused: resume it or finish it.`);

    // Done things drop out, in order.
    await t.ok(`mutation ($id: ID!) { finishFocusSession(id: $id) { __typename } }`, { id: session }, { token: user.token });
    expect((await next(user)).kind).toBe("HABIT_STREAK_AT_RISK");
    await completeHabit(user, meditate, D);
    expect((await next(user)).kind).toBe("QUEST_ONE_STEP");
    await t.ok(`mutation ($id: ID!) { progressQuest(id: $id) { __typename } }`, { id: quest }, { token: user.token });
    expect((await next(user)).kind).toBe("PLAN_ITEM");
    await t.ok(
      `mutation ($date: Date!, $itemId: ID!) { updatePlanItem(date: $date, itemId: $itemId, input: { done: true }) { id } }`,
      { date: D, itemId },
      {
        token: user.token,
      },
    );
    expect((await next(user)).kind).toBe("HABIT_DUE");
    await completeHabit(user, stretch, D);
    // Two habits done today moved the catalogue's "three habits" quest to 2/3 (the rules step): one step away.
    const last = await next(user);
    expect(last).toMatchObject({ kind: "UNIVERSAL_QUEST_ONE_STEP", priority: 3, universalQuest: { key: "daily-three-habits" } });
    expect(last.reason).toMatch(/ is one step from done \(2\/3\)\.$/);
  });

  it("is deterministic: the same state gives a byte-identical suggestion, whatever the document around it", async () => {
    const user = await oldUser();
    const first = await createHabit(user, "Alpha", addDays(D, -5), 5);
    const second = await createHabit(user, "Beta", addDays(D, -5), 3);
    await completeHabit(user, first, addDays(D, -1));
    await completeHabit(user, second, addDays(D, -1));
    const one = JSON.stringify(await next(user));
    const two = JSON.stringify(await next(user));
    expect(two).toBe(one);
    const full = await t.ok(
      `${print(TodayPageDocument).replace("today(date: $date) {", "today(date: $date) { nextAction { id kind decisionKey priority reason habit { id name } quest { id title } universalQuest { id key } focusSession { id status } planItem { id title } }")}`,
      { date: D },
      { token: user.token },
    );
    expect(JSON.stringify(full.today.nextAction)).toBe(one);
    // Equal streaks: the habits' position order (sort order 3 before 5) breaks the tie.
    expect(JSON.parse(one)).toMatchObject({ kind: "HABIT_STREAK_AT_RISK", habit: { id: second } });
  });

  it("adds no SQL statement to the Today page", async () => {
    const user = await oldUser();
    await createHabit(user, "Counted");
    const document = print(TodayPageDocument);
    const withNext = document.replace("today(date: $date) {", "today(date: $date) { nextAction { id kind reason } ");
    const without = await t.countQueries(() => t.ok(document, { date: D }, { token: user.token }));
    const withIt = await t.countQueries(() => t.ok(withNext, { date: D }, { token: user.token }));
    expect(without.count).toBe(3); // the session, then the page's two statements
    expect(withIt.count).toBe(without.count);
    // The session, then the page's two statements: habits, plan and focus in one, quests in the other.
    const alone = await t.countQueries(() => t.ok(`{ today { nextAction { id } } }`, {}, { token: user.token }));
    expect(alone.count).toBe(3);
  });
});

describe("nextAction as a pure function", () => {
  const habitRow = (id: string, name: string, streak: number, count = 0, targetCount = 1) =>
    ({
      habit: { id, name, targetCount },
      completion: count > 0 ? { count } : null,
      streak,
      count,
      targetCount,
      completed: count >= targetCount,
    }) as unknown as TodayHabitRow;
  const questRow = (id: string, current: number, target: number, kind: "OWN" | "UNIVERSAL" = "OWN") =>
    (kind === "OWN"
      ? {
          kind,
          id,
          quest: { id, title: `Q ${id}`, status: "ACTIVE", currentValue: current, targetValue: target },
          universalQuest: null,
          progress: null,
          title: `Q ${id}`,
          currentValue: current,
          targetValue: target,
          completed: false,
        }
      : {
          kind,
          id,
          quest: null,
          universalQuest: { id, title: `U ${id}`, targetValue: target },
          progress: { currentValue: current, status: "ACTIVE" },
          title: `U ${id}`,
          currentValue: current,
          targetValue: target,
          completed: false,
        }) as unknown as TodayQuestRow;
  const state = (over: Partial<DayState>): DayState => ({
    day: "2026-11-29",
    habits: [],
    quests: [],
    focus: { active: null, ofDay: [] },
    plan: null,
    ...over,
  });

  it("breaks ties deterministically: longest streak, then position; quests in list order; the first open plan item", () => {
    const habits = [habitRow("h1", "One", 2), habitRow("h2", "Two", 7), habitRow("h3", "Three", 7), habitRow("h4", "Done", 9, 1)];
    expect(nextAction(state({ habits }))?.id).toBe("habit_streak_at_risk:h2:2026-11-29");
    const quests = [questRow("q1", 0, 1), questRow("u1", 4, 5, "UNIVERSAL"), questRow("q2", 2, 3)];
    expect(nextAction(state({ quests }))).toMatchObject({
      id: "universal_quest_one_step:u1:2026-11-29",
      reason: '"U u1" is one step from done (4/5).',
    });
    const plan = {
      items: [
        {
          id: "i2",
          title: "Second",
          kind: "TASK",
          refId: null,
          durationMinutes: null,
          done: false,
          sortOrder: 2,
          createdAt: "2026-11-29T00:00:00.000Z",
        },
        {
          id: "i0",
          title: "Done",
          kind: "TASK",
          refId: null,
          durationMinutes: null,
          done: true,
          sortOrder: 0,
          createdAt: "2026-11-29T00:00:00.000Z",
        },
        {
          id: "i1",
          title: "First",
          kind: "TASK",
          refId: null,
          durationMinutes: null,
          done: false,
          sortOrder: 1,
          createdAt: "2026-11-29T00:00:00.000Z",
        },
      ],
    } as unknown as DayState["plan"];
    expect(nextAction(state({ plan }))?.id).toBe("plan_item:i1:2026-11-29");
    // Same input twice: byte-identical; a different day: a different id.
    const full = state({ habits, quests, plan });
    expect(JSON.stringify(nextAction(full))).toBe(JSON.stringify(nextAction(structuredClone(full))));
    expect(nextAction({ ...full, day: "2026-11-30" })?.id).toBe("habit_streak_at_risk:h2:2026-11-30");
  });

  it("documents one priority per kind, resume_focus first and habit_due last", () => {
    expect(NEXT_ACTION_PRIORITY).toEqual({
      resume_focus: 1,
      habit_streak_at_risk: 2,
      quest_one_step: 3,
      universal_quest_one_step: 3,
      plan_item: 4,
      habit_due: 5,
    });
    expect(nextAction(state({ habits: [habitRow("h1", "Fresh", 0)] }))?.kind).toBe("habit_due");
    expect(nextAction(state({ quests: [questRow("q1", 0, 1)] }))).toBeNull(); // nothing taken yet: not "one step from done"
  });
});

// Every decision below is in the shown arm unless a test asks for the holdout.
process.env.DECISION_HOLDOUT_SHARE = "0";

const DECISION = `query ($id: ID!) { node(id: $id) { ... on DecisionTelemetry {
  id outcome heldOut policyVersion actedAt startedAt outcomeEvent { sequence eventType payload }
} } }`;
const IMPACT = `query ($policyVersion: String) { decisionImpact(policyVersion: $policyVersion) {
  decisionKey policyVersion shown acted actedRate heldOut heldOutActed heldOutActedRate
  actedRateInterval { low high } lift { estimate low high significant }
} }`;

const show = async (user: TestUser, action: { decisionKey: string; id: string }) =>
  (await t.ok(SHOWN, { input: { decisionKey: action.decisionKey, surface: "today", suggestionId: action.id } }, { token: user.token }))
    .recordDecisionShown;
const decisionOf = async (user: TestUser, id: string) => (await t.ok(DECISION, { id }, { token: user.token })).node;

describe("decision telemetry", () => {
  it("shown twice with the same suggestion id records one decision and one event", async () => {
    const user = await oldUser();
    await createHabit(user, "Shown", D);
    const action = await next(user);
    const first = await show(user, action);
    const second = await show(user, action);
    expect(second).toEqual(first);
    expect(first).toMatchObject({ decisionKey: "habit_due", suggestionId: action.id, outcome: "SHOWN", startedAt: null });
    expect(await t.prisma.decisionTelemetry.count({ where: { userId: user.userId } })).toBe(1);
    const events = await t.prisma.behaviorOutbox.findMany({ where: { userId: user.userId, eventType: "decision.shown" } });
    expect(events).toHaveLength(1);
    expect(events[0].payload).toMatchObject({
      decisionId: rawId(first.id),
      suggestionId: action.id,
      policyVersion: "next-action/1",
      heldOut: false,
    });
    // Two concurrent shows of a new suggestion: still one row.
    const other = rawId(await createHabit(user, "Racing", D));
    const racing = { decisionKey: "habit_due", id: `habit_due:${other}:${D}` };
    const both = await Promise.all([show(user, racing), show(user, racing)]);
    expect(both[0].id).toBe(both[1].id);
    expect(await t.prisma.decisionTelemetry.count({ where: { userId: user.userId } })).toBe(2);
  });

  it("the server completes a shown decision from the event that acted on its target, whoever sent it", async () => {
    const user = await oldUser();
    const habitId = await createHabit(user, "Observed", D);
    const action = await next(user);
    const decision = await show(user, action);
    await completeHabit(user, habitId, D);
    const read = await decisionOf(user, decision.id);
    const acting = await t.prisma.behaviorOutbox.findFirstOrThrow({ where: { userId: user.userId, eventType: "habit.completed" } });
    expect(read).toMatchObject({ outcome: "COMPLETED", heldOut: false, policyVersion: "next-action/1" });
    expect(read.actedAt).not.toBeNull();
    expect(read.outcomeEvent).toMatchObject({ sequence: acting.id.toString(), eventType: "habit.completed" });
    const outcomes = await t.prisma.behaviorOutbox.findMany({ where: { userId: user.userId, eventType: "decision.outcome" } });
    expect(outcomes.map((event) => event.payload)).toEqual([
      { v: 1, decisionId: rawId(decision.id), decisionKey: "habit_due", outcome: "COMPLETED", eventId: acting.id.toString() },
    ]);
    // The event comes after the action that caused it, in the same transaction.
    expect(outcomes[0].id > acting.id).toBe(true);
  });

  it("a plan item marked done and a focus session finished complete their decisions; a client may start a plan item", async () => {
    const user = await oldUser();
    await t.ok(
      `mutation ($input: PlanDayInput!) { planDay(input: $input) { id } }`,
      { input: { date: D, items: [{ title: "Write", kind: "TASK" }] } },
      { token: user.token },
    );
    const planAction = await next(user);
    expect(planAction.kind).toBe("PLAN_ITEM");
    const planDecision = await show(user, planAction);
    const started = (await t.ok(OUTCOME, { id: planDecision.id, outcome: "STARTED" }, { token: user.token })).recordDecisionOutcome;
    expect(started.outcome).toBe("STARTED");
    await t.ok(
      `mutation ($date: Date!, $itemId: ID!) { updatePlanItem(date: $date, itemId: $itemId, input: { done: true }) { id } }`,
      { date: D, itemId: planAction.planItem.id },
      { token: user.token },
    );
    expect(await decisionOf(user, planDecision.id)).toMatchObject({ outcome: "COMPLETED", outcomeEvent: { eventType: "plan.changed" } });

    await t.ok(`mutation { startFocusSession(input: { plannedDurationSeconds: 1500 }) { id } }`, {}, { token: user.token });
    const focusAction = await next(user);
    expect(focusAction.kind).toBe("RESUME_FOCUS");
    const focusDecision = await show(user, focusAction);
    // A focus session's start is an event: the client may not claim it.
    expect(codeOf(await t.graphql(OUTCOME, { id: focusDecision.id, outcome: "STARTED" }, { token: user.token }))).toBe("FORBIDDEN");
    // Ten minutes of focus (a finish under a minute is an abandon, which completes nothing).
    await t.prisma.focusSession.update({
      where: { id: rawId(focusAction.focusSession.id) },
      data: { startedAt: new Date(Date.now() - 600_000) },
    });
    await t.ok(
      `mutation ($id: ID!) { finishFocusSession(id: $id) { __typename } }`,
      { id: focusAction.focusSession.id },
      { token: user.token },
    );
    expect(await decisionOf(user, focusDecision.id)).toMatchObject({ outcome: "COMPLETED", outcomeEvent: { eventType: "focus.finished" } });
  });

  it("a client's COMPLETED is refused and changes nothing, however often it is tried", async () => {
    const user = await oldUser();
    await createHabit(user, "Fake", D);
    const decision = await show(user, await next(user));
    const before = await t.prisma.decisionTelemetry.findUniqueOrThrow({ where: { id: rawId(decision.id) } });
    const outbox = await t.prisma.behaviorOutbox.count({ where: { userId: user.userId } });
    for (let i = 0; i < 25; i += 1) {
      const answer = await t.graphql(OUTCOME, { id: decision.id, outcome: "COMPLETED" }, { token: user.token });
      expect(codeOf(answer)).toBe("FORBIDDEN");
    }
    expect(codeOf(await t.graphql(OUTCOME, { id: decision.id, outcome: "EXPIRED" }, { token: user.token }))).toBe("FORBIDDEN");
    expect(codeOf(await t.graphql(OUTCOME, { id: decision.id, outcome: "STARTED" }, { token: user.token }))).toBe("FORBIDDEN");
    expect(await t.prisma.decisionTelemetry.findUniqueOrThrow({ where: { id: rawId(decision.id) } })).toEqual(before);
    expect(await t.prisma.behaviorOutbox.count({ where: { userId: user.userId } })).toBe(outbox);
    // The user's own report: DISMISSED, once.
    expect((await t.ok(OUTCOME, { id: decision.id, outcome: "DISMISSED" }, { token: user.token })).recordDecisionOutcome.outcome).toBe(
      "DISMISSED",
    );
    expect(codeOf(await t.graphql(OUTCOME, { id: decision.id, outcome: "SNOOZED" }, { token: user.token }))).toBe("CONFLICT");
  });

  it("refuses a suggestion that is not today's, not the viewer's target, or of another kind; records at most 40 a day", async () => {
    const user = await oldUser();
    const habit = rawId(await createHabit(user, "Bounded", D));
    const refused = async (decisionKey: string, suggestionId: string) =>
      codeOf(await t.graphql(SHOWN, { input: { decisionKey, surface: "today", suggestionId } }, { token: user.token }));
    expect(await refused("habit_due", `habit_due:${habit}:${addDays(D, -1)}`)).toBe("BAD_USER_INPUT");
    expect(await refused("habit_due", `habit_streak_at_risk:${habit}:${D}`)).toBe("BAD_USER_INPUT");
    expect(await refused("habit_due", "habit_due:shared:2026-01-01")).toBe("BAD_USER_INPUT");
    const theirs = rawId(await createHabit(a, "Theirs", D));
    expect(await refused("habit_due", `habit_due:${theirs}:${D}`)).toBe("NOT_FOUND");
    expect(await t.prisma.decisionTelemetry.count({ where: { userId: user.userId } })).toBe(0);
    // The bound: 40 new decisions a day, then RATE_LIMITED (a repeat of a recorded suggestion still answers).
    const first = await show(user, { decisionKey: "habit_due", id: `habit_due:${habit}:${D}` });
    for (let i = 1; i < 40; i += 1) {
      await t.ok(SHOWN, { input: { decisionKey: "banner", surface: "today" } }, { token: user.token });
    }
    const over = await t.graphql(SHOWN, { input: { decisionKey: "banner", surface: "today" } }, { token: user.token });
    expect(codeOf(over)).toBe("RATE_LIMITED");
    expect(await t.prisma.decisionTelemetry.count({ where: { userId: user.userId } })).toBe(40);
    expect((await show(user, { decisionKey: "habit_due", id: `habit_due:${habit}:${D}` })).id).toBe(first.id);
  });

  it("a decision whose day ended reads EXPIRED, is stored EXPIRED by the next write, and no later action moves it", async () => {
    const user = await oldUser();
    const habitId = await createHabit(user, "Expiring", D);
    const decision = await show(user, await next(user));
    await t.prisma.decisionTelemetry.update({ where: { id: rawId(decision.id) }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await decisionOf(user, decision.id)).outcome).toBe("EXPIRED");
    expect((await t.prisma.decisionTelemetry.findUniqueOrThrow({ where: { id: rawId(decision.id) } })).outcome).toBe("SHOWN");
    await completeHabit(user, habitId, D);
    expect((await t.prisma.decisionTelemetry.findUniqueOrThrow({ where: { id: rawId(decision.id) } })).actedAt).toBeNull();
    await t.ok(SHOWN, { input: { decisionKey: "banner", surface: "today" } }, { token: user.token });
    expect((await t.prisma.decisionTelemetry.findUniqueOrThrow({ where: { id: rawId(decision.id) } })).outcome).toBe("EXPIRED");
    const expired = await t.prisma.behaviorOutbox.findMany({ where: { userId: user.userId, eventType: "decision.outcome" } });
    expect(expired.map((event) => (event.payload as { outcome: string }).outcome)).toEqual(["EXPIRED"]);
  });

  it("the holdout records HELD_OUT (the server decides), the action is still observed, and the report compares the arms", async () => {
    process.env.DECISION_HOLDOUT_SHARE = "0.5";
    try {
      // Users until one's habit_due cell for today is held out (the share is 1/2: a few tries).
      let user: TestUser;
      let action: { id: string; decisionKey: string; heldOut: boolean; habit: { id: string } };
      do {
        user = await oldUser();
        await createHabit(user, "Control", D);
        action = (
          await t.ok(
            `query ($date: Date) { today(date: $date) { nextAction { id decisionKey heldOut habit { id } } } }`,
            { date: D },
            { token: user.token },
          )
        ).today.nextAction;
      } while (!action.heldOut);
      const decision = await show(user, action);
      expect(decision.outcome).toBe("HELD_OUT");
      expect(codeOf(await t.graphql(OUTCOME, { id: decision.id, outcome: "DISMISSED" }, { token: user.token }))).toBe("CONFLICT");
      await completeHabit(user, action.habit.id, D);
      const read = await decisionOf(user, decision.id);
      expect(read).toMatchObject({ outcome: "HELD_OUT", heldOut: true, outcomeEvent: { eventType: "habit.completed" } });
      expect(read.actedAt).not.toBeNull();
      // No decision.outcome for the control group: nothing was shown.
      expect(await t.prisma.behaviorOutbox.count({ where: { userId: user.userId, eventType: "decision.outcome" } })).toBe(0);
    } finally {
      process.env.DECISION_HOLDOUT_SHARE = "0";
    }
    const report = (await t.ok(IMPACT, { policyVersion: "next-action/1" }, { token: admin.token })).decisionImpact;
    const habitDue = report.find((row: { decisionKey: string }) => row.decisionKey === "habit_due");
    const counts = await t.prisma.$queryRaw<Array<{ shown: number; acted: number; held: number; held_acted: number }>>`
      SELECT count(*) FILTER (WHERE outcome <> 'HELD_OUT')::int AS shown,
             count(*) FILTER (WHERE outcome <> 'HELD_OUT' AND acted_at IS NOT NULL)::int AS acted,
             count(*) FILTER (WHERE outcome = 'HELD_OUT')::int AS held,
             count(*) FILTER (WHERE outcome = 'HELD_OUT' AND acted_at IS NOT NULL)::int AS held_acted
      FROM decision_telemetry WHERE decision_key = 'habit_due' AND policy_version = 'next-action/1'`;
    expect(habitDue).toMatchObject({
      policyVersion: "next-action/1",
      shown: counts[0].shown,
      acted: counts[0].acted,
      heldOut: counts[0].held,
      heldOutActed: counts[0].held_acted,
    });
    expect(habitDue.heldOut).toBeGreaterThanOrEqual(1);
    expect(habitDue.lift.low).toBeLessThanOrEqual(habitDue.lift.estimate);
    expect(habitDue.lift.high).toBeGreaterThanOrEqual(habitDue.lift.estimate);
    expect(codeOf(await t.graphql(IMPACT, {}, { token: a.token }))).toBe("FORBIDDEN");
  });

  it("another user's decision reads as NOT_FOUND", async () => {
    const mine = (await t.ok(SHOWN, { input: { decisionKey: "banner", surface: "tenancy" } }, { token: a.token })).recordDecisionShown;
    const before = await t.prisma.decisionTelemetry.findUniqueOrThrow({ where: { id: rawId(mine.id) } });
    expect(codeOf(await t.graphql(OUTCOME, { id: mine.id, outcome: "DISMISSED" }, { token: b.token }))).toBe("NOT_FOUND");
    expect(await t.prisma.decisionTelemetry.findUniqueOrThrow({ where: { id: rawId(mine.id) } })).toEqual(before);
  });

  it("the admin acceptance report counts shown, started, completed and dismissed per kind, with rates", async () => {
    const surface = "report_check";
    const user = await oldUser();
    const shownOn = async (decisionKey: string) =>
      (await t.ok(SHOWN, { input: { decisionKey, surface } }, { token: user.token })).recordDecisionShown.id as string;
    const ids = [await shownOn("banner"), await shownOn("banner"), await shownOn("banner"), await shownOn("banner")];
    await t.ok(OUTCOME, { id: ids[0], outcome: "STARTED" }, { token: user.token });
    await t.ok(OUTCOME, { id: ids[0], outcome: "DISMISSED" }, { token: user.token });
    await t.ok(OUTCOME, { id: ids[1], outcome: "DISMISSED" }, { token: user.token });
    await t.ok(OUTCOME, { id: ids[2], outcome: "SNOOZED" }, { token: user.token });
    const report = (await t.ok(REPORT, { surface }, { token: admin.token })).decisionAcceptance;
    expect(report).toEqual([
      { decisionKey: "banner", shown: 4, started: 1, completed: 0, dismissed: 2, startedRate: 0.25, completedRate: 0, dismissedRate: 0.5 },
    ]);
    expect(codeOf(await t.graphql(REPORT, { surface }, { token: a.token }))).toBe("FORBIDDEN");
  });
});
