/**
 * The catalogue seeds (migration 0013_seeds) and the deterministic demo user
 * (src/db/seed/demo.ts), on fresh migrated databases: embedded PGlite by default, fresh
 * PostgreSQL databases when TEST_DATABASE_URL is set.
 */
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { verifyPassword } from "../src/auth/password.ts";
import { createDatabaseClient, type DatabaseClient } from "../src/db/client.ts";
import { applyMigrations, formatApplyResult } from "../src/db/migrate.ts";
import { DEMO_DEFAULTS, seedDemoIfMissing, seedDemoUser, type DemoOptions } from "../src/db/seed/demo.ts";
import { levelForXp } from "../src/db/seed/levels.ts";
import { mulberry32, Random } from "../src/db/seed/random.ts";
import { dayBoundsUtc, isHabitDue, todayIn, type HabitFrequencyValue } from "../src/domain/calendar.ts";
import { createTestDatabase, type TestDatabase } from "./support/database.ts";

interface MigratedClient {
  database: TestDatabase;
  db: DatabaseClient;
  close(): Promise<void>;
}

async function migratedClient(): Promise<MigratedClient> {
  const database = await createTestDatabase({ prefix: "test_seed" });
  try {
    const result = await applyMigrations(database.url);
    if (!result.ok) throw new Error(`migrations failed:\n${formatApplyResult(result)}`);
    const db = createDatabaseClient(database.url, { max: 4 });
    return {
      database,
      db,
      async close() {
        await db.close();
        await database.close();
      },
    };
  } catch (error) {
    await database.close();
    throw error;
  }
}

async function rows<T = Record<string, unknown>>(db: DatabaseClient, sql: string, params: unknown[] = []): Promise<T[]> {
  return (await db.pool.query(sql, params)).rows as T[];
}

async function one<T = Record<string, unknown>>(db: DatabaseClient, sql: string, params: unknown[] = []): Promise<T> {
  const result = await rows<T>(db, sql, params);
  expect(result).toHaveLength(1);
  return result[0];
}

/** A day on which Europe/Berlin springs forward (a 23-hour day), on purpose. */
const FIXED_TODAY = "2026-03-29";
const DEMO: DemoOptions = { today: FIXED_TODAY };

/** Everything about a user that must not depend on the database it was written to (no generated ids). */
async function contentSnapshot(db: DatabaseClient, userId: string): Promise<Record<string, unknown>> {
  const q = (sql: string) => rows(db, sql, [userId]);
  return {
    user: await q(`SELECT email, display_name, created_at FROM users WHERE id = $1`),
    habits: await q(
      `SELECT name, frequency::text, days_of_week, interval_days, target_count, start_date::text, xp_reward, coin_reward, sort_order
         FROM habits WHERE user_id = $1 ORDER BY sort_order`,
    ),
    completions: await q(
      `SELECT h.name, c.completed_on::text, c.count, c.completed_at
         FROM habit_completions c JOIN habits h ON h.id = c.habit_id
        WHERE c.user_id = $1 ORDER BY h.sort_order, c.completed_on`,
    ),
    focus: await q(
      `SELECT status::text, label, planned_duration_seconds, actual_duration_seconds, started_at, ended_at, xp_awarded
         FROM focus_sessions WHERE user_id = $1 ORDER BY started_at`,
    ),
    ledger: await q(
      `SELECT reason, xp_delta, coin_delta, source_type, created_at, metadata
         FROM points_ledger WHERE user_id = $1 ORDER BY created_at, reason, xp_delta, coin_delta`,
    ),
    ledgerSums: await q(
      `SELECT count(*)::int AS n, sum(xp_delta)::int AS xp, sum(coin_delta)::int AS coins FROM points_ledger WHERE user_id = $1`,
    ),
    progress: await q(`SELECT level, total_xp FROM user_progress WHERE user_id = $1`),
    wallet: await q(`SELECT coins, total_earned, total_spent FROM user_wallet WHERE user_id = $1`),
    streaks: await q(
      `SELECT streak_type, current_count, longest_count, last_activity_date::text FROM user_streaks WHERE user_id = $1 ORDER BY streak_type`,
    ),
    goals: await q(
      `SELECT g.title, g.status::text, g.target_date::text, m.title AS milestone, m.is_completed, m.completed_at
         FROM goals g JOIN goal_milestones m ON m.goal_id = g.id WHERE g.user_id = $1 ORDER BY g.sort_order, m.sort_order`,
    ),
    quests: await q(
      `SELECT title, status::text, target_value, current_value, due_date::text, (source_quest_id IS NOT NULL) AS adopted
         FROM user_quests WHERE user_id = $1 ORDER BY sort_order`,
    ),
    questProgress: await q(
      `SELECT q.key, p.period_start::text, p.current_value, p.status::text, p.completed_at
         FROM user_quest_progress p JOIN universal_quests q ON q.id = p.quest_id WHERE p.user_id = $1 ORDER BY q.key`,
    ),
    plan: await q(`SELECT date::text, intention, items FROM daily_plans WHERE user_id = $1 ORDER BY date`),
    events: await q(
      `SELECT title, all_day, starts_at, ends_at, start_date::text, end_date::text FROM calendar_events
        WHERE user_id = $1 ORDER BY coalesce(starts_at, start_date::timestamptz), title`,
    ),
    inbox: await q(`SELECT kind::text, title, read_at, archived_at, sort_order FROM inbox_items WHERE user_id = $1 ORDER BY sort_order`),
    purchases: await q(
      `SELECT i.key, t.coins, t.balance_after, t.created_at FROM market_transactions t JOIN market_items i ON i.id = t.item_id
        WHERE t.user_id = $1 ORDER BY t.created_at`,
    ),
    reading: await q(
      `SELECT b.title, b.status::text, b.current_page, r.read_on::text, r.pages_read
         FROM books b LEFT JOIN reading_sessions r ON r.book_id = b.id WHERE b.user_id = $1 ORDER BY b.sort_order, r.read_on`,
    ),
    sets: await q(
      `SELECT e.name, s.set_number, s.reps, s.weight_kg::text, w.performed_on::text
         FROM exercise_sets s JOIN exercises e ON e.id = s.exercise_id JOIN workout_sessions w ON w.id = s.session_id
        WHERE s.user_id = $1 ORDER BY e.name, s.set_number`,
    ),
  };
}

