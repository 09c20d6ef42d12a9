import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { codeOf, type Connection, startTestGateway, type TestGateway, type TestUser } from "./support/gateway.ts";
import { globalId } from "./support/graphqlIds.ts";

let t: TestGateway;

beforeAll(async () => {
  t = await startTestGateway();
});

afterAll(async () => {
  await t?.close();
});

const SIGN_UP = /* GraphQL */ `
  mutation SignUp($input: SignUpInput!) {
    signUp(input: $input) {
      token
      expiresAt
      user { id email displayName roles settings { timezone } }
    }
  }
`;

const SIGN_IN = /* GraphQL */ `
  mutation SignIn($input: SignInInput!) {
    signIn(input: $input) { token expiresAt user { id email } }
  }
`;

const VIEWER = /* GraphQL */ `
  query { viewer { id email displayName roles } }
`;

const sha256 = (value: string) => createHash("sha256").update(value).digest("hex");

async function signUp(email: string, password = "correct horse battery", extra: Record<string, unknown> = {}) {
  const data = await t.ok(SIGN_UP, { input: { email, password, displayName: "Ada", ...extra } });
  return data.signUp as { token: string; expiresAt: string; user: { id: string; email: string; roles: string[] } };
}

describe("sign-up", () => {
  it("creates the user, credentials, settings, role, progress, wallet and a session; only the token digest is stored", async () => {
    const result = await signUp("  Ada.Lovelace@Example.TEST ", "analytical-engine", { timezone: "Europe/Berlin" });
    expect(result.user.email).toBe("ada.lovelace@example.test");
    expect(result.user.roles).toEqual(["user"]);
    expect(result.token).toMatch(/^tgw_/);
    expect(new Date(result.expiresAt).getTime()).toBeGreaterThan(Date.now() + 29 * 24 * 3600 * 1000);

    const user = await t.prisma.user.findUniqueOrThrow({
      where: { email: "ada.lovelace@example.test" },
      include: { accounts: true, sessions: true, settings: true, progress: true, wallet: true, userRoles: { include: { role: true } } },
    });
    expect(user.displayName).toBe("Ada");
    expect(user.accounts).toHaveLength(1);
    expect(user.accounts[0].provider).toBe("credentials");
    expect(user.accounts[0].providerAccountId).toBe("ada.lovelace@example.test");
    expect(user.accounts[0].passwordHash).toMatch(/^scrypt\$/);
    expect(user.accounts[0].passwordHash).not.toContain("analytical-engine");
    expect(user.settings?.timezone).toBe("Europe/Berlin");
    expect(user.userRoles.map((userRole) => userRole.role.key)).toEqual(["user"]);
    expect(user.progress).not.toBeNull();
    expect(user.wallet?.coins).toBe(0);
    expect(user.sessions).toHaveLength(1);
    expect(user.sessions[0].tokenHash).toBe(sha256(result.token));
    expect(user.sessions[0].tokenHash).not.toContain(result.token);

    const audit = await t.prisma.auditLog.findMany({ where: { userId: user.id } });
    expect(audit.map((entry) => entry.action)).toEqual(["auth.sign_up"]);
    expect(audit[0].sessionId).toBe(user.sessions[0].id);

    const viewer = await t.ok(VIEWER, {}, { token: result.token });
    expect(viewer.viewer).toMatchObject({ id: globalId("User", user.id), email: "ada.lovelace@example.test" });
  });

  it("defaults the time zone to UTC", async () => {
    const result = await signUp("no-zone@example.test");
    const settings = await t.prisma.userSettings.findFirstOrThrow({ where: { user: { email: "no-zone@example.test" } } });
    expect(settings.timezone).toBe("UTC");
    expect(result.user.roles).toEqual(["user"]);
  });

  it("refuses a duplicate email (in any case) with CONFLICT and creates nothing", async () => {
    await signUp("taken@example.test");
    const before = await t.prisma.user.count();
    const response = await t.graphql(SIGN_UP, {
      input: { email: "TAKEN@example.test", password: "another password", displayName: "Copycat" },
    });
    expect(codeOf(response)).toBe("CONFLICT");
    expect(await t.prisma.user.count()).toBe(before);
    expect(await t.prisma.account.count({ where: { providerAccountId: "taken@example.test" } })).toBe(1);
  });

  it.each([
    ["a malformed email", { email: "not-an-email", password: "long enough pw", displayName: "X" }],
    ["a short password", { email: "short@example.test", password: "1234567", displayName: "X" }],
    ["a too long password", { email: "long@example.test", password: "x".repeat(201), displayName: "X" }],
    ["a blank display name", { email: "blank@example.test", password: "long enough pw", displayName: "   " }],
    ["an unknown time zone", { email: "tz@example.test", password: "long enough pw", displayName: "X", timezone: "Mars/Olympus" }],
    ["an offset instead of a zone", { email: "tz2@example.test", password: "long enough pw", displayName: "X", timezone: "+02:00" }],
  ])("refuses %s with BAD_USER_INPUT and creates nothing", async (_label, input) => {
    const before = await t.prisma.user.count();
    const response = await t.graphql(SIGN_UP, { input });
    expect(codeOf(response)).toBe("BAD_USER_INPUT");
    expect(response.data).toBeNull();
    expect(await t.prisma.user.count()).toBe(before);
  });
});

