import { z } from "zod";
import { builder } from "../builder.ts";
import { reread, runMutation } from "../mutation.ts";
import { prisma } from "../../db/index.ts";
import type { Prisma } from "../../generated/prisma/client.ts";
import type { Interval } from "../../domain/decision-stats.ts";
import * as behavior from "../../domain/behavior.ts";
import { DECISION_OUTCOMES } from "../../domain/behavior.ts";
import { orderNewestFirst } from "../../domain/ordering.ts";
import { ownedByViewer } from "../tenancy.ts";
import { decodeId } from "../ids.ts";
import { jsonObjectSchema } from "../validators.ts";
import {
  decisionAcceptance,
  decisionImpact,
  effectiveOutcome,
  isHeldOut,
  NEXT_ACTION_POLICY_VERSION,
  type DecisionAcceptance,
  type DecisionImpact,
} from "../../domain/decisions.ts";
import { NEXT_ACTION_KINDS, NEXT_ACTION_PRIORITY, type NextAction, type NextActionKind } from "../../today/next-action.ts";
import { HabitRef } from "../habits/habit.ts";
import { QuestRef } from "../quests/user-quest.ts";
import { UniversalQuestRef } from "../quests/universal-quest.ts";
import { FocusSessionRef } from "../focus/session.ts";
import { PlanItemRef } from "../planning/plan-items.ts";

export const DecisionOutcome = builder.enumType("DecisionOutcome", { values: DECISION_OUTCOMES });

builder.prismaNode("DecisionTelemetry", {
  id: { field: "id" },
  findUnique: ownedByViewer,
  nullable: true,
  description: "A decision (suggestion) shown to the viewer and what became of it.",
  fields: (t) => ({
    decisionKey: t.exposeString("decisionKey", { description: "Which suggestion, e.g. `next_best_action`." }),
    surface: t.exposeString("surface", { description: "Where it was shown, e.g. `today`." }),
    suggestionId: t.exposeString("suggestionId", {
      nullable: true,
      description: "The suggestion's stable id (e.g. `Today.nextAction.id`), when it has one.",
    }),
    startedAt: t.expose("startedAt", { type: "DateTime", nullable: true, description: "When it was STARTED, if it was." }),
    payload: t.expose("payload", { type: "JSON" }),
    outcome: t.field({
      type: DecisionOutcome,
      description:
        "Where it stands (docs/decisions.md). A SHOWN/STARTED decision whose day has ended reads EXPIRED, stored or not " +
        "yet stored (the user's next decision write stores it).",
      resolve: (decision) => effectiveOutcome(decision),
    }),
    heldOut: t.boolean({
      description: "In the holdout's control group: computed and recorded, not shown (outcome HELD_OUT).",
      resolve: (decision) => decision.outcome === "HELD_OUT",
    }),
    day: t.expose("day", { type: "Date", nullable: true, description: "The day the suggestion is for (Today.nextAction kinds)." }),
    policyVersion: t.exposeString("policyVersion", {
      nullable: true,
      description: "The version of the priority rules that made the suggestion (Today.nextAction kinds).",
    }),
    actedAt: t.expose("actedAt", {
      type: "DateTime",
      nullable: true,
      description: "When the server saw an event complete the suggestion's target (shown or held out).",
    }),
    outcomeEvent: t.prismaField({
      type: "BehaviorOutbox",
      nullable: true,
      description: "The event that acted on the target, behind the last move the server made (STARTED/COMPLETED).",
      resolve: (query, decision) =>
        decision.outcomeEventId === null
          ? null
          : prisma.behaviorOutbox.findFirst({ ...query, where: { id: decision.outcomeEventId, userId: decision.userId } }),
    }),
    shownAt: t.expose("shownAt", { type: "DateTime" }),
    outcomeAt: t.expose("outcomeAt", { type: "DateTime", nullable: true }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    updatedAt: t.expose("updatedAt", { type: "DateTime" }),
  }),
});

builder.prismaObjectField("User", "decisions", (t) =>
  t.relatedConnection("decisionTelemetry", {
    cursor: "id",
    description: "Decisions shown to the user, newest first.",
    args: {
      decisionKey: t.arg.string({ required: false }),
      outcome: t.arg({ type: DecisionOutcome, required: false }),
    },
    query: (args) => ({
      where: {
        ...(args.decisionKey ? { decisionKey: args.decisionKey } : {}),
        ...(args.outcome ? { outcome: args.outcome } : {}),
      },
      orderBy: orderNewestFirst(),
    }),
  }),
);

const suggestionIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_.:-]{0,199}$/, { message: "must be a suggestion id such as Today.nextAction.id" });
const slug = z.string().regex(/^[a-z0-9][a-z0-9_.:-]{0,99}$/, { message: "must be a lower-case key such as next_best_action" });

