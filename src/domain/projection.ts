// The projectors' write rules over their cursors (behavior_projection_state): who may move a
// cursor (one worker per projector name, a transaction-level advisory lock), which outbox rows
// are settled enough to read, and the move itself. The projector loop (src/projector/) and the
// admin mutation (advanceProjection in ./behavior.ts) both go through here.
//
// Why (tx_id, id) and not id: a bigserial id is taken at INSERT and becomes visible at COMMIT,
// so a transaction holding id 5 can commit after the one holding id 6; a reader at `id > 6`
// would never see 5. Every row carries its top-level transaction's id (`tx_id xid8`,
// 0016_projector), and the projector reads in (tx_id, id) order, but only below a horizon H
// such that every row with tx_id < H that will ever be visible is visible already. Then what
// lies below H after the cursor never changes: no event is skipped, whatever order the writers
// commit in, and a transaction's own events stay contiguous and in id order.
//
// The horizon (settledEventsAfter), computed from the statement's own snapshot S:
//   H = least( xmax(S),
//              the reader's own transaction id (if it has one),
//              every xid in xip(S) except those known to belong to ANOTHER database )
// Why no event can be skipped: a row with tx_id = x that S does not show can become visible
// later only if its transaction commits after S was taken, i.e. x was running at S (x in
// xip(S), or our own transaction, which xip leaves out) or had no id yet (then x >= xmax(S):
// ids are handed out in increasing order and xmax(S) is the first one not yet completed). All
// of these are >= H, except xids of other databases' transactions, and a transaction in
// another database cannot write this database's behavior_outbox (PostgreSQL has no
// cross-database writes; dblink or an FDW writes through a session of this database, which is
// not excluded). So a transaction with a lower tx_id committing after one with a higher
// tx_id is simply not read yet: while it runs, H <= its tx_id and the cursor stays below it.
// Which xids belong to other databases comes from pg_stat_activity (backend_xid of sessions
// whose datname is not ours) and pg_prepared_xacts (prepared transactions of other
// databases). An xid is left out only when it is positively another database's, so anything
// missing from that list (a session we may not see, a transaction ending meanwhile) only keeps
// an xid in: a lower H, a later delivery, never a skipped event. An xid is unique in the
// cluster and a session never changes database; and an xid of xip(S) was held by its session
// before S and still is while this statement reads pg_stat_activity, so the database read
// beside it is that session's own. (PostgreSQL caches pg_stat_activity for the rest of a
// transaction: the projector reads the horizon once per transaction, so the read is this
// statement's.) H may move back between two reads (e.g. a different list): harmless, the
// reader then finds nothing between its cursor and H and waits.
//
// Before: H = pg_snapshot_xmin(S), the oldest transaction running anywhere on the server, so a
// long write transaction in another database held every delivery here back (issue 22). An
// unrelated long transaction in THIS database still does (nothing tells whether it will write
// an event before it commits).
import { Prisma } from "../generated/prisma/client.ts";
import type { Tx } from "./transaction.ts";

/** The first key of every projector's advisory lock (the second is hashtext(name)). */
export const PROJECTOR_LOCK_NAMESPACE = 0x70726f6a; // "proj"

/** A position in projection order: the transaction id (xid8, as a decimal string) and the event id. */
export interface ProjectionPosition {
  txId: string;
  id: bigint;
}

/** One projector's row as the projector reads it. */
export interface ProjectionCursor {
  projector: string;
  /** null: nothing projected yet. */
  position: ProjectionPosition | null;
  eventsProcessed: bigint;
}

/** A settled outbox row, in projection order. */
export interface SettledEvent {
  id: bigint;
  txId: string;
  userId: string | null;
  eventType: string;
  payload: Record<string, unknown>;
  createdAt: Date;
}

/**
 * Takes the projector's transaction-level advisory lock. `wait: false` tries once and returns
 * false when another transaction holds it. Released at commit or rollback, never leaked by a
 * crashed worker (its transaction ends with its session).
 */
export async function lockProjection(tx: Tx, projector: string, options: { wait: boolean }): Promise<boolean> {
  if (options.wait) {
    await tx.$queryRaw`SELECT pg_advisory_xact_lock(${PROJECTOR_LOCK_NAMESPACE}::int, hashtext(${projector}))::text`;
    return true;
  }
  const rows = await tx.$queryRaw<Array<{ locked: boolean }>>`
    SELECT pg_try_advisory_xact_lock(${PROJECTOR_LOCK_NAMESPACE}::int, hashtext(${projector})) AS locked`;
  return rows[0]?.locked === true;
}

/**
 * The projector's cursor, its row created on first use. Call after lockProjection, in a later
 * statement: READ COMMITTED takes a snapshot per statement, so this sees the cursor the previous
 * lock holder committed.
 */
export async function readProjectionCursor(tx: Tx, projector: string): Promise<ProjectionCursor> {
  const read = () =>
    tx.$queryRaw<Array<{ last_processed_id: bigint | null; tx_id: string | null; events_processed: bigint }>>`
      SELECT last_processed_id, last_processed_tx_id::text AS tx_id, events_processed
      FROM behavior_projection_state WHERE projector = ${projector}`;
  let rows = await read();
  if (rows.length === 0) {
    // Only when missing: an idle step then writes nothing (and takes no transaction id).
    await tx.$executeRaw`INSERT INTO behavior_projection_state (projector) VALUES (${projector}) ON CONFLICT (projector) DO NOTHING`;
    rows = await read();
  }
  const row = rows[0];
  const position = row.last_processed_id !== null ? { txId: row.tx_id ?? "0", id: row.last_processed_id } : null;
  return { projector, position, eventsProcessed: row.events_processed };
}

