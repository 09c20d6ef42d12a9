// The contract between the projector (which drains behavior_outbox in order) and the places
// it delivers events to: the live-Today publisher, the Neo4j behavior graph, and any later one.

/** One behavior_outbox row as a sink sees it. */
export interface OutboxEvent {
  /** The outbox sequence (bigint primary key). */
  id: bigint;
  userId: string | null;
  eventType: string;
  /** The stored payload (validated at write time by the catalogue in src/domain/events.ts). */
  payload: Record<string, unknown>;
  createdAt: Date;
}

/**
 * Where a projector delivers a batch. `apply` must be idempotent by event id: after a crash
 * between a sink's `apply` and the cursor update the same batch is delivered again, and
 * applying it twice must have the effect of applying it once. The projector advances its
 * cursor only after `apply` resolves; a rejection leaves the cursor where it was.
 */
export interface ProjectorSink {
  /** The projector name, also the row in behavior_projection_state. */
  readonly name: string;
  apply(events: readonly OutboxEvent[]): Promise<void>;
  close?(): Promise<void>;
}
