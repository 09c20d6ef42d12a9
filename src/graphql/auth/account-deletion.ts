import { z } from "zod";
import { builder } from "../builder.ts";
import { prisma } from "../../db/index.ts";
import { deleteAccount } from "../../domain/account-deletion.ts";
import { auditAction } from "../../domain/audit.ts";
import { announceSessionsEnded } from "../../auth/session-watch.ts";
import { checkPassword, CREDENTIALS_PROVIDER } from "../../auth/credentials.ts";
import { unauthenticated } from "../errors/index.ts";
import { encodeId } from "../ids.ts";
import { runMutation } from "../mutation.ts";

builder.mutationField("deleteAccount", (t) =>
  t.withAuth({ signedIn: true }).id({
    description:
      "Deletes the viewer's account and everything it owns, in one transaction, after re-checking the password. " +
      "Returns the deleted user's ID. The security trail keeps its rows, no longer linked to the user; the behavior " +
      "graph drops the user's nodes and edges (the `account.deleted` event).",
    args: { password: t.arg.string({ required: true, validate: z.string().max(200) }) },
    resolve: async (_root, args, context) => {
      const { userId } = context.viewer;
      const account = await prisma.account.findFirst({
        where: { userId, provider: CREDENTIALS_PROVIDER },
        select: { passwordHash: true },
      });
      if (!(await checkPassword(args.password, account?.passwordHash))) {
        await runMutation(context, (tx, actor) => auditAction(tx, actor, "account.delete_failed", { type: "User", id: userId }));
        throw unauthenticated("Invalid password");
      }
      // A user with years of history has tens of thousands of rows: more than the 5 s default.
      await runMutation(context, (tx, actor) => deleteAccount(tx, actor), undefined, { timeout: 60_000, maxWait: 10_000 });
      // Committed: every session went with the account; their live streams close, on every instance.
      announceSessionsEnded(context.live, userId, { sessionIds: null });
      return encodeId("User", userId);
    },
  }),
);
