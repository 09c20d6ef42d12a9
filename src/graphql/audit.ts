import type { Prisma } from "../generated/prisma/client.ts";
import { auditAction } from "../domain/audit.ts";
import type { Tx } from "../domain/transaction.ts";
import { actorOf } from "./actor.ts";
import type { SignedInContext } from "./context.ts";

/**
 * The audit row of an action of the signed-in viewer (docs/architecture.md, "Audit"), in the action's transaction, with the
 * viewer's session and request details (for the few writes outside runMutation: sign-in's).
 */
export function auditViewerAction(
  tx: Tx,
  ctx: SignedInContext,
  action: string,
  target: { type: string; id: string },
  metadata: Prisma.InputJsonValue = {},
): Promise<void> {
  return auditAction(tx, actorOf(ctx.viewer, ctx.requestInfo), action, target, metadata);
}
