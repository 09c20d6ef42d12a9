// The behavior graph's questions answered from PostgreSQL (src/behavior-queries/), with real
// events written by mutations; and the Cypher built from those same outbox rows.
import { describe, expect, it } from "vitest";
import { addDays, compileSchedule, epochDay, timezoneOrUtc, todayIn } from "../src/domain/calendar.ts";
import { skippedHabits } from "../src/behavior-queries/index.ts";
import { seedDemoIfMissing } from "../src/db/seed/demo.ts";
import { CORE_ONLY_EVENTS, cypherFor } from "../src/projector/neo4j/cypher.ts";
import type { EventType } from "../src/domain/events.ts";
import { asOutboxEvent } from "./support/event-rows.ts";
import { codeOf, startGatewayWithUsers, type TestUser } from "./support/gateway.ts";
import { rawId } from "./support/graphqlIds.ts";

const { t, a, b } = await startGatewayWithUsers({ a: { timezone: "UTC" }, b: { timezone: "UTC" } });
const D = todayIn("UTC");
await t.prisma.user.updateMany({
  where: { id: { in: [a.userId, b.userId] } },
  data: { createdAt: new Date(`${addDays(D, -10)}T00:00:00Z`) },
});

const SKIPPED = `query ($date: Date!, $withinHours: Int, $first: Int) { skippedHabits(date: $date, withinHours: $withinHours, first: $first) {
  date skipped { id name } after { sequence eventType payload }
} }`;
const LEADS = `query ($since: DateTime) { decisionLeads(since: $since) {
  decision { id decisionKey suggestionId outcome } action { sequence eventType payload }
} }`;