const RecordDecisionShownInput = builder.inputType("RecordDecisionShownInput", {
  fields: (t) => ({
    decisionKey: t.string({ required: true, validate: slug }),
    surface: t.string({ required: true, validate: slug }),
    payload: t.field({ type: "JSON", required: false, validate: jsonObjectSchema(10_000).optional().nullable() }),
    suggestionId: t.string({
      required: false,
      description: "The suggestion's stable id (e.g. `Today.nextAction.id`): showing the same suggestion again records nothing new.",
      validate: suggestionIdSchema.nullish(),
    }),
  }),
});

builder.mutationField("recordDecisionShown", (t) =>
  t.withAuth({ signedIn: true }).prismaField({
    type: "DecisionTelemetry",
    description:
      "Records that a suggestion was computed for the viewer. With `suggestionId` it is idempotent: the same suggestion " +
      "again returns the decision recorded the first time and writes nothing. For a Today.nextAction kind the id must be " +
      "today's and its target the viewer's, and the holdout decides (not the client) whether it is SHOWN or HELD_OUT: " +
      "a HELD_OUT decision is not to be displayed. At most 40 new decisions per user and day (RATE_LIMITED).",
    args: { input: t.arg({ type: RecordDecisionShownInput, required: true }) },
    resolve: (query, _root, { input }, context) => {
      const payload = (input.payload ?? null) as Prisma.InputJsonObject | null;
      return runMutation(
        context,
        (tx, actor) => behavior.recordDecisionShown(tx, actor, { ...input, payload, suggestionId: input.suggestionId ?? null }),
        reread("DecisionTelemetry", query),
      );
    },
  }),
);

builder.mutationField("recordDecisionOutcome", (t) =>
  t.withAuth({ signedIn: true }).prismaField({
    type: "DecisionTelemetry",
    description:
      "A client's report of what became of a decision: DISMISSED or SNOOZED (from SHOWN or STARTED), or STARTED where " +
      "no event can show a start (a plan item). COMPLETED and EXPIRED are the server's (FORBIDDEN): it completes a " +
      "decision when it sees the action on its target. Any other move is a CONFLICT. Writes a `decision.outcome` event.",
    args: {
      id: t.arg.id({ required: true }),
      outcome: t.arg({ type: DecisionOutcome, required: true }),
    },
    resolve: (query, _root, args, context) => {
      const id = decodeId(args.id, "DecisionTelemetry");
      return runMutation(
        context,
        (tx, actor) => behavior.recordDecisionOutcome(tx, actor, id, args.outcome),
        reread("DecisionTelemetry", query, id),
      );
    },
  }),
);

// ---- Today.nextAction: the suggestion itself (computed in src/today/next-action.ts).

export const NextActionKindEnum = builder.enumType("NextActionKind", {
  description: "What kind of suggestion `Today.nextAction` is, in priority order (see src/today/next-action.ts).",
  values: Object.fromEntries(
    NEXT_ACTION_KINDS.map((kind) => [kind.toUpperCase(), { value: kind, description: `priority ${NEXT_ACTION_PRIORITY[kind]}` }]),
  ) as unknown as { [K in NextActionKind as Uppercase<K>]: { value: K } },
});

export const NextActionRef = builder.objectRef<NextAction>("NextAction").implement({
  description:
    "The one thing to do next on a day, computed from the day's state (no extra query). Record it with " +
    "`recordDecisionShown(input: { decisionKey: <kind in lower case>, surface, suggestionId: id })` and its outcome " +
    "with `recordDecisionOutcome`.",
  fields: (t) => ({
    id: t.exposeID("id", { description: "Stable: `<kind>:<target id>:<date>`; the same suggestion on the same day has the same id." }),
    kind: t.field({ type: NextActionKindEnum, resolve: (action) => action.kind }),
    decisionKey: t.string({
      description: "The `decisionKey` to record it under (the kind, in lower case).",
      resolve: (action) => action.kind,
    }),
    priority: t.int({ description: "1 is the most urgent.", resolve: (action) => action.priority }),
    policyVersion: t.string({
      description: "The version of the priority rules that made it.",
      resolve: () => NEXT_ACTION_POLICY_VERSION,
    }),
    heldOut: t.boolean({
      description:
        "In the holdout's control group for (viewer, day, kind, policy version): record it with recordDecisionShown " +
        "(which answers HELD_OUT) but do not display it. The same cell always gets the same answer.",
      resolve: (action, _args, context) => (context.viewer ? isHeldOut(context.viewer.userId, action.date, action.kind) : false),
    }),
    reason: t.exposeString("reason", { description: "Why this suggestion, for a person to read." }),
    habit: t.field({
      type: HabitRef,
      nullable: true,
      resolve: (action) => (action.target.type === "Habit" ? action.target.row.habit : null),
    }),
    quest: t.field({
      type: QuestRef,
      nullable: true,
      resolve: (action) => (action.target.type === "Quest" ? action.target.row.quest : null),
    }),
    universalQuest: t.field({
      type: UniversalQuestRef,
      nullable: true,
      resolve: (action) => (action.target.type === "Quest" ? action.target.row.universalQuest : null),
    }),
    focusSession: t.field({
      type: FocusSessionRef,
      nullable: true,
      resolve: (action) => (action.target.type === "FocusSession" ? action.target.session : null),
    }),
    planItem: t.field({
      type: PlanItemRef,
      nullable: true,
      resolve: (action) => (action.target.type === "PlanItem" ? action.target.item : null),
    }),
  }),
});

