// The projector (src/projector/projector.ts, src/domain/projection.ts): the outbox drained in
// projection order (tx_id, id) below the oldest running transaction, one worker per name, the
// cursor moved only after the sink resolved, replays harmless, lag visible.
//
// PGlite has a single backend (and the embedded pool one connection): two transactions never
// run at the same time there, so "commits out of id order" and "two workers at once" cannot
// happen on it. On PGlite these tests show the honest equivalents (a transaction's own events
// are not read while it runs; a second worker queues behind the first and never redelivers);
// with TEST_DATABASE_URL they run the real races on two connections.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { createDatabaseClient, type DatabaseClient } from "../src/db/client.ts";
import { recordDecisionShown } from "../src/domain/behavior.ts";
import { settledEventsAfter } from "../src/domain/projection.ts";
import { Projector } from "../src/projector/projector.ts";
import type { OutboxEvent, ProjectorSink } from "../src/projector/sink.ts";
import { embeddedOutboxWakeups, listenForOutbox, type OutboxWakeups } from "../src/projector/wakeups.ts";
import { testDatabaseUrl, withDatabaseName } from "./support/env.ts";
import { expectRolledBackLeavesNoEvent } from "./support/event-assertions.ts";
import { codeOf, startGatewayWithUsers, type TestUser } from "./support/gateway.ts";

const { t, a, b, admin } = await startGatewayWithUsers({ admin: true });
const onPostgres = t.database.kind === "postgres";
const SHOWN = `mutation ($input: RecordDecisionShownInput!) { recordDecisionShown(input: $input) { id } }`;
const STATUS = `{ projectorStatus { projector lastProcessedId lastProcessedAt eventsProcessed lagEvents lagSeconds } }`;

let sinkCounter = 0;

/** A sink that counts deliveries per event id and applies each id's effect once (idempotent by id). */
function countingSink(name = `test-${++sinkCounter}`) {
  const deliveries = new Map<bigint, number>();
  const effects: bigint[] = [];
  const sink: ProjectorSink & { deliveries: typeof deliveries; effects: typeof effects } = {
    name,
    deliveries,
    effects,
    async apply(events: readonly OutboxEvent[]) {
      for (const event of events) {
        deliveries.set(event.id, (deliveries.get(event.id) ?? 0) + 1);
        if (!effects.includes(event.id)) effects.push(event.id);
      }
    },
  };
  return sink;
}

async function show(user: TestUser, key = "k") {
  await t.ok(SHOWN, { input: { decisionKey: key, surface: "today" } }, { token: user.token });
}

async function newestId(): Promise<bigint> {
  return (await t.prisma.behaviorOutbox.aggregate({ _max: { id: true } }))._max.id ?? 0n;
}

/** Every outbox id in projection order (tx_id, id): id order unless transactions overlapped. */
async function projectionOrder(): Promise<Array<{ id: bigint }>> {
  return t.prisma.$queryRaw<Array<{ id: bigint }>>`SELECT id FROM behavior_outbox ORDER BY tx_id, id`;
}

async function cursorOf(name: string) {
  return t.prisma.behaviorProjectionState.findUnique({ where: { projector: name } });
}

/** Outbox rows after `name`'s cursor, read the way projectorStatus does. */
async function lagOf(name: string): Promise<number> {
  const data = await t.ok(STATUS, {}, { token: admin.token });
  const row = data.projectorStatus.find((status: { projector: string }) => status.projector === name);
  return row ? Number(row.lagEvents) : Number.NaN;
}

/**
 * Steps until nothing is left after the cursor. On a shared PostgreSQL server another
 * session's open transaction can hold the settled bound back for a moment, so this retries a
 * bounded number of times instead of trusting one idle step.
 */
async function drainAll(projector: Projector): Promise<void> {
  for (let attempt = 0; attempt < 400; attempt += 1) {
    const result = await projector.step();
    if (result.status === "applied") continue;
    if ((await lagOf(projector.name)) === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`${projector.name} did not catch up`);
}

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((done) => (resolve = done));
  return { promise, resolve };
}

