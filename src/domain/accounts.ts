// Creating accounts: the open sign-up (development, tests) and the verified one, which does not
// tell anyone whether an address already has an account.
//
// Verified sign-up is two steps. `requestSignUp` answers the same whatever the address: for a
// free address it stores a pending sign-up and mails a one-time link; for a taken one it mails
// the owner a notice instead ("someone tried to sign up with your address"). Only the mailbox's
// owner learns which. `completeSignUp` redeems the link's token once and creates the account.
import { createHash, randomBytes } from "node:crypto";
import type { RequestInfo } from "../auth/viewer.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import { createSession } from "../auth/credentials.ts";
import { CREDENTIALS_PROVIDER } from "../auth/credentials.ts";
import { badInput, conflict, DomainError, mapDatabaseError } from "./errors.ts";
import { recordAudit } from "./audit.ts";
import { emit } from "./events.ts";
import { ensureProgress, ensureWallet } from "./points.ts";
import type { Tx } from "./transaction.ts";

export const EMAIL_TAKEN = "An account with this email already exists";
/** How long a sign-up link stays valid. */
export const SIGN_UP_LINK_TTL_MS = 24 * 60 * 60 * 1000;
/** Mails sent to one address per hour (more requests answer the same and send nothing). */
export const MAILS_PER_ADDRESS_PER_HOUR = 3;
const LINK_TOKEN_PREFIX = "tgv_";

export interface NewAccount {
  email: string;
  passwordHash: string;
  displayName: string;
  timezone: string;
}

export interface SignedUp {
  token: string;
  expiresAt: Date;
  userId: string;
}

/**
 * Creates the user with a password, settings, the `user` role, progress and wallet, and a first
 * session. A taken email (also one taken by a concurrent sign-up) is CONFLICT.
 */
export async function createAccount(tx: Tx, account: NewAccount, requestInfo: RequestInfo): Promise<SignedUp> {
  const role = await tx.role.findUnique({ where: { key: "user" }, select: { id: true } });
  if (!role) throw new Error("The `user` role is missing: are the seeds applied?");
  const user = await tx.user
    .create({ data: { email: account.email, displayName: account.displayName }, select: { id: true } })
    .catch((error: unknown) => {
      const mapped = mapDatabaseError(error);
      throw mapped instanceof DomainError && mapped.code === "CONFLICT" ? conflict(EMAIL_TAKEN) : mapped;
    });
  await tx.account.create({
    data: { userId: user.id, provider: CREDENTIALS_PROVIDER, providerAccountId: account.email, passwordHash: account.passwordHash },
  });
  await tx.userSettings.create({ data: { userId: user.id, timezone: account.timezone } });
  await tx.userRole.create({ data: { userId: user.id, roleId: role.id } });
  await ensureProgress(tx, user.id);
  await ensureWallet(tx, user.id);
  const { session, token } = await createSession(tx, user.id, requestInfo);
  await recordAudit(tx, {
    userId: user.id,
    sessionId: session.id,
    action: "auth.sign_up",
    targetType: "User",
    targetId: user.id,
    requestInfo,
  });
  return { token, expiresAt: session.expiresAt, userId: user.id };
}

const digest = (text: string) => createHash("sha256").update(text).digest("hex");

// ---- Links and mail shared by sign-up and email change

/**
 * Mails queued for an address in the last hour (every flow shares the cap). Takes a transaction
 * lock on the address first, so concurrent requests for it count one after the other.
 */
async function mailsLastHour(tx: Tx, address: string, now: Date): Promise<number> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`mail:${address}`}))`;
  return tx.mailOutbox.count({ where: { toAddress: address, createdAt: { gt: new Date(now.getTime() - 60 * 60 * 1000) } } });
}

function queueMail(tx: Tx, toAddress: string, template: string, subject: string, body: string) {
  return tx.mailOutbox.create({ data: { toAddress, template, subject, body } });
}

type LinkData = Omit<Prisma.EmailVerificationUncheckedCreateInput, "tokenHash" | "expiresAt">;

/** Stores a one-time link (only its token's digest) and returns the token for the mail. */
async function createLink(tx: Tx, data: LinkData, now: Date, ttlMs = SIGN_UP_LINK_TTL_MS): Promise<string> {
  const token = LINK_TOKEN_PREFIX + randomBytes(32).toString("base64url");
  await tx.emailVerification.create({ data: { ...data, tokenHash: digest(token), expiresAt: new Date(now.getTime() + ttlMs) } });
  return token;
}

/**
 * Claims a link once, with a guarded update, so two tabs following it act once; null when the
 * token is unknown, used, expired or for another purpose.
 */
async function claimLink(tx: Tx, token: string, purpose: string, now: Date) {
  if (!token.startsWith(LINK_TOKEN_PREFIX)) return null;
  const claimed = await tx.emailVerification.updateManyAndReturn({
    where: { tokenHash: digest(token), purpose, consumedAt: null, expiresAt: { gt: now } },
    data: { consumedAt: now },
  });
  return claimed[0] ?? null;
}

export interface SignUpRequest extends NewAccount {
  /** Where links point: `<publicUrl>/#verify=<token>`. */
  publicUrl: string;
}

