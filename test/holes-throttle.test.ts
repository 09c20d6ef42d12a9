// Issue 20, item 3: sign-in throttling without lockout. Wrong passwords make the password path back
// off per (account, address) and per account, never for more than 15 minutes; the owner is mailed;
// a mailed one-time sign-in link works while the password path waits.
import { describe, expect, it } from "vitest";
import { createAuthRateLimits, RATE_LIMITS } from "../src/auth/rate-limit.ts";
import { codeOf } from "./support/gateway.ts";
import { gatewayWithFreshRateLimits, SIGN_IN, SIGN_UP } from "./support/sign-in.ts";

const MAX_BACKOFF_SECONDS = 15 * 60;

async function refusal(work: Promise<unknown>): Promise<{ code?: unknown; retryAfterSeconds?: number } | undefined> {
  try {
    await work;
    return undefined;
  } catch (error) {
    return (error as { extensions?: { code?: unknown; retryAfterSeconds?: number } }).extensions;
  }
}

describe("the throttle policy", () => {
  it("wrong passwords from one address back off that address, growing but never past 15 minutes; the owner's address is not blocked", async () => {
    const limits = createAuthRateLimits();
    const email = "owner@example.test";
    for (let i = 0; i < 5; i += 1) expect(await limits.signInFailed("198.51.100.66", email)).toBeNull();
    const backoffs: number[] = [];
    for (let i = 0; i < 12; i += 1) {
      const throttle = await limits.signInFailed("198.51.100.66", email);
      if (throttle?.scope === "address") backoffs.push(throttle.seconds);
    }
    expect(backoffs[0]).toBe(60);
    expect(backoffs.every((seconds, i) => i === 0 || seconds >= backoffs[i - 1])).toBe(true);
    expect(Math.max(...backoffs)).toBe(MAX_BACKOFF_SECONDS);
    const attacker = await refusal(limits.beforeSignIn("198.51.100.66", email));
    expect(attacker?.code).toBe("RATE_LIMITED");
    expect(attacker?.retryAfterSeconds).toBeLessThanOrEqual(MAX_BACKOFF_SECONDS);
  });

  it("attempts spread over 40 addresses are throttled for the account, never for more than 15 minutes", async () => {
    const limits = createAuthRateLimits();
    const email = "spread@example.test";
    const throttles = [];
    for (let i = 0; i < 40; i += 1) {
      const ip = `203.0.113.${i}`;
      if (await refusal(limits.beforeSignIn(ip, email))) continue;
      throttles.push(await limits.signInFailed(ip, email));
    }
    // Refused from the 11th address on: the account backs off, not each address.
    expect(throttles.filter((throttle) => throttle === null)).toHaveLength(RATE_LIMITS.failuresPerAccount.points);
    expect(throttles.filter(Boolean)).toEqual([{ scope: "account", seconds: 60 }]);
    for (let trip = 0; trip < 12; trip += 1) {
      const throttle = await limits.signInFailed(`192.0.2.${trip}`, email);
      expect(throttle?.seconds ?? 0).toBeLessThanOrEqual(MAX_BACKOFF_SECONDS);
    }
    const fresh = await refusal(limits.beforeSignIn("192.0.2.200", email));
    expect(fresh?.code).toBe("RATE_LIMITED");
    expect(fresh?.retryAfterSeconds).toBeLessThanOrEqual(MAX_BACKOFF_SECONDS);
  });
});

describe("through the API", () => {
  const t = gatewayWithFreshRateLimits();
  const requestLink = `mutation($email: String!) { requestSignInLink(email: $email) }`;
  const withLink = `mutation($token: String!) { signInWithLink(token: $token) { token user { email } } }`;
  const linkIn = (body: string) => /#sign-in=(\S+)/.exec(body)?.[1];

  it("throttling mails the owner a link that signs in while the password path waits; the link works once", async () => {
    const email = "throttled-owner@example.test";
    await t.ok(SIGN_UP, { input: { email, password: "the right one", displayName: "Owner" } });
    for (let i = 0; i < 6; i += 1) await t.graphql(SIGN_IN, { input: { email, password: `wrong ${i}` } });
    const refused = await t.graphql(SIGN_IN, { input: { email, password: "the right one" } });
    expect(codeOf(refused)).toBe("RATE_LIMITED");
    expect(refused.errors?.[0]?.extensions?.retryAfterSeconds).toBeLessThanOrEqual(MAX_BACKOFF_SECONDS);

    const notices = await t.prisma.mailOutbox.findMany({ where: { toAddress: email, template: "sign_in.throttled" } });
    expect(notices).toHaveLength(1);
    const token = linkIn(notices[0].body);
    expect(token).toBeDefined();
    const stored = await t.prisma.emailVerification.findMany({ where: { email, purpose: "sign_in" } });
    expect(stored).toHaveLength(1);
    expect(stored[0].tokenHash).not.toContain(token!);
    expect(stored[0].expiresAt.getTime() - Date.now()).toBeLessThanOrEqual(15 * 60 * 1000);

    const session = (await t.ok(withLink, { token })).signInWithLink;
    expect(session.user.email).toBe(email);
    expect((await t.ok(`{ viewer { email } }`, {}, { token: session.token })).viewer.email).toBe(email);
    expect(codeOf(await t.graphql(withLink, { token }))).toBe("BAD_USER_INPUT");
    expect(codeOf(await t.graphql(withLink, { token: "tgv_not-a-token" }))).toBe("BAD_USER_INPUT");
  }, 240_000);

  it("requestSignInLink answers the same for any address, mails only an account, and is rate limited", async () => {
    const email = "link-owner@example.test";
    await t.ok(SIGN_UP, { input: { email, password: "the right one", displayName: "Link" } });
    const known = await t.graphql(requestLink, { email });
    const unknown = await t.graphql(requestLink, { email: "nobody-here@example.test" });
    expect(known).toEqual({ data: { requestSignInLink: true } });
    expect(unknown).toEqual(known);
    expect(await t.prisma.mailOutbox.count({ where: { toAddress: "nobody-here@example.test" } })).toBe(0);
    const mails = await t.prisma.mailOutbox.findMany({ where: { toAddress: email, template: "sign_in.link" } });
    expect(mails).toHaveLength(1);
    expect((await t.ok(withLink, { token: linkIn(mails[0].body) })).signInWithLink.user.email).toBe(email);
    const codes = [];
    for (let i = 0; i < RATE_LIMITS.signInLinksPerIp.points; i += 1)
      codes.push(codeOf(await t.graphql(requestLink, { email: `x${i}@example.test` })));
    expect(codes.filter(Boolean)).toEqual(["RATE_LIMITED", "RATE_LIMITED"]);
  }, 240_000);
});
