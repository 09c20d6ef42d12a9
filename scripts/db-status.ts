/**
 * Prints the migration status of the database.
 *
 *   tsx scripts/db-status.ts [--migrations-dir DIR]
 *
 * Target: DATABASE_URL when set, otherwise the embedded database in .data/pglite.
 * Exit code 1 when a migration is pending or failed.
 */
import { parseArgs } from "node:util";
import { DEFAULT_MIGRATIONS_DIR, migrationStatus } from "../src/db/migrate.ts";
import { openDatabaseTarget } from "../src/db/connect.ts";

const { values } = parseArgs({
  options: { "migrations-dir": { type: "string", default: DEFAULT_MIGRATIONS_DIR } },
});

const db = await openDatabaseTarget();
let exitCode = 0;
try {
  const status = await migrationStatus(db.directUrl, { migrationsDir: values["migrations-dir"] });
  console.log(`database: ${db.description}`);
  if (!status.hasMigrationsTable) console.log("no _prisma_migrations table: nothing applied yet");
  console.log(`applied (${status.applied.length}): ${status.applied.join(", ") || "-"}`);
  console.log(`pending (${status.pending.length}): ${status.pending.join(", ") || "-"}`);
  for (const failed of status.failed) {
    console.log(`FAILED ${failed.name} (started ${failed.startedAt.toISOString()})`);
    if (failed.logs) console.log(failed.logs.replace(/^/gm, "    "));
  }
  for (const name of status.modified) console.log(`warning: ${name} was modified after it was applied (checksum mismatch)`);
  for (const name of status.missingFromDisk) console.log(`warning: ${name} is applied but missing from ${values["migrations-dir"]}`);
  console.log(status.upToDate ? "database is up to date" : "database is NOT up to date");
  if (!status.upToDate) exitCode = 1;
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  exitCode = 1;
} finally {
  await db.close();
}
process.exit(exitCode);
