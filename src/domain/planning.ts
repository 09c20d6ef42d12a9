// The planning family's write rules: a day's plan (one per user and date, its items a jsonb
// list) and the user's calendar events. Every change emits its event in the caller's
// transaction: `plan.changed` (with what was done) and `calendar_event.*`.
import { randomUUID } from "node:crypto";
import type { CalendarEvent, DailyPlan, Prisma } from "../generated/prisma/client.ts";
import { badInput, notFound, withDatabaseErrors } from "./errors.ts";
import type { Actor } from "./actor.ts";
import { calendarDateToDb, toDay } from "./calendar.ts";
import { changedFieldNames, emit, type EventPayload } from "./events.ts";
import type { Tx } from "./transaction.ts";

export const PLAN_ITEM_KINDS = ["HABIT", "FOCUS", "TASK", "EVENT", "QUEST"] as const;
export type PlanItemKindValue = (typeof PLAN_ITEM_KINDS)[number];

export const MAX_PLAN_ITEMS = 100;

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
    const createdAt =
      typeof entry.createdAt === "string" && !Number.isNaN(Date.parse(entry.createdAt)) ? entry.createdAt : new Date(0).toISOString();
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

/** Stable orders (docs/architecture.md): by `sortOrder`, then `createdAt`, then `id` — never the stored order. */
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

// ---- Daily plans. Every change to a plan's items is a read-modify-write of one jsonb
// column, so the plan row is locked (SELECT … FOR UPDATE) for the rest of the transaction:
// two concurrent edits of the same day apply one after the other, none is lost.

type PlanAction = EventPayload<"plan.changed">["action"];

async function lockPlan(tx: Tx, userId: string, day: string, createIfMissing: boolean): Promise<DailyPlan | null> {
  if (createIfMissing) {
    // INSERT … ON CONFLICT DO NOTHING: safe when two requests create the same day at once.
    await tx.dailyPlan.createMany({ data: [{ userId, date: calendarDateToDb(day) }], skipDuplicates: true });
  }
  const rows = await tx.$queryRaw<Array<{ id: string }>>`
    SELECT id::text AS id FROM daily_plans WHERE user_id = ${userId}::uuid AND date = ${day}::date FOR UPDATE`;
  if (rows.length === 0) return null;
  return tx.dailyPlan.findUniqueOrThrow({ where: { id: rows[0].id } });
}

async function lockExistingPlan(tx: Tx, userId: string, day: string): Promise<DailyPlan> {
  const plan = await lockPlan(tx, userId, day, false);
  if (!plan) throw notFound("DailyPlan");
  return plan;
}

/** Stores the items (sorted) and emits `plan.changed`: one event per change of the plan. */
async function saveItems(
  tx: Tx,
  actor: Actor,
  plan: DailyPlan,
  items: PlanItem[],
  change: { action: PlanAction; itemIds: string[] },
  extra: Prisma.DailyPlanUpdateInput = {},
): Promise<DailyPlan> {
  const saved = await tx.dailyPlan.update({
    where: { id: plan.id },
    data: { ...extra, items: sortPlanItems(items) as unknown as Prisma.InputJsonValue },
  });
  await emit(tx, {
    type: "plan.changed",
    userId: actor.userId,
    payload: { planId: plan.id, date: toDay(plan.date), ...change },
  });
  return saved;
}

export interface PlanItemFields {
  title: string;
  kind: PlanItemKindValue;
  refId?: string | null;
  durationMinutes?: number | null;
  done?: boolean | null;
  sortOrder?: number | null;
}

export interface PlanDayInput {
  date: string;
  /** Omitted: unchanged; null: cleared. */
  intention?: string | null;
  notes?: string | null;
  /** The complete list; an item with an id updates that existing item, one without is added. */
  items: Array<PlanItemFields & { id?: string | null }>;
}

