import type { Session } from "../generated/prisma/client.ts";
import type { Tx } from "../domain/transaction.ts";
import type { RequestInfo } from "../auth/viewer.ts";
import { prisma } from "../db/index.ts";
import { badInput } from "../graphql/errors/index.ts";
import { hashPassword, verifyPassword } from "./password.ts";
import { authRateLimits } from "./rate-limit.ts";
import { newSessionToken, SESSION_TTL_MS } from "./session.ts";
import { markWrite } from "../db/routing.ts";

export const CREDENTIALS_PROVIDER = "credentials";

/** Emails are compared and stored lower-cased (users_email_lowercase_check). */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

let dummyHash: Promise<string> | undefined;

/**
 * Checks `password` against `stored`; with no stored hash (unknown email) it still runs
 * one scrypt against a throw-away hash, so the response time does not tell whether an
 * email is registered.
 */
export async function checkPassword(password: string, stored: string | null | undefined): Promise<boolean> {
  if (stored) return verifyPassword(password, stored);
  dummyHash ??= hashPassword("not-a-real-password");
  await verifyPassword(password, await dummyHash);
  return false;
}

export interface NewSession {
  session: Session;
  /** The bearer token: returned to the client once, never stored. */
  token: string;
}

export async function createSession(tx: Tx, userId: string, requestInfo: RequestInfo, now = new Date()): Promise<NewSession> {
  const { token, tokenHash } = newSessionToken();
  // The new user (sign-up) or session (sign-in) must be read back from the primary until a
  // replica has it: the signed-out caller was no viewer whose writes the router would track.
  markWrite(userId);
  const session = await tx.session.create({
    data: {
      userId,
      tokenHash,
      createdAt: now,
      expiresAt: new Date(now.getTime() + SESSION_TTL_MS),
      lastUsedAt: now,
      userAgent: requestInfo.userAgent?.slice(0, 500) ?? null,
      ipAddress: requestInfo.ipAddress?.slice(0, 100) ?? null,
    },
  });
  return { session, token };
}

export interface PasswordAccount {
  id: string;
  /** The lower-cased email the password signs in with. */
  providerAccountId: string;
}

/**
 * Re-checks a signed-in user's current password before a sensitive change (email, password):
 * throttled like a sign-in, a wrong one counts towards the account's lockout. Returns the
 * credentials account; BAD_USER_INPUT on `currentPassword` when it has none or it does not match.
 */
export async function checkCurrentPassword(userId: string, currentPassword: string, ip: string | null): Promise<PasswordAccount> {
  const account = await prisma.account.findFirst({
    where: { userId, provider: CREDENTIALS_PROVIDER },
    select: { id: true, providerAccountId: true, passwordHash: true },
  });
  if (!account?.passwordHash) throw badInput("This account has no password", "currentPassword");
  const limits = authRateLimits();
  await limits.beforeSignIn(ip, account.providerAccountId);
  if (!(await verifyPassword(currentPassword, account.passwordHash))) {
    await limits.signInFailed(ip, account.providerAccountId);
    throw badInput("currentPassword: does not match", "currentPassword");
  }
  return { id: account.id, providerAccountId: account.providerAccountId };
}
