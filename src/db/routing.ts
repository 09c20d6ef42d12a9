// Read routing: which database a GraphQL operation reads from, the primary or a streaming replica
// (DATABASE_REPLICA_URL), with read-your-writes across gateway instances.
//
// - A mutation (and everything it reads, in or out of its transactions) uses the primary. After it,
//   the primary's WAL position (pg_current_wal_lsn(), taken once the operation's transactions
//   have committed) is kept as the viewer's write mark: in Redis when REDIS_URL is set, so every
//   instance sees it, else in this process; a mark only ever rises, and expires after RYW_TTL_MS.
// - A query reads from the replica when the replica is up, within REPLICA_MAX_LAG_MS of the
//   primary, and has replayed the viewer's write mark (pg_last_wal_replay_lsn() >= mark); when it
//   has not, the router asks the replica again for up to RYW_WAIT_MS, then reads from the primary.
// - A replica that cannot be reached or lags too far sends every read to the primary; a replica
//   connection that fails to open falls back to a primary connection: the client sees no error.
//
// The requests' route lives in an AsyncLocalStorage (routeStorage) that src/db/index.ts reads,
// so `prisma` and `database()` need no argument; src/plugins/read-routing.ts sets it per operation.
import { AsyncLocalStorage } from "node:async_hooks";
import { Redis } from "ioredis";
import pg from "pg";
import { createDatabaseClient, type DatabaseClient } from "./client.ts";
import { preparedStatementsFor } from "./prepared.ts";

export type PoolName = "primary" | "replica";
/**
 * Why an operation read where it did. primary: `write` (a mutation), `ryw` (the replica has not
 * replayed the viewer's last write in time), `lag` (beyond REPLICA_MAX_LAG_MS), `down` (the replica
 * is unreachable, or the write marks are); replica: `fresh` (no pending write of the viewer's),
 * `caught_up` (the viewer wrote, and the replica has replayed it).
 */
export type RouteReason = "write" | "ryw" | "lag" | "down" | "fresh" | "caught_up";

export interface Route {
  pool: PoolName;
  reason: RouteReason;
  db: DatabaseClient;
}

/** What an operation carries while it runs: its route (unset: the primary) and who wrote. */
export interface RouteState {
  route?: Route;
  /** Users whose data this operation wrote (the viewer of a mutation, a user signed up or in). */
  writers?: Set<string>;
}

export const routeStorage = new AsyncLocalStorage<RouteState>();

/** Records that the running operation wrote `userId`'s data (e.g. created their session). No-op outside an operation. */
export function markWrite(userId: string): void {
  const state = routeStorage.getStore();
  if (state) (state.writers ??= new Set()).add(userId);
}

/** A WAL position as a number: `16/B374D848` → 0x16B374D848. */
export function parseLsn(text: string): bigint {
  const [high, low] = text.split("/");
  return (BigInt(`0x${high}`) << 32n) | BigInt(`0x${low}`);
}

/** Where the router learns WAL positions; a test can supply its own. */
export interface LsnSource {
  /** The primary's current WAL insert position. */
  primaryLsn(): Promise<bigint>;
  /** The position the replica has replayed, or null when it is not replaying (not a standby). Throws when unreachable. */
  replicaLsn(): Promise<bigint | null>;
}

/**
 * pg_current_wal_lsn() on the primary, pg_last_wal_replay_lsn() on the replica while it is in
 * recovery (a primary that went through crash recovery at start-up keeps a replay position too:
 * it is no replica).
 */
export function postgresLsnSource(primary: pg.Pool, replica: pg.Pool): LsnSource {
  return {
    async primaryLsn() {
      const { rows } = await primary.query<{ lsn: string }>("SELECT pg_current_wal_lsn()::text AS lsn");
      return parseLsn(rows[0].lsn);
    },
    async replicaLsn() {
      const { rows } = await replica.query<{ lsn: string | null }>(
        "SELECT CASE WHEN pg_is_in_recovery() THEN pg_last_wal_replay_lsn()::text END AS lsn",
      );
      return rows[0].lsn === null ? null : parseLsn(rows[0].lsn);
    },
  };
}

