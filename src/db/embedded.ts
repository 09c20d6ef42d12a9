import { mkdir } from "node:fs/promises";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";

/**
 * How many pooled connections a client may open to the embedded database. pglite-socket
 * runs every connection on PGlite's single backend and interleaves the extended-protocol
 * messages of concurrent connections outside transactions ("portal does not exist"), so
 * clients use one connection and queue.
 */
export const EMBEDDED_POOL_SIZE = 1;

export interface EmbeddedPostgres {
  /** A postgresql:// URL that any wire-protocol client (pg, Prisma's adapter-pg) can use. */
  url: string;
  pglite: PGlite;
  close(): Promise<void>;
}

export interface EmbeddedOptions {
  /** A directory to persist into; omitted → in memory. */
  dataDir?: string;
  /** A tarball from `pglite.dumpDataDir()` to start from (skips initdb). */
  loadDataDir?: Blob;
  /** 0 (default) picks a free port. */
  port?: number;
}

/**
 * PGlite is single-backend; pglite-socket multiplexes several wire connections onto
 * it, so the app reaches the embedded database through the same driver (pg) and the
 * same code path as a real PostgreSQL server.
 */
export async function startEmbeddedPostgres(options: EmbeddedOptions = {}): Promise<EmbeddedPostgres> {
  if (options.dataDir) await mkdir(options.dataDir, { recursive: true });
  const pglite = await PGlite.create({
    dataDir: options.dataDir,
    loadDataDir: options.loadDataDir,
  });
  const server = new PGLiteSocketServer({
    db: pglite,
    host: "127.0.0.1",
    port: options.port ?? 0,
    maxConnections: 16,
  });
  await server.start();
  const address = server.getServerConn();
  return {
    url: `postgresql://postgres@${address}/postgres?sslmode=disable`,
    pglite,
    async close() {
      await server.stop();
      await pglite.close();
    },
  };
}
