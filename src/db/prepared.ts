import type pg from "pg";

const connectionIds = new WeakMap<pg.PoolClient, number>();
let nextConnectionId = 0;

/**
 * A statement prepared once per connection (parsed and planned once, then only bound and
 * executed). The name carries the connection's number: the embedded database serves every
 * connection from one backend, where two connections preparing the same name would clash.
 */
export async function queryPrepared<Row extends pg.QueryResultRow>(
  pool: pg.Pool,
  name: string,
  text: string,
  values: unknown[],
): Promise<pg.QueryResult<Row>> {
  const client = await pool.connect();
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
