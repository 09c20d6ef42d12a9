// Live Today: `todayChanged(date)` over SSE through `yoga.fetch`, fed by the projector's live
// sink (src/projector/live.ts) — in process, and over Redis pub/sub between two gateways.
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { hashToken, newSessionToken } from "../src/auth/session.ts";
import { encodeId } from "../src/graphql/ids.ts";
import { watchSession } from "../src/auth/session-watch.ts";
import { Projector } from "../src/projector/projector.ts";
import { createLiveSink } from "../src/projector/live.ts";
import { createMemoryBus, createRedisBus, type LiveBus } from "../src/projector/pubsub.ts";
import { createGateway, type Gateway } from "../src/server.ts";
import { startGatewayWithUsers, type TestUser } from "./support/gateway.ts";
import { sseReader, type SseMessage } from "./support/sse.ts";

const { t, a, b } = await startGatewayWithUsers();
const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";

const SUBSCRIBE = `subscription ($date: Date!) { todayChanged(date: $date) { date sections eventTypes sequence } }`;
const CREATE_HABIT = `mutation ($input: CreateHabitInput!) { createHabit(input: $input) { id } }`;
const COMPLETE = `mutation ($habitId: ID!, $day: Date) { completeHabit(habitId: $habitId, day: $day) { becameDone } }`;
const DAY = new Date().toISOString().slice(0, 10);

/** Whether Redis answers (the cross-instance tests skip without it); the probe also counts a topic's subscribers. */
const probe = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: 1000, retryStrategy: () => null });
probe.on("error", () => {});
const redisUp = await probe
  .connect()
  .then(() => probe.ping())
  .then(() => true)
  .catch(() => false);
afterAll(() => probe.quit().catch(() => {}));