/** The users' write marks, shared by every instance. */
export interface WriteMarks {
  /** Raises `userId`'s mark to `lsn` (never lowers it) and renews its expiry. */
  raise(userId: string, lsn: bigint): Promise<void>;
  get(userId: string): Promise<bigint | null>;
  close(): Promise<void>;
}

// A mark is stored as 16 hex digits, so that comparing strings compares positions.
const markText = (lsn: bigint) => lsn.toString(16).padStart(16, "0");

/** In this process only: right for one instance, or when there is no REDIS_URL. */
export function memoryWriteMarks(ttlMs: number): WriteMarks {
  const marks = new Map<string, { lsn: bigint; expiresAt: number }>();
  return {
    async raise(userId, lsn) {
      const now = Date.now();
      const current = marks.get(userId);
      const keep = current && current.expiresAt > now && current.lsn > lsn ? current.lsn : lsn;
      marks.delete(userId);
      marks.set(userId, { lsn: keep, expiresAt: now + ttlMs });
      // Expired marks leave from the oldest end.
      for (const [key, mark] of marks) {
        if (mark.expiresAt > now) break;
        marks.delete(key);
      }
    },
    async get(userId) {
      const mark = marks.get(userId);
      return mark && mark.expiresAt > Date.now() ? mark.lsn : null;
    },
    async close() {},
  };
}

// Raise-only in one step on the Redis server: two instances recording one user's writes at once
// keep the later position whichever lands last.
const RAISE_SCRIPT = `local current = redis.call('GET', KEYS[1])
if (not current) or current < ARGV[1] then redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
else redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 1`;

/** In Redis at `url`, keys `ryw:<userId>`, shared by every gateway instance. */
export function redisWriteMarks(url: string, ttlMs: number, prefix = "ryw:"): WriteMarks {
  const redis = new Redis(url, { maxRetriesPerRequest: 1 });
  redis.on("error", (error: Error) => console.warn(`write marks (redis): ${error.message}`));
  redis.defineCommand("raiseMark", { numberOfKeys: 1, lua: RAISE_SCRIPT });
  const raise = (redis as unknown as { raiseMark(key: string, value: string, ttl: number): Promise<unknown> }).raiseMark.bind(redis);
  return {
    // A write waits longer for its mark to be stored than a read waits to look one up (a read
    // that cannot look goes to the primary, which is always right).
    async raise(userId, lsn) {
      await within(2_000, raise(prefix + userId, markText(lsn), ttlMs));
    },
    async get(userId) {
      const value = await within(250, redis.get(prefix + userId));
      return value === null ? null : BigInt(`0x${value}`);
    },
    async close() {
      await redis.quit().catch(() => undefined);
    },
  };
}

