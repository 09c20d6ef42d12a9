// The behavior family's write rules: decision telemetry (a suggestion shown to the user and
// what became of it, each step a `decision.*` event) and the projectors' cursors over the
// outbox (admin, audited).
import type { BehaviorProjectionState, DecisionTelemetry, Prisma } from "../generated/prisma/client.ts";
import { badInput, conflict, forbidden, notFound, RateLimitedError, withDatabaseErrors } from "./errors.ts";
import { calendarDateToDb, dayBoundsUtc, todayIn } from "./calendar.ts";
import {
  isHeldOut,
  isSuggestionKind,
  NEXT_ACTION_POLICY_VERSION,
  parseSuggestionId,
  SUGGESTION_KINDS,
  type ParsedSuggestion,
} from "./decisions.ts";
import type { Actor } from "./actor.ts";
import { recordAudit } from "./audit.ts";
import { emit } from "./events.ts";
import { comparePositions, lockProjection, positionOf, readProjectionCursor } from "./projection.ts";
import type { Tx } from "./transaction.ts";

export const DECISION_OUTCOMES = ["SHOWN", "STARTED", "COMPLETED", "DISMISSED", "SNOOZED", "EXPIRED", "HELD_OUT"] as const;
export type Outcome = (typeof DECISION_OUTCOMES)[number];

/**
 * Which outcomes a decision may move to from each state; the others are final. Who may make
 * each move is narrower (docs/decisions.md): a client only DISMISSED/SNOOZED, and STARTED where
 * no event can show a start (CLIENT_STARTED_KINDS); the rules step STARTED/COMPLETED from the
 * event that acted on the target; EXPIRED by `expireDecisions` at the end of the decision's day.
 * HELD_OUT is recorded at show time by the holdout and never moves (its `actedAt` is set instead).
 */
export const OUTCOME_TRANSITIONS: Readonly<Record<Outcome, readonly Outcome[]>> = {
  SHOWN: ["STARTED", "COMPLETED", "DISMISSED", "SNOOZED", "EXPIRED"],
  STARTED: ["COMPLETED", "DISMISSED", "SNOOZED", "EXPIRED"],
  COMPLETED: [],
  DISMISSED: [],
  SNOOZED: [],
  EXPIRED: [],
  HELD_OUT: [],
};

/** What a client may report itself; COMPLETED and EXPIRED only the server records. */
export const CLIENT_OUTCOMES: readonly Outcome[] = ["STARTED", "DISMISSED", "SNOOZED"];

/** Suggestion kinds whose start no event shows (a plan item has no "started" event): a client may report STARTED. */
export const CLIENT_STARTED_KINDS: readonly string[] = ["plan_item"];

/** New decisions one user may record per calendar day (their zone): telemetry cannot be inflated. */
export const DECISIONS_PER_DAY = 40;

export interface DecisionShownInput {
  decisionKey: string;
  surface: string;
  payload?: Prisma.InputJsonObject | null;
  /**
   * The suggestion's stable id (e.g. `Today.nextAction.id`). With it, showing is idempotent
   * per (user, suggestion): the first call records the decision and its event, a repeat
   * returns that same decision and writes nothing. Required for a Today.nextAction kind.
   */
  suggestionId?: string | null;
}

/** A Today.nextAction suggestion's target must be the actor's (a catalogue quest: any existing one). */
async function assertTarget(tx: Tx, userId: string, suggestion: ParsedSuggestion): Promise<void> {
  const { targetId: id } = suggestion;
  let count: number;
  switch (SUGGESTION_KINDS[suggestion.kind]) {
    case "Habit":
      count = await tx.habit.count({ where: { id, userId } });
      break;
    case "FocusSession":
      count = await tx.focusSession.count({ where: { id, userId } });
      break;
    case "Quest":
      count = await tx.userQuest.count({ where: { id, userId } });
      break;
    case "UniversalQuest":
      count = await tx.universalQuest.count({ where: { id } });
      break;
    case "PlanItem": {
      const [row] = await tx.$queryRaw<Array<{ n: number }>>`
        SELECT count(*)::int AS n FROM daily_plans p, jsonb_array_elements(p.items) AS i
        WHERE p.user_id = ${userId}::uuid AND p.date = ${calendarDateToDb(suggestion.day)} AND i->>'id' = ${id}`;
      count = row.n;
      break;
    }
  }
  if (count === 0) throw notFound(SUGGESTION_KINDS[suggestion.kind]);
}

/**
 * Records that a suggestion was computed for the actor. For a Today.nextAction kind the
 * suggestion id must be `<kind>:<target id>:<today in the actor's zone>` and its target the
 * actor's; the holdout (./decisions.ts) then decides, from (user, day, kind, policy version)
 * and not from the client, whether it is SHOWN or HELD_OUT (the control group: the client does
 * not display it). At most DECISIONS_PER_DAY new decisions per user and day (RATE_LIMITED).
 */
