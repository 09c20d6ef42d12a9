import { builder } from "../builder.ts";

export const PLAN_ITEM_KINDS = ["HABIT", "FOCUS", "TASK", "EVENT", "QUEST"] as const;
export type PlanItemKindValue = (typeof PLAN_ITEM_KINDS)[number];

export const PlanItemKind = builder.enumType("PlanItemKind", {
  values: PLAN_ITEM_KINDS,
  description: "What a plan item stands for; `refId` then points at that habit, focus session, quest, event, ….",
});

/** One entry of `daily_plans.items` (jsonb), as stored. */
export interface PlanItem {
  id: string;
  title: string;
  kind: PlanItemKindValue;
  refId: string | null;
  durationMinutes: number | null;
  done: boolean;
  sortOrder: number;
  /** ISO 8601 instant. */
  createdAt: string;
}

function isKind(value: unknown): value is PlanItemKindValue {
  return typeof value === "string" && (PLAN_ITEM_KINDS as readonly string[]).includes(value);
}

function finiteInt(value: unknown): number | null {
  return typeof value === "number" && Number.isFinite(value) ? Math.trunc(value) : null;
}

/**
 * Reads the stored jsonb leniently (rows may have been written by other tools): an
 * entry that is not an object with an id is dropped, missing fields get defaults.
 */
export function parsePlanItems(json: unknown): PlanItem[] {
  if (!Array.isArray(json)) return [];
  const items: PlanItem[] = [];
  for (const raw of json) {
    if (typeof raw !== "object" || raw === null || Array.isArray(raw)) continue;
    const entry = raw as Record<string, unknown>;
    if (typeof entry.id !== "string" || entry.id.length === 0) continue;
    const createdAt = typeof entry.createdAt === "string" && !Number.isNaN(Date.parse(entry.createdAt)) ? entry.createdAt : new Date(0).toISOString();
    items.push({
      id: entry.id,
      title: typeof entry.title === "string" ? entry.title : "",
      kind: isKind(entry.kind) ? entry.kind : "TASK",
      refId: typeof entry.refId === "string" ? entry.refId : null,
      durationMinutes: finiteInt(entry.durationMinutes),
      done: entry.done === true,
      sortOrder: finiteInt(entry.sortOrder) ?? 0,
      createdAt,
    });
  }
  return items;
}

/** SPEC §2 "Planning": by `sortOrder`, then `createdAt`, then `id` — never the stored order. */
export function comparePlanItems(a: PlanItem, b: PlanItem): number {
  if (a.sortOrder !== b.sortOrder) return a.sortOrder - b.sortOrder;
  const at = Date.parse(a.createdAt);
  const bt = Date.parse(b.createdAt);
  if (at !== bt) return at - bt;
  // Plain code-unit order, like PostgreSQL's ordering of lower-case uuids.
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** A sorted copy of the items (the input is left as it is). */
export function sortPlanItems<T extends PlanItem>(items: readonly T[]): T[] {
  return [...items].sort(comparePlanItems);
}

/** The stored jsonb of a plan, parsed and in display order. */
export function planItemsInOrder(json: unknown): PlanItem[] {
  return sortPlanItems(parsePlanItems(json));
}

export const PlanItemRef = builder.objectRef<PlanItem>("PlanItem").implement({
  description: "An entry of a daily plan. Plan items are always listed by sortOrder, then createdAt, then id.",
  fields: (t) => ({
    id: t.exposeID("id", { description: "Stable id of the item inside its plan (a uuid, not a global ID)." }),
    title: t.exposeString("title"),
    kind: t.expose("kind", { type: PlanItemKind }),
    refId: t.exposeID("refId", { nullable: true, description: "The ID of what the item refers to, as given by the client." }),
    durationMinutes: t.exposeInt("durationMinutes", { nullable: true }),
    done: t.exposeBoolean("done"),
    sortOrder: t.exposeInt("sortOrder"),
    createdAt: t.field({ type: "DateTime", resolve: (item) => new Date(item.createdAt) }),
  }),
});