/**
 * The first step of a verified sign-up (see the file comment). Returns nothing the caller could
 * tell addresses apart by; the mail, if any, is in mail_outbox when the transaction commits.
 */
export async function requestSignUp(tx: Tx, request: SignUpRequest, requestInfo: RequestInfo, now = new Date()): Promise<void> {
  const emailSha256 = digest(request.email);
  const recent = await mailsLastHour(tx, request.email, now);
  const taken = await tx.user.findUnique({ where: { email: request.email }, select: { id: true } });
  await recordAudit(tx, {
    userId: taken?.id ?? null,
    action: "auth.sign_up_requested",
    metadata: { emailSha256, taken: taken !== null, mailed: recent < MAILS_PER_ADDRESS_PER_HOUR },
    requestInfo,
  });
  if (recent >= MAILS_PER_ADDRESS_PER_HOUR) return;
  if (taken) {
    await queueMail(
      tx,
      request.email,
      "sign_up.already_registered",
      "Someone tried to sign up with your address",
      "Someone (perhaps you) asked to create a Today account with this address, which already has one.\n" +
        `If it was you, sign in at ${request.publicUrl}/ instead. If not, you can ignore this mail: nothing changed.\n`,
    );
    return;
  }
  const token = await createLink(
    tx,
    {
      purpose: "sign_up",
      email: request.email,
      passwordHash: request.passwordHash,
      displayName: request.displayName,
      timezone: request.timezone,
    },
    now,
  );
  await queueMail(
    tx,
    request.email,
    "sign_up.verify",
    "Confirm your Today account",
    "Follow this link within 24 hours to create your Today account:\n" +
      `${request.publicUrl}/#verify=${token}\n` +
      "If you did not ask for an account, ignore this mail.\n",
  );
}

const LINK_INVALID = "This sign-up link is invalid, used or expired";

/**
 * Redeems a sign-up link: creates the account and its first session, once. An unknown, used or
 * expired token is BAD_USER_INPUT; an address taken since the link was mailed is CONFLICT.
 */
export async function completeSignUp(tx: Tx, token: string, requestInfo: RequestInfo, now = new Date()): Promise<SignedUp> {
  const pending = await claimLink(tx, token, "sign_up", now);
  if (!pending?.passwordHash || !pending.displayName || !pending.timezone) throw badInput(`token: ${LINK_INVALID}`, "token");
  const account = await createAccount(
    tx,
    { email: pending.email, passwordHash: pending.passwordHash, displayName: pending.displayName, timezone: pending.timezone },
    requestInfo,
  );
  // Following the link proved the address.
  await tx.user.update({ where: { id: account.userId }, data: { emailVerifiedAt: now } });
  return account;
}

const CHANGE_INVALID = "This email-change link is invalid, used or expired";

export interface EmailChangeRequest {
  userId: string;
  /** The session that asked, for the audit trail. */
  sessionId?: string | null;
  /** Lower-cased. */
  newEmail: string;
  publicUrl: string;
}

/**
 * Starts an email change (the caller has checked the password): the new address gets a link that
 * confirmEmailChange redeems, or, when another account has it, its owner gets a notice; the
 * current address is told either way. The caller's answer is the same in every case.
 */
export async function requestEmailChange(tx: Tx, request: EmailChangeRequest, requestInfo: RequestInfo, now = new Date()): Promise<void> {
  const user = await tx.user.findUniqueOrThrow({ where: { id: request.userId }, select: { email: true } });
  if (user.email === request.newEmail) return;
  const recent = await mailsLastHour(tx, request.newEmail, now);
  const taken = await tx.user.findUnique({ where: { email: request.newEmail }, select: { id: true } });
  const mailed = recent < MAILS_PER_ADDRESS_PER_HOUR;
  await recordAudit(tx, {
    userId: request.userId,
    sessionId: request.sessionId ?? null,
    action: "auth.email_change_requested",
    targetType: "User",
    targetId: request.userId,
    metadata: { toSha256: digest(request.newEmail), taken: taken !== null, mailed },
    requestInfo,
  });
  if (!mailed) return;
  await queueMail(
    tx,
    user.email,
    "email_change.notice",
    "Your Today sign-in address is about to change",
    `Someone signed in to your Today account asked to change its address to ${request.newEmail}.\n` +
      "The change happens only when that address's link is followed. If it was not you, change your password now.\n",
  );
  if (taken) {
    await queueMail(
      tx,
      request.newEmail,
      "email_change.already_registered",
      "Someone tried to move an account to your address",
      "Another Today account asked to use this address, which already has an account. Nothing changed.\n",
    );
    return;
  }
  const token = await createLink(tx, { purpose: "change_email", userId: request.userId, email: request.newEmail }, now);
  await queueMail(
    tx,
    request.newEmail,
    "email_change.verify",
    "Confirm your new Today address",
    `Follow this link within 24 hours to make this your Today sign-in address:\n${request.publicUrl}/#confirm-email=${token}\n`,
  );
}

