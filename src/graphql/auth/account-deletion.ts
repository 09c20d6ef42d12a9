import { z } from "zod";
import { builder } from "../builder.ts";
import { prisma } from "../../db/index.ts";
import { deleteUserData } from "../../auth/account-deletion.ts";
import { announceSessionsEnded } from "../../auth/session-watch.ts";
import { checkPassword, CREDENTIALS_PROVIDER } from "../../auth/credentials.ts";
import { recordAudit } from "../../domain/audit.ts";
import { auditViewerAction } from "../audit.ts";
import { unauthenticated, withDatabaseErrors } from "../errors/index.ts";
import { encodeId } from "../ids.ts";

builder.mutationField("deleteAccount", (t) =>
  t.withAuth({ signedIn: true }).id({
    description:
      "Deletes the viewer's account and everything it owns, in one transaction, after re-checking the password. " +
      "Returns the deleted user's ID. The security trail keeps its rows, no longer linked to the user.",
    args: { password: t.arg.string({ required: true, validate: z.string().max(200) }) },
    resolve: async (_root, args, context) => {
      const { userId } = context.viewer;
      const account = await prisma.account.findFirst({
        where: { userId, provider: CREDENTIALS_PROVIDER },
        select: { passwordHash: true },
      });
      if (!(await checkPassword(args.password, account?.passwordHash))) {
        await prisma.$transaction((tx) => auditViewerAction(tx, context, "account.delete_failed", { type: "User", id: userId }));
        throw unauthenticated("Invalid password");
      }
      await withDatabaseErrors(() =>
        prisma.$transaction(
          async (tx) => {
            const deleted = await deleteUserData(tx, userId);
            // Written after the user is gone, so nothing links the entry back to a user row. This audit
            // row is the deletion's only record: no `account.deleted` event is written, because the
            // outbox is the user's data (deleteUserData clears their rows with the rest), an event
            // row needs its user to exist, and an unattributed event would keep the id of a user
            // who asked to be forgotten in a stream every projector reads.
            await recordAudit(tx, {
              userId: null,
              action: "account.delete",
              targetType: "User",
              targetId: userId,
              metadata: { deletedRows: deleted },
              requestInfo: context.requestInfo,
            });
          },
          // A user with years of history has tens of thousands of rows: more than the 5 s default.
          { timeout: 60_000, maxWait: 10_000 },
        ),
      );
      // Committed: every session went with the account; their live streams close, on every instance.
      announceSessionsEnded(context.live, userId, { sessionIds: null });
      return encodeId("User", userId);
    },
  }),
);
