// Read routing (src/db/routing.ts): queries read from the replica, mutations from the primary, and
// a user never reads older data than their own last write. The "replica" here is a second pool
// on the same database (the real streaming replica is the cluster tests'), and the WAL positions
// come from a source the test controls, so each decision can be forced and checked: which pool
// served is counted statement by statement (DatabaseClient.onQuery).
import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createDatabaseClient, type DatabaseClient } from "../src/db/client.ts";
import { EMBEDDED_POOL_SIZE } from "../src/db/embedded.ts";
import { useReadRouter } from "../src/db/index.ts";
import {
  fallBackToPrimary,
  memoryWriteMarks,
  parseLsn,
  postgresLsnSource,
  ReadRouter,
  redisWriteMarks,
  type LsnSource,
  type WriteMarks,
} from "../src/db/routing.ts";
import { loadPersistedDocuments } from "../src/persisted.ts";
import { startTestGateway, type TestGateway, type TestUser } from "./support/gateway.ts";

const DATE = "2026-06-10";
const TODAY_HASH = [...loadPersistedDocuments()].find(([, document]) => document.includes("query TodayPage"))![0];
const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

/** WAL positions the test sets; `down` makes the replica unreachable. */
class ControlledLsn implements LsnSource {
  primary = 100n;
  replica = 100n;
  down = false;
  async primaryLsn() {
    return this.primary;
  }
  async replicaLsn() {
    if (this.down) throw new Error("connect ECONNREFUSED");
    return this.replica;
  }
}

let t: TestGateway;
let replica: DatabaseClient;
let lsn: ControlledLsn;
let marks: WriteMarks;
let router: ReadRouter;

beforeAll(async () => {
  t = await startTestGateway();
  replica = createDatabaseClient(t.database.url, { max: t.database.kind === "pglite" ? EMBEDDED_POOL_SIZE : 4 });
  lsn = new ControlledLsn();
  marks = memoryWriteMarks(60_000);
  // No timer-driven looks (pollMs): the test looks when it changes a position.
  router = new ReadRouter({ primary: t.db, replica, lsn, marks, pollMs: 3_600_000, waitMs: 60, maxLagMs: 600_000 });
  await router.start();
  useReadRouter(router);
});
afterAll(async () => {
  useReadRouter(undefined);
  await router?.stop();
  await replica?.close();
  await t?.close();
});
beforeEach(async () => {
  lsn.down = false;
  lsn.replica = lsn.primary;
  await router.refresh();
});

/** Statements each pool received while `work` ran. */
async function perPool<T>(work: () => Promise<T>, onPool = replica): Promise<{ result: T; primary: string[]; replica: string[] }> {
  const primary: string[] = [];
  const onReplica: string[] = [];
  const stopPrimary = t.db.onQuery((sql) => primary.push(sql));
  const stopReplica = onPool.onQuery((sql) => onReplica.push(sql));
  try {
    return { result: await work(), primary, replica: onReplica };
  } finally {
    stopPrimary();
    stopReplica();
  }
}

const served = (key: `${"primary" | "replica"}:${string}`) => router.served.get(key as never) ?? 0;

const HABITS = '{ viewer { id } today(date: "2026-06-10") { habits { habit { name } } } }';
const habitNames = (data: any): string[] => data.today.habits.map((entry: any) => entry.habit.name).sort();

async function userWithHabit(name = "Read"): Promise<TestUser> {
  const user = await t.createUser();
  await t.prisma.habit.create({ data: { userId: user.userId, name, startDate: new Date(`${DATE}T00:00:00Z`) } });
  return user;
}

async function createHabit(user: TestUser, name: string) {
  return t.graphql(
    `mutation($name: String!) { createHabit(input: { name: $name, startDate: "${DATE}" }) { id } }`,
    { name },
    { token: user.token },
  );
}

