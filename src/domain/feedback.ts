// Feedback: any signed-in user leaves a note (bug, idea, praise, other); an admin moves it
// through triage, each move audited (`feedback.status_update`, from → to).
import type { Feedback, FeedbackKind, FeedbackStatus } from "../generated/prisma/client.ts";
import type { Actor } from "./actor.ts";
import { auditAction } from "./audit.ts";
import { notFound } from "./errors.ts";
import type { Tx } from "./transaction.ts";

export interface FeedbackInput {
  kind?: FeedbackKind | null;
  message: string;
  page?: string | null;
}

export function createFeedback(tx: Tx, actor: Actor, input: FeedbackInput): Promise<Feedback> {
  return tx.feedback.create({
    data: { userId: actor.userId, kind: input.kind ?? "OTHER", message: input.message.trim(), page: input.page ?? null },
  });
}

/** Admin: sets the status of any user's feedback. */
export async function setFeedbackStatus(tx: Tx, admin: Actor, id: string, status: FeedbackStatus): Promise<Feedback> {
  const before = await tx.feedback.findUnique({ where: { id }, select: { status: true } });
  if (!before) throw notFound("Feedback");
  const updated = await tx.feedback.update({ where: { id }, data: { status } });
  await auditAction(tx, admin, "feedback.status_update", { type: "Feedback", id }, { from: before.status, to: status });
  return updated;
}
