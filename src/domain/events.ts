// The typed event stream (docs/architecture.md, "Events"): every change a projector, a rule or a live
// Today page needs is one `behavior_outbox` row, written in the action's own transaction.
// The catalogue (payload schemas, types) is event-payloads.ts; the writing is dispatch.ts:
// `emit` appends the event, then its rules run and what they cause is appended after it.
import { record, type RecordOptions } from "./dispatch.ts";
import type { DomainEvent } from "./event-payloads.ts";
import type { Tx } from "./transaction.ts";

export {
  changedFieldNames,
  EVENT_SCHEMA_VERSION,
  eventKey,
  eventPayloads,
  type DomainEvent,
  type EventPayload,
  type EventType,
} from "./event-payloads.ts";
export { eventsWrittenIn, record, type Recorded, type RecordOptions } from "./dispatch.ts";

/** `emit`'s options: what makes the event happen once, and when it happened. */
export type EmitOptions = Pick<RecordOptions, "once" | "at">;

/**
 * Writes one event to `behavior_outbox` in the caller's transaction (validated against its
 * payload schema), then runs the rules of it and of everything it causes (dispatch.ts).
 * Returns false when the event had been written before (same `once`), in which case no rule
 * runs again. An action whose event causes an award pays it with `record(tx, event, { awards })`.
 */
export async function emit(tx: Tx, event: DomainEvent, options: EmitOptions = {}): Promise<boolean> {
  return (await record(tx, event, options)).recorded;
}
