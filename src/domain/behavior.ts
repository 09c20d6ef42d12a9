// The behavior family's write rules: decision telemetry (a suggestion shown to the user and
// what became of it, each step a `decision.*` event) and the projectors' cursors over the
// outbox (admin, audited).
import type { BehaviorProjectionState, DecisionTelemetry, Prisma } from "../generated/prisma/client.ts";
import { badInput, conflict, notFound, withDatabaseErrors } from "./errors.ts";
import type { Actor } from "./actor.ts";
import { recordAudit } from "./audit.ts";
import { emit } from "./events.ts";
import { comparePositions, lockProjection, positionOf, readProjectionCursor } from "./projection.ts";
import type { Tx } from "./transaction.ts";

export const DECISION_OUTCOMES = ["SHOWN", "STARTED", "COMPLETED", "DISMISSED", "SNOOZED", "EXPIRED"] as const;
export type Outcome = (typeof DECISION_OUTCOMES)[number];

/** Which outcomes a decision may move to from each state; the others are final. */
export const OUTCOME_TRANSITIONS: Readonly<Record<Outcome, readonly Outcome[]>> = {
  SHOWN: ["STARTED", "COMPLETED", "DISMISSED", "SNOOZED", "EXPIRED"],
  STARTED: ["COMPLETED", "DISMISSED", "SNOOZED", "EXPIRED"],
  COMPLETED: [],
  DISMISSED: [],
  SNOOZED: [],
  EXPIRED: [],
};

export interface DecisionShownInput {
  decisionKey: string;
  surface: string;
  payload?: Prisma.InputJsonObject | null;
  /**
   * The suggestion's stable id (e.g. `Today.nextAction.id`). With it, showing is idempotent
   * per (user, suggestion): the first call records the decision and its event, a repeat
   * returns that same decision and writes nothing.
   */
  suggestionId?: string | null;
}

/** Records that a suggestion was shown to the actor (outcome SHOWN). */
export async function recordDecisionShown(tx: Tx, actor: Actor, input: DecisionShownInput): Promise<DecisionTelemetry> {
  const data = {
    userId: actor.userId,
    decisionKey: input.decisionKey,
    surface: input.surface,
    payload: input.payload ?? {},
    suggestionId: input.suggestionId ?? null,
  };
  let decision: DecisionTelemetry;
  if (data.suggestionId === null) {
    decision = await tx.decisionTelemetry.create({ data });
  } else {
    // ON CONFLICT DO NOTHING on the (user_id, suggestion_id) unique key: two racing calls record one row.
    const { count } = await tx.decisionTelemetry.createMany({ data: [data], skipDuplicates: true });
    decision = await tx.decisionTelemetry.findUniqueOrThrow({
      where: { userId_suggestionId: { userId: actor.userId, suggestionId: data.suggestionId } },
    });
    if (count === 0) return decision;
  }
  await emit(
    tx,
    {
      type: "decision.shown",
      userId: actor.userId,
      payload: {
        decisionId: decision.id,
        decisionKey: decision.decisionKey,
        surface: decision.surface,
        // Only when there is one: a decision without a suggestion id has the payload it always had.
        ...(decision.suggestionId === null ? {} : { suggestionId: decision.suggestionId }),
      },
    },
    { once: decision.id },
  );
  return decision;
}

/**
 * Moves a decision to `outcome` along OUTCOME_TRANSITIONS (CONFLICT for any other move,
 * BAD_USER_INPUT for SHOWN). The update is guarded on the current outcome, so two racing
 * outcomes cannot both apply.
 */
export async function recordDecisionOutcome(tx: Tx, actor: Actor, decisionId: string, outcome: Outcome): Promise<DecisionTelemetry> {
  if (outcome === "SHOWN") throw badInput("outcome: SHOWN is recorded by recordDecisionShown", "outcome");
  const from = DECISION_OUTCOMES.filter((state) => OUTCOME_TRANSITIONS[state].includes(outcome));
  const { count } = await tx.decisionTelemetry.updateMany({
    where: { id: decisionId, userId: actor.userId, outcome: { in: from } },
    data: { outcome, outcomeAt: new Date(), ...(outcome === "STARTED" ? { startedAt: new Date() } : {}) },
  });
  if (count === 0) {
    const current = await tx.decisionTelemetry.findFirst({ where: { id: decisionId, userId: actor.userId }, select: { outcome: true } });
    if (!current) throw notFound("DecisionTelemetry");
    throw conflict(`A decision that is ${current.outcome} cannot become ${outcome}`);
  }
  const decision = await tx.decisionTelemetry.findUniqueOrThrow({ where: { id: decisionId } });
  await emit(
    tx,
    { type: "decision.outcome", userId: actor.userId, payload: { decisionId, decisionKey: decision.decisionKey, outcome } },
    { once: `${decisionId}:${outcome}` },
  );
  return decision;
}

/**
 * Moves a projector's cursor forward to the event `target` (created on first use), in
 * projection order (tx_id, id; see ./projection.ts). Moving it back is a CONFLICT; the same
 * position again changes nothing; a position past the newest event, or no event at all, is
 * BAD_USER_INPUT. It waits for the projector's advisory lock, so it never interleaves with a
 * running batch. Each move is audited (`behavior.projection_advance`, from → to).
 */
export async function advanceProjection(tx: Tx, admin: Actor, projector: string, target: bigint): Promise<BehaviorProjectionState> {
  return withDatabaseErrors(async () => {
    await lockProjection(tx, projector, { wait: true });
    const newest = await tx.behaviorOutbox.aggregate({ _max: { id: true } });
    if (newest._max.id === null || target > newest._max.id) {
      throw badInput("lastProcessedId: past the newest outbox event", "lastProcessedId");
    }
    const to = await positionOf(tx, target);
    if (!to) throw badInput("lastProcessedId: no such outbox event", "lastProcessedId");
    const existed = (await tx.behaviorProjectionState.count({ where: { projector } })) > 0;
    const cursor = await readProjectionCursor(tx, projector);
    const before = cursor.position;
    const order = comparePositions(to, before);
    if (order < 0) {
      throw conflict(`Projection ${projector} is already at ${before?.id}; it only moves forward`);
    }
    if (existed && order === 0) return tx.behaviorProjectionState.findUniqueOrThrow({ where: { projector } });
    await tx.$executeRaw`
      UPDATE behavior_projection_state
      SET last_processed_id = ${to.id}, last_processed_tx_id = ${to.txId}::xid8, last_processed_at = now(), updated_at = now()
      WHERE projector = ${projector}`;
    await recordAudit(tx, {
      userId: admin.userId,
      sessionId: admin.sessionId,
      action: "behavior.projection_advance",
      targetType: "BehaviorProjectionState",
      targetId: projector,
      metadata: { from: before?.id.toString() ?? null, to: target.toString() },
      requestInfo: admin.requestInfo,
    });
    return tx.behaviorProjectionState.findUniqueOrThrow({ where: { projector } });
  });
}