describe("PRNG", () => {
  it("mulberry32 is a pure function of its seed", () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const first = Array.from({ length: 5 }, () => a());
    expect(Array.from({ length: 5 }, () => b())).toEqual(first);
    expect(first.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(Array.from({ length: 5 }, () => mulberry32(43)())).not.toEqual(first);
    expect(Random.stream(1, "x").uuid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

describe("catalogue seeds (0013_seeds) and the demo user", () => {
  let a: MigratedClient;
  let demo: Awaited<ReturnType<typeof seedDemoUser>>;

  beforeAll(async () => {
    a = await migratedClient();
    demo = await seedDemoUser(a.db.prisma, DEMO);
  });
  afterAll(async () => {
    await a?.close();
  });

  it("loads the roles and the catalogues", async () => {
    const roles = await rows<{ key: string }>(a.db, `SELECT key FROM roles ORDER BY key`);
    expect(roles.map((r) => r.key)).toEqual(["admin", "user"]);

    const counts = await one<Record<string, number>>(
      a.db,
      `SELECT (SELECT count(*) FROM achievement_definitions)::int AS achievements,
              (SELECT count(*) FROM universal_quests)::int AS quests,
              (SELECT count(*) FROM market_items)::int AS items,
              (SELECT count(*) FROM market_items WHERE available_from IS NOT NULL OR available_until IS NOT NULL)::int AS windowed,
              (SELECT count(*) FROM learn_topics)::int AS topics,
              (SELECT count(*) FROM listening_prompt_templates)::int AS templates,
              (SELECT count(*) FROM exercises WHERE user_id IS NULL)::int AS exercises`,
    );
    expect(counts.achievements).toBeGreaterThanOrEqual(10);
    expect(counts.quests).toBeGreaterThanOrEqual(8);
    expect(counts.items).toBeGreaterThanOrEqual(10);
    expect(counts.windowed).toBeGreaterThanOrEqual(1);
    expect(counts.topics).toBeGreaterThanOrEqual(3);
    expect(counts.templates).toBeGreaterThanOrEqual(5);
    expect(counts.exercises).toBeGreaterThanOrEqual(15);

    const cadences = await rows<{ cadence: string }>(a.db, `SELECT DISTINCT cadence::text FROM universal_quests ORDER BY 1`);
    expect(cadences.map((c) => c.cadence)).toEqual(["DAILY", "ONCE", "WEEKLY"]);
    const categories = await rows<{ category: string }>(
      a.db,
      `SELECT DISTINCT category::text FROM exercises WHERE user_id IS NULL ORDER BY 1`,
    );
    expect(categories.map((c) => c.category)).toEqual(["BODYWEIGHT", "CARDIO", "MOBILITY", "STRENGTH"]);
  });

  it("gives every learn topic lessons and drills, and every listening template a preset", async () => {
    const topics = await rows<{ key: string; lessons: number; drills: number; bad_difficulty: number }>(
      a.db,
      `SELECT t.key,
              (SELECT count(*) FROM learn_lessons l WHERE l.topic_id = t.id AND length(l.content) > 100)::int AS lessons,
              (SELECT count(*) FROM learn_drills d WHERE d.topic_id = t.id)::int AS drills,
              (SELECT count(*) FROM learn_drills d WHERE d.topic_id = t.id AND NOT d.difficulty BETWEEN 1 AND 5)::int AS bad_difficulty
         FROM learn_topics t ORDER BY t.sort_order`,
    );
    expect(topics.length).toBeGreaterThanOrEqual(3);
    for (const topic of topics) {
      expect(topic.lessons, topic.key).toBe(3);
      expect(topic.drills, topic.key).toBeGreaterThanOrEqual(2);
      expect(topic.bad_difficulty).toBe(0);
    }
    const templates = await rows<{ key: string; presets: number }>(
      a.db,
      `SELECT t.key, count(p.id)::int AS presets FROM listening_prompt_templates t
         LEFT JOIN listening_prompt_presets p ON p.template_id = t.id GROUP BY t.key ORDER BY t.key`,
    );
    for (const template of templates) expect(template.presets, template.key).toBeGreaterThanOrEqual(1);
  });

  it("has the welcome onboarding flow with its steps", async () => {
    const steps = await rows<{ key: string; step_type: string; options: { value: string; label: string }[] }>(
      a.db,
      `SELECT s.key, s.step_type::text, s.options FROM onboarding_steps s JOIN onboarding_flows f ON f.id = s.flow_id
        WHERE f.key = 'welcome' ORDER BY s.sort_order`,
    );
    expect(steps.length).toBeGreaterThanOrEqual(5);
    expect(new Set(steps.map((s) => s.step_type))).toEqual(new Set(["INFO", "SINGLE_CHOICE", "MULTI_CHOICE", "TEXT"]));
    for (const step of steps) {
      if (step.step_type.endsWith("_CHOICE")) {
        expect(step.options.length, step.key).toBeGreaterThanOrEqual(2);
        for (const option of step.options) expect(Object.keys(option).sort()).toEqual(["label", "value"]);
      } else {
        expect(step.options).toEqual([]);
      }
    }
  });

  it("creates a user that can sign in with the credentials it returns", async () => {
    expect(demo.email).toBe(DEMO_DEFAULTS.email);
    expect(demo.password).toBe(DEMO_DEFAULTS.password);
    expect(demo.today).toBe(FIXED_TODAY);
    const account = await one<{ provider: string; provider_account_id: string; password_hash: string }>(
      a.db,
      `SELECT provider, provider_account_id, password_hash FROM accounts WHERE user_id = $1`,
      [demo.userId],
    );
    expect(account.provider).toBe("credentials");
    expect(account.provider_account_id).toBe(demo.email);
    expect(await verifyPassword(demo.password, account.password_hash)).toBe(true);
    const roles = await rows<{ key: string }>(
      a.db,
      `SELECT r.key FROM user_roles ur JOIN roles r ON r.id = ur.role_id WHERE ur.user_id = $1`,
      [demo.userId],
    );
    expect(roles.map((r) => r.key)).toEqual(["user"]);
    const settings = await one<{ timezone: string }>(a.db, `SELECT timezone FROM user_settings WHERE user_id = $1`, [demo.userId]);
    expect(settings.timezone).toBe("Europe/Berlin");
  });

  it("keeps wallet, progress and the points ledger in agreement", async () => {
    const sums = await one<{ n: number; keys: number; xp: number; coins: number; earned: number; spent: number }>(
      a.db,
      `SELECT count(*)::int AS n, count(DISTINCT idempotency_key)::int AS keys,
              coalesce(sum(xp_delta), 0)::int AS xp, coalesce(sum(coin_delta), 0)::int AS coins,
              coalesce(sum(coin_delta) FILTER (WHERE coin_delta > 0), 0)::int AS earned,
              coalesce(-sum(coin_delta) FILTER (WHERE coin_delta < 0), 0)::int AS spent
         FROM points_ledger WHERE user_id = $1`,
      [demo.userId],
    );
    expect(sums.n).toBeGreaterThan(100);
    expect(sums.keys).toBe(sums.n);
    const wallet = await one<{ coins: number; total_earned: number; total_spent: number }>(
      a.db,
      `SELECT coins, total_earned, total_spent FROM user_wallet WHERE user_id = $1`,
      [demo.userId],
    );
    expect(wallet).toEqual({ coins: sums.coins, total_earned: sums.earned, total_spent: sums.spent });
    expect(wallet.total_spent).toBeGreaterThan(0);
    const progress = await one<{ total_xp: number; level: number }>(a.db, `SELECT total_xp, level FROM user_progress WHERE user_id = $1`, [
      demo.userId,
    ]);
    expect(progress.total_xp).toBe(sums.xp);
    expect(progress.level).toBe(levelForXp(sums.xp));

    // Every purchase: a transaction, a purchase row and a negative ledger entry; balances replay.
    const purchases = await rows<{ coins: number; balance_after: number; created_at: Date; price: number; ledger: number }>(
      a.db,
      `SELECT t.coins, t.balance_after, t.created_at, p.price_coins AS price,
              (SELECT l.coin_delta FROM points_ledger l WHERE l.source_id = t.id::text) AS ledger
         FROM market_transactions t JOIN user_purchases p ON p.transaction_id = t.id
        WHERE t.user_id = $1 AND t.type = 'PURCHASE' ORDER BY t.created_at`,
      [demo.userId],
    );
    expect(purchases.length).toBeGreaterThanOrEqual(1);
    for (const purchase of purchases) {
      expect(purchase.coins).toBe(-purchase.price);
      expect(purchase.ledger).toBe(purchase.coins);
      const before = await one<{ balance: number }>(
        a.db,
        `SELECT coalesce(sum(coin_delta), 0)::int AS balance FROM points_ledger WHERE user_id = $1 AND created_at <= $2`,
        [demo.userId, purchase.created_at],
      );
      expect(purchase.balance_after).toBe(before.balance);
      expect(purchase.balance_after).toBeGreaterThanOrEqual(0);
    }
    // Each habit reward points at a completion that reached its target.
    const orphans = await one<{ n: number }>(
      a.db,
      `SELECT count(*)::int AS n FROM points_ledger l
         LEFT JOIN habit_completions c ON c.id::text = l.source_id
         LEFT JOIN habits h ON h.id = c.habit_id
        WHERE l.user_id = $1 AND l.reason = 'habit.complete' AND (c.id IS NULL OR c.count < h.target_count)`,
      [demo.userId],
    );
    expect(orphans.n).toBe(0);
  });

  it("writes habits and completions that follow each schedule in the user's time zone", async () => {
    const habits = await rows<{
      id: string;
      frequency: HabitFrequencyValue;
      days_of_week: number[];
      interval_days: number | null;
      start_date: string;
      is_archived: boolean;
    }>(a.db, `SELECT id, frequency::text, days_of_week, interval_days, start_date::text, is_archived FROM habits WHERE user_id = $1`, [
      demo.userId,
    ]);
    expect(habits).toHaveLength(DEMO_DEFAULTS.habits);
    expect(new Set(habits.map((h) => h.frequency))).toEqual(new Set(["DAILY", "WEEKLY", "INTERVAL"]));
    for (const habit of habits) expect(habit.start_date < FIXED_TODAY).toBe(true);

    const completions = await rows<{ habit_id: string; completed_on: string; completed_at: Date }>(
      a.db,
      `SELECT habit_id, completed_on::text, completed_at FROM habit_completions WHERE user_id = $1`,
      [demo.userId],
    );
    const byId = new Map(habits.map((h) => [h.id, h]));
    for (const completion of completions) {
      const h = byId.get(completion.habit_id)!;
      const schedule = {
        frequency: h.frequency,
        daysOfWeek: h.days_of_week,
        intervalDays: h.interval_days,
        startDate: h.start_date,
        endDate: null,
        isArchived: h.is_archived,
      };
      expect(isHabitDue(schedule, completion.completed_on)).toBe(true);
      expect(todayIn("Europe/Berlin", completion.completed_at)).toBe(completion.completed_on);
      expect(completion.completed_on <= FIXED_TODAY).toBe(true);
    }
    const dueDays = habits.reduce((n, h) => {
      let due = 0;
      for (let d = h.start_date; d < FIXED_TODAY; d = new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10)) {
        const schedule = {
          frequency: h.frequency,
          daysOfWeek: h.days_of_week,
          intervalDays: h.interval_days,
          startDate: h.start_date,
          endDate: null,
          isArchived: false,
        };
        if (isHabitDue(schedule, d)) due += 1;
      }
      return n + due;
    }, 0);
    const done = await one<{ n: number }>(
      a.db,
      `SELECT count(*)::int AS n FROM habit_completions c JOIN habits h ON h.id = c.habit_id
        WHERE c.user_id = $1 AND c.completed_on < $2::date AND c.count >= h.target_count`,
      [demo.userId, FIXED_TODAY],
    );
    const adherence = done.n / dueDays;
    expect(adherence).toBeGreaterThan(0.6);
    expect(adherence).toBeLessThan(0.9);
    const today = completions.filter((c) => c.completed_on === FIXED_TODAY);
    expect(today.length).toBeGreaterThanOrEqual(1);
  });

  it("plans today, with events, focus sessions and quests of today", async () => {
    const plan = await one<{
      items: { id: string; kind: string; sortOrder: number; createdAt: string; refId: string | null; done: boolean }[];
    }>(a.db, `SELECT items FROM daily_plans WHERE user_id = $1 AND date = $2::date`, [demo.userId, FIXED_TODAY]);
    expect(plan.items).toHaveLength(DEMO_DEFAULTS.planItems);
    expect(new Set(plan.items.map((i) => i.id)).size).toBe(plan.items.length);
    const sortOrders = plan.items.map((i) => i.sortOrder);
    expect(new Set(sortOrders).size).toBeLessThan(sortOrders.length);
    expect(new Set(plan.items.map((i) => i.kind))).toEqual(new Set(["HABIT", "FOCUS", "TASK", "EVENT", "QUEST"]));
    for (const item of plan.items) expect(Number.isNaN(Date.parse(item.createdAt))).toBe(false);

    const { start, end } = dayBoundsUtc(FIXED_TODAY, "Europe/Berlin");
    const timed = await rows<{ title: string }>(
      a.db,
      `SELECT title FROM calendar_events WHERE user_id = $1 AND NOT all_day AND starts_at >= $2 AND starts_at < $3`,
      [demo.userId, start, end],
    );
    expect(timed.length).toBe(DEMO_DEFAULTS.calendarEvents - 1);
    const allDay = await rows<{ title: string }>(
      a.db,
      `SELECT title FROM calendar_events WHERE user_id = $1 AND all_day AND start_date <= $2::date AND end_date >= $2::date`,
      [demo.userId, FIXED_TODAY],
    );
    expect(allDay).toHaveLength(1);
    // 09:30 in Berlin on the day the clocks go forward is 07:30 UTC (CEST, UTC+2).
    const standup = await one<{ starts_at: Date }>(
      a.db,
      `SELECT starts_at FROM calendar_events WHERE user_id = $1 AND title = 'Team stand-up'`,
      [demo.userId],
    );
    expect(standup.starts_at.toISOString()).toBe("2026-03-29T07:30:00.000Z");

    const focusToday = await rows<{ status: string }>(
      a.db,
      `SELECT status::text FROM focus_sessions WHERE user_id = $1 AND started_at >= $2 AND started_at < $3`,
      [demo.userId, start, end],
    );
    expect(focusToday.length).toBeGreaterThanOrEqual(2);
    expect(focusToday.every((f) => f.status === "COMPLETED")).toBe(true);
    const active = await one<{ n: number }>(
      a.db,
      `SELECT count(*)::int AS n FROM focus_sessions WHERE user_id = $1 AND status = 'ACTIVE'`,
      [demo.userId],
    );
    expect(active.n).toBe(0);

    const progress = await rows<{ key: string }>(
      a.db,
      `SELECT q.key FROM user_quest_progress p JOIN universal_quests q ON q.id = p.quest_id WHERE p.user_id = $1 ORDER BY q.key`,
      [demo.userId],
    );
    expect(progress.length).toBeGreaterThanOrEqual(2);
    const quests = await one<{ active: number; adopted: number; completed: number }>(
      a.db,
      `SELECT count(*) FILTER (WHERE status = 'ACTIVE' AND source_quest_id IS NULL)::int AS active,
              count(*) FILTER (WHERE source_quest_id IS NOT NULL)::int AS adopted,
              count(*) FILTER (WHERE status = 'COMPLETED')::int AS completed
         FROM user_quests WHERE user_id = $1`,
      [demo.userId],
    );
    expect(quests).toEqual({ active: DEMO_DEFAULTS.quests, adopted: 1, completed: 1 });
  });

  it("fills the other domains", async () => {
    const counts = await one<Record<string, number>>(
      a.db,
      `SELECT (SELECT count(*) FROM goals WHERE user_id = $1 AND status = 'ACTIVE')::int AS active_goals,
              (SELECT count(*) FROM goals WHERE user_id = $1 AND status = 'COMPLETED')::int AS completed_goals,
              (SELECT count(*) FROM goal_milestones WHERE user_id = $1 AND is_completed)::int AS done_milestones,
              (SELECT count(*) FROM inbox_items WHERE user_id = $1)::int AS inbox,
              (SELECT count(*) FROM inbox_items WHERE user_id = $1 AND read_at IS NOT NULL)::int AS inbox_read,
              (SELECT count(*) FROM inbox_items WHERE user_id = $1 AND archived_at IS NOT NULL)::int AS inbox_archived,
              (SELECT count(DISTINCT kind) FROM inbox_items WHERE user_id = $1)::int AS inbox_kinds,
              (SELECT count(*) FROM books WHERE user_id = $1)::int AS books,
              (SELECT count(*) FROM reading_sessions WHERE user_id = $1)::int AS reading_sessions,
              (SELECT count(*) FROM workout_exercises WHERE user_id = $1)::int AS workout_exercises,
              (SELECT count(*) FROM exercise_sets WHERE user_id = $1)::int AS sets,
              (SELECT count(*) FROM user_lesson_progress WHERE user_id = $1)::int AS lessons,
              (SELECT count(*) FROM user_drill_stats WHERE user_id = $1)::int AS drills,
              (SELECT count(*) FROM track_analyses WHERE user_id = $1)::int AS analyses,
              (SELECT count(*) FROM track_annotations WHERE user_id = $1)::int AS annotations,
              (SELECT count(*) FROM track_regions WHERE user_id = $1)::int AS regions,
              (SELECT count(*) FROM ideas WHERE user_id = $1)::int AS ideas,
              (SELECT count(*) FROM infobase_entries WHERE user_id = $1)::int AS infobase,
              (SELECT count(*) FROM user_onboarding_state WHERE user_id = $1 AND status = 'COMPLETED')::int AS onboarded,
              (SELECT count(*) FROM user_onboarding_responses WHERE user_id = $1)::int AS responses,
              (SELECT count(*) FROM user_streaks WHERE user_id = $1 AND longest_count >= current_count)::int AS streaks`,
      [demo.userId],
    );
    expect(counts).toMatchObject({
      active_goals: 3,
      completed_goals: 1,
      inbox: DEMO_DEFAULTS.inboxItems,
      inbox_kinds: 3,
      books: 2,
      workout_exercises: 3,
      lessons: 2,
      drills: 1,
      analyses: 1,
      ideas: 1,
      infobase: 1,
      onboarded: 1,
    });
    expect(counts.done_milestones).toBeGreaterThan(0);
    expect(counts.inbox_read).toBeGreaterThan(0);
    expect(counts.inbox_archived).toBeGreaterThan(0);
    expect(counts.reading_sessions).toBeGreaterThan(0);
    expect(counts.sets).toBe(9);
    expect(counts.annotations).toBeGreaterThan(0);
    expect(counts.regions).toBeGreaterThan(0);
    expect(counts.responses).toBeGreaterThanOrEqual(3);
    const streakTypes = await rows<{ streak_type: string }>(a.db, `SELECT streak_type FROM user_streaks WHERE user_id = $1 ORDER BY 1`, [
      demo.userId,
    ]);
    expect(streakTypes.map((s) => s.streak_type)).toEqual(expect.arrayContaining(["daily_activity", "focus", "habits"]));
    expect(counts.streaks).toBe(streakTypes.length);
  });

  it("seedDemoIfMissing is idempotent", async () => {
    const options: DemoOptions = { email: "Twice@Example.test", today: FIXED_TODAY, historyDays: 14 };
    const first = await seedDemoIfMissing(a.db.prisma, options);
    const second = await seedDemoIfMissing(a.db.prisma, options);
    expect(first.created).toBe(true);
    expect(second.created).toBe(false);
    expect(second.userId).toBe(first.userId);
    expect(first.email).toBe("twice@example.test");
    const users = await one<{ n: number }>(a.db, `SELECT count(*)::int AS n FROM users WHERE email = 'twice@example.test'`);
    expect(users.n).toBe(1);
    // The default "today" is today's date in the user's zone.
    const again = await seedDemoIfMissing(a.db.prisma, { email: "twice@example.test", timezone: "Pacific/Auckland" });
    expect(again.today).toBe(todayIn("Pacific/Auckland"));
  });

  it("scales with the size options", async () => {
    const sizes = { habits: 50, goals: 7, quests: 8, inboxItems: 20, calendarEvents: 12, planItems: 30, historyDays: 30 };
    const big = await seedDemoUser(a.db.prisma, { email: "sizes@example.test", today: FIXED_TODAY, ...sizes });
    const counts = await one<Record<string, number>>(
      a.db,
      `SELECT (SELECT count(*) FROM habits WHERE user_id = $1)::int AS habits,
              (SELECT count(*) FROM goals WHERE user_id = $1 AND status = 'ACTIVE')::int AS goals,
              (SELECT count(*) FROM user_quests WHERE user_id = $1 AND status = 'ACTIVE' AND source_quest_id IS NULL)::int AS quests,
              (SELECT count(*) FROM inbox_items WHERE user_id = $1)::int AS inbox,
              (SELECT count(*) FROM calendar_events WHERE user_id = $1
                 AND (start_date = $2::date OR (starts_at >= $3 AND starts_at < $4)))::int AS events,
              (SELECT jsonb_array_length(items) FROM daily_plans WHERE user_id = $1 AND date = $2::date)::int AS plan,
              (SELECT min(start_date)::text FROM habits WHERE user_id = $1) AS first_start`,
      [big.userId, FIXED_TODAY, ...Object.values(dayBoundsUtc(FIXED_TODAY, "Europe/Berlin"))],
    );
    expect(counts).toMatchObject({
      habits: 50,
      goals: 7,
      quests: 8,
      inbox: 20,
      events: 12,
      plan: 30,
      first_start: "2026-02-27",
    });
    const names = await one<{ n: number }>(a.db, `SELECT count(DISTINCT name)::int AS n FROM habits WHERE user_id = $1`, [big.userId]);
    expect(names.n).toBe(50);
  });
});

describe("determinism", () => {
  let a: MigratedClient;
  let b: MigratedClient;

  beforeAll(async () => {
    a = await migratedClient();
    b = await migratedClient();
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
  });

  it("writes the same content into two fresh databases for the same options, and other content for another seed", async () => {
    const options: DemoOptions = { ...DEMO, seed: 7 };
    const first = await seedDemoUser(a.db.prisma, options);
    const second = await seedDemoUser(b.db.prisma, options);
    expect(first.userId).not.toBe(second.userId);
    const left = await contentSnapshot(a.db, first.userId);
    const right = await contentSnapshot(b.db, second.userId);
    const planItems = (snapshot: Record<string, unknown>) =>
      (snapshot.plan as { items: { refId: string | null }[] }[])[0].items.map((item) => ({ ...item, refId: item.refId !== null }));
    expect(planItems(left)).toEqual(planItems(right));
    const withoutPlan = (snapshot: Record<string, unknown>) => ({ ...snapshot, plan: null });
    expect(withoutPlan(left)).toEqual(withoutPlan(right));
    expect((left.completions as unknown[]).length).toBeGreaterThan(100);

    const other = await seedDemoUser(b.db.prisma, { ...options, seed: 8, email: "other-seed@example.test" });
    const different = await contentSnapshot(b.db, other.userId);
    expect(different.completions).not.toEqual(left.completions);
  });
});