/**
 * Redeems an email-change link once: the account's address (and its password sign-in) becomes
 * the new one. Unknown, used or expired: BAD_USER_INPUT; an address taken since: CONFLICT (only
 * the address's owner holds the link). Returns the user whose address changed.
 */
export async function confirmEmailChange(
  tx: Tx,
  token: string,
  requestInfo: RequestInfo,
  now = new Date(),
): Promise<{ userId: string; email: string }> {
  const pending = await claimLink(tx, token, "change_email", now);
  if (!pending?.userId) throw badInput(`token: ${CHANGE_INVALID}`, "token");
  const before = await tx.user.findUniqueOrThrow({ where: { id: pending.userId }, select: { email: true } });
  // Following the link proves the address: it is verified from now on.
  await tx.user.update({ where: { id: pending.userId }, data: { email: pending.email, emailVerifiedAt: now } }).catch((error: unknown) => {
    const mapped = mapDatabaseError(error);
    throw mapped instanceof DomainError && mapped.code === "CONFLICT" ? conflict("That address has an account now") : mapped;
  });
  await tx.account.updateMany({
    where: { userId: pending.userId, provider: CREDENTIALS_PROVIDER },
    data: { providerAccountId: pending.email },
  });
  await recordAudit(tx, {
    userId: pending.userId,
    action: "auth.email_change",
    targetType: "User",
    targetId: pending.userId,
    metadata: { fromSha256: digest(before.email), toSha256: digest(pending.email) },
    requestInfo,
  });
  // The event names the field, never the address (projectors read the outbox).
  await emit(tx, { type: "profile.updated", userId: pending.userId, payload: { changed: ["email"] } });
  return { userId: pending.userId, email: pending.email };
}

// ---- Sign-in links: the way in that password throttling never closes

/** How long a mailed sign-in link stays valid. */
export const SIGN_IN_LINK_TTL_MS = 15 * 60 * 1000;
const SIGN_IN_LINK_INVALID = "This sign-in link is invalid, used or expired";

export interface SignInLinkRequest {
  /** Lower-cased. */
  email: string;
  publicUrl: string;
  /** Set when password sign-in has just been throttled: the mail says so. */
  throttledSeconds?: number | null;
}

/**
 * Mails the account of `email` a one-time sign-in link (valid 15 minutes, stored as a digest),
 * within the per-address mail cap. An address without an account gets nothing, and the caller
 * answers the same either way.
 */
export async function requestSignInLink(tx: Tx, request: SignInLinkRequest, requestInfo: RequestInfo, now = new Date()): Promise<void> {
  const recent = await mailsLastHour(tx, request.email, now);
  const user = await tx.user.findUnique({ where: { email: request.email }, select: { id: true } });
  const mailed = user !== null && recent < MAILS_PER_ADDRESS_PER_HOUR;
  await recordAudit(tx, {
    userId: user?.id ?? null,
    action: request.throttledSeconds ? "auth.sign_in_throttle_notice" : "auth.sign_in_link_requested",
    metadata: {
      emailSha256: digest(request.email),
      mailed,
      ...(request.throttledSeconds ? { throttledSeconds: request.throttledSeconds } : {}),
    },
    requestInfo,
  });
  if (!user || !mailed) return;
  const token = await createLink(tx, { purpose: "sign_in", userId: user.id, email: request.email }, now, SIGN_IN_LINK_TTL_MS);
  const link = `${request.publicUrl}/#sign-in=${token}`;
  if (request.throttledSeconds) {
    const minutes = Math.ceil(request.throttledSeconds / 60);
    await queueMail(
      tx,
      request.email,
      "sign_in.throttled",
      "Wrong passwords were tried on your Today account",
      `Several wrong passwords were tried for your Today account, so password sign-in is paused for up to ${minutes} minute(s).\n` +
        `You can still sign in at once with this link (valid 15 minutes, once):\n${link}\n` +
        "If it was not you, nothing is lost: your password was not accepted. Consider changing it.\n",
    );
    return;
  }
  await queueMail(
    tx,
    request.email,
    "sign_in.link",
    "Your Today sign-in link",
    `Follow this link within 15 minutes to sign in to Today (it works once):\n${link}\nIf you did not ask for it, ignore this mail.\n`,
  );
}

/**
 * Redeems a sign-in link once and opens a session. Unknown, used or expired (or for an address
 * the account no longer has): BAD_USER_INPUT. Password throttling does not apply.
 */
export async function signInWithLink(tx: Tx, token: string, requestInfo: RequestInfo, now = new Date()): Promise<SignedUp> {
  const pending = await claimLink(tx, token, "sign_in", now);
  const user = pending?.userId ? await tx.user.findUnique({ where: { id: pending.userId }, select: { id: true, email: true } }) : null;
  if (!pending || !user || user.email !== pending.email) throw badInput(`token: ${SIGN_IN_LINK_INVALID}`, "token");
  const { session, token: sessionToken } = await createSession(tx, user.id, requestInfo, now);
  await recordAudit(tx, { userId: user.id, sessionId: session.id, action: "auth.sign_in", metadata: { method: "link" }, requestInfo });
  return { token: sessionToken, expiresAt: session.expiresAt, userId: user.id };
}
