// Mutation.today and Mutation.writtenEvents: a page's action and what it changed on the page in
// one request. The day is read after the action committed, by the Today loaders (the same
// statements as Query.today), and the answer names the outbox events the action wrote, which
// are the ones the live sink reports for it (so the page can ignore its own echo).
import { print, type DocumentNode } from "graphql";
import { describe, expect, it } from "vitest";
import { seedDemoUser } from "../src/db/seed/demo.ts";
import {
  ArchiveInboxItemsDocument,
  CompleteHabitDocument,
  FinishFocusSessionDocument,
  MarkInboxItemsReadDocument,
  PauseFocusSessionDocument,
  ReorderPlanItemsDocument,
  ResumeFocusSessionDocument,
  SetPlanItemDoneDocument,
  StartFocusSessionDocument,
  NextActionCardDocument,
  TodayPageDocument,
  UncompleteHabitDocument,
  type TodayPageQuery,
} from "../src/generated/graphql/graphql.ts";
import { changesByUser } from "../src/projector/live.ts";
import { startGatewayWithUsers } from "./support/gateway.ts";

const { t, a, b } = await startGatewayWithUsers({ a: { timezone: "UTC" } });
const DAY = new Date().toISOString().slice(0, 10);

const SECTIONS = `habits { habit { id name } count completed streak } progress { totalXp coins xpToday } quests { title currentValue }`;

async function newHabit(token: string, name: string): Promise<string> {
  const created = await t.ok(`mutation ($input: CreateHabitInput!) { createHabit(input: $input) { id } }`, { input: { name } }, { token });
  return created.createHabit.id as string;
}

async function outboxIdsAfter(userId: string, after: bigint): Promise<string[]> {
  const rows = await t.prisma.behaviorOutbox.findMany({
    where: { userId, id: { gt: after } },
    orderBy: { id: "asc" },
    select: { id: true },
  });
  return rows.map((row) => row.id.toString());
}

async function lastOutboxId(): Promise<bigint> {
  const last = await t.prisma.behaviorOutbox.findFirst({ orderBy: { id: "desc" }, select: { id: true } });
  return last?.id ?? 0n;
}

