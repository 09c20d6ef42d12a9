// Sessions: opening one after a password check, refusing a sign-in (audited even though the
// sign-in fails), and ending sessions (sign out, revoke one, change the password, sign out
// everywhere). Rate limits and the password check itself run before the transaction, in
// src/auth; these functions only write. Audit metadata holds digests, never addresses.
import { createHash } from "node:crypto";
import { createSession } from "../auth/credentials.ts";
import { revokeSessions } from "../auth/sessions-revoke.ts";
import type { RequestInfo } from "../auth/viewer.ts";
import type { SignedUp } from "./accounts.ts";
import type { Actor } from "./actor.ts";
import { auditAction, recordAudit } from "./audit.ts";
import { badInput, notFound } from "./errors.ts";
import type { Tx } from "./transaction.ts";

const emailDigest = (email: string) => createHash("sha256").update(email).digest("hex");

/** The session the actor acts in; every signed-in request has one. */
function sessionOf(actor: Actor): string {
  if (!actor.sessionId) throw new Error("A signed-in actor without a session");
  return actor.sessionId;
}

/** Opens a session for `userId` whose password the caller has checked: `auth.sign_in`. */
export async function openPasswordSession(tx: Tx, request: RequestInfo, userId: string): Promise<SignedUp> {
  const { session, token } = await createSession(tx, userId, request);
  await recordAudit(tx, { userId, sessionId: session.id, action: "auth.sign_in", requestInfo: request });
  return { token, expiresAt: session.expiresAt, userId };
}

/** A sign-in refused by the rate limit before any password was checked: `auth.sign_in_throttled`. */
export async function recordSignInThrottled(tx: Tx, request: RequestInfo, email: string): Promise<void> {
  await recordAudit(tx, {
    userId: null,
    action: "auth.sign_in_throttled",
    metadata: { emailSha256: emailDigest(email) },
    requestInfo: request,
  });
}

export interface FailedSignIn {
  /** Lower-cased. */
  email: string;
  /** The account of the address, when there is one (a wrong password). */
  userId: string | null;
  /** Set when this failure throttled password sign-in. */
  throttle?: { seconds: number; scope: string } | null;
}

/**
 * A wrong password or an unknown address: `auth.sign_in_failed`, with a digest of the address (the
 * trail outlives accounts and must not keep stray emails). Run in its own transaction, committed
 * before the caller refuses.
 */
export async function recordSignInFailed(tx: Tx, request: RequestInfo, failed: FailedSignIn): Promise<void> {
  await recordAudit(tx, {
    userId: failed.userId,
    action: "auth.sign_in_failed",
    metadata: {
      reason: failed.userId ? "wrong_password" : "unknown_email",
      emailSha256: emailDigest(failed.email),
      ...(failed.throttle ? { throttledSeconds: failed.throttle.seconds, throttledScope: failed.throttle.scope } : {}),
    },
    requestInfo: request,
  });
}

/** Revokes the actor's current session: `auth.sign_out`. Returns its id. */
export async function signOut(tx: Tx, actor: Actor, now = new Date()): Promise<{ id: string }> {
  const id = sessionOf(actor);
  await tx.session.updateMany({ where: { id, userId: actor.userId, revokedAt: null }, data: { revokedAt: now } });
  await auditAction(tx, actor, "auth.sign_out", { type: "Session", id });
  return { id };
}

/**
 * Revokes another of the actor's sessions (`auth.session_revoke`); one already revoked is left as it
 * is. The current session is BAD_USER_INPUT (signOut ends it), another user's is NOT_FOUND.
 */
export async function revokeSession(tx: Tx, actor: Actor, id: string, now = new Date()): Promise<{ id: string }> {
  if (id === actor.sessionId) throw badInput("id: this is the current session; use signOut", "id");
  const session = await tx.session.findFirst({ where: { id, userId: actor.userId }, select: { id: true, revokedAt: true } });
  if (!session) throw notFound("Session");
  if (!session.revokedAt) {
    await tx.session.update({ where: { id }, data: { revokedAt: now } });
    await auditAction(tx, actor, "auth.session_revoke", { type: "Session", id });
  }
  return { id };
}

/**
 * Sets the password of the actor's credentials account (the caller checked the current one and
 * hashed the new) and revokes every other session: `auth.password_change`. Returns how many were revoked.
 */
export async function changePassword(tx: Tx, actor: Actor, change: { accountId: string; passwordHash: string }): Promise<number> {
  await tx.account.update({ where: { id: change.accountId, userId: actor.userId }, data: { passwordHash: change.passwordHash } });
  const count = await revokeSessions(tx, actor.userId, { except: sessionOf(actor) });
  await auditAction(tx, actor, "auth.password_change", { type: "User", id: actor.userId }, { revokedSessions: count });
  return count;
}

/** Revokes every session of the actor, the current one included: `auth.sign_out_everywhere`. Returns how many. */
export async function signOutEverywhere(tx: Tx, actor: Actor): Promise<number> {
  const count = await revokeSessions(tx, actor.userId);
  await auditAction(tx, actor, "auth.sign_out_everywhere", { type: "User", id: actor.userId }, { revokedSessions: count });
  return count;
}