describe("the outbox", () => {
  it("is written in the action's transaction: a failing domain write leaves no event, and nothing to project", async () => {
    const sink = countingSink();
    const projector = new Projector(t.prisma, sink);
    await drainAll(projector);
    const delivered = sink.effects.length;
    await expectRolledBackLeavesNoEvent(t.prisma, a.userId, (tx) =>
      recordDecisionShown(tx, { userId: a.userId, timezone: "UTC" }, { decisionKey: "rolled_back", surface: "today" }),
    );
    // A refused mutation (bad input) writes nothing either.
    const before = await t.prisma.behaviorOutbox.count();
    expect(codeOf(await t.graphql(SHOWN, { input: { decisionKey: "Bad Key!", surface: "today" } }, { token: a.token }))).toBe(
      "BAD_USER_INPUT",
    );
    expect(await t.prisma.behaviorOutbox.count()).toBe(before);
    await drainAll(projector);
    expect(sink.effects.length).toBe(delivered);
    expect(
      await t.prisma.behaviorOutbox.count({
        where: { eventType: "decision.shown", payload: { path: ["decisionKey"], equals: "rolled_back" } },
      }),
    ).toBe(0);
  });
});

describe("draining", () => {
  it("delivers every event once, in batches, in order, and moves the cursor and the counters", async () => {
    for (let i = 0; i < 7; i += 1) await show(i % 2 ? a : b, `batch_${i}`);
    const sink = countingSink();
    const projector = new Projector(t.prisma, sink, { batchSize: 3 });
    const batches: number[] = [];
    for (let i = 0; i < 400; i += 1) {
      const result = await projector.step();
      if (result.status === "applied") batches.push(result.count);
      else if ((await lagOf(sink.name)) === 0) break;
    }
    const all = await projectionOrder();
    expect(sink.effects).toEqual(all.map((row) => row.id));
    expect([...sink.deliveries.values()].every((n) => n === 1)).toBe(true);
    expect(batches.every((n) => n <= 3)).toBe(true);
    expect(batches.reduce((sum, n) => sum + n, 0)).toBe(all.length);
    const state = await cursorOf(sink.name);
    expect(state?.lastProcessedId).toBe(all[all.length - 1].id);
    expect(state?.eventsProcessed).toBe(BigInt(all.length));
    expect((await projector.step()).status).toBe("idle");
  });

  it("shows lag and throughput in projectorStatus (admin only) and on /metrics", async () => {
    const sink = countingSink();
    const projector = new Projector(t.prisma, sink);
    await drainAll(projector);
    await show(a, "lagging_1");
    await show(a, "lagging_2");
    const behind = (await t.ok(STATUS, {}, { token: admin.token })).projectorStatus.find((s: any) => s.projector === sink.name);
    expect(behind.lagEvents).toBe("2");
    expect(behind.lagSeconds).toBeGreaterThanOrEqual(0);
    const processedBefore = Number(behind.eventsProcessed);

    const metrics = await (await t.gateway.fetch("http://test.local/metrics")).text();
    expect(metrics).toContain(`behavior_projector_lag_events{projector="${sink.name}"} 2`);
    expect(metrics).toContain(`behavior_projector_events_processed{projector="${sink.name}"} ${processedBefore}`);
    expect(metrics).toMatch(new RegExp(`behavior_projector_lag_seconds\\{projector="${sink.name}"\\} [0-9.e-]+`));

    await drainAll(projector);
    const caughtUp = (await t.ok(STATUS, {}, { token: admin.token })).projectorStatus.find((s: any) => s.projector === sink.name);
    expect(caughtUp).toMatchObject({ lagEvents: "0", lagSeconds: 0, eventsProcessed: String(processedBefore + 2) });
    expect(caughtUp.lastProcessedId).toBe((await newestId()).toString());

    expect(codeOf(await t.graphql(STATUS, {}, { token: a.token }))).toBe("FORBIDDEN");
    expect(codeOf(await t.graphql(STATUS))).toBe("UNAUTHENTICATED");
  });
});