describe("sign-in and sign-out", () => {
  const email = "grace@example.test";
  const password = "cobol-forever";
  let userId: string;

  beforeAll(async () => {
    const result = await signUp(email, password);
    userId = (await t.prisma.user.findUniqueOrThrow({ where: { email } })).id;
    expect(result.user.id).toBe(globalId("User", userId));
  });

  it("signs in (email in any case), audits it with the new session, and the token works", async () => {
    const { signIn } = await t.ok(SIGN_IN, { input: { email: "Grace@Example.test", password } });
    expect(signIn.user).toEqual({ id: globalId("User", userId), email });
    const session = await t.prisma.session.findUniqueOrThrow({ where: { tokenHash: sha256(signIn.token) } });
    expect(session.userId).toBe(userId);
    const entry = await t.prisma.auditLog.findFirstOrThrow({ where: { userId, action: "auth.sign_in" }, orderBy: { createdAt: "desc" } });
    expect(entry.sessionId).toBe(session.id);
    expect((await t.ok(VIEWER, {}, { token: signIn.token })).viewer.email).toBe(email);
  });

  it("answers a wrong password and an unknown email with the same UNAUTHENTICATED error, and audits both", async () => {
    const sessionsBefore = await t.prisma.session.count();
    const wrongPassword = await t.graphql(SIGN_IN, { input: { email, password: "not-the-password" } });
    const unknownEmail = await t.graphql(SIGN_IN, { input: { email: "nobody@example.test", password } });
    for (const response of [wrongPassword, unknownEmail]) {
      expect(response.data).toBeNull();
      expect(response.errors).toHaveLength(1);
      expect(response.errors?.[0].message).toBe("Invalid email or password");
      expect(codeOf(response)).toBe("UNAUTHENTICATED");
    }
    expect(await t.prisma.session.count()).toBe(sessionsBefore);

    const failed = await t.prisma.auditLog.findMany({ where: { action: "auth.sign_in_failed" }, orderBy: { createdAt: "asc" } });
    const forUser = failed.filter((entry) => entry.userId === userId);
    expect(forUser).toHaveLength(1);
    expect(forUser[0].metadata).toMatchObject({ reason: "wrong_password" });
    const anonymous = failed.filter((entry) => entry.userId === null);
    expect(anonymous).toHaveLength(1);
    expect(anonymous[0].metadata).toMatchObject({ reason: "unknown_email", emailSha256: sha256("nobody@example.test") });
    // The trail keeps a digest, never the address itself.
    expect(JSON.stringify(anonymous[0].metadata)).not.toContain("nobody@example.test");
  });

  it("signs out: the session is revoked, audited, and its token is refused afterwards", async () => {
    const { signIn } = await t.ok(SIGN_IN, { input: { email, password } });
    const token: string = signIn.token;
    const { signOut } = await t.ok(`mutation { signOut { id revokedAt isCurrent } }`, {}, { token });
    expect(signOut.revokedAt).not.toBeNull();

    const session = await t.prisma.session.findUniqueOrThrow({ where: { tokenHash: sha256(token) } });
    expect(session.revokedAt).not.toBeNull();
    expect(await t.prisma.auditLog.count({ where: { action: "auth.sign_out", sessionId: session.id, userId } })).toBe(1);

    expect((await t.ok(VIEWER, {}, { token })).viewer).toBeNull();
    const again = await t.graphql(`mutation { signOut { id } }`, {}, { token });
    expect(codeOf(again)).toBe("UNAUTHENTICATED");
    const write = await t.graphql(`mutation { createIdea(input: { title: "x" }) { id } }`, {}, { token });
    expect(codeOf(write)).toBe("UNAUTHENTICATED");
  });

  it("refuses an expired session token", async () => {
    const { signIn } = await t.ok(SIGN_IN, { input: { email, password } });
    const token: string = signIn.token;
    expect((await t.ok(VIEWER, {}, { token })).viewer).not.toBeNull();
    const past = Date.now() - 60_000;
    await t.prisma.session.update({
      where: { tokenHash: sha256(token) },
      data: { createdAt: new Date(past - 3_600_000), expiresAt: new Date(past) },
    });
    expect((await t.ok(VIEWER, {}, { token })).viewer).toBeNull();
    expect(codeOf(await t.graphql(`mutation { signOut { id } }`, {}, { token }))).toBe("UNAUTHENTICATED");
  });

  it("refuses unknown and malformed tokens", async () => {
    expect((await t.ok(VIEWER, {}, { token: "tgw_forged" })).viewer).toBeNull();
    expect((await t.ok(VIEWER, {}, { token: "garbage" })).viewer).toBeNull();
    expect((await t.ok(VIEWER)).viewer).toBeNull();
  });
});

