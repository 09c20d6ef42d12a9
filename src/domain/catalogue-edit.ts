// The three edits of an admin catalogue row, the same for every catalogue (achievements, catalogue
// quests, the market, listening prompts, the learning catalogue): the database's refusals become
// typed errors, a missing row is NOT_FOUND, and each edit leaves its `catalogue.*` audit row, naming
// the row's key, in the same transaction. The catalogue's own rules (checks, field defaults) stay
// in its file and run in the callbacks.
import type { Prisma } from "../generated/prisma/client.ts";
import type { Actor } from "./actor.ts";
import { auditCatalogueEdit } from "./audit.ts";
import { badInput, notFound, withDatabaseErrors } from "./errors.ts";
import type { Tx } from "./transaction.ts";

interface CatalogueRow {
  id: string;
  key: string;
}

/** What the edits need of a catalogue model's Prisma delegate. */
interface CatalogueDelegate<Row> {
  findUnique(args: { where: { id: string } }): Promise<Row | null>;
  delete(args: { where: { id: string } }): Promise<unknown>;
}

/** One catalogue table: its model's name (in NOT_FOUND), its type in the audit row, and its delegate. */
export interface CatalogueTable<Row extends CatalogueRow> {
  model: string;
  auditType: string;
  delegate(tx: Tx): CatalogueDelegate<Row>;
}

export function catalogueTable<Row extends CatalogueRow>(
  model: string,
  auditType: string,
  delegate: (tx: Tx) => CatalogueDelegate<Row>,
): CatalogueTable<Row> {
  return { model, auditType, delegate };
}

async function existing<Row extends CatalogueRow>(tx: Tx, table: CatalogueTable<Row>, id: string): Promise<Row> {
  const row = await table.delegate(tx).findUnique({ where: { id } });
  if (!row) throw notFound(table.model);
  return row;
}

/** Creates a row with `create` (after the caller's checks): `catalogue.create` with its key. */
export async function createCatalogueRow<Row extends CatalogueRow>(
  tx: Tx,
  actor: Actor,
  table: CatalogueTable<Row>,
  create: () => Promise<Row>,
): Promise<Row> {
  const row = await withDatabaseErrors(create);
  await auditCatalogueEdit(tx, actor, "catalogue.create", { type: table.auditType, id: row.id }, { key: row.key });
  return row;
}

/**
 * Changes row `id` with `update`, which gets the row as it was (for checks against it):
 * `catalogue.update` with the key it had and `changes` (what the input set, as the catalogue reports it).
 */
export async function updateCatalogueRow<Row extends CatalogueRow>(
  tx: Tx,
  actor: Actor,
  table: CatalogueTable<Row>,
  id: string,
  changes: Prisma.InputJsonObject,
  update: (before: Row) => Promise<Row>,
): Promise<Row> {
  const before = await existing(tx, table, id);
  const row = await withDatabaseErrors(() => update(before));
  await auditCatalogueEdit(tx, actor, "catalogue.update", { type: table.auditType, id }, { key: before.key, ...changes });
  return row;
}

/** Deletes row `id` once `refuse` (the catalogue's CONFLICT checks, if any) has passed: `catalogue.delete` with its key. */
export async function deleteCatalogueRow<Row extends CatalogueRow>(
  tx: Tx,
  actor: Actor,
  table: CatalogueTable<Row>,
  id: string,
  refuse?: (before: Row) => Promise<void>,
): Promise<void> {
  const before = await existing(tx, table, id);
  await refuse?.(before);
  await withDatabaseErrors(() => table.delegate(tx).delete({ where: { id } }));
  await auditCatalogueEdit(tx, actor, "catalogue.delete", { type: table.auditType, id }, { key: before.key });
}

/** When a catalogue row (a market item, a catalogue quest) is available: either end may be open. */
export interface AvailabilityWindow {
  availableFrom: Date | null;
  availableUntil: Date | null;
}

/**
 * BAD_USER_INPUT (`message`, on availableUntil) unless the window an edit leaves ends after it
 * starts: an end the input does not name keeps `before`'s (none on create), null opens it.
 */
export function checkAvailability(
  input: { availableFrom?: Date | null; availableUntil?: Date | null },
  before: AvailabilityWindow | null,
  message: string,
): void {
  const from = input.availableFrom === undefined ? (before?.availableFrom ?? null) : input.availableFrom;
  const until = input.availableUntil === undefined ? (before?.availableUntil ?? null) : input.availableUntil;
  if (from && until && until <= from) throw badInput(message, "availableUntil");
}
