// updateProfile, changeEmail (+ confirmEmailChange) and changePassword: success, validation, the
// audit trail, the events, and that a taken address is answered exactly like a free one.
import { describe, expect, it } from "vitest";
import { eventsOf, outboxCount } from "./support/event-assertions.ts";
import { codeOf, startGatewayWithUsers } from "./support/gateway.ts";

const { t } = await startGatewayWithUsers();

const SIGN_UP = `mutation($input: SignUpInput!) { signUp(input: $input) { token user { id } } }`;
const SIGN_IN = `mutation($input: SignInInput!) { signIn(input: $input) { token } }`;
const UPDATE = `mutation($input: UpdateProfileInput!) { updateProfile(input: $input) { displayName avatarUrl } }`;
const CHANGE_EMAIL = `mutation($password: String!, $email: String!) { changeEmail(currentPassword: $password, newEmail: $email) }`;
const CONFIRM = `mutation($token: String!) { confirmEmailChange(token: $token) }`;

let counter = 0;
async function signUp(password = "a good password") {
  counter += 1;
  const email = `profile-${counter}-${Date.now()}@example.test`;
  const result = await t.ok(SIGN_UP, { input: { email, password, displayName: "Pat" } });
  const user = await t.prisma.user.findUniqueOrThrow({ where: { email } });
  return { email, password, token: result.signUp.token as string, userId: user.id };
}

function userRow(userId: string) {
  return t.prisma.user.findUniqueOrThrow({ where: { id: userId }, include: { accounts: true } });
}

describe("updateProfile", () => {
  it("changes the display name and the avatar, clears the avatar with null, and emits profile.updated", async () => {
    const user = await t.createUser();
    const first = await t.ok(
      UPDATE,
      { input: { displayName: "  Ada L. ", avatarUrl: "https://img.example.test/ada.png" } },
      { token: user.token },
    );
    expect(first.updateProfile).toEqual({ displayName: "Ada L.", avatarUrl: "https://img.example.test/ada.png" });
    const second = await t.ok(UPDATE, { input: { avatarUrl: null } }, { token: user.token });
    expect(second.updateProfile).toEqual({ displayName: "Ada L.", avatarUrl: null });
    expect(await eventsOf(t.prisma, user.userId, "profile.updated")).toEqual([
      { changed: ["avatarUrl", "displayName"] },
      { changed: ["avatarUrl"] },
    ]);
  });

  it("refuses an avatar that is not a bounded https URL, and a blank or NUL-bearing name; nothing changes", async () => {
    const user = await t.createUser();
    const before = await userRow(user.userId);
    const events = await outboxCount(t.prisma, user.userId);
    for (const input of [
      { avatarUrl: "http://img.example.test/a.png" },
      { avatarUrl: "javascript:alert(1)" },
      { avatarUrl: "data:image/png;base64,AAAA" },
      { avatarUrl: "https://" },
      { avatarUrl: "https://user:secret@img.example.test/a.png" },
      { avatarUrl: "https://img.example.test/a b.png" },
      { avatarUrl: "https://img.example.test/a\u0000.png" },
      { avatarUrl: `https://img.example.test/${"a".repeat(2100)}` },
      { displayName: "   " },
      { displayName: "Ada\u0000" },
      { displayName: "x".repeat(101) },
      { displayName: null },
    ]) {
      expect(codeOf(await t.graphql(UPDATE, { input }, { token: user.token })), JSON.stringify(input).slice(0, 80)).toBe("BAD_USER_INPUT");
    }
    expect(await userRow(user.userId)).toEqual(before);
    expect(await outboxCount(t.prisma, user.userId)).toBe(events);
    expect(codeOf(await t.graphql(UPDATE, { input: { displayName: "Nobody" } }))).toBe("UNAUTHENTICATED");
  });

  it("changes only the viewer: another user's profile stays as it was", async () => {
    const other = await t.createUser();
    const me = await t.createUser();
    const before = await userRow(other.userId);
    await t.ok(UPDATE, { input: { displayName: "Me" } }, { token: me.token });
    expect(await userRow(other.userId)).toEqual(before);
    expect(await outboxCount(t.prisma, other.userId)).toBe(0);
  });
});

