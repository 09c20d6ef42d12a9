/**
 * Creates the next migration from the difference between the existing migrations and
 * the schema files:
 *
 *   tsx scripts/db-migration-create.ts <name> [--migrations-dir DIR] [--schema-dir DIR]
 *
 * The existing migrations are applied (with the same runner as production) to a
 * throwaway in-memory PGlite, the schema engine diffs that database against
 * prisma/schema/*.prisma, and the script lands in NNNN_<name>/migration.sql.
 * Steps that would only drop hand-added objects (prisma/hand/*.sql) are left out.
 * Nothing is written when there is no change.
 */
import { mkdir, writeFile, access } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { startEmbeddedPostgres } from "../src/db/embedded.ts";
import { applyMigrations, DEFAULT_MIGRATIONS_DIR, formatApplyResult, readMigrationsFromDisk } from "../src/db/migrate.ts";
import {
  DEFAULT_HAND_DIR,
  DEFAULT_SCHEMA_DIR,
  diffDatabaseToSchema,
  ignoreHandAddedObjects,
  isEmptyDiff,
  MIGRATION_LOCK_CONTENT,
  readHandAddedObjects,
  readSchemaFiles,
} from "../src/db/schema-engine.ts";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    "migrations-dir": { type: "string", default: DEFAULT_MIGRATIONS_DIR },
    "schema-dir": { type: "string", default: DEFAULT_SCHEMA_DIR },
    "hand-dir": { type: "string", default: DEFAULT_HAND_DIR },
  },
});

async function main(): Promise<number> {
  const rawName = positionals[0];
  if (!rawName || positionals.length > 1) {
    console.error("usage: tsx scripts/db-migration-create.ts <name>");
    return 2;
  }
  const name = rawName
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "");
  if (!name) {
    console.error(`invalid migration name: ${JSON.stringify(rawName)}`);
    return 2;
  }
  const migrationsDir = values["migrations-dir"];
  const existing = await readMigrationsFromDisk(migrationsDir);
  const files = await readSchemaFiles(values["schema-dir"]);

  const scratch = await startEmbeddedPostgres();
  let script: string;
  try {
    const applied = await applyMigrations(scratch.url, { migrationsDir });
    if (!applied.ok) {
      console.error("the existing migrations do not apply cleanly to an empty database:");
      console.error(formatApplyResult(applied));
      return 1;
    }
    script = await diffDatabaseToSchema(scratch.url, files);
  } finally {
    await scratch.close();
  }

  const filtered = ignoreHandAddedObjects(script, await readHandAddedObjects(values["hand-dir"]));
  for (const step of filtered.ignored) console.log(`left out (drops a hand-added object):\n${step}\n`);
  if (isEmptyDiff(filtered.script)) {
    console.log("no changes: the schema matches the migrations");
    return 0;
  }

  const numbers = existing.map((m) => Number.parseInt(m.name, 10)).filter((n) => Number.isInteger(n));
  const next = String((numbers.length > 0 ? Math.max(...numbers) : 0) + 1).padStart(4, "0");
  const folder = path.join(migrationsDir, `${next}_${name}`);
  await mkdir(folder, { recursive: false });
  const target = path.join(folder, "migration.sql");
  await writeFile(target, filtered.script);
  const lockFile = path.join(migrationsDir, "migration_lock.toml");
  if (
    !(await access(lockFile).then(
      () => true,
      () => false,
    ))
  )
    await writeFile(lockFile, MIGRATION_LOCK_CONTENT);
  console.log(`wrote ${target}:\n`);
  console.log(filtered.script);
  return 0;
}

process.exit(await main());