/** Creates or replaces the plan of a day: items left out are removed; existing ids keep their createdAt. */
export async function planDay(tx: Tx, actor: Actor, input: PlanDayInput): Promise<DailyPlan> {
  if (input.items.length > MAX_PLAN_ITEMS) throw badInput(`A plan holds at most ${MAX_PLAN_ITEMS} items`, "items");
  const seen = new Set<string>();
  input.items.forEach((item, index) => {
    if (item.id == null) return;
    const id = item.id.toLowerCase();
    if (seen.has(id)) throw badInput(`items.${index}.id: the same item appears twice`, `items.${index}.id`);
    seen.add(id);
  });
  const plan = (await lockPlan(tx, actor.userId, input.date, true)) as DailyPlan;
  const existing = new Map(parsePlanItems(plan.items).map((item) => [item.id.toLowerCase(), item]));
  const now = new Date().toISOString();
  const items = input.items.map((item, index): PlanItem => {
    let id: string = randomUUID();
    let createdAt = now;
    if (item.id != null) {
      const current = existing.get(item.id.toLowerCase());
      if (!current) throw badInput(`items.${index}.id: no such item in this day's plan`, `items.${index}.id`);
      id = current.id;
      createdAt = current.createdAt;
    }
    return {
      id,
      title: item.title.trim(),
      kind: item.kind,
      refId: item.refId ?? null,
      durationMinutes: item.durationMinutes ?? null,
      done: item.done ?? false,
      sortOrder: item.sortOrder ?? index,
      createdAt,
    };
  });
  return saveItems(
    tx,
    actor,
    plan,
    items,
    { action: "planned", itemIds: items.map((item) => item.id) },
    { intention: input.intention, notes: input.notes },
  );
}

/** Adds an item to the day's plan (creating the plan if needed); sortOrder defaults to after the last item. */
export async function addPlanItem(tx: Tx, actor: Actor, date: string, input: PlanItemFields): Promise<DailyPlan> {
  const plan = (await lockPlan(tx, actor.userId, date, true)) as DailyPlan;
  const items = parsePlanItems(plan.items);
  if (items.length >= MAX_PLAN_ITEMS) throw badInput(`A plan holds at most ${MAX_PLAN_ITEMS} items`, "input");
  const last = items.reduce((max, item) => Math.max(max, item.sortOrder), -1);
  const item: PlanItem = {
    id: randomUUID(),
    title: input.title.trim(),
    kind: input.kind,
    refId: input.refId ?? null,
    durationMinutes: input.durationMinutes ?? null,
    done: input.done ?? false,
    sortOrder: input.sortOrder ?? last + 1,
    createdAt: new Date().toISOString(),
  };
  items.push(item);
  return saveItems(tx, actor, plan, items, { action: "item_added", itemIds: [item.id] });
}

/** Loads and locks the actor's plan of `date` and the index of `itemId` in it, or NOT_FOUND. */
async function lockPlanWithItem(tx: Tx, userId: string, date: string, itemId: string) {
  const plan = await lockExistingPlan(tx, userId, date);
  const items = parsePlanItems(plan.items);
  const index = items.findIndex((item) => item.id.toLowerCase() === itemId.toLowerCase());
  if (index < 0) throw notFound("PlanItem");
  return { plan, items, index };
}

/** Only the fields given change (null clears refId/durationMinutes); the item's id and createdAt stay. */
export async function updatePlanItem(
  tx: Tx,
  actor: Actor,
  date: string,
  itemId: string,
  input: Partial<PlanItemFields>,
): Promise<DailyPlan> {
  const { plan, items, index } = await lockPlanWithItem(tx, actor.userId, date, itemId);
  const item = items[index];
  items[index] = {
    ...item,
    title: input.title?.trim() ?? item.title,
    kind: input.kind ?? item.kind,
    refId: input.refId === undefined ? item.refId : input.refId,
    durationMinutes: input.durationMinutes === undefined ? item.durationMinutes : input.durationMinutes,
    done: input.done ?? item.done,
    sortOrder: input.sortOrder ?? item.sortOrder,
  };
  return saveItems(tx, actor, plan, items, { action: "item_updated", itemIds: [item.id] });
}

