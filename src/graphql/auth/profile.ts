import { z } from "zod";
import { builder } from "../builder.ts";
import { reread, runMutation } from "../mutation.ts";
import { checkCurrentPassword, normalizeEmail } from "../../auth/credentials.ts";
import * as profile from "../../domain/profile.ts";
import { requestEmailChange } from "../../domain/accounts.ts";
import { refuseNulls } from "../validators.ts";
import { emailSchema } from "./sign-in.ts";

// C0 and C1 control characters, NUL included: PostgreSQL text cannot hold NUL, and none of
// them belongs in a name or a URL.
const hasControl = (value: string) =>
  [...value].some((char) => {
    const code = char.codePointAt(0) ?? 0;
    return code < 0x20 || (code >= 0x7f && code <= 0x9f);
  });

export const MAX_AVATAR_URL = 2048;

/** An https URL with a host, at most MAX_AVATAR_URL characters, no whitespace or control characters. */
export const avatarUrlSchema = z
  .string()
  .max(MAX_AVATAR_URL, `must be at most ${MAX_AVATAR_URL} characters`)
  .refine((value) => !hasControl(value) && !/\s/.test(value), "must not contain whitespace or control characters")
  .refine((value) => {
    // URL.canParse is not in every runtime this targets; a throw is the same answer.
    try {
      const url = new URL(value);
      return url.protocol === "https:" && url.hostname.length > 0 && url.username === "" && url.password === "";
    } catch {
      return false;
    }
  }, "must be an https URL (no credentials in it)");

export const displayNameSchema = z
  .string()
  .trim()
  .min(1, "must not be blank")
  .max(100, "must be at most 100 characters")
  .refine((value) => !hasControl(value), "must not contain control characters");

const UpdateProfileInput = builder.inputType("UpdateProfileInput", {
  description: "Only the fields given change; a null avatarUrl removes the avatar.",
  fields: (t) => ({
    displayName: t.string({ required: false, validate: displayNameSchema.nullish() }),
    avatarUrl: t.string({
      required: false,
      description: `An https URL, at most ${MAX_AVATAR_URL} characters.`,
      validate: avatarUrlSchema.nullish(),
    }),
  }),
});

builder.mutationField("updateProfile", (t) =>
  t.withAuth({ signedIn: true }).prismaField({
    type: "User",
    description: "Changes the viewer's display name and avatar.",
    args: { input: t.arg({ type: UpdateProfileInput, required: true }) },
    resolve: (query, _root, { input }, context) => {
      refuseNulls(input, ["displayName"], "input");
      return runMutation(context, (tx, actor) => profile.updateProfile(tx, actor, input), reread("User", query, context.viewer.userId));
    },
  }),
);

builder.mutationField("changeEmail", (t) =>
  t.withAuth({ signedIn: true }).boolean({
    description:
      "Starts changing the viewer's sign-in email after checking the current password: the new address gets a link " +
      "(confirmEmailChange) and the current one a notice; nothing changes until the link is followed. The answer is " +
      "`true` whether or not the address belongs to another account (its owner gets a notice instead of a link), so " +
      "this mutation tells nobody which addresses are registered. Audited with digests of the addresses.",
    args: {
      currentPassword: t.arg.string({ required: true, validate: z.string().max(200) }),
      newEmail: t.arg.string({ required: true, validate: emailSchema }),
    },
    resolve: async (_root, args, context) => {
      const newEmail = normalizeEmail(args.newEmail);
      await checkCurrentPassword(context.viewer.userId, args.currentPassword, context.requestInfo.ipAddress);
      await runMutation(context, (tx, actor) =>
        requestEmailChange(
          tx,
          { userId: actor.userId, sessionId: actor.sessionId, newEmail, publicUrl: context.config.publicUrl },
          context.requestInfo,
        ),
      );
      return true;
    },
  }),
);
