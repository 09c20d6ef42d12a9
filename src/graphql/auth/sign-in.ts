import { z } from "zod";
import { builder } from "../builder.ts";
import { prisma } from "../../db/index.ts";
import { checkCurrentPassword, checkPassword, CREDENTIALS_PROVIDER, normalizeEmail } from "../../auth/credentials.ts";
import {
  completeSignUp,
  confirmEmailChange,
  createAccount,
  EMAIL_TAKEN,
  requestSignInLink,
  requestSignUp,
  signInWithLink,
} from "../../domain/accounts.ts";
import type { Context } from "../context.ts";
import { hashPassword } from "../../auth/password.ts";
import * as sessions from "../../domain/sessions.ts";
import { badInput, conflict, forbidden, unauthenticated } from "../errors/index.ts";
import { reread, runMutation, runPublicMutation } from "../mutation.ts";
import { normalizeTimeZone } from "../../domain/calendar.ts";
import { timeZoneSchema } from "../validators.ts";
import { decodeId } from "../ids.ts";
import { authRateLimits } from "../../auth/rate-limit.ts";
import { announceSessionsEnded } from "../../auth/session-watch.ts";

interface AuthResult {
  token: string;
  expiresAt: Date;
  userId: string;
}

const AuthPayload = builder.objectRef<AuthResult>("AuthPayload").implement({
  description: "A new session. The token is shown only here: send it as `Authorization: Bearer <token>`.",
  fields: (t) => ({
    token: t.exposeString("token"),
    expiresAt: t.expose("expiresAt", { type: "DateTime" }),
    user: t.prismaField({
      type: "User",
      resolve: (query, result) => prisma.user.findUniqueOrThrow({ ...query, where: { id: result.userId } }),
    }),
  }),
});

export const emailSchema = z.string().trim().max(254).pipe(z.email());
const passwordSchema = z.string().min(8, { message: "must be at least 8 characters" }).max(200);

const SignUpInput = builder.inputType("SignUpInput", {
  fields: (t) => ({
    email: t.string({ required: true, validate: emailSchema }),
    password: t.string({ required: true, validate: passwordSchema }),
    displayName: t.string({ required: true, validate: z.string().trim().min(1).max(100) }),
    timezone: t.string({ required: false, description: "IANA time zone; default UTC.", validate: timeZoneSchema.nullish() }),
  }),
});

const SignInInput = builder.inputType("SignInInput", {
  fields: (t) => ({
    email: t.string({ required: true, validate: z.string().max(254) }),
    password: t.string({ required: true, validate: z.string().max(200) }),
  }),
});

const INVALID_CREDENTIALS = "Invalid email or password";

interface CheckedSignUp {
  email: string;
  passwordHash: string;
  displayName: string;
  timezone: string;
}

/** Rate limit, time zone, and the password's hash (hashed before any lookup, so every answer costs one scrypt). */
async function checkSignUp(
  input: { email: string; password: string; displayName: string; timezone?: string | null },
  context: Context,
): Promise<CheckedSignUp> {
  const email = normalizeEmail(input.email);
  const timezone = input.timezone ? normalizeTimeZone(input.timezone) : "UTC";
  if (!timezone) throw badInput("input.timezone: must be an IANA time zone", "input.timezone");
  await authRateLimits().beforeSignUp(context.requestInfo.ipAddress);
  const passwordHash = await hashPassword(input.password);
  return { email, passwordHash, displayName: input.displayName.trim(), timezone };
}

