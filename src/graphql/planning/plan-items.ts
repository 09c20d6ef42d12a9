import { PLAN_ITEM_KINDS, type PlanItem } from "../../domain/planning.ts";
import { builder } from "../builder.ts";

export const PlanItemKind = builder.enumType("PlanItemKind", {
  values: PLAN_ITEM_KINDS,
  description: "What a plan item stands for; `refId` then points at that habit, focus session, quest, event, ….",
});

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
