import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestGateway, type TestGateway } from "./support/gateway.ts";

/** The 63 tables of the source document (docs/architecture.md, "Tables") and the migration that creates each. */
const TABLES_BY_MIGRATION: Record<string, string[]> = {
  "0001_auth": ["users", "accounts", "sessions", "roles", "user_roles", "audit_log"],
  "0002_gamification": ["user_progress", "user_wallet", "points_ledger", "user_streaks", "achievement_definitions", "user_achievements"],
  "0003_focus": ["focus_sessions", "focus_pause_state", "focus_libraries", "focus_library_tracks"],
  "0004_habits_goals": ["habits", "habit_completions", "goals", "goal_milestones"],
  "0005_quests": ["universal_quests", "user_quests", "user_quest_progress"],
  "0006_planning": ["calendar_events", "daily_plans"],
  "0007_market": ["market_items", "user_purchases", "market_transactions"],
  "0008_books": ["books", "reading_sessions"],
  "0009_fitness": ["exercises", "workouts", "workout_exercises", "workout_sessions", "exercise_sets", "training_programs"],
  "0010_learn": ["learn_topics", "learn_lessons", "learn_drills", "user_lesson_progress", "user_drill_stats"],
  "0011_reference": [
    "reference_tracks",
    "track_analyses",
    "track_annotations",
    "track_regions",
    "analysis_frame_manifests",
    "analysis_frame_data",
    "analysis_events",
    "listening_prompt_templates",
    "listening_prompt_presets",
  ],
  "0012_platform": [
    "feedback",
    "ideas",
    "infobase_entries",
    "onboarding_flows",
    "onboarding_steps",
    "user_onboarding_state",
    "user_onboarding_responses",
    "user_settings",
    "inbox_items",
    "user_references",
  ],
  "0013_seeds": [],
  "0014_behavior": ["behavior_outbox", "behavior_projection_state", "decision_telemetry"],
};
const SPEC_TABLES = Object.values(TABLES_BY_MIGRATION).flat();

/**
 * Tables the gateway added after the spec, each for a capability the spec's tables cannot hold:
 * verified sign-up (a pending sign-up must not be a user, or it would reveal the address) and
 * the mail it sends.
 */
const GATEWAY_TABLES_BY_MIGRATION: Record<string, string[]> = {
  "0019_email_verification": ["email_verifications", "mail_outbox"],
};
const GATEWAY_TABLES = Object.values(GATEWAY_TABLES_BY_MIGRATION).flat();
const ALL_TABLES = [...SPEC_TABLES, ...GATEWAY_TABLES];

/** Catalogue and system tables: no owner. Every other table is user-owned. */
const UNOWNED = new Set([
  "users",
  "roles",
  "achievement_definitions",
  "universal_quests",
  "market_items",
  "learn_topics",
  "learn_lessons",
  "learn_drills",
  "listening_prompt_templates",
  "listening_prompt_presets",
  "onboarding_flows",
  "onboarding_steps",
  "behavior_projection_state",
  ...GATEWAY_TABLES,
]);

/** The seed's section 3 foreign-key graph (besides user_id → users), as child.column → parent. */
const SEED_FOREIGN_KEYS = [
  "user_roles.role_id->roles",
  "audit_log.session_id->sessions",
  "user_achievements.achievement_key->achievement_definitions",
  "focus_pause_state.session_id->focus_sessions",
  "focus_library_tracks.library_id->focus_libraries",
  "habit_completions.habit_id->habits",
  "goal_milestones.goal_id->goals",
  "user_quests.source_quest_id->universal_quests",
  "user_quest_progress.quest_id->universal_quests",
  "user_purchases.item_id->market_items",
  "reading_sessions.book_id->books",
  "workout_exercises.workout_id->workouts",
  "workout_exercises.exercise_id->exercises",
  "workout_sessions.workout_id->workouts",
  "exercise_sets.session_id->workout_sessions",
  "exercise_sets.exercise_id->exercises",
  "learn_lessons.topic_id->learn_topics",
  "learn_drills.topic_id->learn_topics",
  "user_lesson_progress.lesson_id->learn_lessons",
  "user_drill_stats.drill_id->learn_drills",
  "track_analyses.track_id->reference_tracks",
  "track_annotations.track_id->reference_tracks",
  "track_regions.track_id->reference_tracks",
  "analysis_frame_manifests.analysis_id->track_analyses",
  "analysis_frame_data.manifest_id->analysis_frame_manifests",
  "analysis_events.analysis_id->track_analyses",
  "listening_prompt_presets.template_id->listening_prompt_templates",
  "onboarding_steps.flow_id->onboarding_flows",
  "user_onboarding_state.flow_id->onboarding_flows",
  "user_onboarding_responses.step_id->onboarding_steps",
];

