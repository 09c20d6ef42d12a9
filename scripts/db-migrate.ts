/**
 * Applies pending migrations from prisma/migrations.
 *
 *   tsx scripts/db-migrate.ts [--migrations-dir DIR] [--rolled-back NAME]
 *
 * Target: DATABASE_URL when set, otherwise the embedded database in .data/pglite.
 * --rolled-back NAME first marks a failed migration as rolled back (like
 * `prisma migrate resolve --rolled-back NAME`), so it is retried.
 * Exit code 1 when a migration fails or an earlier failure blocks the run.
 */
import { parseArgs } from "node:util";
import { applyMigrations, DEFAULT_MIGRATIONS_DIR, formatApplyResult, markMigrationRolledBack } from "../src/db/migrate.ts";
import { openDatabaseTarget } from "../src/db/connect.ts";

const { values } = parseArgs({
  options: {
    "migrations-dir": { type: "string", default: DEFAULT_MIGRATIONS_DIR },
    "rolled-back": { type: "string" },
  },
});

const db = await openDatabaseTarget();
let exitCode = 0;
try {
  console.log(`migrating ${db.description}`);
  if (values["rolled-back"]) {
    await markMigrationRolledBack(db.directUrl, values["rolled-back"]);
    console.log(`marked ${values["rolled-back"]} as rolled back`);
  }
  const result = await applyMigrations(db.directUrl, { migrationsDir: values["migrations-dir"] });
  console.log(formatApplyResult(result));
  if (!result.ok) exitCode = 1;
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  exitCode = 1;
} finally {
  await db.close();
}
process.exit(exitCode);