describe("sessions", () => {
  it("lists the viewer's sessions newest first with the current one marked, and never exposes secrets", async () => {
    const email = "sessions@example.test";
    const password = "many-devices";
    await signUp(email, password);
    const second = (await t.ok(SIGN_IN, { input: { email, password } }, {})).signIn.token as string;
    const third = (await t.ok(SIGN_IN, { input: { email, password } }, {})).signIn.token as string;
    const data = await t.ok<{ viewer: { sessions: Connection<{ id: string; isCurrent: boolean; createdAt: string }> } }>(
      `{ viewer { sessions { edges { node { id isCurrent createdAt revokedAt } } } } }`,
      {},
      { token: second },
    );
    const sessions = data.viewer.sessions.edges.map((edge) => edge.node);
    expect(sessions).toHaveLength(3);
    const created = sessions.map((session) => session.createdAt);
    expect([...created].sort().reverse()).toEqual(created);
    expect(sessions.filter((session) => session.isCurrent)).toHaveLength(1);
    const current = await t.prisma.session.findUniqueOrThrow({ where: { tokenHash: sha256(second) } });
    expect(sessions.find((session) => session.isCurrent)?.id).toBe(globalId("Session", current.id));

    const introspection = await t.ok<Record<"session" | "account", { fields: Array<{ name: string }> }>>(`{
      session: __type(name: "Session") { fields { name } }
      account: __type(name: "Account") { fields { name } }
    }`);
    const sessionFields = introspection.session.fields.map((field) => field.name);
    const accountFields = introspection.account.fields.map((field) => field.name);
    expect(sessionFields).not.toContain("tokenHash");
    expect(accountFields.sort()).toEqual(["id", "provider", "providerAccountId"]);

    const accounts = await t.ok<{ viewer: { accounts: Connection<unknown> } }>(
      `{ viewer { accounts { edges { node { provider providerAccountId } } } } }`,
      {},
      { token: third },
    );
    expect(accounts.viewer.accounts.edges.map((edge) => edge.node)).toEqual([{ provider: "credentials", providerAccountId: email }]);
  });

  it("revokes another session of the viewer, refuses the current one and other users' sessions", async () => {
    const email = "revoker@example.test";
    const password = "lost-my-phone";
    const phone = (await signUp(email, password)).token;
    const laptop = (await t.ok(SIGN_IN, { input: { email, password } })).signIn.token as string;
    const phoneSession = await t.prisma.session.findUniqueOrThrow({ where: { tokenHash: sha256(phone) } });
    const laptopSession = await t.prisma.session.findUniqueOrThrow({ where: { tokenHash: sha256(laptop) } });

    const REVOKE = `mutation ($id: ID!) { revokeSession(id: $id) { id revokedAt } }`;
    const current = await t.graphql(REVOKE, { id: globalId("Session", laptopSession.id) }, { token: laptop });
    expect(codeOf(current)).toBe("BAD_USER_INPUT");

    const other = await t.createUser();
    const foreign = await t.graphql(REVOKE, { id: globalId("Session", phoneSession.id) }, { token: other.token });
    expect(codeOf(foreign)).toBe("NOT_FOUND");
    expect((await t.prisma.session.findUniqueOrThrow({ where: { id: phoneSession.id } })).revokedAt).toBeNull();
    expect((await t.ok(VIEWER, {}, { token: phone })).viewer.email).toBe(email);

    const wrongType = await t.graphql(REVOKE, { id: globalId("Idea", phoneSession.id) }, { token: laptop });
    expect(codeOf(wrongType)).toBe("BAD_USER_INPUT");

    const { revokeSession } = await t.ok(REVOKE, { id: globalId("Session", phoneSession.id) }, { token: laptop });
    expect(revokeSession.revokedAt).not.toBeNull();
    expect((await t.ok(VIEWER, {}, { token: phone })).viewer).toBeNull();
    expect((await t.ok(VIEWER, {}, { token: laptop })).viewer.email).toBe(email);
    expect(await t.prisma.auditLog.count({ where: { action: "auth.session_revoke", targetId: phoneSession.id } })).toBe(1);
  });
});

