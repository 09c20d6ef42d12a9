// The inbox family's write rules: capture, edit, reorder, mark read, archive, unarchive and
// delete the user's inbox items. A batch is all-or-nothing (one foreign id refuses it); each change
// emits its `inbox.*` event naming only the items it really changed.
import type { InboxItem } from "../generated/prisma/client.ts";
import { badInput, notFound } from "./errors.ts";
import type { Actor } from "./actor.ts";
import { changedFieldNames, emit } from "./events.ts";
import type { Tx } from "./transaction.ts";

export type InboxItemKindValue = InboxItem["kind"];

export interface CreateInboxItemInput {
  /** CAPTURE (default) or REMINDER from a user; SYSTEM from the app. */
  kind?: InboxItemKindValue | null;
  title: string;
  body?: string | null;
  refType?: string | null;
  refId?: string | null;
  sortOrder?: number | null;
}

export async function createInboxItem(tx: Tx, actor: Actor, input: CreateInboxItemInput): Promise<InboxItem> {
  const item = await tx.inboxItem.create({
    data: {
      userId: actor.userId,
      kind: input.kind ?? "CAPTURE",
      title: input.title.trim(),
      body: input.body ?? null,
      refType: input.refType ?? null,
      refId: input.refId ?? null,
      sortOrder: input.sortOrder ?? 0,
    },
  });
  await emit(tx, { type: "inbox.item_created", userId: actor.userId, payload: { itemId: item.id, kind: item.kind } }, { once: item.id });
  return item;
}

/**
 * Locks all of `ids` (they must all be the actor's: one foreign or missing id is NOT_FOUND
 * for the whole batch) so a concurrent change of the same items waits and sees this one.
 */
async function lockOwnItems(tx: Tx, actor: Actor, ids: string[]): Promise<InboxItem[]> {
  const unique = [...new Set(ids)];
  const locked = await tx.$queryRaw<Array<{ id: string }>>`
    SELECT id::text AS id FROM inbox_items WHERE id = ANY(${unique}::uuid[]) AND user_id = ${actor.userId}::uuid FOR UPDATE`;
  if (locked.length !== unique.length) throw notFound("InboxItem");
  return tx.inboxItem.findMany({ where: { id: { in: unique }, userId: actor.userId } });
}

/** Marks the items read; already-read items keep their read time and are not in the event. */
export async function markInboxItemsRead(tx: Tx, actor: Actor, ids: string[]): Promise<void> {
  const items = await lockOwnItems(tx, actor, ids);
  const unread = items.filter((item) => item.readAt === null).map((item) => item.id);
  if (unread.length === 0) return;
  const now = new Date();
  await tx.inboxItem.updateMany({ where: { id: { in: unread }, userId: actor.userId }, data: { readAt: now, updatedAt: now } });
  await emit(tx, { type: "inbox.item_read", userId: actor.userId, payload: { itemIds: unread } });
}

/** Archives the items (they leave the OPEN list); already-archived items are left as they are. */
export async function archiveInboxItems(tx: Tx, actor: Actor, ids: string[]): Promise<void> {
  const items = await lockOwnItems(tx, actor, ids);
  const open = items.filter((item) => item.archivedAt === null).map((item) => item.id);
  if (open.length === 0) return;
  const now = new Date();
  await tx.inboxItem.updateMany({ where: { id: { in: open }, userId: actor.userId }, data: { archivedAt: now, updatedAt: now } });
  await emit(tx, { type: "inbox.item_archived", userId: actor.userId, payload: { itemIds: open } });
}

/** Brings an archived item back to the open inbox (an open item stays as it is). */
export async function unarchiveInboxItem(tx: Tx, actor: Actor, id: string): Promise<void> {
  const [item] = await lockOwnItems(tx, actor, [id]);
  if (item.archivedAt === null) return;
  await tx.inboxItem.update({ where: { id }, data: { archivedAt: null, updatedAt: new Date() } });
  await emit(tx, { type: "inbox.item_unarchived", userId: actor.userId, payload: { itemId: id } });
}