describe("transactions committing out of id order", () => {
  it("never reads a running transaction's events, even the transaction itself (both databases)", async () => {
    await t.prisma.$transaction(async (tx) => {
      await recordDecisionShown(tx, { userId: a.userId, timezone: "UTC" }, { decisionKey: "in_flight", surface: "today" });
      const own = await tx.behaviorOutbox.findFirstOrThrow({ where: { userId: a.userId }, orderBy: { id: "desc" } });
      // Visible to its own transaction, but not settled: its tx_id is not below the snapshot's xmin.
      const settled = await settledEventsAfter(tx, null, 100_000);
      expect(settled.map((event) => event.id)).not.toContain(own.id);
      expect(settled.length).toBeGreaterThan(0);
    });
  });

  it.runIf(onPostgres)("skips no event when a later id commits first (two connections, PostgreSQL)", async () => {
    const sink = countingSink();
    const projector = new Projector(t.prisma, sink);
    await drainAll(projector);
    const actorA = { userId: a.userId, timezone: "UTC" };
    const actorB = { userId: b.userId, timezone: "UTC" };

    // B takes its transaction id first (so the smaller one), A inserts its event first (so the
    // smaller outbox id), B inserts and commits, A is still running.
    const bHasXid = deferred();
    const aInserted = deferred();
    const releaseA = deferred();
    let aEventId = 0n;
    let bEventId = 0n;
    const txB = t.prisma.$transaction(async (tx) => {
      await tx.$queryRaw`SELECT pg_current_xact_id()::text`;
      bHasXid.resolve();
      await aInserted.promise;
      await recordDecisionShown(tx, actorB, { decisionKey: "late_id_early_commit", surface: "today" });
      bEventId = (await tx.behaviorOutbox.findFirstOrThrow({ where: { userId: b.userId }, orderBy: { id: "desc" } })).id;
    });
    const txA = t.prisma.$transaction(async (tx) => {
      await bHasXid.promise;
      await recordDecisionShown(tx, actorA, { decisionKey: "early_id_late_commit", surface: "today" });
      aEventId = (await tx.behaviorOutbox.findFirstOrThrow({ where: { userId: a.userId }, orderBy: { id: "desc" } })).id;
      aInserted.resolve();
      await releaseA.promise;
    });
    await txB;
    expect(aEventId).toBeLessThan(bEventId);

    // B's event (the larger id) is settled while A runs: it is delivered, A's is not.
    for (let i = 0; i < 400 && !sink.deliveries.has(bEventId); i += 1) {
      const result = await projector.step();
      if (result.status !== "applied") await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect(sink.deliveries.get(bEventId)).toBe(1);
    expect(sink.deliveries.has(aEventId)).toBe(false);
    // A reader keeping only an id cursor would now be past A's event for good.
    const cursor = await cursorOf(sink.name);
    expect(cursor?.lastProcessedId).toBe(bEventId);
    expect(aEventId).toBeLessThan(cursor!.lastProcessedId!);

    releaseA.resolve();
    await txA;
    await drainAll(projector);
    expect(sink.deliveries.get(aEventId)).toBe(1);
    expect(sink.deliveries.get(bEventId)).toBe(1);
    expect(sink.effects.indexOf(bEventId)).toBeLessThan(sink.effects.indexOf(aEventId));
  });
});

describe("a crash between the sink and the cursor", () => {
  it("replays the batch, and an idempotent sink applies each event once", async () => {
    const inner = countingSink();
    // The projector on its own connection (on PostgreSQL), so that connection can be killed.
    const own: DatabaseClient = onPostgres ? createDatabaseClient(t.database.url, { max: 1 }) : t.db;
    try {
      const settle = new Projector(own.prisma, inner);
      await drainAll(settle);
      await show(a, "crash_1");
      await show(b, "crash_2");
      const before = await cursorOf(inner.name);
      const seen = new Set(inner.deliveries.keys());
      const pid = onPostgres ? (await own.pool.query<{ pid: number }>("SELECT pg_backend_pid() AS pid")).rows[0].pid : 0;
      let crashes = 0;
      const crashing: ProjectorSink = {
        name: inner.name,
        async apply(events) {
          await inner.apply(events);
          if (crashes > 0) return;
          crashes += 1;
          // The worker dies here: its session is killed (PostgreSQL) or its transaction aborts (PGlite).
          if (onPostgres) await t.db.pool.query("SELECT pg_terminate_backend($1)", [pid]);
          else throw new Error("killed after the sink, before the cursor");
        },
      };
      const projector = new Projector(own.prisma, crashing);
      let failed = false;
      for (let i = 0; i < 400 && !failed; i += 1) {
        try {
          const result = await projector.step();
          if (result.status !== "applied") await new Promise((resolve) => setTimeout(resolve, 25));
        } catch {
          failed = true;
        }
      }
      expect(failed).toBe(true);
      const replayed = [...inner.deliveries.keys()].filter((id) => !seen.has(id));
      expect(replayed.length).toBeGreaterThan(0);
      // The cursor did not move.
      expect(await cursorOf(inner.name)).toEqual(before);

      await drainAll(projector);
      for (const id of replayed) expect(inner.deliveries.get(id)).toBe(2);
      expect(new Set(inner.effects).size).toBe(inner.effects.length);
      const all = await projectionOrder();
      expect(inner.effects).toEqual(all.map((row) => row.id));
      expect((await cursorOf(inner.name))?.eventsProcessed).toBe(BigInt(all.length));
    } finally {
      if (own !== t.db) await own.close();
    }
  });
});

describe("two projectors on one name", () => {
  it("never deliver an event twice", async () => {
    for (let i = 0; i < 12; i += 1) await show(i % 2 ? a : b, `race_${i}`);
    const shared = countingSink();
    const clients: DatabaseClient[] = onPostgres
      ? [createDatabaseClient(t.database.url, { max: 2 }), createDatabaseClient(t.database.url, { max: 2 })]
      : [t.db, t.db];
    try {
      // A sink that yields while applying, so the two workers' batches overlap in time.
      const slow: ProjectorSink = {
        name: shared.name,
        async apply(events) {
          await new Promise((resolve) => setTimeout(resolve, 5));
          await shared.apply(events);
        },
      };
      const workers = clients.map((client) => new Projector(client.prisma, slow, { batchSize: 2 }));
      const statuses: string[] = [];
      await Promise.all(
        workers.map(async (worker) => {
          for (let i = 0; i < 400; i += 1) {
            const result = await worker.step();
            statuses.push(result.status);
            if (result.status !== "applied" && (await lagOf(shared.name)) === 0) return;
          }
        }),
      );
      const all = await projectionOrder();
      expect([...shared.deliveries.entries()].filter(([, n]) => n !== 1)).toEqual([]);
      expect(shared.effects).toEqual(all.map((row) => row.id));
      expect((await cursorOf(shared.name))?.eventsProcessed).toBe(BigInt(all.length));
      if (onPostgres) {
        // Deterministically: while one worker holds the name, the other is told it is busy.
        await show(a, "race_held");
        const held = deferred();
        const entered = deferred();
        const blocking: ProjectorSink = {
          name: shared.name,
          async apply(events) {
            entered.resolve();
            await held.promise;
            await shared.apply(events);
          },
        };
        const first = new Projector(clients[0].prisma, blocking);
        let running: Promise<unknown> = Promise.resolve();
        for (let i = 0; i < 400; i += 1) {
          running = first.step();
          const outcome = await Promise.race([entered.promise.then(() => "entered"), running.then(() => "done")]);
          if (outcome === "entered") break;
          await new Promise((resolve) => setTimeout(resolve, 25));
        }
        expect((await new Projector(clients[1].prisma, slow).step()).status).toBe("busy");
        held.resolve();
        expect(await running).toMatchObject({ status: "applied", count: 1 });
      }
    } finally {
      if (onPostgres) await Promise.all(clients.map((client) => client.close()));
    }
  });
});

describe("advanceProjection and the projector", () => {
  it("an admin advance moves the projector's position: it resumes after the target", async () => {
    const sink = countingSink();
    const projector = new Projector(t.prisma, sink);
    await drainAll(projector);
    await show(a, "skipped");
    const skipped = await newestId();
    await show(a, "after_skip");
    const ADVANCE = `mutation ($p: String!, $to: ID!) { advanceProjection(projector: $p, lastProcessedId: $to) { lastProcessedId } }`;
    await t.ok(ADVANCE, { p: sink.name, to: skipped.toString() }, { token: admin.token });
    await drainAll(projector);
    expect(sink.deliveries.has(skipped)).toBe(false);
    expect(sink.deliveries.get(await newestId())).toBe(1);
  });
});

describe("waking at commit", () => {
  /** The wake-up source of this database: LISTEN on its own connection (PostgreSQL), or the embedded pool's. */
  function wakeupsOf(): Promise<OutboxWakeups> {
    return onPostgres ? listenForOutbox(t.database.url) : embeddedOutboxWakeups(t.db.pool);
  }

  it("one notification per committed transaction that appended events, none for a rolled-back one", async () => {
    const wakeups = await wakeupsOf();
    try {
      const heard = () => wakeups.notifications;
      // A completed habit appends several events (habit.completed, points, …) in one transaction.
      const created = heard();
      const habit = (await t.ok(`mutation { createHabit(input: { name: "Wake" }) { id } }`, {}, { token: a.token })).createHabit.id;
      await waitFor(() => heard() > created); // habit.created
      const before = heard();
      const eventsBefore = await t.prisma.behaviorOutbox.count();
      await t.ok(`mutation ($id: ID!) { completeHabit(habitId: $id) { becameDone } }`, { id: habit }, { token: a.token });
      expect(await t.prisma.behaviorOutbox.count()).toBeGreaterThan(eventsBefore + 1);
      await waitFor(() => heard() > before);

      await expectRolledBackLeavesNoEvent(t.prisma, a.userId, (tx) =>
        recordDecisionShown(tx, { userId: a.userId, timezone: "UTC" }, { decisionKey: "never_notified", surface: "today" }),
      );
      // A later commit's notification arrives after any the rolled-back one could have sent.
      await show(b, "after_rollback");
      await waitFor(() => heard() > before + 1);
      // Exactly one for the completion's transaction, whatever its number of events, and none for the rollback.
      expect(heard()).toBe(before + 2);
    } finally {
      await wakeups.close();
    }
  });

  it("the run loop delivers on the notification, long before its poll would (poll every 60 s)", async () => {
    const wakeups = await wakeupsOf();
    const sink = countingSink();
    const projector = new Projector(t.prisma, sink);
    await drainAll(projector);
    const stop = new AbortController();
    const running = projector.run(stop.signal, { pollMs: 60_000, wakeups });
    try {
      for (let i = 0; i < 3; i += 1) {
        await show(i % 2 ? a : b, `woken_${i}`);
        const id = await newestId();
        await waitFor(() => sink.deliveries.has(id));
        expect(sink.deliveries.get(id)).toBe(1);
      }
      // Nothing came from a poll: every step after the first was started by a notification.
      expect(projector.wakes.polled).toBe(0);
      expect(projector.wakes.notified).toBeGreaterThanOrEqual(1);
      expect(wakeups.notifications).toBeGreaterThanOrEqual(3);
      const all = await projectionOrder();
      expect(sink.effects).toEqual(all.map((row) => row.id));
    } finally {
      stop.abort();
      await running;
      await wakeups.close();
    }
  });
});

/** Resolves once `condition` holds (checked every 10 ms, for at most 20 s). */
async function waitFor(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 2000; i += 1) {
    if (condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error("condition not met in 20 s");
}

describe("a write transaction open in another database on the same server", () => {
  it.runIf(onPostgres)("does not hold delivery back (PostgreSQL: the settled horizon ignores other databases)", async () => {
    const server = testDatabaseUrl()!;
    const name = `test_other_${randomBytes(4).toString("hex")}`;
    const admin = new pg.Client({ connectionString: server.toString() });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
    const other = new pg.Client({ connectionString: withDatabaseName(server, name) });
    await other.connect();
    try {
      const sink = countingSink();
      const projector = new Projector(t.prisma, sink);
      await drainAll(projector);
      // The other database's transaction takes its id first, and stays open.
      await other.query("BEGIN");
      await other.query("CREATE TABLE held (x int)");
      const held = (await other.query<{ xid: string }>("SELECT pg_current_xact_id()::text AS xid")).rows[0].xid;
      await show(a, "while_other_db_writes");
      const id = await newestId();
      // The old horizon (the server-wide oldest running transaction) would stop below this event.
      const [old] = await t.prisma.$queryRaw<Array<{ xmin: string; tx: string }>>`
        SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS xmin, (SELECT tx_id::text FROM behavior_outbox WHERE id = ${id}) AS tx`;
      expect(BigInt(old.xmin)).toBeLessThanOrEqual(BigInt(held));
      expect(BigInt(old.tx)).toBeGreaterThan(BigInt(held));
      // One step delivers it, the other transaction still open.
      expect(await projector.step()).toMatchObject({ status: "applied", lastId: id });
      expect(sink.deliveries.get(id)).toBe(1);
      expect((await other.query<{ open: boolean }>("SELECT pg_current_xact_id_if_assigned() IS NOT NULL AS open")).rows[0].open).toBe(true);
    } finally {
      await other.query("ROLLBACK").catch(() => undefined);
      await other.end();
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end();
    }
  });
});
