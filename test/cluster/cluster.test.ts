// The scale-out deployment, end to end: two gateways behind HAProxy, over PgBouncer in transaction
// mode, a streaming replica with read-your-writes, Redis, one projector (support/cluster.ts).
// One cluster for the whole file; the drills that break something run last and mend it.
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { createDatabaseClient } from "../../src/db/client.ts";
import { createTestUser, type TestUser } from "../support/gateway.ts";
import { ok, post, type HttpResult, subscribe, succeeded } from "./support/client.ts";
import { startCluster } from "./support/cluster.ts";

const cluster = await startCluster();
const primary = createDatabaseClient(cluster.primaryUrl, { max: 2 });
afterAll(async () => {
  await primary.close();
  await cluster.close();
});

const [gatewayA, gatewayB] = cluster.gateways.map((gateway) => gateway.url);
const DAY = new Date().toISOString().slice(0, 10);
const CREATE_HABIT = `mutation ($input: CreateHabitInput!) { createHabit(input: $input) { id } }`;
const TODAY_HABITS = `query ($date: Date) { today(date: $date) { habits { habit { id name } completed } } }`;
const SUBSCRIBE = `subscription ($date: Date!) { todayChanged(date: $date) { date sections eventTypes sequence } }`;

/** The row id inside a Relay global id (base64 of `Type:uuid`). */
const uuidOf = (globalId: string) => Buffer.from(globalId, "base64").toString("utf8").split(":")[1];

const newUser = () => createTestUser(primary.prisma, { timezone: "UTC" });

/** Transactions the replica has run in the cluster's database (pg_stat_database, read on the replica itself). */
async function replicaTransactions(): Promise<number> {
  const client = new pg.Client({ connectionString: cluster.replicaUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: string }>(
      "SELECT xact_commit + xact_rollback AS n FROM pg_stat_database WHERE datname = current_database()",
    );
    return Number(rows[0].n);
  } finally {
    await client.end();
  }
}

/** db_reads_total summed over both gateways, by `pool:reason` (src/http/metrics.ts). */
async function readsByRoute(): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const gateway of cluster.gateways) {
    const text = await (await fetch(`${gateway.url}/metrics`)).text();
    for (const match of text.matchAll(/^db_reads_total\{pool="(\w+)",reason="(\w+)"\} (\d+)/gm)) {
      const key = `${match[1]}:${match[2]}`;
      counts.set(key, (counts.get(key) ?? 0) + Number(match[3]));
    }
  }
  return counts;
}

const routeDelta = (before: Map<string, number>, after: Map<string, number>): Record<string, number> =>
  Object.fromEntries([...after].map(([key, count]) => [key, count - (before.get(key) ?? 0)]).filter(([, count]) => Number(count) > 0));

/** Runs `work` `total` times, `concurrency` at a time; returns the results in order. */
async function inBatches<T>(total: number, concurrency: number, work: (index: number) => Promise<T>): Promise<T[]> {
  const results: T[] = new Array(total);
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        const index = next++;
        results[index] = await work(index);
      }
    }),
  );
  return results;
}

const describeResult = (result: HttpResult) =>
  `${result.status} ${result.networkError ?? JSON.stringify(result.body?.errors ?? result.body)}`;

/** What went wrong in `entries` (a drill's requests, in order): each failed one's description. */
const failuresIn = (entries: { ok: boolean; detail: string }[]) => entries.filter((entry) => !entry.ok).map((entry) => entry.detail);

