// Verified sign-up: requestSignUp answers the same for a free and a taken address (only the
// mailbox learns which), completeSignUp redeems the mailed link once, and the mailer delivers
// mail_outbox over real SMTP (an in-process smtp-server).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { SMTPServer } from "smtp-server";
import { createAuthRateLimits, useAuthRateLimits } from "../src/auth/rate-limit.ts";
import { MAILS_PER_ADDRESS_PER_HOUR } from "../src/domain/accounts.ts";
import { readHttpConfig } from "../src/http/config.ts";
import { deliverMail, smtpTransport } from "../src/mail/mailer.ts";
import { createGateway } from "../src/server.ts";
import { codeOf, startTestGateway, type GraphQLResponse, type TestGateway } from "./support/gateway.ts";

let t: TestGateway;

const REQUEST = `mutation ($input: SignUpInput!) { requestSignUp(input: $input) }`;
const COMPLETE = `mutation ($token: String!) { completeSignUp(token: $token) { token user { email displayName } } }`;
const SIGN_UP = `mutation ($input: SignUpInput!) { signUp(input: $input) { token } }`;

function input(email: string) {
  return { email, password: "correct horse battery", displayName: "New Person", timezone: "Europe/Berlin" };
}

async function mailsTo(email: string) {
  return t.prisma.mailOutbox.findMany({ where: { toAddress: email }, orderBy: { createdAt: "asc" } });
}

function linkToken(body: string): string {
  const match = /#verify=(tgv_[A-Za-z0-9_-]+)/.exec(body);
  if (!match) throw new Error(`no link in ${body}`);
  return match[1];
}

async function rawResponse(query: string, variables: Record<string, unknown>): Promise<string> {
  const response = await t.gateway.fetch("http://test.local/graphql", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query, variables }),
  });
  return `${response.status} ${await response.text()}`;
}

beforeAll(async () => {
  t = await startTestGateway();
});

beforeEach(() => {
  // Every test starts with fresh per-IP counters (requests here all come from one "IP").
  useAuthRateLimits(createAuthRateLimits());
});

afterAll(async () => {
  await t?.close();
});