export async function removePlanItem(tx: Tx, actor: Actor, date: string, itemId: string): Promise<DailyPlan> {
  const { plan, items, index } = await lockPlanWithItem(tx, actor.userId, date, itemId);
  const [removed] = items.splice(index, 1);
  return saveItems(tx, actor, plan, items, { action: "item_removed", itemIds: [removed.id] });
}

/** `ids` must list every item exactly once; an item's sortOrder becomes its position. */
export async function reorderPlanItems(tx: Tx, actor: Actor, date: string, ids: string[]): Promise<DailyPlan> {
  const plan = await lockExistingPlan(tx, actor.userId, date);
  const items = parsePlanItems(plan.items);
  const wanted = ids.map((id) => id.toLowerCase());
  const byId = new Map(items.map((item) => [item.id.toLowerCase(), item]));
  if (new Set(wanted).size !== wanted.length || wanted.length !== items.length || wanted.some((id) => !byId.has(id))) {
    throw badInput("ids must list every item of the plan exactly once", "ids");
  }
  const reordered = wanted.map((id, position) => ({ ...(byId.get(id) as PlanItem), sortOrder: position }));
  return saveItems(tx, actor, plan, reordered, { action: "reordered", itemIds: reordered.map((item) => item.id) });
}

/** Deletes the plan of a day (NOT_FOUND when there is none) and returns its id. */
export async function deleteDailyPlan(tx: Tx, actor: Actor, date: string): Promise<string> {
  const plan = await lockExistingPlan(tx, actor.userId, date);
  await tx.dailyPlan.delete({ where: { id: plan.id } });
  await emit(tx, {
    type: "plan.changed",
    userId: actor.userId,
    payload: { planId: plan.id, date: toDay(plan.date), action: "deleted", itemIds: parsePlanItems(plan.items).map((item) => item.id) },
  });
  return plan.id;
}

// ---- Calendar events

/** The longest timed event (all-day events may span any number of days). */
export const MAX_TIMED_SPAN_MS = 14 * 24 * 3_600_000;

interface Span {
  allDay: boolean;
  startsAt: Date | null;
  endsAt: Date | null;
  startDate: string | null;
  endDate: string | null;
}

/** The event's span after the table's CHECK and the API's own limits, or BAD_USER_INPUT. */
function checkSpan(span: Span): Span {
  if (span.allDay) {
    if (!span.startDate) throw badInput("An all-day event needs startDate", "startDate");
    const endDate = span.endDate ?? span.startDate;
    if (endDate < span.startDate) throw badInput("endDate must not be before startDate", "endDate");
    return { allDay: true, startsAt: null, endsAt: null, startDate: span.startDate, endDate };
  }
  if (!span.startsAt || !span.endsAt) throw badInput("A timed event needs startsAt and endsAt", span.startsAt ? "endsAt" : "startsAt");
  if (span.startsAt >= span.endsAt) throw badInput("startsAt must be before endsAt", "endsAt");
  if (span.endsAt.getTime() - span.startsAt.getTime() > MAX_TIMED_SPAN_MS) {
    throw badInput("A timed event may last at most 14 days", "endsAt");
  }
  return { allDay: false, startsAt: span.startsAt, endsAt: span.endsAt, startDate: null, endDate: null };
}

function spanData(span: Span) {
  return {
    allDay: span.allDay,
    startsAt: span.startsAt,
    endsAt: span.endsAt,
    startDate: span.startDate === null ? null : calendarDateToDb(span.startDate),
    endDate: span.endDate === null ? null : calendarDateToDb(span.endDate),
  };
}

