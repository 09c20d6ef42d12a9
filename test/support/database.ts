/**
 * A fresh, EMPTY database per test (no migrations applied; see migrated.ts for a
 * migrated one).
 *
 * - Default: an in-memory PGlite served over the wire protocol (startEmbeddedPostgres),
 *   so tests reach it through `pg` / adapter-pg exactly as the app does.
 * - With TEST_DATABASE_URL set (e.g. postgresql://postgres@127.0.0.1:5432/test): a new
 *   database `<prefix>_<random>` is created on that server through that URL and dropped
 *   on close. testDatabaseUrl() refuses a URL whose database name does not contain
 *   "test", so a mis-pointed variable never touches a real database.
 */
import { randomBytes } from "node:crypto";
import pg from "pg";
import { startEmbeddedPostgres } from "../../src/db/embedded.ts";
import { testDatabaseUrl, withDatabaseName } from "./env.ts";

export interface TestDatabase {
  url: string;
  kind: "pglite" | "postgres";
  close(): Promise<void>;
}

export interface TestDatabaseOptions {
  /** Prefix of the PostgreSQL database name; must contain "test". Default "test_db". */
  prefix?: string;
}

export async function createTestDatabase(options: TestDatabaseOptions = {}): Promise<TestDatabase> {
  const server = testDatabaseUrl();
  if (!server) {
    const db = await startEmbeddedPostgres();
    return { url: db.url, kind: "pglite", close: () => db.close() };
  }
  const prefix = options.prefix ?? "test_db";
  if (!/^[a-z_][a-z0-9_]*$/.test(prefix) || !prefix.includes("test")) {
    throw new Error(`test database prefix must be a lower-case identifier containing "test", got ${JSON.stringify(prefix)}`);
  }
  const name = `${prefix}_${randomBytes(6).toString("hex")}`;
  await withAdmin(server, (client) => client.query(`CREATE DATABASE "${name}"`));
  let closed = false;
  return {
    url: withDatabaseName(server, name),
    kind: "postgres",
    async close() {
      if (closed) return;
      closed = true;
      // FORCE (PostgreSQL 13+) ends connections a test may have left open.
      await withAdmin(server, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    },
  };
}

async function withAdmin<T>(server: URL, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: server.toString() });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