describe("requestSignUp / completeSignUp", () => {
  it("answers a free and a taken address identically; only the mails differ", async () => {
    const owner = await t.createUser({ email: "taken@example.test" });
    const usersBefore = await t.prisma.user.count();
    const ownerBefore = await t.prisma.user.findUniqueOrThrow({ where: { id: owner.userId } });

    const free = await rawResponse(REQUEST, { input: input("free@example.test") });
    const taken = await rawResponse(REQUEST, { input: input("Taken@Example.test") });
    expect(free).toBe('200 {"data":{"requestSignUp":true}}');
    expect(taken).toBe(free);

    // No account yet, nothing about the owner's account changed.
    expect(await t.prisma.user.count()).toBe(usersBefore);
    expect(await t.prisma.user.findUniqueOrThrow({ where: { id: owner.userId } })).toEqual(ownerBefore);

    const [verify] = await mailsTo("free@example.test");
    expect(verify.template).toBe("sign_up.verify");
    expect(verify.body).toMatch(/^http:\/\/localhost:4000\/#verify=tgv_/m);
    const [notice] = await mailsTo("taken@example.test");
    expect(notice.template).toBe("sign_up.already_registered");
    expect(notice.body).not.toContain("#verify=");
    expect(await t.prisma.emailVerification.count({ where: { email: "taken@example.test" } })).toBe(0);

    // Audited with a digest of the address, never the address.
    const audits = await t.prisma.auditLog.findMany({ where: { action: "auth.sign_up_requested" } });
    expect(audits).toHaveLength(2);
    expect(JSON.stringify(audits)).not.toContain("example.test");
    // Only a digest of the link's token is stored.
    const pending = await t.prisma.emailVerification.findFirstOrThrow({ where: { email: "free@example.test" } });
    expect(verify.body).not.toContain(pending.tokenHash);
    expect(pending.passwordHash).toMatch(/^scrypt\$/);
  });

  it("completes once: the link creates the account and signs in; a second use, a forged or an expired link is refused", async () => {
    await t.ok(REQUEST, { input: input("once@example.test") });
    const token = linkToken((await mailsTo("once@example.test"))[0].body);

    const done = await t.ok(COMPLETE, { token });
    expect(done.completeSignUp.user).toEqual({ email: "once@example.test", displayName: "New Person" });
    const viewer = await t.ok(`{ viewer { email settings { timezone } } }`, {}, { token: done.completeSignUp.token });
    expect(viewer.viewer).toEqual({ email: "once@example.test", settings: { timezone: "Europe/Berlin" } });
    const signIn = await t.ok(`mutation { signIn(input: { email: "once@example.test", password: "correct horse battery" }) { token } }`);
    expect(signIn.signIn.token).toMatch(/^tgw_/);

    const users = await t.prisma.user.count();
    for (const again of [token, `${token}x`, "tgv_forged", "anything"]) {
      const response = await t.graphql(COMPLETE, { token: again });
      expect(codeOf(response), again).toBe("BAD_USER_INPUT");
      expect(response.errors?.[0]?.message).toContain("invalid, used or expired");
    }
    expect(await t.prisma.user.count()).toBe(users);

    await t.ok(REQUEST, { input: input("late@example.test") });
    const late = linkToken((await mailsTo("late@example.test"))[0].body);
    await t.prisma.emailVerification.updateMany({
      where: { email: "late@example.test" },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    expect(codeOf(await t.graphql(COMPLETE, { token: late }))).toBe("BAD_USER_INPUT");
    expect(await t.prisma.user.count({ where: { email: "late@example.test" } })).toBe(0);
  });

  it("two tabs following one link make one account", async () => {
    await t.ok(REQUEST, { input: input("race@example.test") });
    const token = linkToken((await mailsTo("race@example.test"))[0].body);
    const [a, b] = await Promise.all([t.graphql(COMPLETE, { token }), t.graphql(COMPLETE, { token })]);
    const codes = [codeOf(a), codeOf(b)].sort();
    expect(codes).toEqual(["BAD_USER_INPUT", undefined].sort());
    expect(await t.prisma.user.count({ where: { email: "race@example.test" } })).toBe(1);
  });

  it("mails one address at most a few times an hour, answering the same", async () => {
    for (let i = 0; i < MAILS_PER_ADDRESS_PER_HOUR + 2; i += 1) {
      expect(await rawResponse(REQUEST, { input: input("flood@example.test") })).toBe('200 {"data":{"requestSignUp":true}}');
    }
    expect(await mailsTo("flood@example.test")).toHaveLength(MAILS_PER_ADDRESS_PER_HOUR);
  });

  it("in SIGN_UP_MODE=verify the revealing signUp is refused", async () => {
    const open = await t.graphql(SIGN_UP, { input: input("open@example.test") });
    expect(open.errors).toBeUndefined();
    expect(codeOf(await t.graphql(SIGN_UP, { input: input("open@example.test") }))).toBe("CONFLICT");

    // SIGN_UP_MODE and PUBLIC_URL are read once, where a gateway is built, and reach the resolvers
    // through their context: a second gateway over the same database.
    const settings = { ...process.env, SIGN_UP_MODE: "verify", PUBLIC_URL: "https://today.example/" };
    const verifying = createGateway({ config: readHttpConfig(settings) });
    const post = async (query: string, variables: Record<string, unknown>) => {
      const response = await verifying.fetch("http://test.local/graphql", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query, variables }),
      });
      return (await response.json()) as GraphQLResponse<{ requestSignUp?: boolean }>;
    };
    const refused = await post(SIGN_UP, { input: input("verify-mode@example.test") });
    expect(codeOf(refused)).toBe("FORBIDDEN");
    expect(await t.prisma.user.count({ where: { email: "verify-mode@example.test" } })).toBe(0);
    const requested = await post(REQUEST, { input: input("verify-mode@example.test") });
    expect(requested.errors).toBeUndefined();
    expect(requested.data?.requestSignUp).toBe(true);
    const [mail] = await mailsTo("verify-mode@example.test");
    expect(mail.body).toMatch(/^https:\/\/today\.example\/#verify=tgv_/m);
  });
});

describe("the mailer", () => {
  it("delivers mail_outbox over SMTP once, and counts a refused mail for a retry", async () => {
    const received: { to: string; data: string }[] = [];
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS"],
      onRcptTo(address, _session, callback) {
        if (address.address.startsWith("bounce")) callback(new Error("mailbox unavailable"));
        else callback();
      },
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on("data", (chunk: Buffer) => chunks.push(chunk));
        stream.on("end", () => {
          received.push({
            to: session.envelope.rcptTo.map((rcpt) => rcpt.address).join(","),
            data: Buffer.concat(chunks).toString("utf8"),
          });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.server.address() as { port: number };
    const transport = smtpTransport(`smtp://127.0.0.1:${port}`, "Today <no-reply@example.test>");
    try {
      await t.prisma.mailOutbox.updateMany({ data: { sentAt: new Date() } });
      await t.ok(REQUEST, { input: input("smtp@example.test") });
      await t.ok(REQUEST, { input: input("bounce@example.test") });

      const first = await deliverMail(t.prisma, transport);
      expect(first).toEqual({ sent: 1, failed: 1 });
      expect(received).toHaveLength(1);
      expect(received[0].to).toBe("smtp@example.test");
      expect(received[0].data).toContain("Subject: Confirm your Today account");
      expect(received[0].data).toMatch(/#verify=3D?tgv_|#verify=tgv_/);

      const second = await deliverMail(t.prisma, transport);
      expect(second).toEqual({ sent: 0, failed: 1 });
      expect(received).toHaveLength(1);
      const bounced = await t.prisma.mailOutbox.findFirstOrThrow({ where: { toAddress: "bounce@example.test" } });
      expect(bounced.attempts).toBe(2);
      expect(bounced.sentAt).toBeNull();
      expect(bounced.lastError).toContain("mailbox unavailable");
    } finally {
      transport.close?.();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