/**
 * The settled horizon H of the comment at the top, as a scalar subquery over the statement's
 * snapshot. LEAST ignores NULLs (no own transaction id, no other running transaction).
 * NOT EXISTS rather than NOT IN: a NULL in the list must not empty the candidate set.
 */
const SETTLED_HORIZON = Prisma.sql`
  SELECT LEAST(
    pg_snapshot_xmax(snap.s),
    pg_current_xact_id_if_assigned(),
    (SELECT min(running.x) FROM pg_snapshot_xip(snap.s) AS running(x)
     WHERE NOT EXISTS (
       SELECT 1 FROM pg_stat_activity a
       WHERE a.backend_xid = running.x::xid AND a.datname IS DISTINCT FROM current_database())
     AND NOT EXISTS (
       SELECT 1 FROM pg_prepared_xacts p
       WHERE p.transaction = running.x::xid AND p.database IS DISTINCT FROM current_database())))
  FROM (SELECT pg_current_snapshot() AS s) AS snap`;

/** Up to `limit` settled events after `position`, in projection order (tx_id, id). */
export async function settledEventsAfter(tx: Tx, position: ProjectionPosition | null, limit: number): Promise<SettledEvent[]> {
  const after = position ? Prisma.sql`AND (tx_id, id) > (${position.txId}::xid8, ${position.id}::bigint)` : Prisma.empty;
  const rows = await tx.$queryRaw<
    Array<{ id: bigint; tx_id: string; user_id: string | null; event_type: string; payload: Record<string, unknown>; created_at: Date }>
  >`
    SELECT id, tx_id::text AS tx_id, user_id::text AS user_id, event_type, payload, created_at
    FROM behavior_outbox
    WHERE tx_id < (${SETTLED_HORIZON}) ${after}
    ORDER BY tx_id, id
    LIMIT ${limit}`;
  return rows.map((row) => ({
    id: row.id,
    txId: row.tx_id,
    userId: row.user_id,
    eventType: row.event_type,
    payload: row.payload,
    createdAt: row.created_at,
  }));
}

/** Moves the cursor to `last` after a batch of `count` events was delivered. */
export async function recordProjected(tx: Tx, projector: string, last: ProjectionPosition, count: number): Promise<void> {
  await tx.$executeRaw`
    UPDATE behavior_projection_state
    SET last_processed_id = ${last.id}, last_processed_tx_id = ${last.txId}::xid8, last_processed_at = now(),
        events_processed = events_processed + ${count}, updated_at = now()
    WHERE projector = ${projector}`;
}

/** The position of one outbox event (null when there is no such row). */
export async function positionOf(tx: Tx, id: bigint): Promise<ProjectionPosition | null> {
  const rows = await tx.$queryRaw<Array<{ tx_id: string }>>`SELECT tx_id::text AS tx_id FROM behavior_outbox WHERE id = ${id}`;
  return rows[0] ? { txId: rows[0].tx_id, id } : null;
}

/** -1, 0 or 1: the order of two positions in projection order (null = before everything). */
export function comparePositions(a: ProjectionPosition | null, b: ProjectionPosition | null): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? -1 : 1;
  const ax = BigInt(a.txId);
  const bx = BigInt(b.txId);
  if (ax !== bx) return ax < bx ? -1 : 1;
  return a.id === b.id ? 0 : a.id < b.id ? -1 : 1;
}

export interface ProjectionStatus {
  projector: string;
  lastProcessedId: bigint | null;
  lastProcessedAt: Date | null;
  eventsProcessed: bigint;
  /** Settled-or-not events after the cursor. */
  lagEvents: bigint;
  /** Age of the oldest event after the cursor (0 when caught up). */
  lagSeconds: number;
}

/** Every projector's cursor with its lag (read-only; for the admin query and /metrics). */
export async function projectionStatus(client: Pick<Tx, "$queryRaw">): Promise<ProjectionStatus[]> {
  const rows = await client.$queryRaw<
    Array<{
      projector: string;
      last_processed_id: bigint | null;
      last_processed_at: Date | null;
      events_processed: bigint;
      lag_events: bigint;
      oldest: Date | null;
    }>
  >`
    SELECT s.projector, s.last_processed_id, s.last_processed_at, s.events_processed,
           lag.n AS lag_events, lag.oldest
    FROM behavior_projection_state s
    CROSS JOIN LATERAL (
      SELECT count(*)::bigint AS n, min(o.created_at) AS oldest
      FROM behavior_outbox o
      WHERE s.last_processed_id IS NULL
         OR (o.tx_id, o.id) > (COALESCE(s.last_processed_tx_id, '0'::xid8), s.last_processed_id)
    ) lag
    ORDER BY s.projector`;
  const now = Date.now();
  return rows.map((row) => ({
    projector: row.projector,
    lastProcessedId: row.last_processed_id,
    lastProcessedAt: row.last_processed_at,
    eventsProcessed: row.events_processed,
    lagEvents: row.lag_events,
    lagSeconds: row.oldest ? Math.max(0, (now - row.oldest.getTime()) / 1000) : 0,
  }));
}
