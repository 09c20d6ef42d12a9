import type pg from "pg";

const connectionIds = new WeakMap<pg.PoolClient, number>();
let nextConnectionId = 0;

/**
 * Whether a pool's connections may hold named (protocol-level) prepared statements.
 * DATABASE_PREPARED=on|off|auto (default auto). A transaction-mode pooler (PgBouncer before
 * 1.21) hands each transaction a different server connection, where a statement prepared on
 * another is missing ("does not exist") or is another process's ("already exists", or worse,
 * a different text under the same name), so auto is off for a pooled URL: one that says
 * `pgbouncer=true`, or any DATABASE_URL when DATABASE_DIRECT_URL names a different server
 * (the sign that DATABASE_URL goes through a pooler). On for a direct connection.
 */
export function preparedStatementsFor(url: string, env: NodeJS.ProcessEnv = process.env): boolean {
  const setting = (env.DATABASE_PREPARED ?? "auto").toLowerCase();
  if (setting === "on") return true;
  if (setting === "off") return false;
  if (setting !== "auto") throw new Error(`DATABASE_PREPARED must be on, off or auto, got ${JSON.stringify(env.DATABASE_PREPARED)}`);
  if (isPoolerUrl(url)) return false;
  const direct = env.DATABASE_DIRECT_URL;
  return !(direct && env.DATABASE_URL === url && direct !== url);
}

/** `?pgbouncer=true` (Prisma's marker for a transaction-mode pooler). */
export function isPoolerUrl(url: string): boolean {
  try {
    return new URL(url).searchParams.get("pgbouncer") === "true";
  } catch {
    return false;
  }
}

/**
 * A statement prepared once per connection (parsed and planned once, then only bound and
 * executed) when `prepared` is on; otherwise the same statement unnamed (parse, bind and
 * execute in one round trip, nothing kept on the server), as a pooler needs. The name carries
 * the connection's number: the embedded database serves every connection from one backend,
 * where two connections preparing the same name would clash.
 */
export async function queryPrepared<Row extends pg.QueryResultRow>(
  db: { pool: pg.Pool; prepared: boolean },
  name: string,
  text: string,
  values: unknown[],
): Promise<pg.QueryResult<Row>> {
  if (!db.prepared) return db.pool.query<Row>(text, values);
  const client = await db.pool.connect();
  let id = connectionIds.get(client);
  if (id === undefined) connectionIds.set(client, (id = ++nextConnectionId));
  try {
    const result = await client.query<Row>({ name: `${name}_${id}`, text, values });
    client.release();
    return result;
  } catch (error) {
    client.release(error as Error);
    throw error;
  }
}
