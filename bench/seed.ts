// Benchmark data at scale: one demo user seeded by the app's own generator, then copied
// in SQL (INSERT … SELECT over generate_series) as many times as asked. Every copied row
// gets a deterministic id, md5(original id ':' n)::uuid, and so does every foreign key that
// points at a user-owned row, so copy n is the demo user's data under another user: same
// shape, same sizes, same days. Seeding 1,000 users this way takes seconds instead of the
// generator's ~5 s per user.
import type pg from "pg";

/** Tables not copied: credentials, sessions, the audit trail and the global-unique outbox. */
const SKIPPED = new Set(["accounts", "sessions", "audit_log", "behavior_outbox", "_prisma_migrations"]);

interface Column {
  name: string;
  type: string;
}

async function userOwnedTables(client: pg.PoolClient | pg.Pool) {
  const { rows: columns } = await client.query<{ table_name: string; column_name: string; data_type: string }>(`
    SELECT c.table_name, c.column_name, c.data_type
    FROM information_schema.columns c
    JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
    WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE' AND c.is_generated = 'NEVER'
    ORDER BY c.table_name, c.ordinal_position`);
  const tables = new Map<string, Column[]>();
  for (const row of columns) {
    const list = tables.get(row.table_name) ?? [];
    list.push({ name: row.column_name, type: row.data_type });
    tables.set(row.table_name, list);
  }
  const owned = new Set(
    [...tables]
      .filter(([name, cols]) => name === "users" || (!SKIPPED.has(name) && cols.some((c) => c.name === "user_id")))
      .map(([name]) => name),
  );
  const { rows: keys } = await client.query<{ table_name: string; column_name: string; referenced: string }>(`
    SELECT cl.relname AS table_name, a.attname AS column_name, rc.relname AS referenced
    FROM pg_constraint co
    JOIN pg_class cl ON cl.oid = co.conrelid
    JOIN pg_class rc ON rc.oid = co.confrelid
    JOIN pg_namespace ns ON ns.oid = cl.relnamespace
    JOIN LATERAL unnest(co.conkey) AS k(attnum) ON true
    JOIN pg_attribute a ON a.attrelid = co.conrelid AND a.attnum = k.attnum
    WHERE co.contype = 'f' AND ns.nspname = 'public'`);
  const remapped = new Map<string, Map<string, string>>();
  const dependsOn = new Map<string, Set<string>>();
  for (const key of keys) {
    if (!owned.has(key.table_name) || !owned.has(key.referenced)) continue;
    if (!remapped.has(key.table_name)) remapped.set(key.table_name, new Map());
    remapped.get(key.table_name)!.set(key.column_name, key.referenced);
    if (key.referenced !== key.table_name) {
      if (!dependsOn.has(key.table_name)) dependsOn.set(key.table_name, new Set());
      dependsOn.get(key.table_name)!.add(key.referenced);
    }
  }
  // Parents before children.
  const order: string[] = [];
  const visit = (table: string, path: Set<string>) => {
    if (order.includes(table) || path.has(table)) return;
    path.add(table);
    for (const parent of dependsOn.get(table) ?? []) visit(parent, path);
    order.push(table);
  };
  for (const table of [...owned].sort()) visit(table, new Set());
  return order.map((table) => ({ table, columns: tables.get(table)!, remapped: remapped.get(table) ?? new Map<string, string>() }));
}

/**
 * Copies the template user `copies` times, as users numbered from `firstCopy` (emails
 * `bench-<n>@bench.test`), in one transaction; returns the new users' ids.
 */
export async function copyUser(pool: pg.Pool, templateUserId: string, firstCopy: number, copies: number): Promise<string[]> {
  if (copies <= 0) return [];
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    const tables = await userOwnedTables(client);
    const newId = (expr: string) => `md5(${expr}::text || ':' || n)::uuid`;
    for (const { table, columns, remapped } of tables) {
      const selected = columns.map(({ name, type }) => {
        const ref = `src."${name}"`;
        if (table === "users" && name === "email") return `'bench-' || n || '@bench.test'`;
        if (name === "id" && type === "uuid") return newId(ref);
        const referenced = remapped.get(name);
        if (referenced === "users") return newId(ref);
        // A key into a table with shared rows too (global exercises): only the user's own rows move.
        if (referenced) {
          const ownRow = referenced === table ? "src2" : "r";
          return `CASE WHEN ${ref} IN (SELECT ${ownRow}.id FROM "${referenced}" ${ownRow} WHERE ${ownRow}.user_id = $1::uuid) THEN ${newId(ref)} ELSE ${ref} END`;
        }
        return ref;
      });
      const ownerColumn = table === "users" ? "id" : "user_id";
      await client.query(
        `INSERT INTO "${table}" (${columns.map((c) => `"${c.name}"`).join(", ")})
         SELECT ${selected.join(", ")} FROM "${table}" src, generate_series($2::int, $3::int) AS n
         WHERE src."${ownerColumn}" = $1::uuid`,
        [templateUserId, firstCopy, firstCopy + copies - 1],
      );
    }
    const { rows } = await client.query<{ id: string }>(
      `SELECT md5($1::text || ':' || n)::uuid::text AS id FROM generate_series($2::int, $3::int) AS n ORDER BY n`,
      [templateUserId, firstCopy, firstCopy + copies - 1],
    );
    await client.query("COMMIT");
    return rows.map((row) => row.id);
  } catch (error) {
    await client.query("ROLLBACK");
    throw error;
  } finally {
    client.release();
  }
}
