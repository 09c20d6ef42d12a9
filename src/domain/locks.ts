import { Prisma } from "../generated/prisma/client.ts";
import type { Tx } from "./transaction.ts";

/** User-owned tables whose rows domain actions lock before a read-modify-write. */
export type LockableTable = "habits" | "goals" | "goal_milestones" | "focus_sessions" | "focus_libraries" | "user_quests";

/**
 * Locks one row of the user (`SELECT … FOR UPDATE`) for the rest of the transaction,
 * so concurrent actions on the same row run one after the other and each sees the
 * other's result. Returns false when the row does not exist or belongs to someone else.
 */
export async function lockOwnedRow(tx: Tx, table: LockableTable, id: string, userId: string): Promise<boolean> {
  const rows = await tx.$queryRaw<Array<{ id: string }>>(
    Prisma.sql`SELECT id::text AS id FROM ${Prisma.raw(`"${table}"`)} WHERE id = ${id}::uuid AND user_id = ${userId}::uuid FOR UPDATE`,
  );
  return rows.length === 1;
}
