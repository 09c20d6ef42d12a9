import { z } from "zod";
import { prisma } from "../../db/index.ts";
import { calendarDateToDb } from "../../domain/calendar.ts";
import * as planning from "../../domain/planning.ts";
import { MAX_PLAN_ITEMS, planItemsInOrder } from "../../domain/planning.ts";
import { builder } from "../builder.ts";
import { reread, runMutation } from "../mutation.ts";
import { encodeId } from "../ids.ts";
import { isUuid, ownedByViewer, viewerIdOrNobody } from "../tenancy.ts";
import { nonBlank, optionalInt, optionalText, refuseNulls, sortOrder } from "../validators.ts";
import { PlanItemKind, PlanItemRef } from "./plan-items.ts";

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
// Writes: the rules (locking, ids, limits, events) live in src/domain/planning.ts.

const uuid = z.string().refine(isUuid, "must be a plan item id (uuid)");
const duration = optionalInt(0, 24 * 60);
const refId = optionalText(200);

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
    resolve: (query, _root, { input }, ctx) => {
      const items = input.items.map((item) => ({
        ...item,
        id: item.id == null ? null : String(item.id),
        refId: item.refId == null ? null : String(item.refId),
      }));
      return runMutation(ctx, (tx, actor) => planning.planDay(tx, actor, { ...input, items }), reread("DailyPlan", query));
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
    resolve: (query, _root, { date, input }, ctx) => {
      const item = { ...input, refId: input.refId == null ? null : String(input.refId) };
      return runMutation(ctx, (tx, actor) => planning.addPlanItem(tx, actor, date, item), reread("DailyPlan", query));
    },
  }),
);

builder.mutationField("updatePlanItem", (t) =>
  t.withAuth({ signedIn: true }).prismaField({
    type: "DailyPlan",
    description: "Changes one item (e.g. toggles done or moves it with sortOrder); its createdAt and id stay.",
    args: {
      date: t.arg({ type: "Date", required: true }),
      itemId: t.arg.id({ required: true }),
      input: t.arg({ type: UpdatePlanItemInput, required: true }),
    },
    resolve: (query, _root, { date, itemId, input }, ctx) => {
      refuseNulls(input, ["title", "kind", "done", "sortOrder"]);
      const change = { ...input, refId: input.refId == null ? input.refId : String(input.refId) };
      return runMutation(ctx, (tx, actor) => planning.updatePlanItem(tx, actor, date, String(itemId), change), reread("DailyPlan", query));
    },
  }),
);

builder.mutationField("removePlanItem", (t) =>
  t.withAuth({ signedIn: true }).prismaField({
    type: "DailyPlan",
    args: {
      date: t.arg({ type: "Date", required: true }),
      itemId: t.arg.id({ required: true }),
    },
    resolve: (query, _root, { date, itemId }, ctx) =>
      runMutation(ctx, (tx, actor) => planning.removePlanItem(tx, actor, date, String(itemId)), reread("DailyPlan", query)),
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
    resolve: (query, _root, { date, ids }, ctx) =>
      runMutation(ctx, (tx, actor) => planning.reorderPlanItems(tx, actor, date, ids.map(String)), reread("DailyPlan", query)),
  }),
);

builder.mutationField("deleteDailyPlan", (t) =>
  t.withAuth({ signedIn: true }).id({
    description: "Deletes the plan of a day; returns its global ID (NOT_FOUND when there is none).",
    args: { date: t.arg({ type: "Date", required: true }) },
    resolve: async (_root, { date }, ctx) =>
      encodeId("DailyPlan", await runMutation(ctx, (tx, actor) => planning.deleteDailyPlan(tx, actor, date))),
  }),
);
