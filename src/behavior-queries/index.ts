// The questions the Neo4j behavior graph is for, answered from PostgreSQL alone (the outbox,
// with SQL), so the product works without Neo4j. Reads only, one user at a time.
//
// Why here and not in src/domain: src/domain holds the write rules (each once); these are
// reads over the event stream with no rule to enforce. Kept in one module with plain inputs
// (a client, a user, a day) so a graph-backed implementation could answer the same interface.
import type { BehaviorOutbox, DecisionTelemetry, Habit, PrismaClient } from "../generated/prisma/client.ts";
import { Prisma } from "../generated/prisma/client.ts";
import { calendarDateToDb, compileSchedule, dayBoundsUtc, epochDay } from "../domain/calendar.ts";
import type { Tx } from "../domain/transaction.ts";

type Reader = PrismaClient | Tx;

export const MAX_WINDOW_HOURS = 24 * 7;
export const MAX_EVENTS = 100;

export interface SkippedHabitsReport {
  date: string;
  /** Habits due that day whose last event for the day is not a completion that reached the target (position order). */
  skipped: Habit[];
  /** The user's events in the `withinHours` after the day ended, in outbox order. */
  after: BehaviorOutbox[];
}

/**
 * "What did I do after skipping a habit?": the habits due on `date` (the user's time zone)
 * not done that day according to `habit_completions` (a completion whose count reached the
 * habit's target), and the user's next events, from the end of that day for `withinHours` hours.
 */
export async function skippedHabits(
  db: Reader,
  user: { userId: string; timezone: string },
  date: string,
  options: { withinHours: number; first: number },
): Promise<SkippedHabitsReport> {
  const { end } = dayBoundsUtc(date, user.timezone);
  const habits = await db.habit.findMany({
    where: { userId: user.userId, isArchived: false },
    orderBy: [{ sortOrder: "asc" }, { createdAt: "asc" }, { id: "asc" }],
  });
  const day = epochDay(date);
  const due = habits.filter((habit) => compileSchedule(habit).isDueOn(day));
  // Done means a completion row reaching the target, read from the table (not the outbox), so
  // rows written without events (the demo seed, imports) answer the same as the Today page.
  const completions = await db.$queryRaw<Array<{ habit_id: string }>>`
    SELECT c.habit_id::text AS habit_id
    FROM habit_completions c JOIN habits h ON h.id = c.habit_id
    WHERE c.user_id = ${user.userId}::uuid AND c.completed_on = ${calendarDateToDb(date)} AND c.count >= h.target_count`;
  const done = new Set(completions.map((row) => row.habit_id));
  const skipped = due.filter((habit) => !done.has(habit.id));
  const after =
    skipped.length === 0
      ? []
      : await db.behaviorOutbox.findMany({
          where: {
            userId: user.userId,
            createdAt: { gte: end, lt: new Date(end.getTime() + options.withinHours * 3_600_000) },
          },
          orderBy: { id: "asc" },
          take: options.first,
        });
  return { date, skipped, after };
}

/** The event types that count as acting on a suggestion's target. */
export const ACTION_EVENT_TYPES = [
  "habit.completed",
  "quest.progressed",
  "quest.completed",
  "universal_quest.progressed",
  "universal_quest.completed",
  "focus.resumed",
  "focus.finished",
  "plan.changed",
] as const;

export interface DecisionLead {
  decision: DecisionTelemetry;
  /** The first event acting on the suggestion's target within the window after it was shown. */
  action: BehaviorOutbox;
}

/**
 * "What led to completions?": the user's decisions with a suggestion id (`<kind>:<target
 * id>:<date>`, e.g. Today.nextAction) shown since `since`, each with the event the server saw
 * act on its target (`outcome_event_id`, set by the rules step), or, for a decision without one,
 * the first event of the user acting on that target (ACTION_EVENT_TYPES, matched on the
 * payload's habitId, questId, sessionId or itemIds) within `withinHours` after it was shown;
 * decisions that led to nothing are left out. Newest decision first.
 */
export async function decisionLeads(
  db: Reader,
  userId: string,
  options: { since: Date | null; withinHours: number; first: number },
): Promise<DecisionLead[]> {
  const since = options.since ?? new Date(0);
  // The event the server saw complete the decision (decision_telemetry.outcome_event_id) when
  // there is one; for a decision from before that was recorded, the first event on its target.
  const pairs = await db.$queryRaw<Array<{ decision_id: string; event_id: bigint }>>`
    SELECT d.id::text AS decision_id, coalesce(d.outcome_event_id, a.id) AS event_id
    FROM decision_telemetry d
    LEFT JOIN LATERAL (
      SELECT o.id FROM behavior_outbox o
      WHERE o.user_id = d.user_id
        AND o.created_at >= d.shown_at
        AND o.created_at < d.shown_at + make_interval(hours => ${options.withinHours}::int)
        AND o.event_type IN (${Prisma.join([...ACTION_EVENT_TYPES])})
        AND (o.payload->>'habitId' = split_part(d.suggestion_id, ':', 2)
          OR o.payload->>'questId' = split_part(d.suggestion_id, ':', 2)
          OR o.payload->>'sessionId' = split_part(d.suggestion_id, ':', 2)
          OR o.payload->'itemIds' @> jsonb_build_array(split_part(d.suggestion_id, ':', 2)))
      ORDER BY o.id
      LIMIT 1
    ) a ON d.outcome_event_id IS NULL
    WHERE d.user_id = ${userId}::uuid AND d.suggestion_id IS NOT NULL AND d.shown_at >= ${since}
      AND coalesce(d.outcome_event_id, a.id) IS NOT NULL
    ORDER BY d.shown_at DESC, d.id
    LIMIT ${options.first}::int`;
  if (pairs.length === 0) return [];
  const [decisions, events] = await Promise.all([
    db.decisionTelemetry.findMany({ where: { id: { in: pairs.map((pair) => pair.decision_id) }, userId } }),
    db.behaviorOutbox.findMany({ where: { id: { in: pairs.map((pair) => pair.event_id) }, userId } }),
  ]);
  const decisionOf = new Map(decisions.map((decision) => [decision.id, decision]));
  const eventOf = new Map(events.map((event) => [event.id, event]));
  return pairs.map((pair) => ({ decision: decisionOf.get(pair.decision_id)!, action: eventOf.get(pair.event_id)! }));
}
