import { startEmbeddedPostgres } from "./embedded.ts";

export const EMBEDDED_DATA_DIR = ".data/pglite";

export interface DatabaseTarget {
  url: string;
  /** `embedded` = PGlite persisted under .data/; `postgres` = the server of DATABASE_URL. */
  kind: "embedded" | "postgres";
  close(): Promise<void>;
}

/**
 * DATABASE_URL set → that PostgreSQL server. Unset → the embedded PGlite database,
 * served on a local port so that the rest of the code takes the same path either way.
 */
export async function openDatabaseTarget(env: NodeJS.ProcessEnv = process.env): Promise<DatabaseTarget> {
  if (env.DATABASE_URL) {
    return { url: env.DATABASE_URL, kind: "postgres", close: async () => {} };
  }
  const embedded = await startEmbeddedPostgres({ dataDir: env.EMBEDDED_DATA_DIR ?? EMBEDDED_DATA_DIR });
  return { url: embedded.url, kind: "embedded", close: () => embedded.close() };
}
