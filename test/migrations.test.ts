/**
 * The migration runner and the migrations themselves.
 *
 * (a) every migration applies to an empty database, re-running is a no-op, and the
 *     history rows are Prisma's (same table, sha256 checksums, finished_at set);
 * (b) a failing migration is reported, recorded as failed, and leaves nothing behind;
 * (c) drift: the committed migrations build exactly the schema in prisma/schema.
 *
 * Runs on in-memory PGlite by default, on fresh PostgreSQL databases when
 * TEST_DATABASE_URL is set (see test/support/database.ts).
 */
import { createHash } from "node:crypto";
import { mkdtemp, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { applyMigrations, markMigrationRolledBack, migrationStatus, readMigrationsFromDisk, type MigrationRow } from "../src/db/migrate.ts";
import {
  diffDatabaseToSchema,
  diffMigrationsToSchema,
  ignoreHandAddedObjects,
  isEmptyDiff,
  parseHandAddedObjects,
  readHandAddedObjects,
  readMigrationsList,
  readSchemaFiles,
  withSchemaEngine,
  type SchemaFile,
} from "../src/db/schema-engine.ts";
import { createTestDatabase } from "./support/database.ts";

const MIGRATIONS_DIR = "prisma/migrations";
const DOMAIN_MIGRATIONS = [
  "0001_auth",
  "0002_gamification",
  "0003_focus",
  "0004_habits_goals",
  "0005_quests",
  "0006_planning",
  "0007_market",
  "0008_books",
  "0009_fitness",
  "0010_learn",
  "0011_reference",
  "0012_platform",
  "0014_behavior",
  "0015_rewards",
  "0016_projector",
];

async function withDatabase<T>(fn: (url: string) => Promise<T>): Promise<T> {
  const db = await createTestDatabase({ prefix: "test_mig" });
  try {
    return await fn(db.url);
  } finally {
    await db.close();
  }
}

async function query<R extends pg.QueryResultRow>(url: string, sql: string, params: unknown[] = []): Promise<R[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<R>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

async function history(url: string): Promise<MigrationRow[]> {
  return query<MigrationRow>(url, `SELECT * FROM "_prisma_migrations" ORDER BY "started_at", "migration_name"`);
}

async function relationExists(url: string, name: string): Promise<boolean> {
  const [row] = await query<{ exists: boolean }>(url, "SELECT to_regclass($1) IS NOT NULL AS exists", [name]);
  return row.exists;
}

/** A throwaway migrations directory: folder name → migration.sql content. */
async function tempMigrationsDir(migrations: Record<string, string>): Promise<{ dir: string; cleanup(): Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "migrations-test-"));
  for (const [name, sql] of Object.entries(migrations)) {
    await mkdir(path.join(dir, name));
    await writeFile(path.join(dir, name, "migration.sql"), sql);
  }
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

describe("applying the migrations", () => {
  it("applies every migration to an empty database; re-running applies nothing", async () => {
    const onDisk = await readMigrationsFromDisk(MIGRATIONS_DIR);
    const names = onDisk.map((m) => m.name);
    expect(names).toEqual(expect.arrayContaining(DOMAIN_MIGRATIONS));
    expect(names).toEqual([...names].sort());

    await withDatabase(async (url) => {
      const first = await applyMigrations(url, { migrationsDir: MIGRATIONS_DIR });
      expect(first.failed).toBeNull();
      expect(first.ok).toBe(true);
      expect(first.applied.map((m) => m.name)).toEqual(names);
      expect(first.alreadyApplied).toEqual([]);
      for (const m of first.applied) expect(m.durationMs).toBeGreaterThanOrEqual(0);

      const second = await applyMigrations(url, { migrationsDir: MIGRATIONS_DIR });
      expect(second.ok).toBe(true);
      expect(second.applied).toEqual([]);
      expect(second.alreadyApplied).toEqual(names);
      expect(second.warnings).toEqual([]);

      const rows = await history(url);
      expect(rows.map((r) => r.migration_name)).toEqual(names);
      for (const row of rows) {
        const bytes = await readFile(path.join(MIGRATIONS_DIR, row.migration_name, "migration.sql"));
        expect(row.checksum, row.migration_name).toBe(sha256(bytes));
        expect(row.finished_at, row.migration_name).toBeInstanceOf(Date);
        expect(row.finished_at!.getTime()).toBeGreaterThanOrEqual(row.started_at.getTime());
        expect(row.rolled_back_at).toBeNull();
        expect(row.logs).toBeNull();
        expect(row.applied_steps_count).toBe(1);
        expect(row.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      }

      const status = await migrationStatus(url, { migrationsDir: MIGRATIONS_DIR });
      expect(status).toMatchObject({ upToDate: true, applied: names, pending: [], failed: [], modified: [], missingFromDisk: [] });
    });
  });

  it("keeps _prisma_migrations exactly as Prisma Migrate does (compared with the schema engine's own runner)", async () => {
    const ok = "CREATE TABLE probe (id int PRIMARY KEY);\n-- a comment; with a semicolon\nCOMMENT ON TABLE probe IS 'a;b';\n";
    const broken = "CREATE TABLE probe_two (id int);\nSELEC 1;\n";
    const okDir = await tempMigrationsDir({ "0001_probe": ok });
    const brokenDir = await tempMigrationsDir({ "0001_probe": ok, "0002_broken": broken });
    const files = await readSchemaFiles();
    try {
      await withDatabase(async (ours) => {
        await withDatabase(async (prisma) => {
          expect((await applyMigrations(ours, { migrationsDir: brokenDir.dir })).failed?.name).toBe("0002_broken");
          const migrationsList = await readMigrationsList(okDir.dir);
          const brokenList = await readMigrationsList(brokenDir.dir);
          await withSchemaEngine({ files, databaseUrl: prisma }, async (engine) => {
            const filters = { externalTables: [], externalEnums: [] };
            expect(await engine.applyMigrations({ migrationsList, filters })).toEqual({ appliedMigrationNames: ["0001_probe"] });
            await expect(engine.applyMigrations({ migrationsList: brokenList, filters })).rejects.toThrow(/SELEC/);
          });

          const shape = `SELECT column_name, data_type, character_maximum_length, is_nullable, column_default, ordinal_position
                           FROM information_schema.columns WHERE table_name = '_prisma_migrations' ORDER BY ordinal_position`;
          const constraints = `SELECT conname, contype::text, pg_get_constraintdef(oid) AS def FROM pg_constraint
                                WHERE conrelid = '"_prisma_migrations"'::regclass ORDER BY conname`;
          expect(await query(ours, shape)).toEqual(await query(prisma, shape));
          expect(await query(ours, constraints)).toEqual(await query(prisma, constraints));

          const comparable = (rows: MigrationRow[]) =>
            rows.map((r) => ({
              migration_name: r.migration_name,
              checksum: r.checksum,
              finished: r.finished_at !== null,
              logged: r.logs !== null,
              rolled_back_at: r.rolled_back_at,
              applied_steps_count: r.applied_steps_count,
            }));
          expect(comparable(await history(ours))).toEqual(comparable(await history(prisma)));
          expect((await history(ours))[0].checksum).toBe(sha256(Buffer.from(ok)));
        });
      });
    } finally {
      await okDir.cleanup();
      await brokenDir.cleanup();
    }
  });
});

describe("a failing migration", () => {
  it("is reported, recorded as failed, leaves no partial schema, and blocks until resolved", async () => {
    const broken = [
      "CREATE TABLE partial_t (id int PRIMARY KEY);",
      "CREATE INDEX partial_idx ON partial_t (id);",
      "INSERT INTO kept_t VALUES (1);",
      "SELEC 'this line is broken';",
      "",
    ].join("\n");
    const tmp = await tempMigrationsDir({
      "0001_base": "CREATE TABLE kept_t (id int PRIMARY KEY);\n",
      "0002_broken": broken,
      "0003_later": "CREATE TABLE later_t (id int);\n",
    });
    try {
      await withDatabase(async (url) => {
        const result = await applyMigrations(url, { migrationsDir: tmp.dir });
        expect(result.ok).toBe(false);
        expect(result.applied.map((m) => m.name)).toEqual(["0001_base"]);
        expect(result.failed?.name).toBe("0002_broken");
        expect(result.failed?.error).toMatch(/syntax error/);
        expect(result.failed?.error).toMatch(/42601/);
        expect(result.failed?.error).toMatch(/line 4/);

        // Nothing of 0002 survived (not even its INSERT), and the run stopped there.
        expect(await relationExists(url, "partial_t")).toBe(false);
        expect(await relationExists(url, "partial_idx")).toBe(false);
        expect(await query(url, "SELECT * FROM kept_t")).toEqual([]);
        expect(await relationExists(url, "later_t")).toBe(false);

        const rows = await history(url);
        expect(rows.map((r) => r.migration_name)).toEqual(["0001_base", "0002_broken"]);
        const failed = rows[1];
        expect(failed.finished_at).toBeNull();
        expect(failed.rolled_back_at).toBeNull();
        expect(failed.applied_steps_count).toBe(0);
        expect(failed.logs).toBe(result.failed?.error);
        expect(failed.checksum).toBe(sha256(Buffer.from(broken)));

        const status = await migrationStatus(url, { migrationsDir: tmp.dir });
        expect(status.upToDate).toBe(false);
        expect(status.applied).toEqual(["0001_base"]);
        expect(status.failed.map((f) => f.name)).toEqual(["0002_broken"]);
        expect(status.pending).toEqual(["0003_later"]);

        // Like Prisma: a recorded failure blocks every further run...
        const blocked = await applyMigrations(url, { migrationsDir: tmp.dir });
        expect(blocked).toMatchObject({ ok: false, applied: [], blockedBy: ["0002_broken"], failed: null });
        expect(await relationExists(url, "later_t")).toBe(false);

        // ...until it is fixed and marked rolled back.
        await writeFile(path.join(tmp.dir, "0002_broken", "migration.sql"), "CREATE TABLE partial_t (id int PRIMARY KEY);\n");
        await markMigrationRolledBack(url, "0002_broken");
        const retried = await applyMigrations(url, { migrationsDir: tmp.dir });
        expect(retried.ok).toBe(true);
        expect(retried.applied.map((m) => m.name)).toEqual(["0002_broken", "0003_later"]);
        const after = await history(url);
        expect(
          after.filter((r) => r.migration_name === "0002_broken").map((r) => [r.finished_at !== null, r.rolled_back_at !== null]),
        ).toEqual([
          [false, true],
          [true, false],
        ]);
        expect((await migrationStatus(url, { migrationsDir: tmp.dir })).upToDate).toBe(true);

        // An applied migration edited afterwards: a warning, not an error.
        await writeFile(path.join(tmp.dir, "0001_base", "migration.sql"), "CREATE TABLE kept_t (id bigint PRIMARY KEY);\n");
        expect((await migrationStatus(url, { migrationsDir: tmp.dir })).modified).toEqual(["0001_base"]);
        const rerun = await applyMigrations(url, { migrationsDir: tmp.dir });
        expect(rerun.ok).toBe(true);
        expect(rerun.applied).toEqual([]);
        expect(rerun.warnings).toEqual([expect.stringMatching(/0001_base was modified/)]);
      });
    } finally {
      await tmp.cleanup();
    }
  });
});

describe("drift between prisma/schema and prisma/migrations", () => {
  /** The diff after dropping, explicitly, only steps that undo hand-added objects. */
  async function driftOf(script: string): Promise<string> {
    const filtered = ignoreHandAddedObjects(script, await readHandAddedObjects());
    return isEmptyDiff(filtered.script) ? "" : filtered.script;
  }

  it("the migrations build exactly the schema (hand-added objects aside)", async () => {
    const files = await readSchemaFiles();
    const hand = await readHandAddedObjects();
    await withDatabase(async (url) => {
      expect((await applyMigrations(url, { migrationsDir: MIGRATIONS_DIR })).ok).toBe(true);
      expect(await driftOf(await diffDatabaseToSchema(url, files))).toBe("");

      // The hand-added objects really are in the database.
      const checks = await query<{ conname: string }>(url, "SELECT conname FROM pg_constraint WHERE contype = 'c'");
      const checkNames = new Set(checks.map((c) => c.conname));
      for (const name of hand.checkConstraints) expect(checkNames, `CHECK ${name}`).toContain(name);
      for (const name of hand.indexes) expect(await relationExists(url, `"${name}"`), `index ${name}`).toBe(true);
    });
  });

  it("the engine's own replay of the migrations (shadow database) agrees", async () => {
    const files = await readSchemaFiles();
    expect(await driftOf(await diffMigrationsToSchema(MIGRATIONS_DIR, files))).toBe("");
  });

  it("fails when a schema file gains a column the migrations lack", async () => {
    const files = await readSchemaFiles();
    const target = files.find((f) => f.path === "auth.prisma");
    expect(target).toBeDefined();
    const model = /^model\s+\w+\s*\{\n/m.exec(target!.content);
    expect(model).not.toBeNull();
    const at = model!.index + model![0].length;
    const changed: SchemaFile[] = files.map((f) =>
      f === target ? { ...f, content: `${f.content.slice(0, at)}  driftProbe String? @map("drift_probe")\n${f.content.slice(at)}` } : f,
    );
    await withDatabase(async (url) => {
      expect((await applyMigrations(url, { migrationsDir: MIGRATIONS_DIR })).ok).toBe(true);
      const drift = await driftOf(await diffDatabaseToSchema(url, changed));
      expect(drift).not.toBe("");
      expect(drift).toMatch(/ADD COLUMN\s+"drift_probe" TEXT/);
    });
  });

  it("ignores only steps that drop a hand-added object", () => {
    const hand = parseHandAddedObjects(
      [
        `CREATE UNIQUE INDEX "one_active" ON "sessions" ("user_id") WHERE "active";`,
        `ALTER TABLE "users" ADD CONSTRAINT "users_email_check" CHECK ("email" <> '');`,
        `ALTER TABLE "users" ADD CONSTRAINT "users_other_fkey" FOREIGN KEY ("id") REFERENCES "x"("id");`,
      ].join("\n"),
      "hand.sql",
    );
    expect([...hand.indexes]).toEqual(["one_active"]);
    expect([...hand.checkConstraints]).toEqual(["users_email_check"]);
    const script = [
      `-- DropIndex`,
      `DROP INDEX "one_active";`,
      ``,
      `-- DropIndex`,
      `DROP INDEX "not_hand_added";`,
      ``,
      `-- AlterTable`,
      `ALTER TABLE "users" DROP CONSTRAINT "users_email_check";`,
      ``,
      `-- AlterTable`,
      `ALTER TABLE "users" DROP CONSTRAINT "users_other_fkey";`,
      ``,
      `-- CreateIndex`,
      `CREATE INDEX "one_active" ON "sessions"("user_id");`,
      ``,
    ].join("\n");
    const filtered = ignoreHandAddedObjects(script, hand);
    expect(filtered.ignored).toEqual([
      `-- DropIndex\nDROP INDEX "one_active";`,
      `-- AlterTable\nALTER TABLE "users" DROP CONSTRAINT "users_email_check";`,
    ]);
    expect(filtered.script).toBe(
      `${[
        `-- DropIndex\nDROP INDEX "not_hand_added";`,
        `-- AlterTable\nALTER TABLE "users" DROP CONSTRAINT "users_other_fkey";`,
        `-- CreateIndex\nCREATE INDEX "one_active" ON "sessions"("user_id");`,
      ].join("\n\n")}\n`,
    );
    expect(isEmptyDiff("-- This is an empty migration.\n")).toBe(true);
  });
});
