import type { Tx } from "../domain/transaction.ts";

/** Revokes the user's live sessions (all, or all but `except`); returns how many. */
export async function revokeSessions(tx: Tx, userId: string, options: { except?: string; now?: Date } = {}): Promise<number> {
  const { count } = await tx.session.updateMany({
    where: { userId, revokedAt: null, ...(options.except ? { id: { not: options.except } } : {}) },
    data: { revokedAt: options.now ?? new Date() },
  });
  return count;
}
