import { print, type GraphQLObjectType, type GraphQLResolveInfo } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemoUser } from "../src/db/seed/demo.ts";
import { readWithRelations } from "../src/loaders/today/rows.ts";
import { dayBoundsUtc, isHabitDue, todayIn, toDay } from "../src/domain/calendar.ts";
import { startTestGateway, type TestGateway, type TestUser } from "./support/gateway.ts";
import { rawId } from "./support/graphqlIds.ts";

import { TodayPageDocument, type TodayPageQuery } from "../src/generated/graphql/graphql.ts";

/** The page's document (src/today/today.graphql), typed by `npm run codegen`. */
const TODAY_DOCUMENT = print(TodayPageDocument);

/**
 * The session lookup, then the page's sections in two JSON-building statements sent at once
 * (habits, plan and focus in one; events, goals, quests, inbox and progress in the other).
 * The web client's request by hash skips the lookup once its session is cached (below).
 */
const FULL_DOCUMENT_ROUND_TRIPS = 3;

let t: TestGateway;

beforeAll(async () => {
  t = await startTestGateway();
});
afterAll(async () => {
  await t?.close();
});

const day = (value: string) => new Date(`${value}T00:00:00.000Z`);

function compareKey(a: { sortOrder: number; createdAt: string; id: string }, b: typeof a): number {
  return a.sortOrder - b.sortOrder || a.createdAt.localeCompare(b.createdAt) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** The habits and inbox of the Today page, as the column tests below select them. */
interface HabitsAndInbox {
  today: { habits: Array<{ habit: { name: string; createdAt?: string }; streak: number }>; inbox: Array<{ isRead: boolean }> };
}

async function today(user: TestUser, date?: string): Promise<TodayPageQuery["today"]> {
  return (await t.ok<TodayPageQuery>(TODAY_DOCUMENT, date ? { date } : {}, { token: user.token })).today;
}

/** A user owning `n` of everything Today shows, all on 2026-06-10 (UTC). */
async function userWithItems(n: number): Promise<TestUser> {
  const user = await t.createUser({ timezone: "UTC" });
  const { userId } = user;
  const date = day("2026-06-10");
  const universal = await t.prisma.universalQuest.findMany({ where: { isActive: true }, take: 3 });
  const habits = await t.prisma.habit.createManyAndReturn({
    data: Array.from({ length: n }, (_, i) => ({ userId, name: `Habit ${i}`, sortOrder: i, startDate: day("2026-01-01") })),
  });
  await t.prisma.habitCompletion.createMany({
    data: habits.flatMap((habit) => [
      { habitId: habit.id, userId, completedOn: date },
      { habitId: habit.id, userId, completedOn: day("2026-06-09") },
    ]),
  });
  const goals = await t.prisma.goal.createManyAndReturn({
    data: Array.from({ length: n }, (_, i) => ({ userId, title: `Goal ${i}`, sortOrder: i })),
  });
  await t.prisma.goalMilestone.createMany({
    data: goals.flatMap((goal) => [0, 1].map((i) => ({ goalId: goal.id, userId, title: `Step ${i}`, sortOrder: i }))),
  });
  await t.prisma.userQuest.createMany({
    data: Array.from({ length: n }, (_, i) => ({ userId, title: `Quest ${i}`, targetValue: 3, sortOrder: i })),
  });
  await t.prisma.userQuestProgress.createMany({
    data: universal.map((quest) => ({
      userId,
      questId: quest.id,
      currentValue: 1,
      periodStart: quest.cadence === "WEEKLY" ? day("2026-06-08") : quest.cadence === "ONCE" ? day("1970-01-01") : date,
    })),
  });
  await t.prisma.inboxItem.createMany({
    data: Array.from({ length: n }, (_, i) => ({ userId, title: `Inbox ${i}`, sortOrder: i })),
  });
  await t.prisma.calendarEvent.createMany({
    data: Array.from({ length: n }, (_, i) => ({
      userId,
      title: `Event ${i}`,
      startsAt: new Date(Date.UTC(2026, 5, 10, 8, i % 60)),
      endsAt: new Date(Date.UTC(2026, 5, 10, 9, i % 60)),
    })),
  });
  await t.prisma.focusSession.createMany({
    data: Array.from({ length: n }, (_, i) => ({
      userId,
      status: "COMPLETED" as const,
      plannedDurationSeconds: 1500,
      actualDurationSeconds: 1500,
      startedAt: new Date(Date.UTC(2026, 5, 10, 10, i % 60)),
      endedAt: new Date(Date.UTC(2026, 5, 10, 10, Math.min((i % 60) + 25, 59))),
    })),
  });
  await t.prisma.dailyPlan.create({
    data: {
      userId,
      date,
      items: Array.from({ length: Math.min(n, 100) }, (_, i) => ({
        id: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
        title: `Item ${i}`,
        kind: "TASK",
        refId: null,
        durationMinutes: 10,
        done: false,
        sortOrder: i,
        createdAt: "2026-06-10T06:00:00.000Z",
      })),
    },
  });
  await t.prisma.pointsLedger.createMany({
    data: Array.from({ length: n }, (_, i) => ({ userId, xpDelta: 10, coinDelta: 1, reason: "test", idempotencyKey: `k${i}` })),
  });
  await t.prisma.userProgress.create({ data: { userId, totalXp: 10 * n, level: 1 } });
  await t.prisma.userWallet.create({ data: { userId, coins: n, totalEarned: n, totalSpent: 0 } });
  await t.prisma.userStreak.create({ data: { userId, streakType: "habits", currentCount: 2, longestCount: 2, lastActivityDate: date } });
  return user;
}

describe("today on the demo user", () => {
  let demo: TestUser;
  let demoToday: string;

  beforeAll(async () => {
    const seeded = await seedDemoUser(t.prisma, { email: "demo-today@example.test", timezone: "Europe/Berlin" });
    const session = await t.createUser(); // only for a token: sign the demo user in directly
    await t.prisma.session.updateMany({ where: { userId: session.userId }, data: { userId: seeded.userId } });
    demo = { userId: seeded.userId, email: seeded.email, token: session.token };
    demoToday = seeded.today;
  });

  it("fills every section, each in its stable order", async () => {
    const result = await today(demo);
    expect(result.date).toBe(demoToday);
    expect(result.timezone).toBe("Europe/Berlin");

    const items = result.plan!.items;
    expect(items.length).toBeGreaterThan(1);
    expect([...items].sort(compareKey)).toEqual(items);

    expect(result.calendarEvents.length).toBeGreaterThan(1);
    const allDay = result.calendarEvents.filter((event) => event.allDay);
    const timed = result.calendarEvents.filter((event) => !event.allDay);
    expect(result.calendarEvents).toEqual([...allDay, ...timed]);
    expect(timed.map((event) => event.startsAt)).toEqual([...timed.map((event) => event.startsAt)].sort());

    expect(result.focus.sessions.length).toBeGreaterThan(0);
    expect(result.focus.completedCount).toBe(result.focus.sessions.filter((s) => s.status === "COMPLETED").length);

    const habits = await t.prisma.habit.findMany({
      where: { userId: demo.userId },
      orderBy: [{ sortOrder: "asc" }, { createdAt: "asc" }, { id: "asc" }],
    });
    const due = habits.filter((habit) => isHabitDue(habit, demoToday));
    expect(result.habits.map((row) => row.habit.name)).toEqual(due.map((habit) => habit.name));
    expect(result.habits.some((row) => row.completed)).toBe(true);
    expect(result.habits.some((row) => row.streak > 0)).toBe(true);

    const goals = await t.prisma.goal.findMany({ where: { userId: demo.userId, status: "ACTIVE" } });
    expect(result.goals).toHaveLength(goals.length);
    expect(result.goals.map((goal) => goal.sortOrder)).toEqual([...result.goals.map((goal) => goal.sortOrder)].sort((a, b) => a - b));
    expect(result.goals.some((goal) => goal.milestones.length > 0)).toBe(true);
    for (const goal of result.goals) {
      expect(goal.milestones.map((m) => m.sortOrder)).toEqual([...goal.milestones.map((m) => m.sortOrder)].sort((a, b) => a - b));
    }

    expect(result.quests.some((quest) => quest.kind === "OWN")).toBe(true);
    expect(result.quests.some((quest) => quest.kind === "UNIVERSAL" && quest.currentValue > 0)).toBe(true);
    expect(result.quests.map((quest) => quest.sortOrder)).toEqual([...result.quests.map((quest) => quest.sortOrder)].sort((a, b) => a - b));

    const open = await t.prisma.inboxItem.count({ where: { userId: demo.userId, archivedAt: null } });
    expect(result.inbox).toHaveLength(open);
    expect(open).toBeGreaterThan(0);

    const wallet = await t.prisma.userWallet.findUniqueOrThrow({ where: { userId: demo.userId } });
    const progress = await t.prisma.userProgress.findUniqueOrThrow({ where: { userId: demo.userId } });
    expect(result.progress).toMatchObject({ level: progress.level, totalXp: progress.totalXp, coins: wallet.coins });
    expect(result.progress.streaks.length).toBeGreaterThan(0);
    expect(result.progress.xpToday).toBeGreaterThan(0);
  });

  it("answers milestones and pause states from the page's rows as the goal and focus-session fields do", async () => {
    const before = await today(demo);
    const paused = before.focus.sessions[0];
    await t.prisma.focusPauseState.upsert({
      where: { sessionId: rawId(paused.id) },
      create: {
        userId: demo.userId,
        sessionId: rawId(paused.id),
        isPaused: false,
        pausedAt: new Date(paused.startedAt),
        resumedAt: new Date(paused.startedAt),
        totalPausedSeconds: 90,
      },
      update: {},
    });
    const result = await today(demo);
    const sessions = [result.focus.activeSession, ...result.focus.sessions].filter((session) => session !== null);
    expect(result.goals.some((goal) => goal.milestones.length > 0)).toBe(true);
    expect(sessions.some((session) => session.pauseState !== null)).toBe(true);
    for (const goal of result.goals) {
      const { goal: alone } = await t.ok<{ goal: { milestones: unknown[] } }>(
        "query ($id: ID!) { goal(id: $id) { milestones { dueDate id isCompleted sortOrder title } } }",
        { id: goal.id },
        { token: demo.token },
      );
      expect(alone.milestones).toEqual(goal.milestones);
    }
    for (const session of sessions) {
      const { focusSession } = await t.ok<{ focusSession: { pauseState: unknown } }>(
        "query ($id: ID!) { focusSession(id: $id) { pauseState { isPaused pausedAt resumedAt totalPausedSeconds } } }",
        { id: session.id },
        { token: demo.token },
      );
      expect(focusSession.pauseState).toEqual(session.pauseState);
    }
  });

  it("answers a nested relation from the row only for rows the page read with it", () => {
    const milestones = (t.gateway.getEnveloped().schema.getType("Goal") as GraphQLObjectType).getFields().milestones;
    const nested = [{ id: "m" }];
    const pageRow = { id: "g", milestones: nested };
    readWithRelations.add(pageRow);
    expect(milestones.resolve!(pageRow, {}, {}, {} as GraphQLResolveInfo)).toBe(nested);
    // Any other row goes to plugin-prisma's resolver, which needs the request it runs in.
    expect(() => milestones.resolve!({ id: "g", milestones: nested }, {}, {}, {} as GraphQLResolveInfo)).toThrow();
  });

  it("gives the same bytes for the same data", async () => {
    const first = await t.graphql(TODAY_DOCUMENT, { date: demoToday }, { token: demo.token });
    const second = await t.graphql(TODAY_DOCUMENT, { date: demoToday }, { token: demo.token });
    expect(first.errors).toBeUndefined();
    expect(JSON.stringify(second)).toBe(JSON.stringify(first));
  });
});

describe("round trips", () => {
  it(`costs exactly ${FULL_DOCUMENT_ROUND_TRIPS} statements, with 1 or with 200 of everything`, async () => {
    const one = await userWithItems(1);
    const many = await userWithItems(200);
    const small = await t.countQueries(() => today(one, "2026-06-10"));
    const large = await t.countQueries(() => today(many, "2026-06-10"));

    expect(small.result.habits).toHaveLength(1);
    expect(large.result.habits).toHaveLength(200);
    expect(large.result.goals).toHaveLength(200);
    expect(large.result.goals[199].milestones).toHaveLength(2);
    expect(large.result.quests.filter((quest) => quest.kind === "OWN")).toHaveLength(200);
    expect(large.result.inbox).toHaveLength(200);
    expect(large.result.calendarEvents).toHaveLength(200);
    expect(large.result.focus.sessions).toHaveLength(200);
    expect(large.result.plan!.items).toHaveLength(100);
    expect(large.result.habits.every((row) => row.completed && row.streak === 2)).toBe(true);

    expect(small.count).toBe(FULL_DOCUMENT_ROUND_TRIPS);
    expect(large.count).toBe(FULL_DOCUMENT_ROUND_TRIPS);
    // Same statements in the same order, whatever the sizes.
    const shape = (statements: string[]) => statements.map((sql) => sql.replace(/\s+/g, " ").slice(0, 80));
    expect(shape(large.statements)).toEqual(shape(small.statements));
  });

  it("touches only the tables of the sections asked for", async () => {
    const user = await userWithItems(3);
    const inboxOnly = await t.countQueries(() => t.ok('{ today(date: "2026-06-10") { inbox { title } } }', {}, { token: user.token }));
    expect(inboxOnly.count).toBe(2); // session lookup + the page statement, reading inbox_items only
    expect(inboxOnly.statements[1]).toMatch(/inbox_items/);
    expect(inboxOnly.statements[1]).not.toMatch(/habits|goals|calendar_events|focus_sessions|user_quests|points_ledger|daily_plans/);
    const rootOnly = await t.countQueries(() => t.ok("{ today { date timezone } }", {}, { token: user.token }));
    expect(rootOnly.count).toBe(1);
  });

  it("sends the columns a document selects (and what the page itself reads), not every column", async () => {
    const user = await userWithItems(2);
    const lean = await t.countQueries(() =>
      t.ok<HabitsAndInbox>(
        '{ today(date: "2026-06-10") { habits { habit { name } streak } inbox { isRead } } }',
        {},
        { token: user.token },
      ),
    );
    const sql = lean.statements.join("\n");
    // (h.created_at stays in the ORDER BY; it is not sent.)
    expect(sql).not.toMatch(/h\.description|h\.color|'epoch', h\.created_at/);
    // Read for every document: the schedule (due days, streaks) and the position order.
    expect(sql).toMatch(/h\.frequency/);
    expect(sql).toMatch(/h\.days_of_week/);
    // `isRead` reads the on-demand `readAt`; nothing else on-demand of the inbox is sent.
    expect(sql).toMatch(/i\.read_at/);
    expect(sql).not.toMatch(/i\.ref_type|i\.ref_id|'epoch', i\.archived_at/);
    const full = await t.countQueries(() =>
      t.ok<HabitsAndInbox>(
        '{ today(date: "2026-06-10") { habits { habit { name description color createdAt } streak } inbox { isRead } } }',
        {},
        { token: user.token },
      ),
    );
    expect(full.statements.join("\n")).toMatch(/h\.description[\s\S]*h\.color[\s\S]*'epoch', h\.created_at/);
    expect(full.result.today.habits.map((row) => [row.habit.name, row.streak])).toEqual(
      lean.result.today.habits.map((row) => [row.habit.name, row.streak]),
    );
    expect(full.result.today.habits[0].habit.createdAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(full.result.today.inbox).toEqual(lean.result.today.inbox);
    // A field name selected through a fragment counts too.
    const viaFragment = await t.countQueries(() =>
      t.ok('{ today(date: "2026-06-10") { habits { habit { ...H } } } } fragment H on Habit { description }', {}, { token: user.token }),
    );
    expect(viaFragment.statements.join("\n")).toMatch(/h\.description/);
  });

  it("batches two days asked in one document into the same statements", async () => {
    const user = await userWithItems(2);
    const doc = `{ a: today(date: "2026-06-10") { habits { completed } inbox { id } goals { id } }
                   b: today(date: "2026-06-09") { habits { completed } inbox { id } goals { id } } }`;
    const both = await t.countQueries(() => t.ok(doc, {}, { token: user.token }));
    expect(both.result.a.habits).toHaveLength(2);
    expect(both.result.b.habits).toHaveLength(2);
    // The session, then both days' habits in one statement and both days' inbox and goals in the other.
    expect(both.count).toBe(1 + 2);
  });
});

describe("ties and determinism", () => {
  it("orders rows with equal sort_order and created_at by id, whatever the insertion order", async () => {
    const user = await t.createUser();
    const { userId } = user;
    const createdAt = new Date("2026-06-01T12:00:00.000Z");
    const ids = Array.from({ length: 8 }, (_, i) => `${(i * 37 + 11).toString(16).padStart(8, "0")}-0000-4000-8000-000000000000`);
    const shuffled = [5, 2, 7, 0, 3, 6, 1, 4].map((i) => ids[i]);
    for (const id of shuffled) {
      await t.prisma.inboxItem.create({ data: { id, userId, title: `Inbox ${id}`, sortOrder: 1, createdAt } });
      await t.prisma.habit.create({ data: { id, userId, name: `Habit ${id}`, sortOrder: 1, createdAt, startDate: day("2026-01-01") } });
      await t.prisma.goal.create({ data: { id, userId, title: `Goal ${id}`, sortOrder: 1, createdAt } });
    }
    await t.prisma.dailyPlan.create({
      data: {
        userId,
        date: day("2026-06-10"),
        items: shuffled.map((id) => ({
          id,
          title: `Item ${id}`,
          kind: "TASK",
          sortOrder: 1,
          createdAt: createdAt.toISOString(),
          done: false,
        })),
      },
    });
    const sortedIds = [...ids].sort();
    const first = await today(user, "2026-06-10");
    expect(first.inbox.map((item) => rawId(item.id))).toEqual(sortedIds);
    expect(first.habits.map((row) => rawId(row.habit.id))).toEqual(sortedIds);
    expect(first.goals.map((goal) => rawId(goal.id))).toEqual(sortedIds);
    expect(first.plan!.items.map((item) => item.id)).toEqual(sortedIds);

    const again = await t.graphql(TODAY_DOCUMENT, { date: "2026-06-10" }, { token: user.token });
    const once = await t.graphql(TODAY_DOCUMENT, { date: "2026-06-10" }, { token: user.token });
    expect(JSON.stringify(again)).toBe(JSON.stringify(once));
  });
});

describe("time zones", () => {
  async function userIn(timezone: string) {
    const user = await t.createUser({ timezone });
    const habit = await t.prisma.habit.create({ data: { userId: user.userId, name: "Stretch", startDate: day("2026-01-01") } });
    return { ...user, habitId: habit.id };
  }

  async function event(userId: string, title: string, startsAt: string, minutes = 30) {
    const start = new Date(startsAt);
    await t.prisma.calendarEvent.create({
      data: { userId, title, startsAt: start, endsAt: new Date(start.getTime() + minutes * 60_000) },
    });
  }

  it("Pacific/Auckland: a 25-hour day when daylight saving ends (2026-04-05)", async () => {
    const user = await userIn("Pacific/Auckland");
    // Local 2026-04-04 23:30 NZDT = 10:30Z; 04-05 00:15 NZDT = 11:15Z; 04-05 23:50 NZST = 11:50Z on 04-05; 04-06 00:10 NZST = 12:10Z.
    await event(user.userId, "late on the 4th", "2026-04-04T10:30:00Z", 20);
    await event(user.userId, "just after midnight", "2026-04-04T11:15:00Z");
    await event(user.userId, "just before midnight", "2026-04-05T11:50:00Z", 5);
    await event(user.userId, "early on the 6th", "2026-04-05T12:10:00Z");
    await t.prisma.habitCompletion.create({
      data: { habitId: user.habitId, userId: user.userId, completedOn: day("2026-04-05"), completedAt: new Date("2026-04-04T11:20:00Z") },
    });
    await t.prisma.focusSession.create({
      data: {
        userId: user.userId,
        status: "COMPLETED",
        plannedDurationSeconds: 600,
        actualDurationSeconds: 600,
        startedAt: new Date("2026-04-04T10:55:00Z"),
        endedAt: new Date("2026-04-04T11:05:00Z"),
      },
    });

    const result = await today(user, "2026-04-05");
    expect(result.startsAt).toBe("2026-04-04T11:00:00.000Z");
    expect(result.endsAt).toBe("2026-04-05T12:00:00.000Z");
    expect(new Date(result.endsAt).getTime() - new Date(result.startsAt).getTime()).toBe(25 * 3_600_000);
    expect(result.calendarEvents.map((e) => e.title)).toEqual(["just after midnight", "just before midnight"]);
    expect(result.habits[0].completed).toBe(true);
    expect(result.focus.sessions).toHaveLength(0); // started 23:55 on the 4th

    const before = await today(user, "2026-04-04");
    expect(before.calendarEvents.map((e) => e.title)).toEqual(["late on the 4th"]);
    expect(before.habits[0].completed).toBe(false);
    expect(before.focus.sessions).toHaveLength(1);
  });

  it("America/Los_Angeles: a 23-hour day when daylight saving starts (2026-03-08)", async () => {
    const user = await userIn("America/Los_Angeles");
    // 03-07 23:45 PST = 03-08 07:45Z; 03-08 00:30 PST = 08:30Z; 03-08 23:30 PDT = 03-09 06:30Z; 03-09 00:05 PDT = 07:05Z.
    await event(user.userId, "before midnight", "2026-03-08T07:45:00Z", 10);
    await event(user.userId, "after midnight", "2026-03-08T08:30:00Z");
    await event(user.userId, "late evening", "2026-03-09T06:30:00Z");
    await event(user.userId, "next day", "2026-03-09T07:05:00Z");
    await event(user.userId, "spans midnight into the 8th", "2026-03-08T07:50:00Z", 30);
    await t.prisma.calendarEvent.create({
      data: { userId: user.userId, title: "all day", allDay: true, startDate: day("2026-03-08"), endDate: day("2026-03-08") },
    });

    const result = await today(user, "2026-03-08");
    expect(result.startsAt).toBe("2026-03-08T08:00:00.000Z");
    expect(result.endsAt).toBe("2026-03-09T07:00:00.000Z");
    expect(result.calendarEvents.map((e) => e.title)).toEqual(["all day", "spans midnight into the 8th", "after midnight", "late evening"]);
    const previous = await today(user, "2026-03-07");
    expect(previous.calendarEvents.map((e) => e.title)).toEqual(["before midnight", "spans midnight into the 8th"]);
  });

  it("defaults to today in the user's time zone, and the same instant is another day elsewhere", async () => {
    const auckland = await userIn("Pacific/Auckland");
    const losAngeles = await userIn("America/Los_Angeles");
    const a = await t.ok("{ today { date timezone } }", {}, { token: auckland.token });
    const b = await t.ok("{ today { date timezone } }", {}, { token: losAngeles.token });
    const now = new Date();
    expect([todayIn("Pacific/Auckland", now), todayIn("Pacific/Auckland", new Date(now.getTime() - 60_000))]).toContain(a.today.date);
    expect([todayIn("America/Los_Angeles", now), todayIn("America/Los_Angeles", new Date(now.getTime() - 60_000))]).toContain(b.today.date);
    expect(a.today.timezone).toBe("Pacific/Auckland");
    const bounds = dayBoundsUtc(a.today.date, "Pacific/Auckland");
    expect(toDay(bounds.start.toISOString().slice(0, 10))).toBeTruthy();
  });
});

describe("tenancy and errors", () => {
  it("never shows another user's rows in any section", async () => {
    const mine = await userWithItems(3);
    const theirs = await userWithItems(4);
    const result = await today(mine, "2026-06-10");
    const theirIds = new Set<string>();
    for (const table of ["habit", "goal", "inboxItem", "calendarEvent", "focusSession", "userQuest"] as const) {
      const rows: { id: string }[] = await (t.prisma[table] as any).findMany({ where: { userId: theirs.userId }, select: { id: true } });
      for (const row of rows) theirIds.add(row.id);
    }
    const text = JSON.stringify(result);
    const globalIds = [...text.matchAll(/"id":"([^"]+)"/g)].map((match) => match[1]);
    for (const id of globalIds) {
      const raw = Buffer.from(id, "base64").toString("utf8").split(":")[1] ?? id;
      expect(theirIds.has(raw)).toBe(false);
    }
    expect(result.habits).toHaveLength(3);
    expect(result.inbox).toHaveLength(3);
    expect(result.quests.filter((quest) => quest.kind === "OWN")).toHaveLength(3);
    expect(result.progress.coins).toBe(3);
  });

  it("requires sign-in and a real calendar day", async () => {
    const signedOut = await t.graphql("{ today { date } }");
    expect(signedOut.errors?.[0].extensions?.code).toBe("UNAUTHENTICATED");
    const user = await t.createUser();
    const badDay = await t.graphql('{ today(date: "2026-02-30") { date } }', {}, { token: user.token });
    expect(badDay.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
  });
});
