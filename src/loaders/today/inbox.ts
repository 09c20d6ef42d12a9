import type { InboxItem } from "../../generated/prisma/client.ts";
import { byPosition, decodeRows, listJson, type RowJson } from "./rows.ts";
import type { TodaySection } from "./page.ts";

/** Open (not archived) inbox items, by position. */
export const inboxSection: TodaySection<InboxItem[]> = {
  name: "inbox",
  sql: (s) => `SELECT ${listJson("InboxItem", "i", s, byPosition("i"))} FROM inbox_items i
    WHERE i.user_id = k.user_id AND i.archived_at IS NULL`,
  decode: (json, key, s) => decodeRows<InboxItem>("InboxItem", json as RowJson[], key, s),
};
