import { z } from "zod";
import { builder } from "../builder.ts";
import { reread, runMutation } from "../mutation.ts";
import { prisma } from "../../db/index.ts";
import type { Prisma } from "../../generated/prisma/client.ts";
import * as behavior from "../../domain/behavior.ts";
import { DECISION_OUTCOMES } from "../../domain/behavior.ts";
import { orderNewestFirst } from "../../domain/ordering.ts";
import { ownedByViewer } from "../tenancy.ts";
import { decodeId } from "../ids.ts";
import { jsonObjectSchema } from "../validators.ts";
import { decisionAcceptance, type DecisionAcceptance } from "../../domain/decisions.ts";
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
    outcome: t.expose("outcome", { type: DecisionOutcome }),
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
      "Records that a suggestion was shown to the viewer (outcome SHOWN). With `suggestionId` it is idempotent: the same " +
      "suggestion shown again returns the decision recorded the first time and writes nothing.",
    args: { input: t.arg({ type: RecordDecisionShownInput, required: true }) },
    resolve: (query, _root, { input }, context) =>
      prisma.$transaction(async (tx) => {
        const payload = (input.payload ?? null) as Prisma.InputJsonObject | null;
        const decision = await behavior.recordDecisionShown(tx, context.viewer, {
          ...input,
          payload,
          suggestionId: input.suggestionId ?? null,
        });
        return tx.decisionTelemetry.findUniqueOrThrow({ ...query, where: { id: decision.id } });
      }),
  }),
);

builder.mutationField("recordDecisionOutcome", (t) =>
  t.withAuth({ signedIn: true }).prismaField({
    type: "DecisionTelemetry",
    description:
      "Records what became of a decision. SHOWN → STARTED/COMPLETED/DISMISSED/SNOOZED/EXPIRED, STARTED → " +
      "COMPLETED/DISMISSED/SNOOZED/EXPIRED; any other move is a CONFLICT. Writes a `decision.outcome` outbox event.",
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