function within<T>(ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`write marks: no answer from Redis within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

export interface RouterOptions {
  primary: DatabaseClient;
  replica: DatabaseClient;
  /** Default: postgresLsnSource over the two pools. */
  lsn?: LsnSource;
  /** Default: Redis at REDIS_URL, else in process. */
  marks?: WriteMarks;
  /** A replica further behind than this (ms) is not read from. REPLICA_MAX_LAG_MS, default 1000. */
  maxLagMs?: number;
  /** How long a read waits for the replica to replay the viewer's write before going to the primary. RYW_WAIT_MS, default 100. */
  waitMs?: number;
  /** How often the monitor asks both servers for their positions. REPLICA_POLL_MS, default 150. */
  pollMs?: number;
  /** How long a write mark lives (ms). RYW_TTL_MS, default 60000. */
  markTtlMs?: number;
}

interface Sample {
  lsn: bigint;
  at: number;
}

const SAMPLES = 128;

/**
 * Decides, per operation, which database reads, and keeps the replica's state (up, replayed
 * position, lag) fresh with a monitor. One per process (useReadRouter); the replica's and the
 * primary's clients stay owned by the caller.
 */
export class ReadRouter {
  readonly primary: DatabaseClient;
  readonly replica: DatabaseClient;
  readonly maxLagMs: number;
  readonly waitMs: number;
  readonly pollMs: number;
  readonly lsn: LsnSource;
  readonly marks: WriteMarks;
  /** Operations served, by pool and reason (for /metrics). */
  readonly served = new Map<`${PoolName}:${RouteReason}`, number>();
  /** Whether the last look at the replica reached it (and found it replaying). */
  replicaUp = false;
  /** The replica's replayed position at the last look. */
  replayLsn = 0n;
  /** The primary's position at the last look. */
  primaryLsn = 0n;
  /** How far behind the primary the replica was at the last look: bytes of WAL, and ms. */
  lagBytes = 0n;
  lagMs = 0;
  #samples: Sample[] = [];
  // This instance's own writes, kept here too: if the shared marks miss one (Redis unreachable),
  // reads on this instance still see it.
  readonly #local: WriteMarks;
  #timer: NodeJS.Timeout | undefined;
  #polling: Promise<void> | undefined;

  constructor(options: RouterOptions) {
    const env = process.env;
    this.primary = options.primary;
    this.replica = options.replica;
    this.maxLagMs = options.maxLagMs ?? Number(env.REPLICA_MAX_LAG_MS ?? 1000);
    this.waitMs = options.waitMs ?? Number(env.RYW_WAIT_MS ?? 100);
    this.pollMs = options.pollMs ?? Number(env.REPLICA_POLL_MS ?? 150);
    const ttl = options.markTtlMs ?? Number(env.RYW_TTL_MS ?? 60_000);
    this.lsn = options.lsn ?? postgresLsnSource(options.primary.pool, options.replica.pool);
    this.marks = options.marks ?? (env.REDIS_URL ? redisWriteMarks(env.REDIS_URL, ttl) : memoryWriteMarks(ttl));
    this.#local = memoryWriteMarks(ttl);
  }

  /** Starts the monitor (the first look at once); resolves after that first look. */
  start(): Promise<void> {
    this.#timer ??= setInterval(() => void this.refresh(), this.pollMs);
    this.#timer.unref();
    return this.refresh();
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#polling;
    await this.marks.close();
  }

  /** One look at both servers (concurrent callers share it). */
  refresh(): Promise<void> {
    this.#polling ??= this.#look().finally(() => (this.#polling = undefined));
    return this.#polling;
  }

  async #look(): Promise<void> {
    const at = Date.now();
    const [primary, replica] = await Promise.allSettled([this.lsn.primaryLsn(), this.lsn.replicaLsn()]);
    if (primary.status === "fulfilled") {
      this.primaryLsn = primary.value;
      this.#samples.push({ lsn: primary.value, at });
      if (this.#samples.length > SAMPLES) this.#samples.shift();
    }
    if (replica.status === "rejected" || replica.value === null) {
      this.replicaUp = false;
      return;
    }
    this.replicaUp = true;
    this.replayLsn = replica.value;
    this.lagBytes = this.primaryLsn > this.replayLsn ? this.primaryLsn - this.replayLsn : 0n;
    this.lagMs = this.#lagMs(at);
  }

  // How long ago the primary was last seen at a position the replica has replayed (0 when the
  // replica has replayed the primary's last seen position): the age of the replica's view, to
  // within one poll. Not seen in the samples kept: at least as old as the oldest sample.
  #lagMs(now: number): number {
    if (this.lagBytes === 0n) return 0;
    for (let index = this.#samples.length - 1; index >= 0; index -= 1) {
      if (this.#samples[index].lsn <= this.replayLsn) return now - this.#samples[index].at;
    }
    return this.#samples.length > 0 ? now - this.#samples[0].at : Number.POSITIVE_INFINITY;
  }

  #count(route: Route): Route {
    const key = `${route.pool}:${route.reason}` as const;
    this.served.set(key, (this.served.get(key) ?? 0) + 1);
    return route;
  }

  #primary(reason: RouteReason): Route {
    return this.#count({ pool: "primary", reason, db: this.primary });
  }

  /** Where a mutation reads and writes: the primary. */
  routeWrite(): Route {
    return this.#primary("write");
  }

  /** Where a read by `userId` (null: signed out) goes. */
  async routeRead(userId: string | null): Promise<Route> {
    if (!this.replicaUp) return this.#primary("down");
    if (this.lagMs > this.maxLagMs) return this.#primary("lag");
    let mark: bigint | null = null;
    if (userId !== null) {
      try {
        const [shared, local] = await Promise.all([this.marks.get(userId), this.#local.get(userId)]);
        mark = shared === null ? local : local === null || shared > local ? shared : local;
      } catch {
        // Without the marks no read can be sure to see its own writes: the primary.
        return this.#primary("down");
      }
    }
    if (mark === null) return this.#count({ pool: "replica", reason: "fresh", db: this.replica });
    const deadline = Date.now() + this.waitMs;
    while (this.replayLsn < mark) {
      if (Date.now() >= deadline) return this.#primary("ryw");
      await Promise.race([this.refresh(), new Promise((resolve) => setTimeout(resolve, Math.max(1, deadline - Date.now())))]);
      if (!this.replicaUp) return this.#primary("down");
      if (this.replayLsn < mark) await new Promise((resolve) => setTimeout(resolve, Math.min(10, Math.max(1, deadline - Date.now()))));
    }
    return this.#count({ pool: "replica", reason: "caught_up", db: this.replica });
  }

  /** After a write by these users committed: their marks rise to the primary's position now. */
  async noteWrites(userIds: Iterable<string>): Promise<void> {
    const users = [...userIds];
    if (users.length === 0) return;
    const lsn = await this.lsn.primaryLsn();
    await Promise.all(users.map((userId) => this.#local.raise(userId, lsn)));
    await Promise.all(users.map((userId) => this.marks.raise(userId, lsn)));
  }
}

/**
 * Makes `client` (a replica's pool) fall back to `primary` when a connection to the replica cannot
 * be opened: the read is served, from the primary, and `onDown` is told.
 */
export function fallBackToPrimary(client: DatabaseClient, primary: DatabaseClient, onDown: (error: Error) => void): void {
  type Done = (error: Error | undefined, client?: pg.PoolClient, release?: (error?: Error | boolean) => void) => void;
  const pool = client.pool as unknown as { connect: (callback?: Done) => Promise<pg.PoolClient> | undefined };
  const connect = client.pool.connect.bind(client.pool) as () => Promise<pg.PoolClient>;
  pool.connect = (callback?: Done) => {
    const connected = connect().catch((error: Error) => {
      onDown(error);
      return primary.pool.connect();
    });
    // pg's own pool.query() calls connect with a callback.
    if (!callback) return connected;
    connected.then(
      (opened) => callback(undefined, opened, (error) => opened.release(error)),
      (error: Error) => callback(error),
    );
    return undefined;
  };
}

/**
 * The router for DATABASE_REPLICA_URL at `replicaUrl` beside `primary`: a pool on the replica
 * (its connections fall back to the primary's when the replica cannot be reached), a monitor
 * connection of its own (short timeouts, so a hung replica shows as down within a poll or two),
 * started. `close()` stops the monitor and closes what it opened.
 */
export async function startReadRouter(
  primary: DatabaseClient,
  replicaUrl: string,
  options: Omit<RouterOptions, "primary" | "replica"> & { max?: number } = {},
): Promise<ReadRouter & { close(): Promise<void> }> {
  // A replica behind the same kind of pooler as the primary: named statements only when both allow them.
  const replica = createDatabaseClient(replicaUrl, {
    max: options.max,
    prepared: primary.prepared && preparedStatementsFor(replicaUrl),
    connectionTimeoutMillis: 1_000,
  });
  const monitor = new pg.Pool({ connectionString: replicaUrl, max: 1, connectionTimeoutMillis: 500, query_timeout: 500 });
  monitor.on("error", () => undefined);
  const router = new ReadRouter({ lsn: postgresLsnSource(primary.pool, monitor), ...options, primary, replica });
  fallBackToPrimary(replica, primary, () => {
    router.replicaUp = false;
  });
  await router.start();
  return Object.assign(router, {
    async close() {
      await router.stop();
      await replica.close();
      await monitor.end();
    },
  });
}