describe("read-your-writes across instances", () => {
  it("40 writes on one gateway, each read at once on the other: every read shows its write", async () => {
    const user = await newUser();
    const routesBefore = await readsByRoute();
    const stale: string[] = [];
    for (let i = 0; i < 40; i += 1) {
      const [writer, reader] = i % 2 === 0 ? [gatewayA, gatewayB] : [gatewayB, gatewayA];
      const { createHabit } = await ok(writer, CREATE_HABIT, { input: { name: `pair ${i}` } }, user.token);
      const { today } = await ok(reader, TODAY_HABITS, { date: DAY }, user.token);
      const ids = today.habits.map((entry: { habit: { id: string } }) => entry.habit.id);
      if (!ids.includes(createHabit.id)) stale.push(`pair ${i}`);
      expect(ids).toHaveLength(i + 1);
    }
    expect(stale).toEqual([]);
    // Where the 80 operations went: writes to the primary; each read to the replica once it had
    // replayed the write (caught_up), else to the primary (ryw; lag or down when the replica fell behind).
    const routes = routeDelta(routesBefore, await readsByRoute());
    console.info(`40 write→read pairs: routes ${JSON.stringify(routes)}`);
    expect(routes["primary:write"]).toBe(40);
    expect(Object.values(routes).reduce((sum, count) => sum + count, 0)).toBe(80);
    expect(routes["replica:fresh"] ?? 0).toBe(0);
  });

  it("200 Today reads through HAProxy and PgBouncer, 10 at a time: 0 errors, and the replica serves reads", async () => {
    const users = await Promise.all(Array.from({ length: 10 }, newUser));
    const before = await replicaTransactions();
    const routesBefore = await readsByRoute();
    const results = await inBatches(200, 10, (index) => post(cluster.url, TODAY_HABITS, { date: DAY }, users[index % users.length].token));
    const failures = results.filter((result) => !succeeded(result)).map(describeResult);
    expect(failures).toEqual([]);
    const routes = routeDelta(routesBefore, await readsByRoute());
    console.info(`200 reads: routes ${JSON.stringify(routes)}`);
    expect(routes["replica:fresh"]).toBeGreaterThanOrEqual(100);
    // The replica's own count agrees: each read there is at least one transaction. A backend reports
    // its counts when idle, at most once a second and up to 10 s late (PostgreSQL 15): poll for them.
    let served = 0;
    for (const until = Date.now() + 15_000; ; await new Promise((resolve) => setTimeout(resolve, 250))) {
      served = (await replicaTransactions()) - before;
      if (served >= 100 || Date.now() > until) break;
    }
    expect(served).toBeGreaterThanOrEqual(100);
  });
});

describe("live Today across instances", () => {
  it("a todayChanged subscription on gateway A hears a change made through gateway B", async () => {
    const user = await newUser();
    const subscription = await subscribe(gatewayA, SUBSCRIBE, { date: DAY }, user.token);
    try {
      const first = subscription.next().catch(() => null);
      // Give A's Redis SUBSCRIBE its round trip before the write (the bus has no history).
      await new Promise((resolve) => setTimeout(resolve, 500));
      const { createHabit } = await ok(gatewayB, CREATE_HABIT, { input: { name: "heard on A" } }, user.token);
      expect(createHabit.id).toBeTruthy();
      const timeout = new Promise<null>((resolve) => setTimeout(() => resolve(null), 15_000));
      const message = await Promise.race([first, timeout]);
      expect(message?.data?.data?.todayChanged).toMatchObject({ date: DAY, eventTypes: expect.arrayContaining(["habit.created"]) });
    } finally {
      subscription.close();
    }
  });
});

