import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { createAuthRateLimits, RATE_LIMITS, type AuthRateLimits } from "../src/auth/rate-limit.ts";
import { HASH_CONCURRENCY, HASH_QUEUE_LENGTH, withHashSlot } from "../src/auth/hash-queue.ts";
import { codeOf } from "./support/gateway.ts";
import { gatewayWithFreshRateLimits, SIGN_IN, SIGN_UP } from "./support/sign-in.ts";

const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

async function codeOfRejection(work: Promise<unknown>): Promise<unknown> {
  try {
    await work;
    return undefined;
  } catch (error) {
    return (error as { extensions?: { code?: unknown } }).extensions?.code;
  }
}

const redisClients: Redis[] = [];
const stores: Record<string, () => AuthRateLimits> = {
  "in-process": () => createAuthRateLimits(),
  redis: () => {
    const redis = new Redis(REDIS_URL, { enableOfflineQueue: true, maxRetriesPerRequest: 1 });
    redisClients.push(redis);
    return createAuthRateLimits({ redis, prefix: `test-${randomBytes(6).toString("hex")}` });
  },
};

afterAll(async () => {
  await Promise.all(redisClients.map((client) => client.quit()));
});

describe.each(Object.keys(stores))("rate limits (%s)", (store) => {
  it(`throttles an account after ${RATE_LIMITS.failuresPerAccount.points} wrong passwords from any addresses, for at most ${RATE_LIMITS.backoff.maxSeconds} s`, async () => {
    const limits = stores[store]();
    const email = "locked@example.test";
    for (let i = 0; i < RATE_LIMITS.failuresPerAccount.points; i += 1) {
      await limits.beforeSignIn(`10.0.0.${i}`, email);
      expect(await limits.signInFailed(`10.0.0.${i}`, email)).toBeNull();
    }
    expect(await limits.signInFailed("10.0.0.99", email)).toEqual({ scope: "account", seconds: RATE_LIMITS.backoff.firstSeconds });
    // From any address, and whatever the password: refused before it is checked.
    expect(await codeOfRejection(limits.beforeSignIn("192.0.2.1", email))).toBe("RATE_LIMITED");
    await limits.beforeSignIn("192.0.2.1", "someone-else@example.test");
    // The next backoff the same day lasts twice as long.
    expect(await limits.signInFailed(null, email)).toEqual({ scope: "account", seconds: RATE_LIMITS.backoff.firstSeconds * 2 });
  });

  it(`allows ${RATE_LIMITS.signInPerIp.points} sign-in attempts and ${RATE_LIMITS.signUpPerIp.points} sign-ups per IP`, async () => {
    const limits = stores[store]();
    for (let i = 0; i < RATE_LIMITS.signInPerIp.points; i += 1) await limits.beforeSignIn("198.51.100.1", `u${i}@example.test`);
    const refused = await limits
      .beforeSignIn("198.51.100.1", "next@example.test")
      .catch((error: { extensions: Record<string, unknown> }) => error);
    expect(refused).toMatchObject({ extensions: { code: "RATE_LIMITED" } });
    expect((refused as { extensions: { retryAfterSeconds: number } }).extensions.retryAfterSeconds).toBeGreaterThan(0);
    await limits.beforeSignIn("198.51.100.2", "next@example.test");
    for (let i = 0; i < RATE_LIMITS.signUpPerIp.points; i += 1) await limits.beforeSignUp("198.51.100.3");
    expect(await codeOfRejection(limits.beforeSignUp("198.51.100.3"))).toBe("RATE_LIMITED");
  });
});

describe("rate limits in Redis", () => {
  it("are shared by every gateway instance using the same Redis", async () => {
    const prefix = `shared-${randomBytes(6).toString("hex")}`;
    const a = new Redis(REDIS_URL);
    const b = new Redis(REDIS_URL);
    redisClients.push(a, b);
    const first = createAuthRateLimits({ redis: a, prefix });
    const second = createAuthRateLimits({ redis: b, prefix });
    for (let i = 0; i <= RATE_LIMITS.failuresPerAccount.points; i += 1) await first.signInFailed(null, "shared@example.test");
    expect(await codeOfRejection(second.beforeSignIn(null, "shared@example.test"))).toBe("RATE_LIMITED");
  });
});