describe("a mutation selecting today", () => {
  it("answers the day as it is after the write, and names exactly the events it wrote", async () => {
    const habitId = await newHabit(a.token, "Stretch");
    const before = await lastOutboxId();
    const answer = await t.ok(
      `mutation ($id: ID!, $day: Date!) {
        completeHabit(habitId: $id, day: $day) { becameDone }
        today(date: $day) { date ${SECTIONS} }
        writtenEvents
      }`,
      { id: habitId, day: DAY },
      { token: a.token },
    );
    expect(answer.completeHabit.becameDone).toBe(true);
    const row = answer.today.habits.find((entry: { habit: { id: string } }) => entry.habit.id === habitId);
    expect(row).toMatchObject({ count: 1, completed: true, streak: 1 });
    expect(answer.today.progress.totalXp).toBeGreaterThan(0);
    // The same as a query of the day afterwards: nothing stale.
    const after = await t.ok(`query ($day: Date!) { today(date: $day) { date ${SECTIONS} } }`, { day: DAY }, { token: a.token });
    expect(answer.today).toEqual(after.today);

    const written = await outboxIdsAfter(a.userId, before);
    expect(written.length).toBeGreaterThan(1); // habit.completed, points.awarded, …
    expect(answer.writtenEvents).toEqual(written);

    // The live sink reports exactly those sequences for the change: the page can tell it is its own.
    const events = await t.prisma.behaviorOutbox.findMany({ where: { userId: a.userId, id: { gt: before } }, orderBy: { id: "asc" } });
    const reported = changesByUser(events.map((event) => ({ ...event, payload: event.payload as Record<string, unknown> }))).flatMap(
      ([, change]) => change.sequences ?? [],
    );
    expect(reported.length).toBeGreaterThan(0);
    expect(reported.every((sequence) => written.includes(sequence))).toBe(true);
  });

  it("reads the day with the page's statements after the commit: the same count as the query, no N+1", async () => {
    const habits = [await newHabit(a.token, "Read"), await newHabit(a.token, "Walk")];
    const uncomplete = `mutation ($id: ID!, $day: Date!) { uncompleteHabit(habitId: $id, day: $day) { __typename } }`;
    const withToday = `mutation ($id: ID!, $day: Date!) { uncompleteHabit(habitId: $id, day: $day) { __typename } today(date: $day) { ${SECTIONS} } writtenEvents }`;
    for (const id of habits)
      await t.ok(
        `mutation ($id: ID!, $day: Date!) { completeHabit(habitId: $id, day: $day) { becameDone } }`,
        { id, day: DAY },
        { token: a.token },
      );

    const alone = await t.countQueries(() => t.ok(uncomplete, { id: habits[0], day: DAY }, { token: a.token }));
    const both = await t.countQueries(() => t.ok(withToday, { id: habits[1], day: DAY }, { token: a.token }));
    const query = await t.countQueries(() =>
      t.ok(`query ($day: Date!) { today(date: $day) { ${SECTIONS} } }`, { day: DAY }, { token: a.token }),
    );
    // The query: the session lookup, then the page's statements.
    const pageStatements = query.count - 1;
    expect(pageStatements).toBeGreaterThanOrEqual(1);
    expect(both.count).toBe(alone.count + pageStatements);
    // …and they come after the write's commit.
    const commit = both.statements.findLastIndex((sql) => /^\s*COMMIT/i.test(sql));
    expect(commit).toBeGreaterThan(0);
    expect(both.statements.slice(commit + 1)).toHaveLength(pageStatements);
    expect(both.result.today.habits.find((entry: { habit: { id: string } }) => entry.habit.id === habits[1]).completed).toBe(false);
  });

  it("reads the day anew after each write, even when the same document read it before the write", async () => {
    const habitId = await newHabit(a.token, "Twice read");
    const answer = await t.ok(
      `mutation ($id: ID!, $day: Date!) {
        before: today(date: $day) { habits { habit { id } count completed } }
        completeHabit(habitId: $id, day: $day) { becameDone }
        after: today(date: $day) { habits { habit { id } count completed } }
      }`,
      { id: habitId, day: DAY },
      { token: a.token },
    );
    const entry = (day: { habits: Array<{ habit: { id: string }; count: number; completed: boolean }> }) =>
      day.habits.find((row) => row.habit.id === habitId);
    expect(entry(answer.before)).toMatchObject({ count: 0, completed: false });
    expect(entry(answer.after)).toMatchObject({ count: 1, completed: true });
  });

  it("is the viewer's own day only, and writtenEvents is empty when nothing was written", async () => {
    const answer = await t.ok(
      `mutation ($day: Date!) { today(date: $day) { habits { habit { id } } } writtenEvents }`,
      { day: DAY },
      { token: b.token },
    );
    expect(answer.today.habits).toEqual([]);
    expect(answer.writtenEvents).toEqual([]);
    const signedOut = await t.graphql(`mutation { writtenEvents }`);
    expect(signedOut.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
  });

  it("a refused action writes no events and answers none", async () => {
    const habitId = await newHabit(a.token, "Refused");
    const answer = await t.graphql(
      `mutation ($id: ID!, $day: Date!) { completeHabit(habitId: $id, day: $day) { becameDone } writtenEvents }`,
      { id: habitId, day: "2000-01-01" },
      { token: a.token },
    );
    expect(answer.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(answer.data ?? null).toBeNull();
  });
});

describe("the web page's own action documents (web/src/actions.graphql)", () => {
  it("answer, for each section they select, exactly what TodayPage reads right after", async () => {
    const demo = await seedDemoUser(t.prisma, { email: `actions-${Date.now()}@example.test`, historyDays: 7 });
    const signIn = await t.ok(`mutation ($input: SignInInput!) { signIn(input: $input) { token } }`, {
      input: { email: demo.email, password: demo.password },
    });
    const token = signIn.signIn.token as string;
    const page = async () => (await t.ok<TodayPageQuery>(print(TodayPageDocument), { date: demo.today }, { token })).today;
    /** Runs one action document; every section its answer carries equals the page's read after it. */
    const act = async (document: DocumentNode, variables: Record<string, unknown>) => {
      const answer = await t.ok(print(document), variables, { token });
      // The next-action card's suggestion is read by its own query when the page loads.
      const card = await t.ok(print(NextActionCardDocument), { date }, { token });
      const after = { ...(await page()), nextAction: card.today.nextAction } as Record<string, unknown>;
      const sections = Object.keys(answer.today);
      expect(sections.length).toBeGreaterThan(1);
      for (const section of sections) expect(answer.today[section], section).toEqual(after[section]);
      expect(Array.isArray(answer.writtenEvents)).toBe(true);
      return answer as { writtenEvents: string[] };
    };
    const date = demo.today;
    let day = await page();
    const habit = day.habits.find((entry) => entry.targetCount === 1)!;
    const ticked = await act(habit.completed ? UncompleteHabitDocument : CompleteHabitDocument, { habitId: habit.habit.id, day: date });
    expect(ticked.writtenEvents.length).toBeGreaterThan(0);
    await act(habit.completed ? CompleteHabitDocument : UncompleteHabitDocument, { habitId: habit.habit.id, day: date });

    const items = day.plan!.items;
    expect(items.length).toBeGreaterThan(1);
    await act(SetPlanItemDoneDocument, { date, itemId: items[0].id, done: !items[0].done });
    await act(ReorderPlanItemsDocument, { date, ids: items.map((item) => item.id).reverse() });

    const unread = day.inbox.find((item) => !item.isRead)!;
    await act(MarkInboxItemsReadDocument, { ids: [unread.id], date });
    await act(ArchiveInboxItemsDocument, { ids: [day.inbox[0].id], date });

    if (day.focus.activeSession) await act(FinishFocusSessionDocument, { id: day.focus.activeSession.id, date });
    await act(StartFocusSessionDocument, { input: { plannedDurationSeconds: 1500 }, date });
    day = await page();
    const session = day.focus.activeSession!;
    await act(PauseFocusSessionDocument, { id: session.id, date });
    await act(ResumeFocusSessionDocument, { id: session.id, date });
    const finished = await act(FinishFocusSessionDocument, { id: session.id, date });
    expect(finished.writtenEvents.length).toBeGreaterThan(0);
  });
});
