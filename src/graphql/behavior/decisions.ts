import { z } from "zod";
import { builder } from "../builder.ts";
import { prisma } from "../../db/index.ts";
import type { Prisma } from "../../generated/prisma/client.ts";
import * as behavior from "../../domain/behavior.ts";
import { DECISION_OUTCOMES } from "../../domain/behavior.ts";
import { orderNewestFirst } from "../ordering.ts";
import { ownedByViewer } from "../tenancy.ts";
import { decodeId } from "../ids.ts";
import { jsonObjectSchema } from "../validators.ts";

export const DecisionOutcome = builder.enumType("DecisionOutcome", { values: DECISION_OUTCOMES });

builder.prismaNode("DecisionTelemetry", {
  id: { field: "id" },
  findUnique: ownedByViewer,
  nullable: true,
  description: "A decision (suggestion) shown to the viewer and what became of it.",
  fields: (t) => ({
    decisionKey: t.exposeString("decisionKey", { description: "Which suggestion, e.g. `next_best_action`." }),
    surface: t.exposeString("surface", { description: "Where it was shown, e.g. `today`." }),
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

const slug = z.string().regex(/^[a-z0-9][a-z0-9_.:-]{0,99}$/, { message: "must be a lower-case key such as next_best_action" });

const RecordDecisionShownInput = builder.inputType("RecordDecisionShownInput", {
  fields: (t) => ({
    decisionKey: t.string({ required: true, validate: slug }),
    surface: t.string({ required: true, validate: slug }),
    payload: t.field({ type: "JSON", required: false, validate: jsonObjectSchema(10_000).optional().nullable() }),
  }),
});

builder.mutationField("recordDecisionShown", (t) =>
  t.withAuth({ signedIn: true }).prismaField({
    type: "DecisionTelemetry",
    description: "Records that a suggestion was shown to the viewer (outcome SHOWN).",
    args: { input: t.arg({ type: RecordDecisionShownInput, required: true }) },
    resolve: (query, _root, { input }, context) =>
      prisma.$transaction(async (tx) => {
        const payload = (input.payload ?? null) as Prisma.InputJsonObject | null;
        const decision = await behavior.recordDecisionShown(tx, context.viewer, { ...input, payload });
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
      return prisma.$transaction(async (tx) => {
        await behavior.recordDecisionOutcome(tx, context.viewer, id, args.outcome);
        return tx.decisionTelemetry.findUniqueOrThrow({ ...query, where: { id } });
      });
    },
  }),
);
