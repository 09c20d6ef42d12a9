// The projector: drains behavior_outbox into one sink, batch by batch, in projection order
// (tx_id, id), after the cursor kept in behavior_projection_state under the sink's name.
//
// One batch is one transaction: take the name's transaction-level advisory lock (try; another
// worker holding it means "busy"), read the cursor, read the next settled events, await
// sink.apply, move the cursor, commit. Transaction-level rather than session-level: the lock
// lives exactly as long as the cursor read-modify-write it protects, needs no dedicated
// connection (the embedded database has one), and cannot outlive a worker that died (its
// transaction is rolled back with its session). The price is a transaction held open while the
// sink applies, so batches stay small (BATCH_SIZE). A crash anywhere before COMMIT leaves the
// cursor where it was and the same batch is delivered again: sinks are idempotent by event id.
// Delivery: at least once to every sink, effectively once through that idempotency, in
// projection order (each transaction's events together, in id order).
//
// When: straight on while batches come; when caught up, at the next notification of a commit
// that appended events (./wakeups.ts: LISTEN, or the embedded database's equivalent), or after
// pollMs at the latest (the safety net, and the only path without a wake-up source).
import type { PrismaClient } from "../db/client.ts";
import { lockProjection, readProjectionCursor, recordProjected, settledEventsAfter } from "../domain/projection.ts";
import type { OutboxEvent, ProjectorSink } from "./sink.ts";
import { Doorbell, type OutboxWakeups } from "./wakeups.ts";

export const DEFAULT_BATCH_SIZE = 100;
export const DEFAULT_POLL_MS = 500;

export type StepResult = { status: "busy" } | { status: "idle" } | { status: "applied"; count: number; lastId: bigint };

export interface ProjectorOptions {
  batchSize?: number;
  /** How long the batch transaction may stay open (sink.apply included). */
  timeoutMs?: number;
}

export interface RunOptions {
  pollMs?: number;
  logger?: ProjectorLogger;
  /** Wake up at commit (a notification) instead of at the next poll; without it, polling only. */
  wakeups?: OutboxWakeups | null;
}

export interface ProjectorLogger {
  info(object: object, message: string): void;
  error(object: object, message: string): void;
}

export class Projector {
  readonly name: string;
  /** Why the run loop stepped again after waiting: a notification, or the poll interval elapsed. */
  readonly wakes = { notified: 0, polled: 0 };
  private readonly batchSize: number;
  private readonly timeoutMs: number;

  constructor(
    private readonly prisma: PrismaClient,
    private readonly sink: ProjectorSink,
    options: ProjectorOptions = {},
  ) {
    this.name = sink.name;
    this.batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
    this.timeoutMs = options.timeoutMs ?? 30_000;
  }

  /** One batch: busy (another worker has the name), idle (nothing settled after the cursor) or applied. */
  async step(): Promise<StepResult> {
    return this.prisma.$transaction(
      async (tx): Promise<StepResult> => {
        if (!(await lockProjection(tx, this.name, { wait: false }))) return { status: "busy" };
        const cursor = await readProjectionCursor(tx, this.name);
        const rows = await settledEventsAfter(tx, cursor.position, this.batchSize);
        if (rows.length === 0) return { status: "idle" };
        const events: OutboxEvent[] = rows.map(({ txId: _txId, ...event }) => event);
        await this.sink.apply(events);
        const last = rows[rows.length - 1];
        await recordProjected(tx, this.name, { txId: last.txId, id: last.id }, rows.length);
        return { status: "applied", count: rows.length, lastId: last.id };
      },
      { timeout: this.timeoutMs, maxWait: this.timeoutMs },
    );
  }

  /** Steps until nothing is left (or another worker holds the name); returns the events delivered. */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const result = await this.step();
      if (result.status !== "applied") return total;
      total += result.count;
    }
  }

  /**
   * Steps until `signal` aborts: straight on while batches come; when idle or busy, until the
   * next wake-up (`wakeups`) or `pollMs`, whichever comes first; after an error (logged; the
   * same batch is retried) after a back-off, notifications notwithstanding. Resolves after the
   * batch in flight when aborted.
   */
  async run(signal: AbortSignal, options: RunOptions = {}): Promise<void> {
    const pollMs = options.pollMs ?? DEFAULT_POLL_MS;
    const doorbell = new Doorbell();
    const unsubscribe = options.wakeups?.subscribe(() => doorbell.ring());
    let failures = 0;
    try {
      while (!signal.aborted) {
        try {
          const result = await this.step();
          failures = 0;
          if (result.status === "applied") {
            options.logger?.info({ projector: this.name, events: result.count, lastId: result.lastId.toString() }, "projected");
            continue;
          }
        } catch (error) {
          failures += 1;
          const wait = Math.min(pollMs * 2 ** failures, 30_000);
          options.logger?.error({ projector: this.name, err: error, retryInMs: wait }, "projector batch failed");
          await sleep(wait, signal);
          continue;
        }
        const woke = await doorbell.wait(pollMs, signal);
        if (woke === "rung") this.wakes.notified += 1;
        else if (woke === "timeout") this.wakes.polled += 1;
      }
    } finally {
      unsubscribe?.();
    }
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done, { once: true });
  });
}

/** Projectors for `sinks`, run together until `signal` aborts; resolves when all have stopped. */
export async function runProjectors(
  prisma: PrismaClient,
  sinks: readonly ProjectorSink[],
  signal: AbortSignal,
  options: ProjectorOptions & RunOptions = {},
): Promise<void> {
  await Promise.all(sinks.map((sink) => new Projector(prisma, sink, options).run(signal, options)));
}