describe("changeEmail", () => {
  it("with the current password, mails the new address a link (and the old one a notice); the link moves the sign-in email, verified, audited, with profile.updated", async () => {
    const user = await signUp();
    const newEmail = `  Moved-${Date.now()}@Example.TEST `;
    const normalized = newEmail.trim().toLowerCase();
    expect((await t.ok(CHANGE_EMAIL, { password: user.password, email: newEmail }, { token: user.token })).changeEmail).toBe(true);
    // Nothing changes before the link is followed.
    expect((await userRow(user.userId)).email).toBe(user.email);
    expect(await eventsOf(t.prisma, user.userId, "profile.updated")).toEqual([]);
    const notice = await t.prisma.mailOutbox.findFirstOrThrow({ where: { toAddress: user.email } });
    expect(notice.template).toBe("email_change.notice");
    const link = await t.prisma.mailOutbox.findFirstOrThrow({ where: { toAddress: normalized } });
    expect(link.template).toBe("email_change.verify");
    const token = /#confirm-email=(tgv_[A-Za-z0-9_-]+)/.exec(link.body)?.[1];
    expect(token).toBeDefined();

    expect((await t.ok(CONFIRM, { token })).confirmEmailChange).toBe(true);
    const row = await userRow(user.userId);
    expect(row.email).toBe(normalized);
    expect(row.emailVerifiedAt).not.toBeNull();
    expect(row.accounts.map((account) => account.providerAccountId)).toEqual([row.email]);
    // The new address signs in; the old one no longer does; the link works once.
    expect(codeOf(await t.graphql(SIGN_IN, { input: { email: row.email, password: user.password } }))).toBeUndefined();
    expect(codeOf(await t.graphql(SIGN_IN, { input: { email: user.email, password: user.password } }))).toBe("UNAUTHENTICATED");
    expect(codeOf(await t.graphql(CONFIRM, { token }))).toBe("BAD_USER_INPUT");
    const audit = await t.prisma.auditLog.findMany({
      where: { userId: user.userId, action: { in: ["auth.email_change_requested", "auth.email_change"] } },
      orderBy: { createdAt: "asc" },
    });
    expect(audit.map((entry) => entry.action)).toEqual(["auth.email_change_requested", "auth.email_change"]);
    expect(audit[0].metadata).toMatchObject({ taken: false, mailed: true });
    expect(JSON.stringify(audit.map((entry) => entry.metadata))).not.toContain("@");
    expect(await eventsOf(t.prisma, user.userId, "profile.updated")).toEqual([{ changed: ["email"] }]);
  });

  it("answers a taken address exactly like a free one and changes nothing (the holder gets a notice, the audit trail knows)", async () => {
    const holder = await signUp();
    const user = await signUp();
    const before = await userRow(user.userId);
    const holderBefore = await userRow(holder.userId);
    const taken = await t.graphql(CHANGE_EMAIL, { password: user.password, email: holder.email.toUpperCase() }, { token: user.token });
    const free = await signUp();
    const freeAnswer = await t.graphql(
      CHANGE_EMAIL,
      { password: free.password, email: `free-${Date.now()}@example.test` },
      { token: free.token },
    );
    expect(taken).toEqual(freeAnswer);
    expect(taken).toEqual({ data: { changeEmail: true } });
    expect(await userRow(user.userId)).toEqual(before);
    expect(await userRow(holder.userId)).toEqual(holderBefore);
    expect(await eventsOf(t.prisma, user.userId, "profile.updated")).toEqual([]);
    expect(await t.prisma.emailVerification.count({ where: { email: holder.email } })).toBe(0);
    const toHolder = await t.prisma.mailOutbox.findMany({ where: { toAddress: holder.email } });
    expect(toHolder.map((mail) => mail.template)).toEqual(["email_change.already_registered"]);
    const audit = await t.prisma.auditLog.findFirstOrThrow({ where: { userId: user.userId, action: "auth.email_change_requested" } });
    expect(audit.metadata).toMatchObject({ taken: true });
  });

  it("refuses a wrong password and a malformed address; nothing changes, nothing is emitted", async () => {
    const user = await signUp();
    const before = await userRow(user.userId);
    const events = await outboxCount(t.prisma, user.userId);
    const wrong = await t.graphql(CHANGE_EMAIL, { password: "not my password", email: "new@example.test" }, { token: user.token });
    expect(wrong.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "currentPassword" });
    for (const email of ["not an email", "", `${"a".repeat(250)}@example.test`]) {
      expect(codeOf(await t.graphql(CHANGE_EMAIL, { password: user.password, email }, { token: user.token })), email).toBe(
        "BAD_USER_INPUT",
      );
    }
    expect(codeOf(await t.graphql(CHANGE_EMAIL, { password: user.password, email: "x@example.test" }))).toBe("UNAUTHENTICATED");
    expect(await userRow(user.userId)).toEqual(before);
    expect(await outboxCount(t.prisma, user.userId)).toBe(events);
    expect(
      await t.prisma.auditLog.count({
        where: { userId: user.userId, action: { in: ["auth.email_change", "auth.email_change_requested"] } },
      }),
    ).toBe(0);
    expect(await t.prisma.mailOutbox.count({ where: { toAddress: user.email } })).toBe(0);
  });
});

describe("changePassword (from the hardening work)", () => {
  it("revokes every other session of the user, keeps this one, audits, and leaves other users' sessions alone", async () => {
    const user = await signUp("old password 1");
    const second = (await t.ok(SIGN_IN, { input: { email: user.email, password: "old password 1" } })).signIn.token;
    const third = (await t.ok(SIGN_IN, { input: { email: user.email, password: "old password 1" } })).signIn.token;
    const bystander = await signUp();
    const changed = await t.ok(
      `mutation { changePassword(currentPassword: "old password 1", newPassword: "new password 2") }`,
      {},
      { token: user.token },
    );
    expect(changed.changePassword).toBe(2);
    for (const token of [second, third]) {
      expect((await t.graphql("{ viewer { id } }", {}, { token })).data?.viewer ?? null).toBeNull();
    }
    expect((await t.ok("{ viewer { id } }", {}, { token: user.token })).viewer).not.toBeNull();
    expect((await t.ok("{ viewer { id } }", {}, { token: bystander.token })).viewer).not.toBeNull();
    expect(await t.prisma.session.count({ where: { userId: user.userId, revokedAt: null } })).toBe(1);
    const audit = await t.prisma.auditLog.findFirstOrThrow({ where: { userId: user.userId, action: "auth.password_change" } });
    expect(audit.metadata).toMatchObject({ revokedSessions: 2 });
  });
});