describe("the password hashing queue", () => {
  it(`runs ${HASH_CONCURRENCY} hashes at once, queues ${HASH_QUEUE_LENGTH} and refuses the rest`, async () => {
    let running = 0;
    let peak = 0;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const job = () =>
      withHashSlot(async () => {
        running += 1;
        peak = Math.max(peak, running);
        await gate;
        running -= 1;
        return "hashed";
      });
    const total = HASH_CONCURRENCY + HASH_QUEUE_LENGTH + 5;
    const results = Array.from({ length: total }, () =>
      job().then(
        (value) => value,
        (error: { extensions: { code: string } }) => error.extensions.code,
      ),
    );
    await new Promise((resolve) => setTimeout(resolve, 10));
    release();
    const outcomes = await Promise.all(results);
    expect(outcomes.filter((outcome) => outcome === "hashed")).toHaveLength(HASH_CONCURRENCY + HASH_QUEUE_LENGTH);
    expect(outcomes.filter((outcome) => outcome === "RATE_LIMITED")).toHaveLength(5);
    expect(peak).toBe(HASH_CONCURRENCY);
    expect(await job()).toBe("hashed");
  });
});

describe("sign-in protection through the API", () => {
  const t = gatewayWithFreshRateLimits();

  it("throttles the account after repeated wrong passwords, audited, and a correct password does not get through meanwhile", async () => {
    const email = "brute@example.test";
    await t.ok(SIGN_UP, { input: { email, password: "the right one", displayName: "Brute" } });
    for (let i = 0; i <= RATE_LIMITS.failuresPerAccountAddress.points; i += 1) {
      expect(codeOf(await t.graphql(SIGN_IN, { input: { email, password: `wrong ${i}` } }))).toBe("UNAUTHENTICATED");
    }
    const locked = await t.graphql(SIGN_IN, { input: { email, password: "the right one" } });
    expect(codeOf(locked)).toBe("RATE_LIMITED");
    expect(locked.errors?.[0].extensions?.retryAfterSeconds).toBeGreaterThan(0);
    const actions = (await t.prisma.auditLog.findMany({ select: { action: true, metadata: true } })).map((entry) => entry.action);
    expect(actions.filter((action) => action === "auth.sign_in_failed")).toHaveLength(RATE_LIMITS.failuresPerAccountAddress.points + 1);
    expect(actions).toContain("auth.sign_in_throttled");
    const lockout = await t.prisma.auditLog.findFirst({
      where: { action: "auth.sign_in_failed", metadata: { path: ["throttledSeconds"], equals: RATE_LIMITS.backoff.firstSeconds } },
    });
    expect(lockout).not.toBeNull();
  });

  it("changePassword checks the current password and revokes the other sessions; signOutEverywhere revokes all", async () => {
    const email = "mover@example.test";
    const { signUp: first } = await t.ok(SIGN_UP, { input: { email, password: "old password", displayName: "Mover" } });
    const { signIn: second } = await t.ok(SIGN_IN, { input: { email, password: "old password" } });
    const wrong = await t.graphql(
      `mutation { changePassword(currentPassword: "nope nope", newPassword: "new password") }`,
      {},
      { token: first.token },
    );
    expect(wrong.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "currentPassword" });
    const changed = await t.ok(
      `mutation { changePassword(currentPassword: "old password", newPassword: "new password") }`,
      {},
      { token: first.token },
    );
    expect(changed.changePassword).toBe(1);
    expect(codeOf(await t.graphql("{ viewer { id } }", {}, { token: second.token }))).toBeUndefined();
    expect((await t.graphql("{ viewer { id } }", {}, { token: second.token })).data?.viewer ?? null).toBeNull();
    expect((await t.ok("{ viewer { id } }", {}, { token: first.token })).viewer).not.toBeNull();
    expect(codeOf(await t.graphql(SIGN_IN, { input: { email, password: "old password" } }))).toBe("UNAUTHENTICATED");
    const { signIn: third } = await t.ok(SIGN_IN, { input: { email, password: "new password" } });
    const everywhere = await t.ok("mutation { signOutEverywhere }", {}, { token: third.token });
    expect(everywhere.signOutEverywhere).toBe(2);
    for (const token of [first.token, third.token]) {
      expect((await t.graphql("{ viewer { id } }", {}, { token })).data?.viewer ?? null).toBeNull();
    }
  });
});