describe("failure drills", () => {
  it("PgBouncer restarts: requests recover without restarting a gateway", async () => {
    const user = await newUser();
    const pids = cluster.gateways.map((gateway) => gateway.service.pid);
    const stop = { at: 0, upAt: 0 };
    const log: { at: number; ok: boolean; detail: string }[] = [];
    let running = true;
    const load = (async () => {
      let i = 0;
      while (running) {
        const result = await post(
          cluster.url,
          i % 3 === 0 ? CREATE_HABIT : TODAY_HABITS,
          i % 3 === 0 ? { input: { name: `during restart ${i}` } } : { date: DAY },
          user.token,
          5_000,
        );
        log.push({ at: Date.now(), ok: succeeded(result), detail: describeResult(result) });
        i += 1;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();
    await new Promise((resolve) => setTimeout(resolve, 500));
    stop.at = Date.now();
    await cluster.restartPooler();
    stop.upAt = Date.now();
    // Recovered: the load runs on for 3 s after PgBouncer is back.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    running = false;
    await load;
    const failedAfterUp = log.filter((entry) => !entry.ok && entry.at > stop.upAt);
    const lastFailure = failedAfterUp.at(-1);
    const recoveryMs = lastFailure ? lastFailure.at - stop.upAt : 0;
    console.info(
      `pgbouncer restart: ${log.length} requests, ${log.filter((entry) => !entry.ok).length} failed (${failedAfterUp.length} after it was back up), ` +
        `down for ${stop.upAt - stop.at} ms, last failure ${recoveryMs} ms after it was back`,
    );
    // Recovered: the load's last 5 requests (of the 3 s after PgBouncer was back) all succeeded.
    expect(log.filter((entry) => entry.at > stop.upAt).length).toBeGreaterThanOrEqual(5);
    expect(failuresIn(log.slice(-5))).toEqual([]);
    expect(recoveryMs).toBeLessThan(2_000);
    expect(cluster.gateways.map((gateway) => gateway.service.pid)).toEqual(pids);
    expect(cluster.gateways.every((gateway) => gateway.service.alive)).toBe(true);
  });

  it("the replica stops: reads fall back to the primary within a second, no 5xx", async () => {
    const users = await Promise.all(Array.from({ length: 4 }, newUser));
    await cluster.stopReplica();
    const stoppedAt = Date.now();
    const results: { at: number; result: HttpResult }[] = [];
    try {
      const deadline = stoppedAt + 2_500;
      await Promise.all(
        users.map(async (user) => {
          while (Date.now() < deadline) {
            const result = await post(cluster.url, TODAY_HABITS, { date: DAY }, user.token, 5_000);
            results.push({ at: Date.now(), result });
          }
        }),
      );
    } finally {
      await cluster.startReplica();
    }
    const failed = results.filter(({ result }) => !succeeded(result));
    const firstOk = results.find(({ result }) => succeeded(result));
    console.info(
      `replica stopped: ${results.length} reads in 2.5 s, ${failed.length} failed, first good answer ${firstOk ? firstOk.at - stoppedAt : "never"} ms after the stop`,
    );
    expect(results.filter(({ result }) => result.status >= 500).map(({ result }) => describeResult(result))).toEqual([]);
    expect(failed.map(({ result }) => describeResult(result))).toEqual([]);
    expect(firstOk!.at - stoppedAt).toBeLessThan(1_000);
    // Every read of the last second was answered.
    expect(results.filter(({ at }) => at > stoppedAt + 1_500).length).toBeGreaterThan(4);
  });

  it("kill -9 one gateway under a write load: HAProxy moves traffic, 0 acknowledged writes lost", async () => {
    const writers: TestUser[] = await Promise.all(Array.from({ length: 6 }, newUser));
    const acknowledged = new Map<string, string>();
    const outcomes: { at: number; ok: boolean; detail: string }[] = [];
    let running = true;
    let killedAt = 0;
    const load = Promise.all(
      writers.map(async (user, w) => {
        for (let i = 0; running; i += 1) {
          const name = `w${w}-${i}`;
          const result = await post(cluster.url, CREATE_HABIT, { input: { name } }, user.token, 5_000);
          outcomes.push({ at: Date.now(), ok: succeeded(result), detail: describeResult(result) });
          if (succeeded(result)) acknowledged.set(uuidOf(result.body!.data!.createHabit.id), name);
        }
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    killedAt = Date.now();
    await cluster.killGateway(0);
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    running = false;
    await load;

    const failed = outcomes.filter((outcome) => !outcome.ok);
    const afterKill = outcomes.filter((outcome) => outcome.at > killedAt);
    const lastFailure = failed.at(-1);
    console.info(
      `kill -9: ${outcomes.length} writes (${afterKill.length} after the kill), ${acknowledged.size} acknowledged, ${failed.length} failed` +
        `${lastFailure ? `, the last ${lastFailure.at - killedAt} ms after the kill: ${lastFailure.detail}` : ""}`,
    );
    // Traffic moved: writes went on after the kill, and the last 10 all succeeded (on the surviving gateway).
    expect(afterKill.length).toBeGreaterThanOrEqual(10);
    expect(failuresIn(outcomes.slice(-10))).toEqual([]);
    // Every acknowledged write is in the primary.
    const stored = await primary.prisma.habit.findMany({
      where: { id: { in: [...acknowledged.keys()] } },
      select: { id: true, name: true },
    });
    expect(stored.length).toBe(acknowledged.size);
    for (const row of stored) expect(row.name).toBe(acknowledged.get(row.id));

    // The killed gateway comes back and HAProxy sends it traffic again.
    await cluster.startGateway(0);
    const user = writers[0];
    const after = await inBatches(20, 4, () => post(cluster.url, TODAY_HABITS, { date: DAY }, user.token));
    expect(after.filter((result) => !succeeded(result)).map(describeResult)).toEqual([]);
  });
});