builder.mutationField("signUp", (t) =>
  t.field({
    type: AuthPayload,
    description:
      "Creates an account with email and password and signs it in (SIGN_UP_MODE=open, the default outside production). " +
      "A taken email is CONFLICT, so this tells whether an address has an account: production uses requestSignUp " +
      "and completeSignUp instead, and this answers FORBIDDEN there.",
    args: { input: t.arg({ type: SignUpInput, required: true }) },
    resolve: async (_root, { input }, context) => {
      if (context.config.signUpMode !== "open") throw forbidden("Sign-up needs a confirmed address here: use requestSignUp");
      const account = await checkSignUp(input, context);
      const taken = await prisma.user.findUnique({ where: { email: account.email }, select: { id: true } });
      if (taken) throw conflict(EMAIL_TAKEN);
      return runPublicMutation(context, (tx, request) => createAccount(tx, account, request));
    },
  }),
);

builder.mutationField("requestSignUp", (t) =>
  t.boolean({
    description:
      "Starts a sign-up: mails the address a link (valid 24 hours) that completeSignUp redeems. Answers true, " +
      "the same way and in the same time, whether or not the address already has an account (its owner gets a " +
      "notice instead), so it reveals nothing about other accounts.",
    args: { input: t.arg({ type: SignUpInput, required: true }) },
    resolve: async (_root, { input }, context) => {
      const account = await checkSignUp(input, context);
      await runPublicMutation(context, (tx, request) => requestSignUp(tx, { ...account, publicUrl: context.config.publicUrl }, request));
      return true;
    },
  }),
);

builder.mutationField("completeSignUp", (t) =>
  t.field({
    type: AuthPayload,
    description: "Redeems the link requestSignUp mailed: creates the account and signs it in. A link works once.",
    args: { token: t.arg.string({ required: true, validate: z.string().min(1).max(200) }) },
    resolve: (_root, args, context) => runPublicMutation(context, (tx, request) => completeSignUp(tx, args.token, request)),
  }),
);

builder.mutationField("confirmEmailChange", (t) =>
  t.boolean({
    description:
      "Redeems the link changeEmail mailed to the new address: the account's sign-in address becomes it. A link works once; " +
      "the link is the credential, so no session is needed.",
    args: { token: t.arg.string({ required: true, validate: z.string().min(1).max(200) }) },
    resolve: async (_root, args, context) => {
      await runPublicMutation(context, (tx, request) => confirmEmailChange(tx, args.token, request));
      return true;
    },
  }),
);

builder.mutationField("signIn", (t) =>
  t.field({
    type: AuthPayload,
    description: `Signs in with email and password. Any mismatch is UNAUTHENTICATED "${INVALID_CREDENTIALS}".`,
    args: { input: t.arg({ type: SignInInput, required: true }) },
    resolve: async (_root, { input }, context) => {
      const email = normalizeEmail(input.email);
      const limits = authRateLimits();
      try {
        await limits.beforeSignIn(context.requestInfo.ipAddress, email);
      } catch (error) {
        await runPublicMutation(context, (tx, request) => sessions.recordSignInThrottled(tx, request, email));
        throw error;
      }
      const account = await prisma.account.findUnique({
        where: { provider_providerAccountId: { provider: CREDENTIALS_PROVIDER, providerAccountId: email } },
        select: { userId: true, passwordHash: true },
      });
      const ok = await checkPassword(input.password, account?.passwordHash);
      if (!account || !ok) {
        const throttle = await limits.signInFailed(context.requestInfo.ipAddress, email);
        // Recorded in its own transaction: the refusal below must not roll the entry back.
        await runPublicMutation(context, (tx, request) =>
          sessions.recordSignInFailed(tx, request, { email, userId: account?.userId ?? null, throttle }),
        );
        // The owner hears of it, with a link that works while the password path waits.
        if (throttle && account) {
          await runPublicMutation(context, (tx, request) =>
            requestSignInLink(tx, { email, publicUrl: context.config.publicUrl, throttledSeconds: throttle.seconds }, request),
          );
        }
        throw unauthenticated(INVALID_CREDENTIALS);
      }
      await limits.signInSucceeded(email, context.requestInfo.ipAddress);
      return runPublicMutation(context, (tx, request) => sessions.openPasswordSession(tx, request, account.userId));
    },
  }),
);

