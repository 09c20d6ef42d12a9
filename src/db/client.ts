import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../generated/prisma/client.ts";
import { preparedStatementsFor } from "./prepared.ts";

export type { PrismaClient };

/** Called once per statement sent to the server: one call = one SQL round trip. */
export type QueryListener = (sql: string) => void;

export interface DatabaseClient {
  prisma: PrismaClient;
  pool: pg.Pool;
  /**
   * Whether the gateway's hot statements (session check, Today page) are prepared by name
   * on this pool's connections (src/db/prepared.ts); never through a transaction-mode pooler.
   */
  prepared: boolean;
  /** Subscribe to every statement sent on this client's pool; returns an unsubscribe. */
  onQuery(listener: QueryListener): () => void;
  close(): Promise<void>;
}

/**
 * One pg pool per database, shared by Prisma (through adapter-pg) and by raw SQL.
 * Statements are observed on the pool's clients, below Prisma, so a count is the
 * number of round trips the server really saw.
 */
export function createDatabaseClient(
  url: string,
  options: { max?: number; prepared?: boolean; connectionTimeoutMillis?: number } = {},
): DatabaseClient {
  const listeners = new Set<QueryListener>();
  const pool = new pg.Pool({ connectionString: url, max: options.max ?? 10, connectionTimeoutMillis: options.connectionTimeoutMillis });
  // An idle connection closed by the server (restart, DROP DATABASE … FORCE) must not crash
  // the process; the pool replaces it on the next checkout.
  pool.on("error", (error) => console.warn(`database connection lost: ${error.message}`));
  pool.on("connect", (client) => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
      if (listeners.size > 0) {
        const first = args[0] as string | { text?: string };
        const sql = typeof first === "string" ? first : (first?.text ?? "");
        for (const listener of listeners) listener(sql);
      }
      return query(...args);
    };
  });
  const prisma = new PrismaClient({
    adapter: new PrismaPg(pool),
    // Interactive transactions wait for a pooled connection; with a small pool (the embedded
    // PGlite is served on one connection) a burst of requests queues longer than the 2 s default.
    transactionOptions: { maxWait: 15_000, timeout: 20_000 },
  });
  return {
    prisma,
    pool,
    prepared: options.prepared ?? preparedStatementsFor(url),
    onQuery(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      await prisma.$disconnect();
      await pool.end();
    },
  };
}