describe("read routing", () => {
  it("a query reads from the replica; only the session check uses the primary", async () => {
    const user = await userWithHabit();
    const before = served("replica:fresh");
    const { result, primary, replica: onReplica } = await perPool(() => t.ok(HABITS, undefined, { token: user.token }));
    expect(habitNames(result)).toEqual(["Read"]);
    expect(primary).toHaveLength(1);
    expect(primary[0]).toMatch(/FROM sessions s WHERE s\.token_hash/);
    expect(onReplica.length).toBeGreaterThan(0);
    expect(served("replica:fresh")).toBe(before + 1);
  });

  it("a mutation reads and writes on the primary only, then raises its viewer's mark to the primary's position", async () => {
    const user = await userWithHabit();
    lsn.primary = 200n;
    const { result, replica: onReplica } = await perPool(() => createHabit(user, "Stretch"));
    expect(result.errors).toBeUndefined();
    expect(onReplica).toEqual([]);
    expect(await marks.get(user.userId)).toBe(200n);
    // A mark never goes down: an older position recorded later (another instance) keeps the newer.
    await marks.raise(user.userId, 150n);
    expect(await marks.get(user.userId)).toBe(200n);
  });

  it("a user whose write the replica has not replayed reads from the primary, and sees the write", async () => {
    const user = await userWithHabit();
    const stranger = await userWithHabit("Other");
    lsn.primary = 300n;
    expect((await createHabit(user, "Stretch")).errors).toBeUndefined();
    lsn.replica = 250n; // behind the write (300)
    await router.refresh();
    const ryw = served("primary:ryw");
    const { result, replica: onReplica } = await perPool(() => t.ok(HABITS, undefined, { token: user.token }));
    expect(habitNames(result)).toEqual(["Read", "Stretch"]);
    expect(onReplica).toEqual([]);
    expect(served("primary:ryw"), JSON.stringify([...router.served])).toBe(ryw + 1);
    // Another user, who wrote nothing, still reads from the replica.
    const other = await perPool(() => t.ok(HABITS, undefined, { token: stranger.token }));
    expect(other.replica.length).toBeGreaterThan(0);
    // Once the replica has replayed the write, the user reads from it again.
    lsn.replica = 300n;
    await router.refresh();
    const caughtUp = served("replica:caught_up");
    const again = await perPool(() => t.ok(HABITS, undefined, { token: user.token }));
    expect(again.replica.length).toBeGreaterThan(0);
    expect(served("replica:caught_up")).toBe(caughtUp + 1);
  });

  it("a read waits briefly for the replica to replay the user's write, asking it again", async () => {
    const user = await userWithHabit();
    lsn.primary = 400n;
    expect((await createHabit(user, "Walk")).errors).toBeUndefined();
    lsn.replica = 350n;
    await router.refresh();
    // The replica replays the write while the read waits (RYW_WAIT_MS is 60 here).
    setTimeout(() => (lsn.replica = 400n), 5);
    const caughtUp = served("replica:caught_up");
    const { replica: onReplica } = await perPool(() => t.ok(HABITS, undefined, { token: user.token }));
    expect(onReplica.length).toBeGreaterThan(0);
    expect(served("replica:caught_up")).toBe(caughtUp + 1);
  });

  it("the Today page by hash, with a cached session, reads on the replica; a sign-out through the primary is seen at once", async () => {
    const user = await userWithHabit();
    const page = () =>
      Promise.resolve(
        t.gateway.fetch("http://test.local/graphql", {
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${user.token}` },
          body: JSON.stringify({ variables: { date: DATE }, extensions: { persistedQuery: { version: 1, sha256Hash: TODAY_HASH } } }),
        }),
      ).then((response) => response.json() as Promise<any>);
    await page(); // the session is cached
    const warm = await perPool(page);
    expect(warm.result.data.today.habits).toHaveLength(1);
    expect(warm.primary).toEqual([]);
    expect(warm.replica).toHaveLength(2);
    lsn.primary = 500n;
    const signOut = await perPool(() => t.graphql("mutation { signOut { id } }", undefined, { token: user.token }));
    expect(signOut.result.errors).toBeUndefined();
    expect(signOut.replica).toEqual([]);
    // The replica has not replayed the sign-out: the page (and its session check) reads the primary.
    lsn.replica = 450n;
    await router.refresh();
    const refused = await perPool(page);
    expect(refused.result.errors[0].extensions.code).toBe("UNAUTHENTICATED");
    expect(refused.replica).toEqual([]);
  });

  it("a replica that cannot be reached sends reads to the primary, without an error", async () => {
    const user = await userWithHabit();
    lsn.down = true;
    await router.refresh();
    expect(router.replicaUp).toBe(false);
    const down = served("primary:down");
    const { result, replica: onReplica } = await perPool(() => t.graphql(HABITS, undefined, { token: user.token }));
    expect(result.errors).toBeUndefined();
    expect(habitNames(result.data)).toEqual(["Read"]);
    expect(onReplica).toEqual([]);
    expect(served("primary:down")).toBe(down + 1);
  });

  it("a replica lagging beyond REPLICA_MAX_LAG_MS sends reads to the primary", async () => {
    const user = await userWithHabit();
    const lagging = new ReadRouter({ primary: t.db, replica, lsn, marks, pollMs: 3_600_000, waitMs: 10, maxLagMs: 30 });
    useReadRouter(lagging);
    try {
      lsn.primary = 600n;
      lsn.replica = 600n;
      await lagging.start();
      expect(lagging.lagMs).toBe(0);
      lsn.primary = 700n; // others' writes the replica does not replay
      await new Promise((resolve) => setTimeout(resolve, 50));
      await lagging.refresh();
      expect(lagging.lagBytes).toBe(100n);
      expect(lagging.lagMs).toBeGreaterThan(30);
      const { result, replica: onReplica } = await perPool(() => t.graphql(HABITS, undefined, { token: user.token }));
      expect(result.errors).toBeUndefined();
      expect(onReplica).toEqual([]);
      expect(lagging.served.get("primary:lag")).toBe(1);
    } finally {
      useReadRouter(router);
      await lagging.stop();
    }
  });

  it("a replica connection that fails to open is replaced by a primary connection", async () => {
    const user = await userWithHabit();
    const unreachable = createDatabaseClient("postgresql://postgres@127.0.0.1:1/nothing", { max: 2, connectionTimeoutMillis: 500 });
    const fallback = new ReadRouter({ primary: t.db, replica: unreachable, lsn, marks, pollMs: 3_600_000 });
    fallBackToPrimary(unreachable, t.db, () => (fallback.replicaUp = false));
    useReadRouter(fallback);
    try {
      await fallback.start();
      expect(fallback.replicaUp).toBe(true); // the monitor has not noticed yet
      const { result } = await perPool(() => t.graphql(HABITS, undefined, { token: user.token }));
      expect(result.errors).toBeUndefined();
      expect(habitNames(result.data)).toEqual(["Read"]);
      expect(fallback.replicaUp).toBe(false);
    } finally {
      useReadRouter(router);
      await fallback.stop();
      await unreachable.close();
    }
  });

  it("/metrics shows the replica's state and the reads served by each pool", async () => {
    const response = await t.gateway.fetch("http://test.local/metrics");
    const text = await response.text();
    expect(text).toMatch(/^db_replica_up 1$/m);
    expect(text).toMatch(/^db_replica_lag_bytes 0$/m);
    expect(text).toMatch(/^db_reads_total\{pool="replica",reason="fresh"\} [1-9]\d*$/m);
    expect(text).toMatch(/^db_reads_total\{pool="primary",reason="write"\} [1-9]\d*$/m);
    expect(text).toMatch(/^db_reads_total\{pool="primary",reason="ryw"\} [1-9]\d*$/m);
  });

  it("no query operation writes: every query of a session runs on a read-only replica", async (context) => {
    if (t.database.kind === "pglite") context.skip(); // one backend: a read-only session would be the primary's too
    const readOnly = createDatabaseClient(
      `${t.database.url}${t.database.url.includes("?") ? "&" : "?"}options=-c%20default_transaction_read_only%3Don`,
      {
        max: 2,
      },
    );
    const strict = new ReadRouter({ primary: t.db, replica: readOnly, lsn, marks, pollMs: 3_600_000 });
    useReadRouter(strict);
    try {
      await strict.start();
      await expect(readOnly.pool.query("CREATE TEMP TABLE routing_probe (x int)")).rejects.toThrow(/read-only/);
      const user = await userWithHabit();
      const queries = [
        HABITS,
        "{ viewer { id email displayName } }",
        "{ viewer { habits(first: 5) { edges { node { id name } } } } }",
        "{ today { date timezone nextAction { __typename } } }",
      ];
      for (const query of queries) {
        const { result, replica: onReplica } = await perPool(() => t.graphql(query, undefined, { token: user.token }), readOnly);
        expect(result.errors, query).toBeUndefined();
        expect(onReplica.length, query).toBeGreaterThan(0);
      }
      expect((await createHabit(user, "Written on the primary")).errors).toBeUndefined();
    } finally {
      useReadRouter(router);
      await strict.stop();
      await readOnly.close();
    }
  });
});

describe("WAL positions and write marks", () => {
  it("reads the primary's position with pg_current_wal_lsn(); a server that is not a standby is no replica", async () => {
    const source = postgresLsnSource(t.db.pool, replica.pool);
    const before = await source.primaryLsn();
    expect(before).toBeGreaterThan(0n);
    await t.createUser();
    expect(await source.primaryLsn()).toBeGreaterThan(before);
    // pg_last_wal_replay_lsn() is NULL outside recovery: a router over it reads from the primary.
    expect(await source.replicaLsn()).toBeNull();
    const notStandby = new ReadRouter({ primary: t.db, replica, lsn: source, marks, pollMs: 3_600_000 });
    await notStandby.start();
    expect(notStandby.replicaUp).toBe(false);
    expect((await notStandby.routeRead(null)).pool).toBe("primary");
    await notStandby.stop();
    expect(parseLsn("16/B374D848")).toBe(0x16b374d848n);
  });

  it("keeps marks in Redis, shared by instances, raised only, expiring", async () => {
    const prefix = `ryw-test-${randomBytes(6).toString("hex")}:`;
    const a = redisWriteMarks(REDIS_URL, 60_000, prefix);
    const b = redisWriteMarks(REDIS_URL, 60_000, prefix);
    const raw = new Redis(REDIS_URL);
    try {
      await a.raise("user-1", 0x1_0000_0500n);
      expect(await b.get("user-1")).toBe(0x1_0000_0500n);
      await b.raise("user-1", 0x1_0000_0300n);
      expect(await a.get("user-1")).toBe(0x1_0000_0500n);
      await b.raise("user-1", 0x2_0000_0000n);
      expect(await a.get("user-1")).toBe(0x2_0000_0000n);
      expect(await a.get("user-2")).toBeNull();
      // Every raise (kept or not) sets the expiry: Redis drops the mark RYW_TTL_MS after the last write.
      await raw.pexpire(`${prefix}user-1`, 5_000);
      await b.raise("user-1", 1n);
      const ttl = await raw.pttl(`${prefix}user-1`);
      expect(ttl).toBeGreaterThan(5_000);
      expect(ttl).toBeLessThanOrEqual(60_000);
      expect(await a.get("user-1")).toBe(0x2_0000_0000n);
    } finally {
      raw.disconnect();
      await Promise.all([a.close(), b.close()]);
    }
  });
});
