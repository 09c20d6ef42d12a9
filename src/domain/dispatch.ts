// The write path's one dispatcher. Everything that reaches `behavior_outbox` and the points
// ledger passes here, in the action's own transaction:
//
//   record(tx, event)  ─ append the event ─┐
//                                          ▼
//   queue of recorded events ── each one's rule step (rules.ts) runs in turn and *returns*
//                               its effects: events to append and awards to pay, in order;
//                               each is appended (an award: ledger rows, then `points.awarded`)
//                               and queued in its turn, until the queue is empty.
//
// So the order in the outbox is explicit: an event comes before everything it causes (its
// rules' events and awards, and the awards its action pays with it), and effects are appended
// breadth first — all of an event's effects, then theirs. A chain of causes is at most
// MAX_EVENT_DEPTH events long: a rule that keeps answering its own events is stopped with a
// clear error (and the action's transaction rolls back) instead of looping.
//
// Actions call `emit`/`record` (events.ts) and `awardPoints` (points.ts), never this file's
// `dispatch` directly; rules return effects and never call back into any of them.
import { randomUUID } from "node:crypto";
import type { z } from "zod";
import { EVENT_SCHEMA_VERSION, eventKey, eventPayloads, type DomainEvent } from "./event-payloads.ts";
import { writeAward, type Award, type AwardResult } from "./ledger.ts";
import { observeDecisions } from "./decision-observer.ts";
import { ruleStep, type Effect, type RuleStep } from "./rules.ts";
import type { Tx } from "./transaction.ts";

/**
 * The longest chain of causes one action may set off, counted in events from the action's own.
 * The seeded catalogue's longest is 4: habit.completed → universal_quest.completed →
 * points.awarded (the first-quest achievement's reward) → achievement.unlocked (level 5).
 */
export const MAX_EVENT_DEPTH = 8;

/** A chain of events longer than MAX_EVENT_DEPTH: a rule answers its own effects without end. */
export class EventChainTooDeepError extends Error {
  readonly chain: readonly string[];

  constructor(chain: readonly string[]) {
    super(`Event chain deeper than ${MAX_EVENT_DEPTH} levels (a rule loop?): ${chain.join(" → ")}`);
    this.name = "EventChainTooDeepError";
    this.chain = chain;
  }
}

export interface RecordOptions {
  /**
   * What makes this event happen once: the same type, user and `once` twice writes one
   * row (e.g. a habit day's ledger key, a session id). Without it every call is a new event.
   */
  once?: string;
  /** When it happened (default: now); set only by replays of history such as the demo seed. */
  at?: Date;
  /**
   * The awards this event causes, paid right after it (before its rules run), in order:
   * e.g. a habit day's reward with its `habit.completed`. Paid even when the event had been
   * recorded before (each award is once by its own ledger key).
   */
  awards?: Award[];
}

export interface Recorded {
  /** False when the event had been recorded before (same `once`): then no rule ran again. */
  recorded: boolean;
  /** The results of `awards`, in their order. */
  awards: AwardResult[];
}

/** The outbox ids each transaction has appended, in order (the transaction client is the key). */
const writtenByTransaction = new WeakMap<Tx, bigint[]>();

/**
 * The `behavior_outbox` ids `tx` has appended so far, in order: what its action caused, so a
 * client can tell its own changes from others' when the live signal for them arrives.
 */
export function eventsWrittenIn(tx: Tx): readonly bigint[] {
  return writtenByTransaction.get(tx) ?? [];
}

/** A recorded event whose rules have not run yet, with the chain of causes that led to it. */
interface Pending {
  event: DomainEvent;
  /** Its `behavior_outbox` id. */
  id: bigint;
  at?: Date;
  chain: readonly string[];
}

/** Records an action's event and the awards it causes, then runs the rules of all of them. */
export async function record(tx: Tx, event: DomainEvent, options: RecordOptions = {}): Promise<Recorded> {
  const awards = options.awards ?? [];
  const [recorded, ...paid] = await dispatch(tx, [
    { event, once: options.once, at: options.at },
    ...awards.map((award): Effect => ({ award })),
  ]);
  return { recorded: recorded as boolean, awards: paid as AwardResult[] };
}

/** Pays an award that no event of its own causes (an admin grant, a spend), then runs the rules. */
export async function pay(tx: Tx, award: Award): Promise<AwardResult> {
  const [result] = await dispatch(tx, [{ award }]);
  return result as AwardResult;
}

/**
 * Applies effects in order (an event: appended, or false when it had been; an award: its
 * result), then drains the queue of recorded events through `step` (the rules). Returns the
 * result of each given effect.
 */
export async function dispatch(tx: Tx, effects: readonly Effect[], step: RuleStep = ruleStep): Promise<Array<boolean | AwardResult>> {
  const queue: Pending[] = [];
  const results: Array<boolean | AwardResult> = [];
  for (const effect of effects) results.push(await apply(tx, effect, [], queue));
  for (let next = queue.shift(); next; next = queue.shift()) {
    for (const effect of await step(tx, next.event, next.at)) await apply(tx, effect, next.chain, queue);
    // The server observes outcomes: decisions whose target this event acted on move, with its id.
    // Not for a replay of history (`at` set, e.g. the demo seed): no decision was open then.
    if (next.at === undefined) {
      for (const effect of await observeDecisions(tx, next.event, next.id, new Date())) await apply(tx, effect, next.chain, queue);
    }
  }
  return results;
}

async function apply(tx: Tx, effect: Effect, causes: readonly string[], queue: Pending[]): Promise<boolean | AwardResult> {
  if ("event" in effect) return append(tx, effect.event, effect, causes, queue);
  const { award } = effect;
  const result = await writeAward(tx, award);
  if (!result.duplicate) {
    const payload = { ledgerId: result.entry.id, xp: award.xp, coins: award.coins, reason: award.reason, ledgerKey: award.idempotencyKey };
    await append(
      tx,
      { type: "points.awarded", userId: award.userId, payload },
      { once: award.idempotencyKey, at: award.at },
      causes,
      queue,
    );
  }
  return result;
}

/**
 * Writes one event to `behavior_outbox` (validated against its payload schema) and queues its
 * rule step; false when the event had been written before (same `once`), and then nothing is queued.
 */
async function append(
  tx: Tx,
  event: DomainEvent,
  options: { once?: string; at?: Date },
  causes: readonly string[],
  queue: Pending[],
): Promise<boolean> {
  const chain = [...causes, event.type];
  if (chain.length > MAX_EVENT_DEPTH) throw new EventChainTooDeepError(chain);
  const schema = eventPayloads[event.type] as z.ZodType;
  const payload = schema.parse(event.payload) as Record<string, unknown>;
  const rows = await tx.behaviorOutbox.createManyAndReturn({
    select: { id: true },
    data: [
      {
        // An account's deletion is written after the user's rows are gone: no user on the row.
        userId: event.type === "account.deleted" ? null : event.userId,
        eventType: event.type,
        idempotencyKey: eventKey(event, options.once ?? randomUUID()),
        payload: { v: EVENT_SCHEMA_VERSION, ...payload } as object,
        ...(options.at ? { createdAt: options.at } : {}),
      },
    ],
    skipDuplicates: true,
  });
  if (rows.length === 0) return false;
  const written = writtenByTransaction.get(tx);
  if (written) written.push(rows[0].id);
  else writtenByTransaction.set(tx, [rows[0].id]);
  queue.push({ event, id: rows[0].id, at: options.at, chain });
  return true;
}
