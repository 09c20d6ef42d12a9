// The Today page statement itself: its rows are exactly Prisma's (so the GraphQL types of
// src/graphql resolve them as before), and every table it reads is reached through an index
// scoped to the viewer, so its cost does not grow with other users' rows.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemoUser } from "../src/db/seed/demo.ts";
import { dayBoundsUtc } from "../src/domain/calendar.ts";
import { keyParameters, pageStatement, type DayKey, type TodaySection } from "../src/loaders/today/page.ts";
import { TODAY_SECTION_NAMES, TODAY_SECTIONS, type TodaySectionName } from "../src/loaders/today/sections.ts";
import { startTestGateway, type TestGateway } from "./support/gateway.ts";

// Every section of the registry, the viewer's too: the one list the gateway reads.
const SECTIONS = Object.values(TODAY_SECTIONS).map((entry) => entry.page as TodaySection<unknown>);

let t: TestGateway;
let key: DayKey;

beforeAll(async () => {
  t = await startTestGateway();
  const timezone = "Europe/Berlin";
  const demo = await seedDemoUser(t.prisma, { email: "sql@example.test", timezone, today: "2026-06-10" });
  // Another user with the same shape, so that a scan that is not user-scoped would show.
  await seedDemoUser(t.prisma, { email: "other@example.test", timezone, today: "2026-06-10", seed: 7 });
  key = { userId: demo.userId, day: demo.today, timezone, ...dayBoundsUtc(demo.today, timezone) };
  // Rows the demo may lack, so that every model below has at least one row to compare.
  const session = await t.prisma.focusSession.findFirstOrThrow({
    where: { userId: demo.userId, startedAt: { gte: key.start, lt: key.end }, pauseState: null },
  });
  await t.prisma.focusPauseState.create({
    data: { userId: demo.userId, sessionId: session.id, isPaused: true, pausedAt: key.start, totalPausedSeconds: 30 },
  });
  const daily = await t.prisma.universalQuest.findFirstOrThrow({ where: { isActive: true, cadence: "DAILY" } });
  await t.prisma.userQuestProgress.upsert({
    where: { userId_questId_periodStart: { userId: demo.userId, questId: daily.id, periodStart: new Date(`${demo.today}T00:00:00Z`) } },
    create: { userId: demo.userId, questId: daily.id, periodStart: new Date(`${demo.today}T00:00:00Z`), currentValue: 1 },
    update: {},
  });
}, 120_000);
afterAll(async () => {
  await t?.close();
});

/** Each section's decoded value, by its name in the registry. */
type Decoded = { [Name in TodaySectionName]: ReturnType<(typeof TODAY_SECTIONS)[Name]["page"]["decode"]> };

const present = <T>(value: T | null | undefined): value is T => value != null;
/** A value the page must have: fails the test on null. */
function defined<T>(value: T | null): T {
  if (value === null) throw new Error("expected a row, got null");
  return value;
}

async function page(): Promise<Record<string, unknown>> {
  const { rows } = await t.db.pool.query(pageStatement(SECTIONS), keyParameters([key]));
  expect(rows).toHaveLength(1);
  return rows[0] as Record<string, unknown>;
}

describe("the page statement's rows", () => {
  it("are the rows Prisma returns, field for field, for every model the page reads", async () => {
    const row = await page();
    const decoded = Object.fromEntries(
      TODAY_SECTION_NAMES.map((name) => {
        const { page: section } = TODAY_SECTIONS[name];
        return [name, section.decode(row[section.name], key, null)];
      }),
    ) as Decoded;
    const withoutNested = <T extends object>(value: T, ...names: string[]) =>
      Object.fromEntries(Object.entries(value).filter(([name]) => !names.includes(name)));

    const byId = async (rows: Array<{ id: string }>, find: (ids: string[]) => Promise<Array<{ id: string }>>, ...nested: string[]) => {
      expect(rows.length).toBeGreaterThan(0);
      const ids = rows.map((r) => r.id);
      const expected = new Map((await find(ids)).map((r) => [r.id, r]));
      for (const r of rows) expect(withoutNested(r, ...nested)).toEqual(expected.get(r.id));
    };

    await byId([defined(decoded.plan)], (ids) => t.prisma.dailyPlan.findMany({ where: { id: { in: ids } } }));
    await byId(decoded.calendarEvents, (ids) => t.prisma.calendarEvent.findMany({ where: { id: { in: ids } } }));
    const sessions = [...decoded.focus.ofDay, ...(decoded.focus.active ? [decoded.focus.active] : [])];
    await byId(sessions, (ids) => t.prisma.focusSession.findMany({ where: { id: { in: ids } } }), "pauseState");
    await byId(sessions.map((s) => s.pauseState).filter(present), (ids) =>
      t.prisma.focusPauseState.findMany({ where: { id: { in: ids } } }),
    );
    await byId(
      decoded.habits.map((h) => h.habit),
      (ids) => t.prisma.habit.findMany({ where: { id: { in: ids } } }),
    );
    await byId(decoded.habits.map((h) => h.completion).filter(present), (ids) =>
      t.prisma.habitCompletion.findMany({ where: { id: { in: ids } } }),
    );
    await byId(decoded.goals, (ids) => t.prisma.goal.findMany({ where: { id: { in: ids } } }), "milestones");
    await byId(
      decoded.goals.flatMap((g) => g.milestones),
      (ids) => t.prisma.goalMilestone.findMany({ where: { id: { in: ids } } }),
    );
    const own = decoded.quests.filter((q) => q.kind === "OWN");
    const universal = decoded.quests.filter((q) => q.kind === "UNIVERSAL");
    await byId(
      own.map((q) => defined(q.quest)),
      (ids) => t.prisma.userQuest.findMany({ where: { id: { in: ids } } }),
    );
    await byId(
      universal.map((q) => defined(q.universalQuest)),
      (ids) => t.prisma.universalQuest.findMany({ where: { id: { in: ids } } }),
    );
    await byId(universal.map((q) => q.progress).filter(present), (ids) =>
      t.prisma.userQuestProgress.findMany({ where: { id: { in: ids } } }),
    );
    await byId(decoded.inbox, (ids) => t.prisma.inboxItem.findMany({ where: { id: { in: ids } } }));
    await byId([defined(decoded.progress.progress)], (ids) => t.prisma.userProgress.findMany({ where: { id: { in: ids } } }));
    await byId([defined(decoded.progress.wallet)], (ids) => t.prisma.userWallet.findMany({ where: { id: { in: ids } } }));
    await byId(decoded.progress.streaks, (ids) => t.prisma.userStreak.findMany({ where: { id: { in: ids } } }));
  });
});

