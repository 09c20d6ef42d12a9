// The server observes outcomes: after each recorded event, in the acting transaction, the
// decisions whose target the event acted on move — SHOWN → STARTED when the action began it,
// SHOWN/STARTED → COMPLETED when it finished it — with the event's outbox id, whoever sent the
// request. A held-out decision (the control group) keeps HELD_OUT and gets `actedAt`, so both
// arms are measured by the same observation. Only a decision still open at the event's time
// moves (not past its day's end, shown before the event).
//
// Like a rule (./rules.ts), this writes its own rows and returns the events that follow
// (`decision.outcome`), which dispatch.ts appends; it imports neither events.ts nor dispatch.ts.
import { Prisma } from "../generated/prisma/client.ts";
import { calendarDateToDb } from "./calendar.ts";
import type { DomainEvent } from "./event-payloads.ts";
import type { Effect } from "./rules.ts";
import type { Tx } from "./transaction.ts";

type Move = "STARTED" | "COMPLETED";

interface Observation {
  move: Move;
  /** The target ids the event acted on. */
  targets: string[];
  /** Only decisions for this day (an action on a back-dated habit day is not today's suggestion). */
  day?: string;
  /** Extra condition on the target (a plan item: it is done now). */
  planId?: string;
}

/** What an event means for the suggestions on its target, or null when it acts on none. */
export function observationOf(event: DomainEvent): Observation | null {
  switch (event.type) {
    case "habit.completed":
      return { move: event.payload.done ? "COMPLETED" : "STARTED", targets: [event.payload.habitId], day: event.payload.day };
    case "focus.resumed":
      return { move: "STARTED", targets: [event.payload.sessionId] };
    case "focus.finished":
      return { move: "COMPLETED", targets: [event.payload.sessionId] };
    case "quest.progressed":
    case "universal_quest.progressed":
      return { move: "STARTED", targets: [event.payload.questId] };
    case "quest.completed":
    case "universal_quest.completed":
      return { move: "COMPLETED", targets: [event.payload.questId] };
    case "plan.changed":
      return event.payload.action === "item_updated"
        ? { move: "COMPLETED", targets: event.payload.itemIds, day: event.payload.date, planId: event.payload.planId }
        : null;
    default:
      return null;
  }
}

interface Moved {
  id: string;
  decision_key: string;
  outcome: string;
}

/** Moves the decisions the event acted on (one statement) and returns their `decision.outcome` events. */
export async function observeDecisions(tx: Tx, event: DomainEvent, eventId: bigint, at: Date): Promise<Effect[]> {
  const observation = observationOf(event);
  if (!observation || observation.targets.length === 0) return [];
  const open = Prisma.sql`d.user_id = ${event.userId}::uuid
      AND d.target_id IN (${Prisma.join(observation.targets)})
      AND d.expires_at > ${at} AND d.shown_at <= ${at}
      ${observation.day ? Prisma.sql`AND d.day = ${calendarDateToDb(observation.day)}` : Prisma.empty}
      ${
        observation.planId
          ? Prisma.sql`AND EXISTS (SELECT 1 FROM daily_plans p, jsonb_array_elements(p.items) AS i
              WHERE p.id = ${observation.planId}::uuid AND p.user_id = d.user_id AND i->>'id' = d.target_id
                AND (i->>'done')::boolean)`
          : Prisma.empty
      }`;
  const moved =
    observation.move === "COMPLETED"
      ? await tx.$queryRaw<Moved[]>`
          UPDATE decision_telemetry d SET
            outcome = CASE WHEN d.outcome = 'HELD_OUT' THEN d.outcome ELSE 'COMPLETED'::decision_outcome END,
            outcome_at = CASE WHEN d.outcome = 'HELD_OUT' THEN d.outcome_at ELSE ${at} END,
            acted_at = ${at}, outcome_event_id = ${eventId}, updated_at = now()
          WHERE ${open} AND d.outcome IN ('SHOWN', 'STARTED', 'HELD_OUT') AND d.acted_at IS NULL
          RETURNING d.id::text AS id, d.decision_key, d.outcome::text AS outcome`
      : await tx.$queryRaw<Moved[]>`
          UPDATE decision_telemetry d SET
            outcome = 'STARTED', outcome_at = ${at}, started_at = ${at}, outcome_event_id = ${eventId}, updated_at = now()
          WHERE ${open} AND d.outcome = 'SHOWN'
          RETURNING d.id::text AS id, d.decision_key, d.outcome::text AS outcome`;
  return moved
    .filter((row) => row.outcome !== "HELD_OUT")
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((row) => ({
      event: {
        type: "decision.outcome",
        userId: event.userId,
        payload: { decisionId: row.id, decisionKey: row.decision_key, outcome: row.outcome, eventId: eventId.toString() },
      },
      once: `${row.id}:${row.outcome}`,
    }));
}
