import { readFile } from "node:fs/promises";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { inject } from "vitest";
import { startEmbeddedPostgres } from "../../src/db/embedded.ts";
import { testDatabaseUrl, withDatabaseName } from "./env.ts";

export interface MigratedDatabase {
  url: string;
  kind: "pglite" | "postgres";
  close(): Promise<void>;
}

/** A fresh database with every migration (and the catalogue seeds) applied. */
export async function createMigratedDatabase(): Promise<MigratedDatabase> {
  const server = testDatabaseUrl();
  const template = inject("postgresTemplate");
  if (server && template) {
    const name = `today_test_${randomBytes(6).toString("hex")}`;
    const admin = new pg.Client({ connectionString: server.toString() });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
    return {
      url: withDatabaseName(server, name),
      kind: "postgres",
      async close() {
        // pg's pool.end() resolves before its sockets have closed; dropping WITH (FORCE) right
        // away kills those backends and their clients raise an unhandled 57P01. Wait (briefly)
        // for the server to see them gone first.
        for (let attempt = 0; attempt < 50; attempt += 1) {
          const { rows } = await admin.query("SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1", [name]);
          if (rows[0].n === 0) break;
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        await admin.end();
      },
    };
  }
  const snapshotPath = inject("pgliteSnapshot");
  if (!snapshotPath) throw new Error("No migrated snapshot: is test/global-setup.ts configured?");
  const embedded = await startEmbeddedPostgres({ loadDataDir: new Blob([await readFile(snapshotPath)]) });
  return { url: embedded.url, kind: "pglite", close: () => embedded.close() };
}
