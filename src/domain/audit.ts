import type { AuditLog, Prisma } from "../generated/prisma/client.ts";
import type { RequestInfo } from "../auth/viewer.ts";
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
