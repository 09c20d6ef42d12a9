import { z } from "zod";
import { builder } from "../builder.ts";
import { prisma } from "../../db/index.ts";
import type { Prisma } from "../../generated/prisma/client.ts";
import { badInput, conflict, notFound, withDatabaseErrors } from "../errors/index.ts";
import { orderNewestFirst } from "../ordering.ts";
import { ownedByViewer } from "../tenancy.ts";
import { decodeId } from "../ids.ts";
import { jsonObjectSchema } from "../validators.ts";

export const DecisionOutcome = builder.enumType("DecisionOutcome", {
  values: ["SHOWN", "STARTED", "COMPLETED", "DISMISSED", "SNOOZED", "EXPIRED"] as const,
});

type Outcome = "SHOWN" | "STARTED" | "COMPLETED" | "DISMISSED" | "SNOOZED" | "EXPIRED";

/** Which outcomes a decision may move to from each state; the others are final. */
export const OUTCOME_TRANSITIONS: Readonly<Record<Outcome, readonly Outcome[]>> = {
  SHOWN: ["STARTED", "COMPLETED", "DISMISSED", "SNOOZED", "EXPIRED"],
  STARTED: ["COMPLETED", "DISMISSED", "SNOOZED", "EXPIRED"],
  COMPLETED: [],
  DISMISSED: [],
  SNOOZED: [],
  EXPIRED: [],
};

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
    resolve: (query, _root, { input }, context) => {
      const userId = context.viewer.userId;
      return prisma.$transaction(async (tx) => {
        const decision = await tx.decisionTelemetry.create({
          data: {
            userId,
            decisionKey: input.decisionKey,
            surface: input.surface,
            payload: (input.payload ?? {}) as Prisma.InputJsonObject,
          },
        });
        await tx.behaviorOutbox.create({
          data: {
            userId,
            eventType: "decision.shown",
            payload: { decisionId: decision.id, decisionKey: decision.decisionKey, surface: decision.surface },
            idempotencyKey: `decision.shown:${decision.id}`,
          },
        });
        return tx.decisionTelemetry.findUniqueOrThrow({ ...query, where: { id: decision.id } });
      });
    },
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
      const outcome: Outcome = args.outcome;
      if (outcome === "SHOWN") throw badInput("outcome: SHOWN is recorded by recordDecisionShown", "outcome");
      const from = (Object.keys(OUTCOME_TRANSITIONS) as Outcome[]).filter((state) => OUTCOME_TRANSITIONS[state].includes(outcome));
      const userId = context.viewer.userId;
      return withDatabaseErrors(() =>
        prisma.$transaction(async (tx) => {
          const now = new Date();
          // Guarded on the current outcome, so two racing outcomes cannot both apply.
          const { count } = await tx.decisionTelemetry.updateMany({
            where: { id, userId, outcome: { in: from } },
            data: { outcome, outcomeAt: now },
          });
          if (count === 0) {
            const current = await tx.decisionTelemetry.findFirst({ where: { id, userId }, select: { outcome: true } });
            if (!current) throw notFound("DecisionTelemetry");
            throw conflict(`A decision that is ${current.outcome} cannot become ${outcome}`);
          }
          const decision = await tx.decisionTelemetry.findUniqueOrThrow({ where: { id } });
          await tx.behaviorOutbox.create({
            data: {
              userId,
              eventType: "decision.outcome",
              payload: { decisionId: id, decisionKey: decision.decisionKey, surface: decision.surface, outcome },
              idempotencyKey: `decision.outcome:${id}:${outcome}`,
            },
          });
          return tx.decisionTelemetry.findUniqueOrThrow({ ...query, where: { id } });
        }),
      );
    },
  }),
);