interface PlanNode {
  "Node Type": string;
  "Relation Name"?: string;
  "Index Name"?: string;
  "Index Cond"?: string;
  Plans?: PlanNode[];
}

function scans(node: PlanNode, into: PlanNode[] = []): PlanNode[] {
  if (node["Relation Name"] || node["Node Type"].endsWith("Index Scan")) into.push(node);
  for (const child of node.Plans ?? []) scans(child, into);
  return into;
}

/**
 * How each table is reached: by the viewer's user id, or by the key of one of the viewer's
 * rows (a habit's completions, a goal's milestones, a session's pause state).
 */
const SCOPED_BY: Record<string, RegExp> = {
  daily_plans: /user_id/,
  calendar_events: /user_id/,
  focus_sessions: /user_id/,
  focus_pause_state: /session_id|user_id/,
  habits: /user_id/,
  habit_completions: /habit_id|user_id/,
  goals: /user_id/,
  goal_milestones: /goal_id|user_id/,
  user_quests: /user_id/,
  user_quest_progress: /user_id/,
  inbox_items: /user_id/,
  user_progress: /user_id/,
  user_wallet: /user_id/,
  user_streaks: /user_id/,
  points_ledger: /user_id/,
  users: /\bid\b/,
  user_settings: /user_id/,
};

describe("the page statement's plan", () => {
  it("reads every user-owned table through an index scoped to the viewer", async () => {
    const client = await t.db.pool.connect();
    let plan: PlanNode;
    try {
      await client.query("BEGIN");
      // Test tables are tiny, where a sequential scan is cheapest; with it discouraged, the
      // planner still falls back to one wherever no index fits the statement's conditions.
      await client.query("SET LOCAL enable_seqscan = off");
      const { rows } = await client.query(`EXPLAIN (FORMAT JSON) ${pageStatement(SECTIONS)}`, keyParameters([key]));
      plan = (rows[0]["QUERY PLAN"] as Array<{ Plan: PlanNode }>)[0].Plan;
    } finally {
      await client.query("ROLLBACK");
      client.release();
    }
    const found = scans(plan);
    const tables = new Set(found.map((node) => node["Relation Name"]).filter(Boolean));
    for (const table of Object.keys(SCOPED_BY)) expect(tables, `${table} is read`).toContain(table);
    for (const node of found) {
      const table = node["Relation Name"];
      expect(node["Node Type"], `${table ?? node["Index Name"]}`).not.toBe("Seq Scan");
      if (!table || !(table in SCOPED_BY)) continue; // the catalogue (universal_quests) and bitmap heap nodes
      if (node["Node Type"] === "Bitmap Heap Scan") continue; // its Bitmap Index Scan children carry the condition
      expect(node["Index Cond"], `${table} via ${node["Index Name"]}`).toMatch(SCOPED_BY[table]);
    }
    const bitmapChildren = found.filter((node) => node["Node Type"] === "Bitmap Index Scan");
    for (const node of bitmapChildren) {
      const table = Object.keys(SCOPED_BY).find((name) => node["Index Name"]!.startsWith(`${name}_`));
      if (table) expect(node["Index Cond"], node["Index Name"]).toMatch(SCOPED_BY[table]);
    }
  });
});
