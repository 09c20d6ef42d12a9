import { randomUUID } from "node:crypto";
import { calendarDateToDb } from "../../domain/calendar.ts";
import { z } from "zod";
import { prisma } from "../../db/index.ts";
import type { Tx } from "../../domain/transaction.ts";
import type { DailyPlan, Prisma } from "../../generated/prisma/client.ts";
import { builder } from "../builder.ts";
import { badInput, notFound } from "../errors/index.ts";
import { encodeId } from "../ids.ts";
import { isUuid, ownedByViewer, viewerIdOrNobody } from "../tenancy.ts";
import { nonBlank, optionalInt, optionalText, refuseNulls, sortOrder } from "../validators.ts";
import { type PlanItem, PlanItemKind, PlanItemRef, parsePlanItems, planItemsInOrder, sortPlanItems } from "./plan-items.ts";

export const MAX_PLAN_ITEMS = 100;

builder.prismaNode("DailyPlan", {
  id: { field: "id" },
  findUnique: ownedByViewer,
  nullable: true,
  description: "The plan of one calendar day of the user.",
  fields: (t) => ({
    date: t.expose("date", { type: "Date" }),
    intention: t.exposeString("intention", { nullable: true }),
    notes: t.exposeString("notes", { nullable: true }),
    items: t.field({
      type: [PlanItemRef],
      description: "Ordered by sortOrder, then createdAt, then id (never the stored order).",
      select: { items: true },
      resolve: (plan) => planItemsInOrder(plan.items),
    }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    updatedAt: t.expose("updatedAt", { type: "DateTime" }),
  }),
});

builder.prismaObjectField("User", "dailyPlan", (t) =>
  t.prismaField({
    type: "DailyPlan",
    nullable: true,
    description: "The plan of the given calendar day, if the user made one.",
    args: { date: t.arg({ type: "Date", required: true }) },
    resolve: (query, user, args, ctx) => {
      if (user.id !== viewerIdOrNobody(ctx)) return null;
      return prisma.dailyPlan.findUnique({
        ...query,
        where: { userId_date: { userId: user.id, date: calendarDateToDb(args.date) } },
      });
    },
  }),
);

builder.prismaObjectField("User", "dailyPlans", (t) =>
  t.relatedConnection("dailyPlans", {
    cursor: "id",
    description: "The user's daily plans, newest date first; from/to bound the dates (inclusive).",
    args: {
      from: t.arg({ type: "Date" }),
      to: t.arg({ type: "Date" }),
    },
    query: (args, ctx) => ({
      where: {
        userId: viewerIdOrNobody(ctx),
        date: {
          ...(args.from ? { gte: calendarDateToDb(args.from) } : {}),
          ...(args.to ? { lte: calendarDateToDb(args.to) } : {}),
        },
      },
      orderBy: [{ date: "desc" as const }, { id: "desc" as const }],
    }),
  }),
);

// ---------------------------------------------------------------------------
// Writes. Every change to a plan's items is a read-modify-write of one jsonb column,
// so the plan row is locked (SELECT … FOR UPDATE) for the rest of the transaction:
// two concurrent edits of the same day apply one after the other, none is lost.

const uuid = z.string().refine(isUuid, "must be a plan item id (uuid)");
const duration = optionalInt(0, 24 * 60);
const refId = optionalText(200);

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

async function saveItems(tx: Tx, planId: string, items: PlanItem[], extra: Prisma.DailyPlanUpdateInput = {}): Promise<void> {
  await tx.dailyPlan.update({
    where: { id: planId },
    data: { ...extra, items: sortPlanItems(items) as unknown as Prisma.InputJsonValue },
  });
}

const PlanItemInput = builder.inputType("PlanItemInput", {
  description: "An item of planDay. With an id it updates that existing item (keeping its createdAt); without, it adds one.",
  fields: (t) => ({
    id: t.id({ validate: uuid.nullish() }),
    title: t.string({ required: true, validate: nonBlank(200) }),
    kind: t.field({ type: PlanItemKind, required: true }),
    refId: t.id({ validate: refId }),
    durationMinutes: t.int({ validate: duration }),
    done: t.boolean({ defaultValue: false }),
    sortOrder: t.int({ description: "Defaults to the item's position in the list.", validate: sortOrder }),
  }),
});

const PlanDayInput = builder.inputType("PlanDayInput", {
  fields: (t) => ({
    date: t.field({ type: "Date", required: true }),
    intention: t.string({ description: "Omitted: unchanged; null: cleared.", validate: optionalText(500) }),
    notes: t.string({ description: "Omitted: unchanged; null: cleared.", validate: optionalText(10_000) }),
    items: t.field({
      type: [PlanItemInput],
      required: true,
      description: `The complete list of the day's items (at most ${MAX_PLAN_ITEMS}); items left out are removed.`,
      validate: z.array(z.unknown()).max(MAX_PLAN_ITEMS, `at most ${MAX_PLAN_ITEMS} items`),
    }),
  }),
});

const AddPlanItemInput = builder.inputType("AddPlanItemInput", {
  fields: (t) => ({
    title: t.string({ required: true, validate: nonBlank(200) }),
    kind: t.field({ type: PlanItemKind, required: true }),
    refId: t.id({ validate: refId }),
    durationMinutes: t.int({ validate: duration }),
    done: t.boolean({ defaultValue: false }),
    sortOrder: t.int({ description: "Defaults to after the last item.", validate: sortOrder }),
  }),
});

const UpdatePlanItemInput = builder.inputType("UpdatePlanItemInput", {
  description: "Only the fields given change; null clears refId/durationMinutes.",
  fields: (t) => ({
    title: t.string({ validate: nonBlank(200).nullish() }),
    kind: t.field({ type: PlanItemKind }),
    refId: t.id({ validate: refId }),
    durationMinutes: t.int({ validate: duration }),
    done: t.boolean(),
    sortOrder: t.int({ validate: sortOrder }),
  }),
});

builder.mutationField("planDay", (t) =>
  t.withAuth({ signedIn: true }).prismaField({
    type: "DailyPlan",
    description: "Creates or replaces the plan of a day (one plan per user and date).",
    args: { input: t.arg({ type: PlanDayInput, required: true }) },
    resolve: async (query, _root, { input }, ctx) => {
      const seen = new Set<string>();
      input.items.forEach((item, index) => {
        if (item.id == null) return;
        const id = String(item.id).toLowerCase();
        if (seen.has(id)) throw badInput(`items.${index}.id: the same item appears twice`, `items.${index}.id`);
        seen.add(id);
      });
      return prisma.$transaction(async (tx) => {
        const plan = (await lockPlan(tx, ctx.viewer.userId, input.date, true)) as DailyPlan;
        const existing = new Map(parsePlanItems(plan.items).map((item) => [item.id.toLowerCase(), item]));
        const now = new Date().toISOString();
        const items = input.items.map((item, index): PlanItem => {
          let id: string = randomUUID();
          let createdAt = now;
          if (item.id != null) {
            const current = existing.get(String(item.id).toLowerCase());
            if (!current) throw badInput(`items.${index}.id: no such item in this day's plan`, `items.${index}.id`);
            id = current.id;
            createdAt = current.createdAt;
          }
          return {
            id,
            title: item.title.trim(),
            kind: item.kind,
            refId: item.refId == null ? null : String(item.refId),
            durationMinutes: item.durationMinutes ?? null,
            done: item.done ?? false,
            sortOrder: item.sortOrder ?? index,
            createdAt,
          };
        });
        await saveItems(tx, plan.id, items, { intention: input.intention, notes: input.notes });
        return tx.dailyPlan.findUniqueOrThrow({ ...query, where: { id: plan.id } });
      });
    },
  }),
);

builder.mutationField("addPlanItem", (t) =>
  t.withAuth({ signedIn: true }).prismaField({
    type: "DailyPlan",
    description: "Adds an item to the day's plan (creating the plan if needed).",
    args: {
      date: t.arg({ type: "Date", required: true }),
      input: t.arg({ type: AddPlanItemInput, required: true }),
    },
    resolve: async (query, _root, { date, input }, ctx) =>
      prisma.$transaction(async (tx) => {
        const plan = (await lockPlan(tx, ctx.viewer.userId, date, true)) as DailyPlan;
        const items = parsePlanItems(plan.items);
        if (items.length >= MAX_PLAN_ITEMS) throw badInput(`A plan holds at most ${MAX_PLAN_ITEMS} items`, "input");
        const last = items.reduce((max, item) => Math.max(max, item.sortOrder), -1);
        items.push({
          id: randomUUID(),
          title: input.title.trim(),
          kind: input.kind,
          refId: input.refId == null ? null : String(input.refId),
          durationMinutes: input.durationMinutes ?? null,
          done: input.done ?? false,
          sortOrder: input.sortOrder ?? last + 1,
          createdAt: new Date().toISOString(),
        });
        await saveItems(tx, plan.id, items);
        return tx.dailyPlan.findUniqueOrThrow({ ...query, where: { id: plan.id } });
      }),
  }),
);

/** Loads and locks the viewer's plan of `date` and the index of `itemId` in it, or NOT_FOUND. */
async function lockPlanWithItem(tx: Tx, userId: string, date: string, itemId: string) {
  const plan = await lockPlan(tx, userId, date, false);
  if (!plan) throw notFound("DailyPlan");
  const items = parsePlanItems(plan.items);
  const index = items.findIndex((item) => item.id.toLowerCase() === itemId.toLowerCase());
  if (index < 0) throw notFound("PlanItem");
  return { plan, items, index };
}

builder.mutationField("updatePlanItem", (t) =>
  t.withAuth({ signedIn: true }).prismaField({
    type: "DailyPlan",
    description: "Changes one item (e.g. toggles done or moves it with sortOrder); its createdAt and id stay.",
    args: {
      date: t.arg({ type: "Date", required: true }),
      itemId: t.arg.id({ required: true }),
      input: t.arg({ type: UpdatePlanItemInput, required: true }),
    },
    resolve: async (query, _root, { date, itemId, input }, ctx) =>
      prisma.$transaction(async (tx) => {
        const { plan, items, index } = await lockPlanWithItem(tx, ctx.viewer.userId, date, String(itemId));
        refuseNulls(input, ["title", "kind", "done", "sortOrder"]);
        const item = items[index];
        items[index] = {
          ...item,
          title: input.title?.trim() ?? item.title,
          kind: input.kind ?? item.kind,
          refId: input.refId === undefined ? item.refId : input.refId === null ? null : String(input.refId),
          durationMinutes: input.durationMinutes === undefined ? item.durationMinutes : input.durationMinutes,
          done: input.done ?? item.done,
          sortOrder: input.sortOrder ?? item.sortOrder,
        };
        await saveItems(tx, plan.id, items);
        return tx.dailyPlan.findUniqueOrThrow({ ...query, where: { id: plan.id } });
      }),
  }),
);

builder.mutationField("removePlanItem", (t) =>
  t.withAuth({ signedIn: true }).prismaField({
    type: "DailyPlan",
    args: {
      date: t.arg({ type: "Date", required: true }),
      itemId: t.arg.id({ required: true }),
    },
    resolve: async (query, _root, { date, itemId }, ctx) =>
      prisma.$transaction(async (tx) => {
        const { plan, items, index } = await lockPlanWithItem(tx, ctx.viewer.userId, date, String(itemId));
        items.splice(index, 1);
        await saveItems(tx, plan.id, items);
        return tx.dailyPlan.findUniqueOrThrow({ ...query, where: { id: plan.id } });
      }),
  }),
);

builder.mutationField("reorderPlanItems", (t) =>
  t.withAuth({ signedIn: true }).prismaField({
    type: "DailyPlan",
    description: "Sets the order of the day's items: `ids` must list every item exactly once; sortOrder becomes the position.",
    args: {
      date: t.arg({ type: "Date", required: true }),
      ids: t.arg.idList({ required: true }),
    },
    resolve: async (query, _root, { date, ids }, ctx) =>
      prisma.$transaction(async (tx) => {
        const plan = await lockPlan(tx, ctx.viewer.userId, date, false);
        if (!plan) throw notFound("DailyPlan");
        const items = parsePlanItems(plan.items);
        const wanted = ids.map((id) => String(id).toLowerCase());
        const byId = new Map(items.map((item) => [item.id.toLowerCase(), item]));
        if (new Set(wanted).size !== wanted.length || wanted.length !== items.length || wanted.some((id) => !byId.has(id))) {
          throw badInput("ids must list every item of the plan exactly once", "ids");
        }
        const reordered = wanted.map((id, position) => ({ ...(byId.get(id) as PlanItem), sortOrder: position }));
        await saveItems(tx, plan.id, reordered);
        return tx.dailyPlan.findUniqueOrThrow({ ...query, where: { id: plan.id } });
      }),
  }),
);

builder.mutationField("deleteDailyPlan", (t) =>
  t.withAuth({ signedIn: true }).id({
    description: "Deletes the plan of a day; returns its global ID (NOT_FOUND when there is none).",
    args: { date: t.arg({ type: "Date", required: true }) },
    resolve: async (_root, { date }, ctx) =>
      prisma.$transaction(async (tx) => {
        const plan = await lockPlan(tx, ctx.viewer.userId, date, false);
        if (!plan) throw notFound("DailyPlan");
        await tx.dailyPlan.delete({ where: { id: plan.id } });
        return encodeId("DailyPlan", plan.id);
      }),
  }),
);