describe("users are private", () => {
  let a: TestUser;
  let b: TestUser;

  beforeAll(async () => {
    a = await t.createUser();
    b = await t.createUser();
  });

  it("resolves the viewer's own User node and no one else's", async () => {
    const NODE = `query ($id: ID!) { node(id: $id) { id ... on User { email } } }`;
    expect((await t.ok(NODE, { id: globalId("User", a.userId) }, { token: a.token })).node.email).toBe(a.email);
    expect((await t.ok(NODE, { id: globalId("User", b.userId) }, { token: a.token })).node).toBeNull();
    expect((await t.ok(NODE, { id: globalId("User", a.userId) })).node).toBeNull();
    const nodes = await t.ok(
      `query ($ids: [ID!]!) { nodes(ids: $ids) { id } }`,
      { ids: [globalId("User", a.userId), globalId("User", b.userId)] },
      { token: a.token },
    );
    expect(nodes.nodes).toEqual([{ id: globalId("User", a.userId) }, null]);
  });

  it("keeps the viewer's audit log to their own rows", async () => {
    await t.ok(`mutation { signOut { id } }`, {}, { token: (await t.createUser()).token });
    const bSession = await t.prisma.session.findFirstOrThrow({ where: { userId: b.userId } });
    await t.prisma.auditLog.create({ data: { userId: b.userId, sessionId: bSession.id, action: "auth.sign_in" } });
    const data = await t.ok(`{ viewer { auditLog { edges { node { id action userId } } } } }`, {}, { token: a.token });
    for (const edge of data.viewer.auditLog.edges) expect(edge.node.userId).toBe(globalId("User", a.userId));
    const bEntry = await t.prisma.auditLog.findFirstOrThrow({ where: { userId: b.userId } });
    const node = await t.ok(`query ($id: ID!) { node(id: $id) { id } }`, { id: globalId("AuditLog", bEntry.id) }, { token: a.token });
    expect(node.node).toBeNull();
    const session = await t.ok(`query ($id: ID!) { node(id: $id) { id } }`, { id: globalId("Session", bSession.id) }, { token: a.token });
    expect(session.node).toBeNull();
  });
});

