import { EMBEDDED_POOL_SIZE, startEmbeddedPostgres } from "./embedded.ts";

export const EMBEDDED_DATA_DIR = ".data/pglite";

export interface DatabaseTarget {
  url: string;
  /** `embedded` = PGlite persisted under .data/; `postgres` = the server of DATABASE_URL. */
  kind: "embedded" | "postgres";
  /** For messages: where the data lives (no credentials). */
  description: string;
  /** The pool size to use with this database (undefined: the client's default). */
  poolSize: number | undefined;
  close(): Promise<void>;
}

/**
 * DATABASE_URL set → that PostgreSQL server. Unset → the embedded PGlite database,
 * served on a local port so that the rest of the code takes the same path either way.
 */
export async function openDatabaseTarget(env: NodeJS.ProcessEnv = process.env): Promise<DatabaseTarget> {
  if (env.DATABASE_URL) {
    const url = new URL(env.DATABASE_URL);
    const description = `PostgreSQL at ${url.host}${url.pathname}`;
    return { url: env.DATABASE_URL, kind: "postgres", description, poolSize: undefined, close: async () => {} };
  }
  const dataDir = env.EMBEDDED_DATA_DIR ?? EMBEDDED_DATA_DIR;
  const embedded = await startEmbeddedPostgres({ dataDir });
  return {
    url: embedded.url,
    kind: "embedded",
    description: `embedded PGlite in ${dataDir}`,
    poolSize: EMBEDDED_POOL_SIZE,
    close: () => embedded.close(),
  };
}