export async function deleteInboxItem(tx: Tx, actor: Actor, id: string): Promise<void> {
  const { count } = await tx.inboxItem.deleteMany({ where: { id, userId: actor.userId } });
  if (count === 0) throw notFound("InboxItem");
  await emit(tx, { type: "inbox.item_deleted", userId: actor.userId, payload: { itemId: id } }, { once: id });
}

/** Only the fields given change (undefined); null clears body/refType/refId. */
export interface UpdateInboxItemInput {
  /** CAPTURE or REMINDER (SYSTEM comes from the app only); a SYSTEM item keeps its kind. */
  kind?: InboxItemKindValue | null;
  title?: string | null;
  body?: string | null;
  refType?: string | null;
  refId?: string | null;
  sortOrder?: number | null;
}

/** Edits one of the actor's items: inbox.item_updated with the changed fields. */
export async function updateInboxItem(tx: Tx, actor: Actor, id: string, input: UpdateInboxItemInput): Promise<InboxItem> {
  const [item] = await lockOwnItems(tx, actor, [id]);
  if (input.kind === "SYSTEM") throw badInput("kind: must be CAPTURE or REMINDER", "kind");
  if (input.kind && item.kind === "SYSTEM") throw badInput("kind: a SYSTEM item keeps its kind", "kind");
  const updated = await tx.inboxItem.update({
    where: { id },
    data: {
      kind: input.kind ?? undefined,
      title: input.title?.trim() ?? undefined,
      body: input.body,
      refType: input.refType,
      refId: input.refId,
      sortOrder: input.sortOrder ?? undefined,
      updatedAt: new Date(),
    },
  });
  await emit(tx, { type: "inbox.item_updated", userId: actor.userId, payload: { itemId: id, changed: changedFieldNames(input) } });
  return updated;
}

/**
 * Sets the order of the open inbox (the contract of reorderPlanItems): `ids` lists every
 * open item of the actor exactly once and sortOrder becomes the position. A foreign or
 * missing id is NOT_FOUND; a repeated, archived or left-out item is BAD_USER_INPUT; on any
 * error nothing changes. Emits inbox.reordered with the new order.
 */
export async function reorderInboxItems(tx: Tx, actor: Actor, ids: string[]): Promise<void> {
  const wanted = ids.map((id) => id.toLowerCase());
  // The open items and the named ones, locked: a concurrent reorder or archive waits for this one.
  const rows = await tx.$queryRaw<Array<{ id: string; archived: boolean }>>`
    SELECT id::text AS id, archived_at IS NOT NULL AS archived FROM inbox_items
    WHERE user_id = ${actor.userId}::uuid AND (archived_at IS NULL OR id = ANY(${wanted}::uuid[]))
    ORDER BY id FOR UPDATE`;
  const byId = new Map(rows.map((row) => [row.id, row]));
  if (wanted.some((id) => !byId.has(id))) throw notFound("InboxItem");
  if (new Set(wanted).size !== wanted.length) throw badInput("ids: an item is listed twice", "ids");
  if (wanted.some((id) => byId.get(id)?.archived)) throw badInput("ids: archived items are not in the open inbox", "ids");
  const open = rows.filter((row) => !row.archived).length;
  if (wanted.length !== open) throw badInput("ids must list every open item of the inbox exactly once", "ids");
  await tx.$executeRaw`
    UPDATE inbox_items SET sort_order = o.position::int - 1, updated_at = now()
    FROM unnest(${wanted}::uuid[]) WITH ORDINALITY AS o(id, position)
    WHERE inbox_items.id = o.id AND inbox_items.user_id = ${actor.userId}::uuid
      AND inbox_items.sort_order IS DISTINCT FROM o.position::int - 1`;
  await emit(tx, { type: "inbox.reordered", userId: actor.userId, payload: { itemIds: wanted } });
}