function rejectOtherKind(
  allDay: boolean,
  input: { startsAt?: Date | null; endsAt?: Date | null; startDate?: string | null; endDate?: string | null },
): void {
  if (allDay && (input.startsAt != null || input.endsAt != null)) {
    throw badInput("startsAt/endsAt are for timed events; an all-day event uses startDate/endDate", "startsAt");
  }
  if (!allDay && (input.startDate != null || input.endDate != null)) {
    throw badInput("startDate/endDate are for all-day events; a timed event uses startsAt/endsAt", "startDate");
  }
}

export interface CalendarEventInput {
  title?: string | null;
  description?: string | null;
  location?: string | null;
  color?: string | null;
  allDay?: boolean | null;
  startsAt?: Date | null;
  endsAt?: Date | null;
  startDate?: string | null;
  endDate?: string | null;
  sortOrder?: number | null;
}

export async function createCalendarEvent(tx: Tx, actor: Actor, input: CalendarEventInput & { title: string }): Promise<CalendarEvent> {
  const allDay = input.allDay ?? false;
  rejectOtherKind(allDay, input);
  const span = checkSpan({
    allDay,
    startsAt: input.startsAt ?? null,
    endsAt: input.endsAt ?? null,
    startDate: input.startDate ?? null,
    endDate: input.endDate ?? null,
  });
  const event = await withDatabaseErrors(() =>
    tx.calendarEvent.create({
      data: {
        userId: actor.userId,
        title: input.title.trim(),
        description: input.description ?? null,
        location: input.location ?? null,
        color: input.color ?? null,
        sortOrder: input.sortOrder ?? 0,
        ...spanData(span),
      },
    }),
  );
  await emit(tx, { type: "calendar_event.created", userId: actor.userId, payload: { eventId: event.id } }, { once: event.id });
  return event;
}

/**
 * Only the fields given change; null clears an optional field (the resolver refuses a null
 * title). Switching allDay drops the other kind's span.
 */
export async function updateCalendarEvent(tx: Tx, actor: Actor, eventId: string, input: CalendarEventInput): Promise<CalendarEvent> {
  const existing = await tx.calendarEvent.findFirst({ where: { id: eventId, userId: actor.userId } });
  if (!existing) throw notFound("CalendarEvent");
  const allDay = input.allDay ?? existing.allDay;
  rejectOtherKind(allDay, input);
  const keep = allDay === existing.allDay;
  const pick = <T>(given: T | null | undefined, current: T | null): T | null => (given === undefined ? current : given);
  const span = checkSpan({
    allDay,
    startsAt: pick(input.startsAt, keep ? existing.startsAt : null),
    endsAt: pick(input.endsAt, keep ? existing.endsAt : null),
    startDate: pick(input.startDate, keep && existing.startDate ? toDay(existing.startDate) : null),
    endDate: pick(input.endDate, keep && existing.endDate ? toDay(existing.endDate) : null),
  });
  const event = await withDatabaseErrors(() =>
    tx.calendarEvent.update({
      where: { id: eventId },
      data: {
        title: input.title?.trim(),
        description: input.description,
        location: input.location,
        color: input.color,
        sortOrder: input.sortOrder ?? undefined,
        ...spanData(span),
      },
    }),
  );
  // Not an inline literal: the catalogue's content-event type leaves out `changed`, its schema keeps it.
  const payload = { eventId, changed: changedFieldNames(input) };
  await emit(tx, { type: "calendar_event.updated", userId: actor.userId, payload });
  return event;
}

export async function deleteCalendarEvent(tx: Tx, actor: Actor, eventId: string): Promise<void> {
  const { count } = await tx.calendarEvent.deleteMany({ where: { id: eventId, userId: actor.userId } });
  if (count === 0) throw notFound("CalendarEvent");
  await emit(tx, { type: "calendar_event.deleted", userId: actor.userId, payload: { eventId } }, { once: eventId });
}
