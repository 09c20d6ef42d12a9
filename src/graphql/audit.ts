import type { Prisma } from "../generated/prisma/client.ts";
import { recordAudit } from "../domain/audit.ts";
import type { Tx } from "../domain/transaction.ts";
import type { SignedInContext } from "./context.ts";

/**
 * The audit row of an action of the signed-in viewer (docs/architecture.md, "Audit"), in the action's
 * transaction, with the viewer's session and request details.
 */
export async function auditViewerAction(
  tx: Tx,
  ctx: SignedInContext,
  action: string,
  target: { type: string; id: string },
  metadata: Prisma.InputJsonValue = {},
): Promise<void> {
  await recordAudit(tx, {
    userId: ctx.viewer.userId,
    sessionId: ctx.viewer.sessionId,
    action,
    targetType: target.type,
    targetId: target.id,
    metadata,
    requestInfo: ctx.requestInfo,
  });
}

export type CatalogueAction = "catalogue.create" | "catalogue.update" | "catalogue.delete";

/** The audit row of an admin's catalogue edit. */
export function auditCatalogueEdit(
  tx: Tx,
  ctx: SignedInContext,
  action: CatalogueAction,
  target: { type: string; id: string },
  metadata: Prisma.InputJsonValue = {},
): Promise<void> {
  return auditViewerAction(tx, ctx, action, target, metadata);
}

/** The fields an update input actually set, for the audit metadata (dates as ISO strings). */
export function changedFields(input: Record<string, unknown>): Prisma.InputJsonObject {
  const changes: Record<string, Prisma.InputJsonValue | null> = {};
  for (const [key, value] of Object.entries(input)) {
    if (value === undefined) continue;
    if (value instanceof Date) changes[key] = value.toISOString();
    else if (value === null || typeof value === "string" || typeof value === "number" || typeof value === "boolean") changes[key] = value;
    else changes[key] = JSON.parse(JSON.stringify(value)) as Prisma.InputJsonValue;
  }
  return changes;
}

/** The names of the fields an update input actually set, in input order. */
export function changedFieldNames(input: object): string[] {
  return Object.entries(input)
    .filter(([, value]) => value !== undefined)
    .map(([name]) => name);
}