/** A document through `gateway` (its context carries the gateway's bus), as `token`; fails the test on an error. */
async function through(gateway: Gateway, query: string, variables: Record<string, unknown>, token?: string) {
  const response = await gateway.fetch("http://test.local/graphql", {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: unknown; errors?: unknown[] };
  expect(body.errors).toBeUndefined();
  return body.data;
}

/** Opens the subscription over SSE; `next()` reads the next event (comments/pings skipped), null at the end. */
async function subscribe(gateway: Gateway, user: TestUser | null, date = DAY) {
  const response = await gateway.fetch("http://test.local/graphql", {
    method: "POST",
    headers: {
      accept: "text/event-stream",
      "content-type": "application/json",
      ...(user ? { authorization: `Bearer ${user.token}` } : {}),
    },
    body: JSON.stringify({ query: SUBSCRIBE, variables: { date } }),
  });
  expect(response.headers.get("content-type")).toContain("text/event-stream");
  const stream = sseReader(response.body!);
  return { next: stream.next, close: stream.cancel };
}

/** Lets the subscription's pull start (the pub/sub listener is attached when the stream is first read). */
async function settle() {
  for (let i = 0; i < 5; i += 1) await new Promise((resolve) => setImmediate(resolve));
}

type Subscription = Awaited<ReturnType<typeof subscribe>>;

/** Reads messages until one carries `eventType` (at most `max`); returns every message read. */
async function readUntil(sub: Subscription, eventType: string, first?: Promise<SseMessage | null>, max = 10): Promise<SseMessage[]> {
  const seen: SseMessage[] = [];
  for (let i = 0; i < max; i += 1) {
    const message = i === 0 && first ? await first : await sub.next();
    if (!message) break;
    seen.push(message);
    if (message.data?.data?.todayChanged?.eventTypes.includes(eventType)) return seen;
  }
  throw new Error(`no ${eventType} change in ${JSON.stringify(seen)}`);
}

async function newHabit(user: TestUser): Promise<string> {
  return (await t.ok(CREATE_HABIT, { input: { name: "Stretch" } }, { token: user.token })).createHabit.id;
}

/** Runs the live projector until the outbox is drained (bounded: another session may hold the settled bound back). */
async function project(projector: Projector) {
  for (let i = 0; i < 400; i += 1) {
    const result = await projector.step();
    if (result.status === "applied") continue;
    const newest = (await t.prisma.behaviorOutbox.aggregate({ _max: { id: true } }))._max.id;
    const state = await t.prisma.behaviorProjectionState.findUnique({ where: { projector: projector.name } });
    const behind = await t.prisma.$queryRaw<Array<{ n: number }>>`
      SELECT count(*)::int AS n FROM behavior_outbox o, behavior_projection_state s
      WHERE s.projector = ${projector.name} AND (o.tx_id, o.id) > (s.last_processed_tx_id, s.last_processed_id)`;
    if (newest === null || (state?.lastProcessedId != null && behind[0].n === 0)) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error("the live projector did not catch up");
}

let projectorCounter = 0;

function liveProjector(bus: LiveBus): Projector {
  return new Projector(t.prisma, createLiveSink(bus, `live-test-${++projectorCounter}`));
}

describe("todayChanged over SSE (in-process bus)", () => {
  const bus = createMemoryBus();
  const gateway = createGateway({ live: bus });

  it("refuses an anonymous subscription (UNAUTHENTICATED)", async () => {
    const sub = await subscribe(gateway, null);
    const first = await sub.next();
    expect(first?.event).toBe("next");
    expect(first?.data.errors[0].extensions.code).toBe("UNAUTHENTICATED");
    expect(first?.data.data ?? null).toBeNull();
  });

  it("pushes the signed-in user's own change after a habit completion is projected, never another user's", async () => {
    const projector = liveProjector(bus);
    const habitA = await newHabit(a);
    const habitB = await newHabit(b);
    await project(projector);

    const sub = await subscribe(gateway, a);
    const pending = sub.next();
    await settle();
    // B's completion is projected first: A's stream must not carry it.
    await t.ok(COMPLETE, { habitId: habitB, day: DAY }, { token: b.token });
    await project(projector);
    await t.ok(COMPLETE, { habitId: habitA, day: DAY }, { token: a.token });
    await project(projector);

    const messages = await readUntil(sub, "habit.completed", pending);
    const bEvents = await t.prisma.behaviorOutbox.findMany({ where: { userId: b.userId }, select: { id: true } });
    const aEvents = await t.prisma.behaviorOutbox.findMany({ where: { userId: a.userId }, select: { id: true } });
    for (const message of messages) {
      expect(message.event).toBe("next");
      const change = message.data.data.todayChanged;
      expect(change.date).toBe(DAY);
      // Every message is about A's events: its last sequence is one of A's, none of B's.
      expect(aEvents.map((event) => event.id.toString())).toContain(change.sequence);
      expect(bEvents.map((event) => event.id.toString())).not.toContain(change.sequence);
    }
    const change = messages[messages.length - 1].data.data.todayChanged;
    expect(change.sections).toContain("HABITS");
    await sub.close();
  });

  it("does not push a change of another date (events naming a day other than the one subscribed)", async () => {
    const projector = liveProjector(bus);
    const habit = await newHabit(a);
    await project(projector);
    const other = await subscribe(gateway, a, "2001-01-01");
    const same = await subscribe(gateway, a);
    const received: SseMessage[] = [];
    const draining = (async () => {
      for (let message = await other.next(); message; message = await other.next()) received.push(message);
    })();
    const samePending = same.next();
    await settle();
    await t.ok(COMPLETE, { habitId: habit, day: DAY }, { token: a.token });
    await project(projector);
    const messages = await readUntil(same, "habit.completed", samePending);
    expect(messages[messages.length - 1].data.data.todayChanged.sections).toContain("HABITS");
    await settle();
    await other.close();
    await draining;
    // The completion also awarded points (events naming no day): that part reaches every date,
    // the habit completion of DAY does not reach 2001-01-01.
    expect(received.length).toBeGreaterThan(0);
    for (const seen of received) {
      expect(seen.data.data.todayChanged.date).toBe("2001-01-01");
      expect(seen.data.data.todayChanged.eventTypes).not.toContain("habit.completed");
      expect(seen.data.data.todayChanged.sections).not.toContain("HABITS");
    }
    await same.close();
  });
});

describe("shutdown", () => {
  it("closing the bus completes open subscriptions, so their SSE responses end", async () => {
    const bus = createMemoryBus();
    const gateway = createGateway({ live: bus });
    const sub = await subscribe(gateway, a);
    const pending = sub.next();
    await settle();
    await bus.close();
    expect((await pending)?.event).toBe("complete");
    expect(await sub.next()).toBeNull();
  });
});

describe("todayChanged across two gateway instances (Redis pub/sub)", () => {
  it.skipIf(!redisUp)("a change projected through instance 1's bus reaches a subscriber of instance 2", async () => {
    const bus1 = createRedisBus(REDIS_URL);
    const bus2 = createRedisBus(REDIS_URL);
    try {
      const gateway1 = createGateway({ live: bus1 });
      const gateway2 = createGateway({ live: bus2 });
      const projector = liveProjector(bus1);
      const habit = await newHabit(a);
      await project(projector);

      const sub = await subscribe(gateway2, a);
      const pending = sub.next();
      // Wait until instance 2's Redis connection has subscribed to A's topic.
      for (let i = 0; i < 200; i += 1) {
        const [, count] = (await probe.pubsub("NUMSUB", `todayChanged:${a.userId}`)) as [string, number];
        if (Number(count) >= 1) break;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      // The mutation goes through instance 1; the projector publishes on instance 1's bus.
      await through(gateway1, COMPLETE, { habitId: habit, day: DAY }, a.token);
      await project(projector);
      const messages = await readUntil(sub, "habit.completed", pending);
      expect(messages[messages.length - 1].data.data.todayChanged).toMatchObject({ date: DAY });
      expect(messages[messages.length - 1].data.data.todayChanged.sections).toContain("HABITS");
      await sub.close();
    } finally {
      await bus1.close();
      await bus2.close();
    }
  });
});

describe("a stream ends with its session", () => {
  let accounts = 0;
  /** A user with a password (signUp: one password hash) and `sessions` sessions (the others made directly). */
  async function userWithSessions(sessions: number) {
    accounts += 1;
    const email = `live-end-${accounts}-${Date.now()}@example.test`;
    const password = "live-today-secret";
    const first = await t.ok(`mutation ($input: SignUpInput!) { signUp(input: $input) { token user { id } } }`, {
      input: { email, password, displayName: "Live" },
    });
    const userId: string = (await t.prisma.user.findUniqueOrThrow({ where: { email } })).id;
    const tokens = (await moreSessions({ userId, email, token: first.signUp.token }, sessions - 1)).map((session) => session.token);
    return { email, password, userId, tokens, user: (i: number): TestUser => ({ userId, email, token: tokens[i] }) };
  }

  /** The next message is the session's end: an UNAUTHENTICATED error, then the stream completes. */
  async function expectEnded(message: Promise<SseMessage | null>, sub: Subscription) {
    const last = await message;
    expect(last?.event).toBe("next");
    expect(last?.data.errors[0].extensions.code).toBe("UNAUTHENTICATED");
    expect(last?.data.data ?? null).toBeNull();
    expect((await sub.next())?.event).toBe("complete");
    expect(await sub.next()).toBeNull();
  }

  /** A stream still open: a change published for the user reaches it. */
  async function expectOpen(bus: LiveBus, userId: string, message: Promise<SseMessage | null>) {
    bus.pubSub.publish("todayChanged", userId, {
      sections: ["HABITS"],
      eventTypes: ["habit.completed"],
      days: [DAY],
      anyDay: false,
      lastSequence: "1",
    });
    const next = await message;
    expect(next?.data.data.todayChanged.eventTypes).toEqual(["habit.completed"]);
  }

  /** More sessions of `user`, made directly (no password hashing). */
  async function moreSessions(user: TestUser, count: number): Promise<TestUser[]> {
    const sessions = [user];
    for (let i = 0; i < count; i += 1) {
      const { token, tokenHash } = newSessionToken();
      await t.prisma.session.create({ data: { userId: user.userId, tokenHash, expiresAt: new Date(Date.now() + 3_600_000) } });
      sessions.push({ ...user, token });
    }
    return sessions;
  }

  it("revokeSession, signOut and signOutEverywhere each close exactly their sessions' streams", async () => {
    const bus = createMemoryBus();
    const gateway = createGateway({ live: bus });
    const sessions = await moreSessions(await t.createUser(), 3);
    const subs = await Promise.all(sessions.map((session) => subscribe(gateway, session)));
    const pending = subs.map((sub) => sub.next());
    await settle();

    // revokeSession (from session 0) ends session 3's stream only.
    const fourth = await t.prisma.session.findUniqueOrThrow({ where: { tokenHash: hashToken(sessions[3].token) } });
    await through(
      gateway,
      `mutation ($id: ID!) { revokeSession(id: $id) { revokedAt } }`,
      { id: encodeId("Session", fourth.id) },
      sessions[0].token,
    );
    await expectEnded(pending[3], subs[3]);

    // signOut (session 2) ends its own stream only.
    await through(gateway, `mutation { signOut { revokedAt } }`, {}, sessions[2].token);
    await expectEnded(pending[2], subs[2]);
    await expectOpen(bus, sessions[0].userId, pending[0]);

    // signOutEverywhere ends the others.
    const next = [subs[0].next(), pending[1]];
    await through(gateway, `mutation { signOutEverywhere }`, {}, sessions[0].token);
    await expectEnded(next[0], subs[0]);
    // Session 1's stream saw the change published above, then its end.
    expect((await next[1])?.data.data.todayChanged.eventTypes).toEqual(["habit.completed"]);
    await expectEnded(subs[1].next(), subs[1]);
  }, 180_000);

  it("changePassword closes the other sessions' streams, deleteAccount the last one", async () => {
    const bus = createMemoryBus();
    const gateway = createGateway({ live: bus });
    const u = await userWithSessions(2);
    const subs = await Promise.all(u.tokens.map((_, i) => subscribe(gateway, u.user(i))));
    const pending = subs.map((sub) => sub.next());
    await settle();
    await through(
      gateway,
      `mutation ($c: String!, $n: String!) { changePassword(currentPassword: $c, newPassword: $n) }`,
      { c: u.password, n: "a-new-secret-1" },
      u.tokens[0],
    );
    await expectEnded(pending[1], subs[1]);
    await expectOpen(bus, u.userId, pending[0]);
    const last = subs[0].next();
    await through(gateway, `mutation ($p: String!) { deleteAccount(password: $p) }`, { p: "a-new-secret-1" }, u.tokens[0]);
    await expectEnded(last, subs[0]);
  }, 180_000);

  it("another user's revocation ends nothing of this user's", async () => {
    const bus = createMemoryBus();
    const gateway = createGateway({ live: bus });
    const mine = await t.createUser();
    const theirs = await t.createUser();
    const sub = await subscribe(gateway, mine);
    const pending = sub.next();
    await settle();
    await through(gateway, `mutation { signOutEverywhere }`, {}, theirs.token);
    await expectOpen(bus, mine.userId, pending);
    await sub.close();
  });

  it("expiry ends the stream at the session's expiresAt", async () => {
    const bus = createMemoryBus();
    const gateway = createGateway({ live: bus });
    const { token, tokenHash } = newSessionToken();
    await t.prisma.session.create({ data: { userId: a.userId, tokenHash, expiresAt: new Date(Date.now() + 1500) } });
    const sub = await subscribe(gateway, { ...a, token });
    const pending = sub.next();
    await settle();
    await expectEnded(pending, sub);
  });

  it("a revocation the bus never heard of (SQL by hand) is found by the periodic check", async () => {
    const bus = createMemoryBus();
    const u = await t.createUser();
    const session = await t.prisma.session.findFirstOrThrow({ where: { userId: u.userId } });
    const watch = watchSession(bus, { userId: u.userId, sessionId: session.id, expiresAt: session.expiresAt }, { recheckMs: 50 });
    await t.prisma.session.update({ where: { id: session.id }, data: { revokedAt: new Date() } });
    expect(await watch.ended).toBe("revoked");
  });

  it("two gateways on one in-process bus: signOut through instance 1 ends the stream on instance 2", async () => {
    const bus = createMemoryBus();
    const gateway1 = createGateway({ live: bus });
    const gateway2 = createGateway({ live: bus });
    const u = await t.createUser();
    const sub = await subscribe(gateway2, u);
    const pending = sub.next();
    await settle();
    await through(gateway1, `mutation { signOut { revokedAt } }`, {}, u.token);
    await expectEnded(pending, sub);
  });

  it.skipIf(!redisUp)("two gateways over Redis: signOut through instance 1 ends the stream on instance 2", async () => {
    const bus1 = createRedisBus(REDIS_URL);
    const bus2 = createRedisBus(REDIS_URL);
    try {
      const gateway1 = createGateway({ live: bus1 });
      const gateway2 = createGateway({ live: bus2 });
      const u = await t.createUser();
      const sub = await subscribe(gateway2, u);
      const pending = sub.next();
      // Wait until instance 2 listens for the user's session announcements.
      for (let i = 0; i < 200; i += 1) {
        const [, count] = (await probe.pubsub("NUMSUB", `sessionEnded:${u.userId}`)) as [string, number];
        if (Number(count) >= 1) break;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      await through(gateway1, `mutation { signOut { revokedAt } }`, {}, u.token);
      await expectEnded(pending, sub);
    } finally {
      await bus1.close();
      await bus2.close();
    }
  });
});