// ---- Admin: acceptance per decision kind.

const DecisionAcceptanceRef = builder.objectRef<DecisionAcceptance>("DecisionAcceptance").implement({
  description: "How one kind of decision fared: counts of decisions shown and what became of them, and the rates over shown.",
  fields: (t) => ({
    decisionKey: t.exposeString("decisionKey"),
    shown: t.exposeInt("shown"),
    started: t.exposeInt("started", { description: "Decisions that were STARTED at some point." }),
    completed: t.exposeInt("completed"),
    dismissed: t.exposeInt("dismissed"),
    startedRate: t.exposeFloat("startedRate", { description: "started / shown, 4 decimals (0 when none shown)." }),
    completedRate: t.exposeFloat("completedRate", { description: "completed / shown: the acceptance rate." }),
    dismissedRate: t.exposeFloat("dismissedRate"),
  }),
});

builder.queryField("decisionAcceptance", (t) =>
  t.withAuth({ admin: true }).field({
    type: [DecisionAcceptanceRef],
    description: "Admin: acceptance per decision kind (decisionKey), over every user's decisions, by kind.",
    args: {
      since: t.arg({ type: "DateTime", required: false, description: "Only decisions shown at or after this instant." }),
      surface: t.arg.string({ required: false, validate: slug.nullish() }),
    },
    resolve: (_root, args) => decisionAcceptance(prisma, { since: args.since ?? null, surface: args.surface ?? null }),
  }),
);

// ---- Admin: impact per decision kind and policy version (shown vs held out).

const IntervalRef = builder.objectRef<Interval>("RateInterval").implement({
  description: "A 95 % confidence interval.",
  fields: (t) => ({
    low: t.float({ resolve: (interval) => Math.round(interval.low * 10_000) / 10_000 }),
    high: t.float({ resolve: (interval) => Math.round(interval.high * 10_000) / 10_000 }),
  }),
});

const LiftRef = builder.objectRef<NonNullable<DecisionImpact["lift"]>>("DecisionLift").implement({
  description:
    "actedRate − heldOutActedRate (absolute, as a fraction), with its 95 % Newcombe hybrid score interval (from the " +
    "two Wilson intervals).",
  fields: (t) => ({
    estimate: t.exposeFloat("estimate"),
    low: t.exposeFloat("low"),
    high: t.exposeFloat("high"),
    significant: t.exposeBoolean("significant", { description: "The interval excludes 0." }),
  }),
});

const DecisionImpactRef = builder.objectRef<DecisionImpact>("DecisionImpact").implement({
  description:
    "One kind of decision under one policy version: shown against held out. Acted means the server saw an event " +
    "complete the suggestion's target on its day, the same observation in both groups.",
  fields: (t) => ({
    decisionKey: t.exposeString("decisionKey"),
    policyVersion: t.exposeString("policyVersion"),
    shown: t.exposeInt("shown"),
    acted: t.exposeInt("acted"),
    actedRate: t.exposeFloat("actedRate", { description: "acted / shown, 4 decimals." }),
    actedRateInterval: t.field({ type: IntervalRef, resolve: (row) => row.actedRateInterval, description: "Wilson, 95 %." }),
    dismissed: t.exposeInt("dismissed", { description: "Dismissed or snoozed by the user." }),
    expired: t.exposeInt("expired"),
    heldOut: t.exposeInt("heldOut"),
    heldOutActed: t.exposeInt("heldOutActed"),
    heldOutActedRate: t.exposeFloat("heldOutActedRate"),
    heldOutActedRateInterval: t.field({ type: IntervalRef, resolve: (row) => row.heldOutActedRateInterval }),
    lift: t.field({ type: LiftRef, nullable: true, resolve: (row) => row.lift, description: "Null until both groups have decisions." }),
  }),
});

builder.queryField("decisionImpact", (t) =>
  t.withAuth({ admin: true }).field({
    type: [DecisionImpactRef],
    description:
      "Admin: per decision kind and policy version, the acted-on rate of shown suggestions and its lift over the held-out group.",
    args: {
      since: t.arg({ type: "DateTime", required: false, description: "Only decisions shown at or after this instant." }),
      policyVersion: t.arg.string({ required: false, validate: z.string().max(100).nullish() }),
    },
    resolve: (_root, args) => decisionImpact(prisma, { since: args.since ?? null, policyVersion: args.policyVersion ?? null }),
  }),
);