describe("roles and admin gating", () => {
  let admin: TestUser;
  let member: TestUser;

  beforeAll(async () => {
    admin = await t.createUser({ admin: true });
    member = await t.createUser();
  });

  const GRANT = `mutation ($userId: ID!, $roleKey: String!) { grantRole(userId: $userId, roleKey: $roleKey) { id userId grantedById role { key } } }`;
  const REVOKE = `mutation ($userId: ID!, $roleKey: String!) { revokeRole(userId: $userId, roleKey: $roleKey) }`;

  it("lists the role catalogue to signed-in users only", async () => {
    const data = await t.ok<{ roles: Connection<{ key: string }> }>(
      `{ roles { edges { node { key name } } } }`,
      {},
      { token: member.token },
    );
    expect(data.roles.edges.map((edge) => edge.node.key).sort()).toEqual(["admin", "user"]);
    const signedOut = await t.graphql(`{ roles { edges { node { key } } } }`);
    expect(codeOf(signedOut)).toBe("UNAUTHENTICATED");
    const role = await t.prisma.role.findUniqueOrThrow({ where: { key: "admin" } });
    const node = await t.graphql(`query ($id: ID!) { node(id: $id) { ... on Role { key } } }`, { id: globalId("Role", role.id) });
    expect(node.data?.node ?? null).toBeNull();
  });

  it("refuses role changes to non-admins (FORBIDDEN) and signed-out callers (UNAUTHENTICATED), changing nothing", async () => {
    const vars = { userId: globalId("User", member.userId), roleKey: "admin" };
    expect(codeOf(await t.graphql(GRANT, vars, { token: member.token }))).toBe("FORBIDDEN");
    expect(codeOf(await t.graphql(GRANT, vars))).toBe("UNAUTHENTICATED");
    expect(codeOf(await t.graphql(REVOKE, { userId: globalId("User", admin.userId), roleKey: "admin" }, { token: member.token }))).toBe(
      "FORBIDDEN",
    );
    const roles = await t.prisma.userRole.findMany({ where: { userId: member.userId }, include: { role: true } });
    expect(roles.map((userRole) => userRole.role.key)).toEqual(["user"]);
    expect(await t.prisma.auditLog.count({ where: { action: { in: ["role.grant", "role.revoke"] } } })).toBe(0);
  });

  it("lets an admin grant and revoke roles, with audit entries, and the change applies to the user's next request", async () => {
    const { grantRole } = await t.ok(GRANT, { userId: globalId("User", member.userId), roleKey: "admin" }, { token: admin.token });
    expect(grantRole).toMatchObject({
      userId: globalId("User", member.userId),
      grantedById: globalId("User", admin.userId),
      role: { key: "admin" },
    });
    const assignments = await t.ok(`{ viewer { roleAssignments { id grantedById role { key } } } }`, {}, { token: member.token });
    expect(assignments.viewer.roleAssignments).toEqual([
      { id: expect.any(String), grantedById: null, role: { key: "user" } },
      { id: grantRole.id, grantedById: globalId("User", admin.userId), role: { key: "admin" } },
    ]);
    expect((await t.ok(VIEWER, {}, { token: member.token })).viewer.roles).toEqual(["admin", "user"]);
    expect((await t.graphql(`{ auditLog { edges { node { id } } } }`, {}, { token: member.token })).errors).toBeUndefined();

    // Granting again changes nothing.
    const again = await t.ok(GRANT, { userId: globalId("User", member.userId), roleKey: "admin" }, { token: admin.token });
    expect(again.grantRole.id).toBe(grantRole.id);
    const grants = await t.prisma.auditLog.findMany({ where: { action: "role.grant" } });
    expect(grants).toHaveLength(1);
    expect(grants[0]).toMatchObject({ userId: admin.userId, targetType: "User", targetId: member.userId, metadata: { roleKey: "admin" } });

    const { revokeRole } = await t.ok(REVOKE, { userId: globalId("User", member.userId), roleKey: "admin" }, { token: admin.token });
    expect(revokeRole).toBe(grantRole.id);
    expect((await t.ok(VIEWER, {}, { token: member.token })).viewer.roles).toEqual(["user"]);
    expect(codeOf(await t.graphql(`{ auditLog { edges { node { id } } } }`, {}, { token: member.token }))).toBe("FORBIDDEN");
    expect(await t.prisma.auditLog.count({ where: { action: "role.revoke", targetId: member.userId, userId: admin.userId } })).toBe(1);
  });

  it("answers unknown roles, users and held roles with NOT_FOUND", async () => {
    expect(codeOf(await t.graphql(GRANT, { userId: globalId("User", member.userId), roleKey: "wizard" }, { token: admin.token }))).toBe(
      "NOT_FOUND",
    );
    expect(
      codeOf(
        await t.graphql(
          GRANT,
          { userId: globalId("User", "6f1c1d2e-0000-4000-8000-000000000000"), roleKey: "admin" },
          { token: admin.token },
        ),
      ),
    ).toBe("NOT_FOUND");
    expect(codeOf(await t.graphql(REVOKE, { userId: globalId("User", member.userId), roleKey: "admin" }, { token: admin.token }))).toBe(
      "NOT_FOUND",
    );
    expect(codeOf(await t.graphql(GRANT, { userId: globalId("Idea", member.userId), roleKey: "admin" }, { token: admin.token }))).toBe(
      "BAD_USER_INPUT",
    );
  });

  it("never strips the last admin", async () => {
    const admins = await t.prisma.userRole.findMany({ where: { role: { key: "admin" } } });
    // Leave exactly one admin, then try to revoke it.
    for (const extra of admins.filter((userRole) => userRole.userId !== admin.userId)) {
      await t.prisma.userRole.delete({ where: { id: extra.id } });
    }
    const response = await t.graphql(REVOKE, { userId: globalId("User", admin.userId), roleKey: "admin" }, { token: admin.token });
    expect(codeOf(response)).toBe("CONFLICT");
    expect(await t.prisma.userRole.count({ where: { userId: admin.userId, role: { key: "admin" } } })).toBe(1);
  });

  it("gives admins the whole audit trail newest first, filterable by action", async () => {
    const data = await t.ok<{ auditLog: Connection<{ action: string; createdAt: string; userId: string | null }> }>(
      `{ auditLog(first: 50) { edges { node { action createdAt userId } } } }`,
      {},
      { token: admin.token },
    );
    const entries = data.auditLog.edges.map((edge) => edge.node);
    expect(entries.length).toBeGreaterThan(3);
    const times = entries.map((entry) => entry.createdAt);
    expect([...times].sort().reverse()).toEqual(times);
    expect(new Set(entries.map((entry) => entry.userId)).size).toBeGreaterThan(1);

    const filtered = await t.ok(`{ auditLog(action: "auth.sign_in_failed") { edges { node { action } } } }`, {}, { token: admin.token });
    expect(filtered.auditLog.edges.length).toBeGreaterThan(0);
    for (const edge of filtered.auditLog.edges) expect(edge.node.action).toBe("auth.sign_in_failed");

    expect(codeOf(await t.graphql(`{ auditLog { edges { node { id } } } }`, {}, { token: member.token }))).toBe("FORBIDDEN");
    expect(codeOf(await t.graphql(`{ auditLog { edges { node { id } } } }`))).toBe("UNAUTHENTICATED");
  });
});