export async function recordDecisionShown(tx: Tx, actor: Actor, input: DecisionShownInput, now = new Date()): Promise<DecisionTelemetry> {
  await expireDecisions(tx, actor.userId, now);
  const suggestionId = input.suggestionId ?? null;
  if (suggestionId !== null) {
    const existing = await tx.decisionTelemetry.findUnique({ where: { userId_suggestionId: { userId: actor.userId, suggestionId } } });
    if (existing) return existing;
  }
  const today = todayIn(actor.timezone, now);
  const { start, end } = dayBoundsUtc(today, actor.timezone);
  const recordedToday = await tx.decisionTelemetry.count({ where: { userId: actor.userId, createdAt: { gte: start } } });
  if (recordedToday >= DECISIONS_PER_DAY) {
    throw new RateLimitedError(`At most ${DECISIONS_PER_DAY} decisions are recorded per day`, end.getTime() - now.getTime());
  }
  let measured: Pick<Prisma.DecisionTelemetryCreateManyInput, "outcome" | "day" | "expiresAt" | "targetId" | "policyVersion"> = {};
  if (isSuggestionKind(input.decisionKey)) {
    const suggestion = suggestionId === null ? null : parseSuggestionId(suggestionId);
    if (!suggestion || suggestion.kind !== input.decisionKey) {
      throw badInput(`suggestionId: must be a ${input.decisionKey} suggestion id (<kind>:<target id>:<date>)`, "suggestionId");
    }
    if (suggestion.day !== today) throw badInput(`suggestionId: a suggestion for ${today} (today in your time zone)`, "suggestionId");
    await assertTarget(tx, actor.userId, suggestion);
    const policyVersion = NEXT_ACTION_POLICY_VERSION;
    measured = {
      outcome: isHeldOut(actor.userId, today, suggestion.kind, policyVersion) ? "HELD_OUT" : "SHOWN",
      day: calendarDateToDb(today),
      expiresAt: end,
      targetId: suggestion.targetId,
      policyVersion,
    };
  } else if (suggestionId !== null && parseSuggestionId(suggestionId) !== null) {
    throw badInput("decisionKey: must be the suggestion's kind", "decisionKey");
  }
  const data = {
    userId: actor.userId,
    decisionKey: input.decisionKey,
    surface: input.surface,
    payload: input.payload ?? {},
    suggestionId,
    ...measured,
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
        ...(decision.policyVersion === null ? {} : { policyVersion: decision.policyVersion, heldOut: decision.outcome === "HELD_OUT" }),
      },
    },
    { once: decision.id },
  );
  return decision;
}

/**
 * A client's report of what became of a decision: DISMISSED or SNOOZED, or STARTED where no
 * event can show a start (CLIENT_STARTED_KINDS, and decisions that are not Today.nextAction
 * kinds). COMPLETED and EXPIRED are the server's to record (FORBIDDEN); a held-out decision was
 * never shown (CONFLICT). The update is guarded on the current outcome, so two racing outcomes
 * cannot both apply, and a decision moves at most twice, so reports are bounded by decisions.
 */
export async function recordDecisionOutcome(
  tx: Tx,
  actor: Actor,
  decisionId: string,
  outcome: Outcome,
  now = new Date(),
): Promise<DecisionTelemetry> {
  if (outcome === "SHOWN" || outcome === "HELD_OUT") throw badInput(`outcome: ${outcome} is recorded by recordDecisionShown`, "outcome");
  if (!CLIENT_OUTCOMES.includes(outcome)) {
    throw forbidden(`${outcome} is recorded by the server when it sees what happened; a client reports only STARTED, DISMISSED or SNOOZED`);
  }
  await expireDecisions(tx, actor.userId, now);
  const current = await tx.decisionTelemetry.findFirst({
    where: { id: decisionId, userId: actor.userId },
    select: { outcome: true, decisionKey: true },
  });
  if (!current) throw notFound("DecisionTelemetry");
  if (current.outcome === "HELD_OUT") throw conflict("A held-out decision was not shown: it has no outcome to report");
  if (outcome === "STARTED" && isSuggestionKind(current.decisionKey) && !CLIENT_STARTED_KINDS.includes(current.decisionKey)) {
    throw forbidden(`STARTED of a ${current.decisionKey} suggestion is recorded by the server from the action itself`);
  }
  const from = DECISION_OUTCOMES.filter((state) => OUTCOME_TRANSITIONS[state].includes(outcome));
  const { count } = await tx.decisionTelemetry.updateMany({
    where: { id: decisionId, userId: actor.userId, outcome: { in: from } },
    data: { outcome, outcomeAt: now, ...(outcome === "STARTED" ? { startedAt: now } : {}) },
  });
  if (count === 0) throw conflict(`A decision that is ${current.outcome} cannot become ${outcome}`);
  const decision = await tx.decisionTelemetry.findUniqueOrThrow({ where: { id: decisionId } });
  await emit(
    tx,
    { type: "decision.outcome", userId: actor.userId, payload: { decisionId, decisionKey: decision.decisionKey, outcome } },
    { once: `${decisionId}:${outcome}` },
  );
  return decision;
}

/**
 * EXPIRED, stored: the user's SHOWN/STARTED decisions whose day has ended (`expiresAt`, the end
 * of the suggestion's day in the user's zone) become EXPIRED, each with its `decision.outcome`
 * event. No cron: reads already show such a decision as EXPIRED (`effectiveOutcome`), and the
 * user's next decision write stores it. Returns how many it moved.
 */
export async function expireDecisions(tx: Tx, userId: string, now = new Date()): Promise<number> {
  const due = await tx.decisionTelemetry.findMany({
    where: { userId, outcome: { in: ["SHOWN", "STARTED"] }, expiresAt: { lte: now } },
    select: { id: true, decisionKey: true, expiresAt: true },
    orderBy: [{ shownAt: "asc" }, { id: "asc" }],
  });
  let moved = 0;
  for (const decision of due) {
    const { count } = await tx.decisionTelemetry.updateMany({
      where: { id: decision.id, outcome: { in: ["SHOWN", "STARTED"] } },
      data: { outcome: "EXPIRED", outcomeAt: decision.expiresAt },
    });
    if (count === 0) continue;
    moved += 1;
    await emit(
      tx,
      { type: "decision.outcome", userId, payload: { decisionId: decision.id, decisionKey: decision.decisionKey, outcome: "EXPIRED" } },
      { once: `${decision.id}:EXPIRED` },
    );
  }
  return moved;
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
