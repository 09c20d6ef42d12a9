// A benchmark's own database: on a PostgreSQL server (BENCH_DATABASE_URL, LIVE_BENCH_URL) a new
// database created for the run and dropped after it, or, without one, the embedded database;
// migrated either way. Imports only APIs an older checkout has too: bench/browser.ts is copied
// into one (with this file and bench/browser-measure.ts) to measure that checkout.
import pg from "pg";
import { startEmbeddedPostgres } from "../src/db/embedded.ts";
import { applyMigrations, formatApplyResult } from "../src/db/migrate.ts";

/** `serverUrl` with its database changed to `name`. */
export function databaseUrl(serverUrl: string, name: string): string {
  const named = new URL(serverUrl);
  named.pathname = `/${name}`;
  return named.toString();
}

/** One statement on the server's own database (CREATE / DROP DATABASE cannot run inside another). */
export async function onServer(serverUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export const createDatabase = (serverUrl: string, name: string) => onServer(serverUrl, `CREATE DATABASE "${name}"`);
export const dropDatabase = (serverUrl: string, name: string) => onServer(serverUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);

/** A migrated database named `name` on `serverUrl`'s server, or the embedded one without a server. */
export async function benchDatabase(serverUrl: string | undefined, name: string): Promise<{ url: string; close: () => Promise<void> }> {
  let url: string;
  let close: () => Promise<void>;
  if (serverUrl) {
    await createDatabase(serverUrl, name);
    url = databaseUrl(serverUrl, name);
    close = () => dropDatabase(serverUrl, name);
  } else {
    const embedded = await startEmbeddedPostgres();
    url = embedded.url;
    close = () => embedded.close();
  }
  const migrated = await applyMigrations(url);
  if (!migrated.ok) throw new Error(formatApplyResult(migrated));
  return { url, close };
}

/**
 * The projectors' wake-ups at commit for the benchmark's database, as `npm start` sets them up:
 * LISTEN on a server's database, or through the embedded database's pool. Null in a checkout from
 * before the wake-up module (issue 22): its projectors then poll only.
 */
export async function benchWakeups(serverUrl: string | undefined, url: string, pool: pg.Pool): Promise<{ close(): Promise<void> } | null> {
  try {
    const module = await import("../src/projector/wakeups.ts");
    return await module.outboxWakeups(serverUrl ? { kind: "postgres", directUrl: url } : { kind: "embedded", pool });
  } catch {
    return null;
  }
}