builder.mutationField("requestSignInLink", (t) =>
  t.boolean({
    description:
      "Mails the account of this address a one-time sign-in link (valid 15 minutes) that signInWithLink redeems; it works " +
      "while password sign-in is throttled. Answers true whether or not the address has an account (only an account's " +
      "address gets mail, at most 3 mails an hour); RATE_LIMITED after 10 requests an hour from one client address.",
    args: { email: t.arg.string({ required: true, validate: emailSchema }) },
    resolve: async (_root, args, context) => {
      await authRateLimits().beforeSignInLink(context.requestInfo.ipAddress);
      const email = normalizeEmail(args.email);
      await runPublicMutation(context, (tx, request) => requestSignInLink(tx, { email, publicUrl: context.config.publicUrl }, request));
      return true;
    },
  }),
);

builder.mutationField("signInWithLink", (t) =>
  t.field({
    type: AuthPayload,
    description: "Redeems a link requestSignInLink (or a throttling notice) mailed: opens a session. A link works once, for 15 minutes.",
    args: { token: t.arg.string({ required: true, validate: z.string().min(1).max(200) }) },
    resolve: (_root, args, context) => runPublicMutation(context, (tx, request) => signInWithLink(tx, args.token, request)),
  }),
);

builder.mutationField("signOut", (t) =>
  t.withAuth({ signedIn: true }).prismaField({
    type: "Session",
    description: "Revokes the session of this request; its token is refused from now on.",
    resolve: async (query, _root, _args, context) => {
      const { userId, sessionId } = context.viewer;
      const session = await runMutation(context, (tx, actor) => sessions.signOut(tx, actor), reread("Session", query));
      // Committed: the session's live streams close, on every instance.
      announceSessionsEnded(context.live, userId, { sessionIds: [sessionId] });
      return session;
    },
  }),
);

builder.mutationField("revokeSession", (t) =>
  t.withAuth({ signedIn: true }).prismaField({
    type: "Session",
    description: "Revokes another of the viewer's sessions (e.g. a lost device). Use signOut for the current one.",
    args: { id: t.arg.id({ required: true }) },
    resolve: async (query, _root, args, context) => {
      const id = decodeId(args.id, "Session");
      const revoked = await runMutation(context, (tx, actor) => sessions.revokeSession(tx, actor, id), reread("Session", query));
      announceSessionsEnded(context.live, context.viewer.userId, { sessionIds: [id] });
      return revoked;
    },
  }),
);

builder.mutationField("changePassword", (t) =>
  t.withAuth({ signedIn: true }).int({
    description:
      "Changes the viewer's password after checking the current one, and revokes every other session. Returns how many sessions were revoked.",
    args: {
      currentPassword: t.arg.string({ required: true, validate: z.string().max(200) }),
      newPassword: t.arg.string({ required: true, validate: passwordSchema }),
    },
    resolve: async (_root, args, context) => {
      const { userId, sessionId } = context.viewer;
      const account = await checkCurrentPassword(userId, args.currentPassword, context.requestInfo.ipAddress);
      const passwordHash = await hashPassword(args.newPassword);
      const revoked = await runMutation(context, (tx, actor) =>
        sessions.changePassword(tx, actor, { accountId: account.id, passwordHash }),
      );
      announceSessionsEnded(context.live, userId, { sessionIds: null, except: sessionId });
      return revoked;
    },
  }),
);

builder.mutationField("signOutEverywhere", (t) =>
  t.withAuth({ signedIn: true }).int({
    description: "Revokes every session of the viewer, this one included. Returns how many were revoked.",
    resolve: async (_root, _args, context) => {
      const { userId } = context.viewer;
      const revoked = await runMutation(context, (tx, actor) => sessions.signOutEverywhere(tx, actor));
      announceSessionsEnded(context.live, userId, { sessionIds: null });
      return revoked;
    },
  }),
);