/** docs/architecture.md, "Deletes": ON DELETE CASCADE on user_id only for pure dependents; audit_log is SET NULL; the rest RESTRICT. */
const CASCADE_ON_USER = new Set([
  "accounts",
  "sessions",
  "user_roles",
  "user_progress",
  "user_wallet",
  "points_ledger",
  "user_streaks",
  "user_achievements",
  "focus_pause_state",
  "focus_library_tracks",
  "habit_completions",
  "goal_milestones",
  "user_quest_progress",
  "reading_sessions",
  "workout_exercises",
  "exercise_sets",
  "user_lesson_progress",
  "user_drill_stats",
  "track_analyses",
  "track_annotations",
  "track_regions",
  "analysis_frame_manifests",
  "analysis_frame_data",
  "analysis_events",
  "user_onboarding_state",
  "user_onboarding_responses",
  "user_settings",
  "behavior_outbox",
  "decision_telemetry",
]);

interface ForeignKeyRow {
  child: string;
  column: string;
  parent: string;
  on_delete: string;
}

let t: TestGateway;

beforeAll(async () => {
  t = await startTestGateway();
});
afterAll(async () => {
  await t?.close();
});

describe("the migrated schema", () => {
  it("has exactly the 63 tables of the spec, the gateway's own, and Prisma's history table", async () => {
    const rows = await t.prisma.$queryRaw<{ table_name: string }[]>`
      SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`;
    const names = rows.map((row) => row.table_name).sort();
    expect(SPEC_TABLES).toHaveLength(63);
    expect(names).toEqual([...ALL_TABLES, "_prisma_migrations"].sort());
  });

  it("creates each table in its own domain migration", async () => {
    for (const [migration, tables] of Object.entries({ ...TABLES_BY_MIGRATION, ...GATEWAY_TABLES_BY_MIGRATION })) {
      const sql = await readFile(new URL(`../prisma/migrations/${migration}/migration.sql`, import.meta.url), "utf8");
      const created = [...sql.matchAll(/CREATE TABLE "([a-z_]+)"/g)].map((match) => match[1]).sort();
      expect(created, migration).toEqual([...tables].sort());
    }
  });

  it("gives every user-owned table a user_id foreign key to users, with the spec's delete policy", async () => {
    const fks = await foreignKeys();
    for (const table of ALL_TABLES.filter((name) => !UNOWNED.has(name))) {
      const fk = fks.find((row) => row.child === table && row.column === "user_id");
      expect(fk, `${table}.user_id`).toBeDefined();
      expect(fk!.parent).toBe("users");
      const expected = table === "audit_log" ? "SET NULL" : CASCADE_ON_USER.has(table) ? "CASCADE" : "RESTRICT";
      expect(`${table}: ${fk!.on_delete}`).toBe(`${table}: ${expected}`);
    }
    const nullable = await t.prisma.$queryRaw<{ table_name: string; is_nullable: string }[]>`
      SELECT table_name, is_nullable FROM information_schema.columns
      WHERE table_schema = 'public' AND column_name = 'user_id'`;
    const optional = nullable
      .filter((row) => row.is_nullable === "YES")
      .map((row) => row.table_name)
      .sort();
    // Optional owners: the security trail outlives the user, global exercises have none, system events may have none,
    // a pending sign-up has no user yet (an email change has one).
    expect(optional).toEqual(["audit_log", "behavior_outbox", "email_verifications", "exercises"]);
  });

  it("has every foreign key of the seed's graph", async () => {
    const present = new Set((await foreignKeys()).map((row) => `${row.child}.${row.column}->${row.parent}`));
    for (const edge of SEED_FOREIGN_KEYS) expect(present.has(edge), edge).toBe(true);
  });

  it("has the named unique constraints, CHECKs and the partial unique index", async () => {
    const indexes = await t.prisma.$queryRaw<{ indexname: string; indexdef: string }[]>`
      SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public'`;
    const byName = new Map(indexes.map((row) => [row.indexname, row.indexdef]));
    expect(byName.get("daily_plans_user_id_date_key")).toMatch(/UNIQUE INDEX .* \(user_id, date\)/);
    expect(byName.get("points_ledger_user_id_idempotency_key_key")).toMatch(/UNIQUE INDEX .* \(user_id, idempotency_key\)/);
    expect(byName.get("focus_sessions_one_active_per_user")).toMatch(/UNIQUE INDEX .* \(user_id\) WHERE \(status = 'ACTIVE'/);
    expect(byName.get("achievement_definitions_key_key")).toMatch(/UNIQUE INDEX/);
    const checks = await t.prisma.$queryRaw<{ conname: string; definition: string }[]>`
      SELECT conname, pg_get_constraintdef(oid) AS definition FROM pg_constraint WHERE contype = 'c'`;
    const wallet = checks.find((row) => row.conname === "user_wallet_balance_check");
    expect(wallet?.definition).toMatch(/coins = \(total_earned - total_spent\)/);
    expect(wallet?.definition).toMatch(/coins >= 0/);
  });

  it("uses database-generated UUID keys and timestamps on every table", async () => {
    const columns = await t.prisma.$queryRaw<
      { table_name: string; column_name: string; data_type: string; column_default: string | null }[]
    >`
      SELECT table_name, column_name, data_type, column_default FROM information_schema.columns
      WHERE table_schema = 'public' AND column_name IN ('id', 'created_at') AND table_name <> '_prisma_migrations'`;
    for (const table of ALL_TABLES) {
      const id = columns.find((row) => row.table_name === table && row.column_name === "id");
      const createdAt = columns.find((row) => row.table_name === table && row.column_name === "created_at");
      expect(createdAt?.data_type, `${table}.created_at`).toBe("timestamp with time zone");
      if (table === "behavior_outbox") {
        expect(id?.data_type).toBe("bigint"); // a monotonic cursor for projectors
      } else {
        expect(id?.data_type, `${table}.id`).toBe("uuid");
        expect(id?.column_default, `${table}.id`).toBe("gen_random_uuid()");
      }
    }
  });
});

describe("constraints at work", () => {
  it("refuses to delete a user who still owns habits, and cascades sessions once the habits are gone", async () => {
    const { userId } = await t.createUser();
    await t.prisma.habit.create({ data: { userId, name: "Read 10 pages" } });
    expect(await t.prisma.session.count({ where: { userId } })).toBe(1);

    await expect(t.prisma.$executeRaw`DELETE FROM users WHERE id = ${userId}::uuid`).rejects.toThrow(/habits_user_id_fkey|foreign key/i);
    expect(await t.prisma.user.count({ where: { id: userId } })).toBe(1);
    expect(await t.prisma.session.count({ where: { userId } })).toBe(1);

    await t.prisma.habit.deleteMany({ where: { userId } });
    await t.prisma.$executeRaw`DELETE FROM users WHERE id = ${userId}::uuid`;
    expect(await t.prisma.session.count({ where: { userId } })).toBe(0);
    expect(await t.prisma.userSettings.count({ where: { userId } })).toBe(0);
  });

  it("keeps audit rows when their user is deleted, with user_id set to null", async () => {
    const { userId } = await t.createUser();
    const entry = await t.prisma.auditLog.create({ data: { userId, action: "auth.sign_in" } });
    await t.prisma.$executeRaw`DELETE FROM users WHERE id = ${userId}::uuid`;
    const kept = await t.prisma.auditLog.findUniqueOrThrow({ where: { id: entry.id } });
    expect(kept.userId).toBeNull();
  });

  it("rejects a wallet whose balance would be negative or not reconcile", async () => {
    const { userId } = await t.createUser();
    await t.prisma.userWallet.create({ data: { userId, coins: 10, totalEarned: 10, totalSpent: 0 } });
    await expect(
      t.prisma.$executeRaw`UPDATE user_wallet SET coins = coins - 20, total_spent = total_spent + 20 WHERE user_id = ${userId}::uuid`,
    ).rejects.toThrow(/user_wallet_balance_check/);
    await expect(t.prisma.$executeRaw`UPDATE user_wallet SET coins = 15 WHERE user_id = ${userId}::uuid`).rejects.toThrow(
      /user_wallet_balance_check/,
    );
    const wallet = await t.prisma.userWallet.findUniqueOrThrow({ where: { userId } });
    expect(wallet).toMatchObject({ coins: 10, totalEarned: 10, totalSpent: 0 });
  });

  it("rejects a second active focus session for the same user, not for another user", async () => {
    const a = await t.createUser();
    const b = await t.createUser();
    await t.prisma.focusSession.create({ data: { userId: a.userId, plannedDurationSeconds: 1500 } });
    await expect(
      t.prisma.$executeRaw`INSERT INTO focus_sessions (user_id, planned_duration_seconds) VALUES (${a.userId}::uuid, 900)`,
    ).rejects.toThrow(/focus_sessions_one_active_per_user/);
    await t.prisma.focusSession.create({ data: { userId: b.userId, plannedDurationSeconds: 1500 } });
    expect(await t.prisma.focusSession.count({ where: { userId: a.userId } })).toBe(1);
  });

  it("rejects a second plan for the same user and day, and a reused idempotency key", async () => {
    const { userId } = await t.createUser();
    const date = new Date("2026-03-01T00:00:00Z");
    await t.prisma.dailyPlan.create({ data: { userId, date } });
    await expect(t.prisma.dailyPlan.create({ data: { userId, date } })).rejects.toThrow();
    await t.prisma.pointsLedger.create({ data: { userId, reason: "manual", idempotencyKey: "k1", xpDelta: 5 } });
    await expect(t.prisma.pointsLedger.create({ data: { userId, reason: "manual", idempotencyKey: "k1", xpDelta: 5 } })).rejects.toThrow();
    expect(await t.prisma.pointsLedger.count({ where: { userId } })).toBe(1);
  });
});

describe("the public catalogue through GraphQL", () => {
  it("serves universal quests, market items, learn topics and achievements to a signed-out client", async () => {
    const data = await t.ok(`{
      universalQuests(first: 3) { edges { node { id key title cadence targetValue } } pageInfo { hasNextPage endCursor } }
      marketItems(first: 50) { edges { node { key name rarity priceCoins } } }
      learnTopics(first: 10) { edges { node { key title lessons { key title } drills { key } } } }
      achievementDefinitions(first: 100) { edges { node { key name } } }
    }`);
    expect(data.universalQuests.edges).toHaveLength(3);
    expect(data.universalQuests.pageInfo.hasNextPage).toBe(true);
    const quests = await t.prisma.universalQuest.findMany({
      where: { isActive: true },
      orderBy: [{ sortOrder: "asc" }, { createdAt: "asc" }, { id: "asc" }],
      take: 3,
    });
    expect(data.universalQuests.edges.map((edge: any) => edge.node.key)).toEqual(quests.map((quest) => quest.key));
    expect(data.marketItems.edges.length).toBe(await t.prisma.marketItem.count({ where: { isActive: true } }));
    for (const edge of data.learnTopics.edges) {
      expect(edge.node.lessons.length).toBeGreaterThan(0);
      expect(edge.node.drills.length).toBeGreaterThan(0);
    }
    expect(data.achievementDefinitions.edges.length).toBe(await t.prisma.achievementDefinition.count());

    const next = await t.ok(`query ($after: String) { universalQuests(first: 3, after: $after) { edges { node { key } } } }`, {
      after: data.universalQuests.pageInfo.endCursor,
    });
    const page2 = await t.prisma.universalQuest.findMany({
      where: { isActive: true },
      orderBy: [{ sortOrder: "asc" }, { createdAt: "asc" }, { id: "asc" }],
      skip: 3,
      take: 3,
    });
    expect(next.universalQuests.edges.map((edge: any) => edge.node.key)).toEqual(page2.map((quest) => quest.key));
  });

  it("answers { __typename }", async () => {
    expect(await t.ok("{ __typename }")).toEqual({ __typename: "Query" });
  });
});

async function foreignKeys(): Promise<ForeignKeyRow[]> {
  return t.prisma.$queryRaw<ForeignKeyRow[]>`
    SELECT c.conrelid::regclass::text AS child, a.attname AS column, c.confrelid::regclass::text AS parent,
           CASE c.confdeltype WHEN 'c' THEN 'CASCADE' WHEN 'n' THEN 'SET NULL' WHEN 'r' THEN 'RESTRICT'
                              WHEN 'a' THEN 'NO ACTION' ELSE c.confdeltype::text END AS on_delete
    FROM pg_constraint c
    JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
    WHERE c.contype = 'f'`;
}
