/**
 * The migration runner: applies `prisma/migrations/NNNN_name/migration.sql` folders with
 * `pg`, one transaction per migration, and keeps the `_prisma_migrations` history table
 * exactly as Prisma Migrate does (same table, same checksums, same row life cycle), so
 * the history stays readable by Prisma's own tooling.
 *
 * Differences from `prisma migrate deploy`, on purpose:
 * - each migration runs inside its own transaction, so a failure leaves no partial
 *   schema (the failure is still recorded, outside the rolled-back transaction, with
 *   `finished_at` NULL and the error in `logs`, as Prisma records it);
 * - a checksum mismatch of an applied migration is a warning, not an error.
 * As with Prisma, a recorded failure blocks further runs until it is resolved
 * (`markMigrationRolledBack`, the equivalent of `prisma migrate resolve --rolled-back`).
 */
import { createHash, randomUUID } from "node:crypto";
import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { performance } from "node:perf_hooks";
import pg from "pg";

export const DEFAULT_MIGRATIONS_DIR = "prisma/migrations";
export const MIGRATIONS_TABLE = "_prisma_migrations";
export const MIGRATION_FILE = "migration.sql";

/** The history table, column for column as Prisma Migrate creates it on PostgreSQL. */
export const MIGRATIONS_TABLE_DDL = `CREATE TABLE "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

/** The advisory lock key Prisma Migrate takes, so our runner and Prisma's exclude each other. */
const ADVISORY_LOCK_KEY = 72707369;

export interface MigrationOnDisk {
  /** The folder name, e.g. `0001_auth`. */
  name: string;
  sqlPath: string;
  sql: string;
  /** sha256 (hex) of the bytes of migration.sql, as Prisma computes it. */
  checksum: string;
}

export interface MigrationRow {
  id: string;
  checksum: string;
  finished_at: Date | null;
  migration_name: string;
  logs: string | null;
  rolled_back_at: Date | null;
  started_at: Date;
  applied_steps_count: number;
}

export interface AppliedMigration {
  name: string;
  checksum: string;
  durationMs: number;
}

export interface FailedMigration {
  name: string;
  /** What was recorded in `_prisma_migrations.logs`. */
  error: string;
  durationMs: number;
}

export interface ApplyResult {
  /** True when nothing failed and nothing blocked the run. */
  ok: boolean;
  /** Migrations applied by this run, in order. */
  applied: AppliedMigration[];
  /** Migrations that were already applied (skipped). */
  alreadyApplied: string[];
  /** The migration that failed in this run (the run stopped there), if any. */
  failed: FailedMigration | null;
  /** Earlier failed migrations that must be resolved first; nothing was applied. */
  blockedBy: string[];
  /** Checksum mismatches and history rows without a folder. */
  warnings: string[];
  durationMs: number;
}

export interface MigrationStatus {
  hasMigrationsTable: boolean;
  applied: string[];
  pending: string[];
  failed: { name: string; logs: string | null; startedAt: Date }[];
  /** Applied, but migration.sql changed since (checksum mismatch). */
  modified: string[];
  /** Applied according to the database, but no such folder on disk. */
  missingFromDisk: string[];
  /** Nothing pending, nothing failed. */
  upToDate: boolean;
}

export interface MigrateOptions {
  migrationsDir?: string;
  /** Progress messages (one line each). */
  log?: (message: string) => void;
}

export function checksumOf(bytes: Uint8Array | string): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** Every folder with a migration.sql, sorted by folder name (Prisma's order). */
export async function readMigrationsFromDisk(migrationsDir: string = DEFAULT_MIGRATIONS_DIR): Promise<MigrationOnDisk[]> {
  let entries: import("node:fs").Dirent[];
  try {
    entries = await readdir(migrationsDir, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
  const folders = entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  const migrations: MigrationOnDisk[] = [];
  for (const name of folders) {
    const sqlPath = path.join(migrationsDir, name, MIGRATION_FILE);
    const exists = await stat(sqlPath).then(
      (s) => s.isFile(),
      () => false,
    );
    if (!exists) throw new Error(`migration folder ${path.join(migrationsDir, name)} has no ${MIGRATION_FILE}`);
    const bytes = await readFile(sqlPath);
    migrations.push({ name, sqlPath, sql: bytes.toString("utf8"), checksum: checksumOf(bytes) });
  }
  return migrations;
}

async function tableExists(client: pg.ClientBase): Promise<boolean> {
  const { rows } = await client.query<{ exists: boolean }>(`SELECT to_regclass('"${MIGRATIONS_TABLE}"') IS NOT NULL AS "exists"`);
  return rows[0].exists;
}

async function readHistory(client: pg.ClientBase): Promise<MigrationRow[]> {
  const { rows } = await client.query<MigrationRow>(
    `SELECT "id", "checksum", "finished_at", "migration_name", "logs", "rolled_back_at", "started_at", "applied_steps_count"
       FROM "${MIGRATIONS_TABLE}" ORDER BY "started_at", "migration_name"`,
  );
  return rows;
}

function classify(onDisk: MigrationOnDisk[], history: MigrationRow[], hasMigrationsTable: boolean): MigrationStatus {
  // Rolled-back rows are only an audit trail.
  const live = history.filter((row) => row.rolled_back_at === null);
  const finished = new Map<string, MigrationRow>();
  const failed = new Map<string, MigrationRow>();
  for (const row of live) {
    if (row.finished_at !== null) finished.set(row.migration_name, row);
    else failed.set(row.migration_name, row);
  }
  for (const name of finished.keys()) failed.delete(name);
  const diskNames = new Set(onDisk.map((m) => m.name));
  const status: MigrationStatus = {
    hasMigrationsTable,
    applied: [],
    pending: [],
    failed: [...failed.values()].map((row) => ({ name: row.migration_name, logs: row.logs, startedAt: row.started_at })),
    modified: [],
    missingFromDisk: [...finished.keys()].filter((name) => !diskNames.has(name)).sort(),
    upToDate: false,
  };
  for (const migration of onDisk) {
    const row = finished.get(migration.name);
    if (row) {
      status.applied.push(migration.name);
      if (row.checksum !== migration.checksum) status.modified.push(migration.name);
    } else if (!failed.has(migration.name)) {
      status.pending.push(migration.name);
    }
  }
  status.upToDate = status.pending.length === 0 && status.failed.length === 0;
  return status;
}

async function connect(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return client;
}

/** Applied / pending / failed / modified migrations of the database at `url`. Read-only. */
export async function migrationStatus(url: string, options: Pick<MigrateOptions, "migrationsDir"> = {}): Promise<MigrationStatus> {
  const onDisk = await readMigrationsFromDisk(options.migrationsDir ?? DEFAULT_MIGRATIONS_DIR);
  const client = await connect(url);
  try {
    const hasTable = await tableExists(client);
    return classify(onDisk, hasTable ? await readHistory(client) : [], hasTable);
  } finally {
    await client.end();
  }
}

function describeError(migration: MigrationOnDisk, error: unknown): string {
  if (!(error instanceof Error)) return `Migration ${migration.name} failed: ${String(error)}`;
  const db = error as Partial<pg.DatabaseError>;
  const lines = [`Migration ${migration.name} failed to apply; it was rolled back.`];
  if (db.code) lines.push(`Database error code: ${db.code}`);
  lines.push("", "Database error:", `${db.severity ?? "ERROR"}: ${error.message}`);
  if (db.detail) lines.push(`DETAIL: ${db.detail}`);
  if (db.hint) lines.push(`HINT: ${db.hint}`);
  if (db.where) lines.push(`CONTEXT: ${db.where}`);
  const position = Number(db.position);
  if (Number.isInteger(position) && position > 0) {
    const before = migration.sql.slice(0, position - 1).split("\n");
    const lineNumber = before.length;
    const lineText = migration.sql.split("\n")[lineNumber - 1] ?? "";
    lines.push("", `Position: ${MIGRATION_FILE} line ${lineNumber}, column ${before[before.length - 1].length + 1}`, `  ${lineText}`);
  }
  return lines.join("\n");
}

async function applyOne(client: pg.Client, migration: MigrationOnDisk): Promise<AppliedMigration | FailedMigration> {
  const id = randomUUID();
  const started = performance.now();
  let startedAt: Date | null = null;
  try {
    await client.query("BEGIN");
    const inserted = await client.query<{ started_at: Date }>(
      `INSERT INTO "${MIGRATIONS_TABLE}" ("id", "checksum", "migration_name", "started_at", "applied_steps_count")
       VALUES ($1, $2, $3, now(), 0) RETURNING "started_at"`,
      [id, migration.checksum, migration.name],
    );
    startedAt = inserted.rows[0].started_at;
    // No parameters: the simple-query protocol, so the file may hold many statements.
    await client.query(migration.sql);
    await client.query(
      `UPDATE "${MIGRATIONS_TABLE}" SET "finished_at" = clock_timestamp(), "applied_steps_count" = "applied_steps_count" + 1
        WHERE "id" = $1`,
      [id],
    );
    await client.query("COMMIT");
    return { name: migration.name, checksum: migration.checksum, durationMs: performance.now() - started };
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    const logs = describeError(migration, error);
    // Recorded after the rollback, as Prisma leaves it: finished_at NULL, logs = the error.
    await client.query(
      `INSERT INTO "${MIGRATIONS_TABLE}" ("id", "checksum", "migration_name", "logs", "started_at", "applied_steps_count")
       VALUES ($1, $2, $3, $4, COALESCE($5::timestamptz, now()), 0)`,
      [id, migration.checksum, migration.name, logs, startedAt],
    );
    return { name: migration.name, error: logs, durationMs: performance.now() - started };
  }
}

/**
 * Applies every pending migration in folder-name order, each in its own transaction,
 * stopping at the first failure. Re-running is a no-op. Throws only when the database
 * cannot be reached or the history table cannot be written; migration failures are
 * reported in the result (`ok: false`).
 */
export function applyMigrations(url: string, options: MigrateOptions = {}): Promise<ApplyResult> {
  // Runs in one process for one database wait for each other here: the embedded database serves
  // every connection from one backend, where the advisory lock below would not exclude them.
  const run = (runsInProcess.get(url) ?? Promise.resolve()).then(() => applyMigrationsLocked(url, options));
  const settled = run.catch(() => undefined);
  runsInProcess.set(url, settled);
  void settled.then(() => {
    if (runsInProcess.get(url) === settled) runsInProcess.delete(url);
  });
  return run;
}

const runsInProcess = new Map<string, Promise<unknown>>();

/**
 * The run itself, under PostgreSQL's session advisory lock (Prisma Migrate's key): instances
 * starting at once migrate one after the other, the later ones finding nothing pending. A session
 * lock: `url` must reach the server directly (DATABASE_DIRECT_URL), not through a transaction-mode
 * pooler, which could run the unlock on another server connection than the lock.
 */
async function applyMigrationsLocked(url: string, options: MigrateOptions): Promise<ApplyResult> {
  const started = performance.now();
  const log = options.log ?? (() => undefined);
  const onDisk = await readMigrationsFromDisk(options.migrationsDir ?? DEFAULT_MIGRATIONS_DIR);
  const result: ApplyResult = {
    ok: true,
    applied: [],
    alreadyApplied: [],
    failed: null,
    blockedBy: [],
    warnings: [],
    durationMs: 0,
  };
  const client = await connect(url);
  try {
    await client.query("SELECT pg_advisory_lock($1)", [ADVISORY_LOCK_KEY]);
    try {
      if (!(await tableExists(client))) await client.query(MIGRATIONS_TABLE_DDL);
      const status = classify(onDisk, await readHistory(client), true);
      result.alreadyApplied = status.applied;
      for (const name of status.modified) {
        result.warnings.push(`migration ${name} was modified after it was applied (checksum differs from the recorded one)`);
      }
      for (const name of status.missingFromDisk) {
        result.warnings.push(`migration ${name} is recorded as applied but its folder is missing`);
      }
      for (const warning of result.warnings) log(`warning: ${warning}`);
      if (status.failed.length > 0) {
        result.blockedBy = status.failed.map((f) => f.name);
        result.ok = false;
        log(`failed migration(s) in the database: ${result.blockedBy.join(", ")}; resolve them before applying more`);
        return result;
      }
      const byName = new Map(onDisk.map((m) => [m.name, m]));
      for (const name of status.pending) {
        const migration = byName.get(name);
        if (!migration) continue;
        const outcome = await applyOne(client, migration);
        if ("error" in outcome) {
          result.failed = outcome;
          result.ok = false;
          log(`failed ${name} (${outcome.durationMs.toFixed(0)} ms)`);
          break;
        }
        result.applied.push(outcome);
        log(`applied ${name} (${outcome.durationMs.toFixed(0)} ms)`);
      }
    } finally {
      await client.query("SELECT pg_advisory_unlock($1)", [ADVISORY_LOCK_KEY]).catch(() => undefined);
    }
  } finally {
    await client.end();
    result.durationMs = performance.now() - started;
  }
  return result;
}

/**
 * Marks a failed migration as rolled back (`prisma migrate resolve --rolled-back`):
 * the row stays as an audit trail and the migration becomes pending again.
 */
export async function markMigrationRolledBack(url: string, name: string): Promise<void> {
  const client = await connect(url);
  try {
    if (!(await tableExists(client))) throw new Error(`no ${MIGRATIONS_TABLE} table in the database`);
    const { rowCount } = await client.query(
      `UPDATE "${MIGRATIONS_TABLE}" SET "rolled_back_at" = now()
        WHERE "migration_name" = $1 AND "finished_at" IS NULL AND "rolled_back_at" IS NULL`,
      [name],
    );
    if (!rowCount) throw new Error(`migration ${name} is not in a failed state`);
  } finally {
    await client.end();
  }
}

/** One line per applied/failed migration, for CLI output and server logs. */
export function formatApplyResult(result: ApplyResult): string {
  const lines: string[] = [];
  for (const warning of result.warnings) lines.push(`warning: ${warning}`);
  for (const m of result.applied) lines.push(`applied ${m.name} (${m.durationMs.toFixed(0)} ms)`);
  if (result.blockedBy.length > 0) {
    lines.push(`blocked: migration(s) ${result.blockedBy.join(", ")} failed earlier; fix the SQL, then run with --rolled-back <name>`);
  }
  if (result.failed) lines.push(`FAILED ${result.failed.name} (${result.failed.durationMs.toFixed(0)} ms)`, result.failed.error);
  if (result.applied.length === 0 && result.ok) lines.push("no pending migrations");
  lines.push(`${result.applied.length} applied, ${result.alreadyApplied.length} already applied, ${result.durationMs.toFixed(0)} ms total`);
  return lines.join("\n");
}
