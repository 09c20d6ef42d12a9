import { EMBEDDED_POOL_SIZE, startEmbeddedPostgres } from "./embedded.ts";

export const EMBEDDED_DATA_DIR = ".data/pglite";

export interface DatabaseTarget {
  /** DATABASE_URL: the primary, possibly through a transaction-mode pooler (PgBouncer). */
  url: string;
  /**
   * DATABASE_DIRECT_URL (default: `url`): the primary without a pooler, for session-level work
   * a pooler in transaction mode cannot carry: the migration runner's session advisory lock, LISTEN.
   */
  directUrl: string;
  /** DATABASE_REPLICA_URL: a streaming replica for reads (src/db/routing.ts), or undefined. */
  replicaUrl: string | undefined;
  /** `embedded` = PGlite persisted under .data/; `postgres` = the server of DATABASE_URL. */
  kind: "embedded" | "postgres";
  /** For messages: where the data lives (no credentials). */
  description: string;
  /** The pool size to use with this database (undefined: the client's default). */
  poolSize: number | undefined;
  close(): Promise<void>;
}

/**
 * DATABASE_URL set → that PostgreSQL server (DATABASE_DIRECT_URL and DATABASE_REPLICA_URL beside it). Unset → the embedded PGlite database,
 * served on a local port so that the rest of the code takes the same path either way.
 */
export async function openDatabaseTarget(env: NodeJS.ProcessEnv = process.env): Promise<DatabaseTarget> {
  if (env.DATABASE_URL) {
    const url = new URL(env.DATABASE_URL);
    const description = `PostgreSQL at ${url.host}${url.pathname}`;
    return {
      url: env.DATABASE_URL,
      directUrl: env.DATABASE_DIRECT_URL || env.DATABASE_URL,
      replicaUrl: env.DATABASE_REPLICA_URL || undefined,
      kind: "postgres",
      description,
      poolSize: undefined,
      close: async () => {},
    };
  }
  const dataDir = env.EMBEDDED_DATA_DIR ?? EMBEDDED_DATA_DIR;
  const embedded = await startEmbeddedPostgres({ dataDir });
  // The embedded database is one process's: no pooler, no replica.
  return {
    url: embedded.url,
    directUrl: embedded.url,
    replicaUrl: undefined,
    kind: "embedded",
    description: `embedded PGlite in ${dataDir}`,
    poolSize: EMBEDDED_POOL_SIZE,
    close: () => embedded.close(),
  };
}
