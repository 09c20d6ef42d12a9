import { useReadinessCheck, type Plugin } from "graphql-yoga";
import { database } from "../db/index.ts";
import { MIGRATIONS_TABLE, readMigrationsFromDisk } from "../db/migrate.ts";

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
}

/**
 * `/health` is Yoga's built-in liveness check (the process answers). `/ready`: the database
 * answers and every migration on disk is applied, else 503 with the reason.
 */
export function readinessPlugin(): Plugin {
  let onDisk: Promise<string[]> | undefined;
  return useReadinessCheck({
    endpoint: "/ready",
    check: async () => {
      onDisk ??= readMigrationsFromDisk().then((migrations) => migrations.map((migration) => migration.name));
      const names = await onDisk;
      let rows: { migration_name: string }[];
      try {
        ({ rows } = await database().pool.query<{ migration_name: string }>(
          `SELECT migration_name FROM "${MIGRATIONS_TABLE}" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
        ));
      } catch {
        return json(503, { ready: false, reason: "database unreachable" });
      }
      const applied = new Set(rows.map((row) => row.migration_name));
      const pending = names.filter((name) => !applied.has(name));
      if (pending.length > 0) {
        return json(503, { ready: false, reason: "pending migrations", pending });
      }
      return json(200, { ready: true });
    },
  });
}
