// Builds the migrated database once per test run; every test file starts from a copy of it
// (PGlite: a data-dir snapshot; PostgreSQL: a template database), instead of re-running
// initdb and the migrations per file.
import { mkdir, writeFile } from "node:fs/promises";
import { randomBytes } from "node:crypto";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { startEmbeddedPostgres } from "../src/db/embedded.ts";
import { applyMigrations, formatApplyResult } from "../src/db/migrate.ts";
import { testDatabaseUrl, withDatabaseName } from "./support/env.ts";

declare module "vitest" {
  export interface ProvidedContext {
    pgliteSnapshot: string | null;
    postgresTemplate: string | null;
  }
}

export default async function setup(project: TestProject) {
  const server = testDatabaseUrl();
  if (server) {
    const template = `today_test_template_${randomBytes(4).toString("hex")}`;
    const admin = new pg.Client({ connectionString: server.toString() });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${template}"`);
    await migrateOrThrow(withDatabaseName(server, template));
    project.provide("postgresTemplate", template);
    project.provide("pgliteSnapshot", null);
    return async () => {
      await admin.query(`DROP DATABASE IF EXISTS "${template}" WITH (FORCE)`);
      await admin.end();
    };
  }
  const embedded = await startEmbeddedPostgres();
  await migrateOrThrow(embedded.url);
  const snapshot = await embedded.pglite.dumpDataDir("none");
  await embedded.close();
  await mkdir(".test-cache", { recursive: true });
  const path = ".test-cache/pglite-migrated.tar";
  await writeFile(path, Buffer.from(await snapshot.arrayBuffer()));
  project.provide("pgliteSnapshot", path);
  project.provide("postgresTemplate", null);
}

async function migrateOrThrow(url: string): Promise<void> {
  const result = await applyMigrations(url);
  if (!result.ok) throw new Error(`Migrations failed:\n${formatApplyResult(result)}`);
}