async function createHabit(user: TestUser, name: string, sortOrder: number) {
  const data = await t.ok(
    `mutation ($input: CreateHabitInput!) { createHabit(input: $input) { id } }`,
    { input: { name, startDate: addDays(D, -5), sortOrder } },
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

describe("what did I do after skipping a habit (outbox, SQL)", () => {
  it("lists the habits due and not done on a day, and the user's events in the hours after it", async () => {
    const read = await createHabit(a, "Read", 1);
    const run = await createHabit(a, "Run", 2);
    const write = await createHabit(a, "Write", 3);
    const yesterday = addDays(D, -1);
    await completeHabit(a, read, yesterday);
    await completeHabit(a, write, yesterday);
    await t.ok(
      `mutation ($habitId: ID!, $day: Date) { uncompleteHabit(habitId: $habitId, day: $day) { __typename } }`,
      { habitId: write, day: yesterday },
      {
        token: a.token,
      },
    );
    await completeHabit(a, run, D); // done today: the day after it was skipped

    const report = (await t.ok(SKIPPED, { date: yesterday }, { token: a.token })).skippedHabits;
    // Done by its last event: Read; uncompleted after its completion: Write is skipped again.
    expect(report.skipped.map((habit: { id: string }) => habit.id)).toEqual([run, write]);
    // Everything after yesterday ended (every event above was written today), in outbox order.
    const outbox = await t.prisma.behaviorOutbox.findMany({
      where: { userId: a.userId, createdAt: { gte: new Date(`${D}T00:00:00Z`) } },
      orderBy: { id: "asc" },
      take: 20,
    });
    expect(report.after.map((event: { sequence: string }) => event.sequence)).toEqual(outbox.map((event) => event.id.toString()));
    expect(report.after).toContainEqual(
      expect.objectContaining({ eventType: "habit.completed", payload: expect.objectContaining({ habitId: rawId(run), day: D }) }),
    );
    expect((await t.ok(SKIPPED, { date: yesterday, first: 2 }, { token: a.token })).skippedHabits.after).toHaveLength(2);

    // Two days ago nothing was done (outside the grace window) and nothing happened the day after.
    const older = (await t.ok(SKIPPED, { date: addDays(D, -2) }, { token: a.token })).skippedHabits;
    expect(older.skipped.map((habit: { id: string }) => habit.id)).toEqual([read, run, write]);
    expect(older.after).toEqual([]);

    // Another user sees none of it.
    const theirs = (await t.ok(SKIPPED, { date: yesterday }, { token: b.token })).skippedHabits;
    expect(theirs).toEqual({ date: yesterday, skipped: [], after: [] });
    expect(codeOf(await t.graphql(SKIPPED, { date: yesterday, withinHours: 0 }, { token: a.token }))).toBe("BAD_USER_INPUT");
    expect(codeOf(await t.graphql(SKIPPED, { date: yesterday }))).toBe("UNAUTHENTICATED");
  });
});

describe("what led to completions (decision → action, outbox, SQL)", () => {
  it("pairs a shown nextAction with the first event acting on its target, and only the viewer's", async () => {
    const user = await t.createUser({ timezone: "UTC" });
    const since = new Date(Date.now() - 1000).toISOString();
    const habit = await createHabit(user, "Stretch", 1);
    const quest = (await t.ok(`mutation { createQuest(input: { title: "Untouched", targetValue: 5 }) { id } }`, {}, { token: user.token }))
      .createQuest.id;

    const action = (
      await t.ok(`query ($date: Date) { today(date: $date) { nextAction { id decisionKey } } }`, { date: D }, { token: user.token })
    ).today.nextAction;
    expect(action.id).toBe(`habit_due:${rawId(habit)}:${D}`);
    const SHOWN = `mutation ($input: RecordDecisionShownInput!) { recordDecisionShown(input: $input) { id } }`;
    const decision = (
      await t.ok(SHOWN, { input: { decisionKey: action.decisionKey, surface: "today", suggestionId: action.id } }, { token: user.token })
    ).recordDecisionShown.id;
    // A suggestion nobody acted on leads nowhere.
    await t.ok(
      SHOWN,
      { input: { decisionKey: "quest_one_step", surface: "today", suggestionId: `quest_one_step:${rawId(quest)}:${D}` } },
      { token: user.token },
    );
    expect((await t.ok(LEADS, { since }, { token: user.token })).decisionLeads).toEqual([]);

    await completeHabit(user, habit, D);
    await completeHabit(user, habit, D); // a second completion: still the first one is "the action"
    const leads = (await t.ok(LEADS, { since }, { token: user.token })).decisionLeads;
    expect(leads).toHaveLength(1);
    expect(leads[0].decision).toEqual({ id: decision, decisionKey: "habit_due", suggestionId: action.id, outcome: "COMPLETED" });
    const first = await t.prisma.behaviorOutbox.findFirstOrThrow({
      where: { userId: user.userId, eventType: "habit.completed" },
      orderBy: { id: "asc" },
    });
    expect(leads[0].action).toEqual({ sequence: first.id.toString(), eventType: "habit.completed", payload: first.payload });

    expect((await t.ok(LEADS, {}, { token: b.token })).decisionLeads).toEqual([]);

    // The same outbox rows build the graph: the decision SUGGESTS the habit and LED_TO it.
    const rows = await t.prisma.behaviorOutbox.findMany({ where: { userId: user.userId }, orderBy: { id: "asc" } });
    const statements = rows.flatMap((row) => {
      const built = cypherFor(asOutboxEvent(row));
      expect(built.length, row.eventType).toBeGreaterThan(CORE_ONLY_EVENTS.includes(row.eventType as EventType) ? 1 : 2);
      return built;
    });
    expect(statements).toContainEqual({
      statement: "MATCH (n:Decision {id: $decisionId})\nMERGE (t:Habit {id: $targetId})\nMERGE (n)-[:SUGGESTS]->(t)",
      params: expect.objectContaining({ decisionId: rawId(decision), targetId: rawId(habit) }),
    });
    expect(statements.filter((s) => s.statement.includes("LED_TO"))).toHaveLength(1);
  });
});

describe("the fallback agrees with the tables on the demo user (rows the seed wrote without events)", () => {
  it("skippedHabits: due and not done per habit_completions, for each of the demo's last 7 days", async () => {
    const demo = await seedDemoIfMissing(t.prisma);
    const settings = await t.prisma.userSettings.findUnique({ where: { userId: demo.userId }, select: { timezone: true } });
    const timezone = timezoneOrUtc(settings?.timezone);
    const habits = await t.prisma.habit.findMany({
      where: { userId: demo.userId, isArchived: false },
      orderBy: [{ sortOrder: "asc" }, { createdAt: "asc" }, { id: "asc" }],
    });
    expect(habits.length).toBeGreaterThan(0);
    // The seed writes completions with no habit.completed event: an outbox-only answer would differ.
    const completions = await t.prisma.habitCompletion.count({ where: { userId: demo.userId } });
    const events = await t.prisma.behaviorOutbox.count({ where: { userId: demo.userId, eventType: "habit.completed" } });
    expect(completions).toBeGreaterThan(events);
    let compared = 0;
    for (let back = 0; back < 7; back += 1) {
      const day = addDays(demo.today, -back);
      const done = await t.prisma.habitCompletion.findMany({
        where: { userId: demo.userId, completedOn: new Date(`${day}T00:00:00Z`) },
        include: { habit: { select: { targetCount: true } } },
      });
      const doneIds = new Set(done.filter((row) => row.count >= row.habit.targetCount).map((row) => row.habitId));
      const expected = habits.filter((habit) => compileSchedule(habit).isDueOn(epochDay(day)) && !doneIds.has(habit.id));
      const report = await skippedHabits(t.prisma, { userId: demo.userId, timezone }, day, { withinHours: 24, first: 10 });
      expect(
        report.skipped.map((habit) => habit.id),
        day,
      ).toEqual(expected.map((habit) => habit.id));
      compared += doneIds.size;
    }
    expect(compared).toBeGreaterThan(0);
  });
});
