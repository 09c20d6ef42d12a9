import type { AuditLog, Prisma } from "../generated/prisma/client.ts";
import type { RequestInfo } from "../auth/viewer.ts";
import type { Actor } from "./actor.ts";
import type { Tx } from "./transaction.ts";

export interface AuditEntry {
  /** The acting user; null for anonymous events (a failed sign-in for an unknown email, a deleted account). */
  userId: string | null;
  sessionId?: string | null;
  /** e.g. `auth.sign_in`, `role.grant`, `catalogue.update`. */
  action: string;
  targetType?: string | null;
  targetId?: string | null;
  metadata?: Prisma.InputJsonValue;
  requestInfo?: RequestInfo | null;
}

/**
 * Appends one row to the security trail (docs/architecture.md, "Audit") in the caller's transaction,
 * so the entry exists exactly when the audited change does.
 */
export async function recordAudit(tx: Tx, entry: AuditEntry): Promise<AuditLog> {
  return tx.auditLog.create({
    data: {
      userId: entry.userId,
      sessionId: entry.sessionId ?? null,
      action: entry.action,
      targetType: entry.targetType ?? null,
      targetId: entry.targetId ?? null,
      metadata: entry.metadata ?? {},
      ipAddress: entry.requestInfo?.ipAddress ?? null,
      userAgent: entry.requestInfo?.userAgent ?? null,
    },
  });
}

/** The audit row of an action the actor took, with their session and request details. */
export async function auditAction(
  tx: Tx,
  actor: Actor,
  action: string,
  target: { type: string; id: string },
  metadata: Prisma.InputJsonValue = {},
): Promise<void> {
  await recordAudit(tx, {
    userId: actor.userId,
    sessionId: actor.sessionId,
    action,
    targetType: target.type,
    targetId: target.id,
    metadata,
    requestInfo: actor.requestInfo,
  });
}

export type CatalogueAction = "catalogue.create" | "catalogue.update" | "catalogue.delete";

/** The audit row of an admin's catalogue edit: `auditAction` with a `catalogue.*` action. */
export const auditCatalogueEdit: (
  tx: Tx,
  actor: Actor,
  action: CatalogueAction,
  target: { type: string; id: string },
  metadata?: Prisma.InputJsonValue,
) => Promise<void> = auditAction;

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

/** The names of the fields an update input actually set, in input order (for an audit row). */
export function fieldsSetIn(input: object): string[] {
  return Object.entries(input)
    .filter(([, value]) => value !== undefined)
    .map(([name]) => name);
}
