import { z } from "zod";
import { builder } from "../builder.ts";
import { prisma } from "../../db/index.ts";
import * as feedback from "../../domain/feedback.ts";
import { reread, runMutation } from "../mutation.ts";
import type { Context } from "../context.ts";
import { orderNewestFirst } from "../../domain/ordering.ts";
import { asUuidOrNobody, ownedByViewer } from "../tenancy.ts";
import { decodeId } from "../ids.ts";

export const FeedbackKind = builder.enumType("FeedbackKind", { values: ["BUG", "IDEA", "PRAISE", "OTHER"] as const });
export const FeedbackStatus = builder.enumType("FeedbackStatus", { values: ["OPEN", "TRIAGED", "CLOSED"] as const });

const isAdmin = (context: Context) => context.viewer?.roles.has("admin") ?? false;

builder.prismaNode("Feedback", {
  id: { field: "id" },
  // The author reads their feedback; admins triage everyone's (without seeing who sent it).
  findUnique: (id, context) => (isAdmin(context) ? { id: asUuidOrNobody(id) } : ownedByViewer(id, context)),
  nullable: true,
  description: "Feedback sent to the team from the app.",
  fields: (t) => ({
    kind: t.expose("kind", { type: FeedbackKind }),
    message: t.exposeString("message"),
    page: t.exposeString("page", { nullable: true, description: "The app page it was sent from." }),
    status: t.expose("status", { type: FeedbackStatus }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    updatedAt: t.expose("updatedAt", { type: "DateTime" }),
  }),
});

builder.prismaObjectField("User", "feedback", (t) =>
  t.relatedConnection("feedback", {
    cursor: "id",
    description: "Feedback the user sent, newest first.",
    query: { orderBy: orderNewestFirst() },
  }),
);

builder.queryField("allFeedback", (t) =>
  t.withAuth({ admin: true }).prismaConnection({
    type: "Feedback",
    cursor: "id",
    description: "Admin: every user's feedback, newest first.",
    args: { status: t.arg({ type: FeedbackStatus, required: false }) },
    resolve: (query, _root, args) =>
      prisma.feedback.findMany({
        ...query,
        where: args.status ? { status: args.status } : {},
        orderBy: orderNewestFirst(),
      }),
  }),
);

const CreateFeedbackInput = builder.inputType("CreateFeedbackInput", {
  fields: (t) => ({
    kind: t.field({ type: FeedbackKind, required: false, defaultValue: "OTHER" }),
    message: t.string({ required: true, validate: z.string().trim().min(1).max(5000) }),
    page: t.string({ required: false, validate: z.string().max(500).nullish() }),
  }),
});

builder.mutationField("createFeedback", (t) =>
  t.withAuth({ signedIn: true }).prismaField({
    type: "Feedback",
    args: { input: t.arg({ type: CreateFeedbackInput, required: true }) },
    resolve: (query, _root, { input }, context) =>
      runMutation(context, (tx, actor) => feedback.createFeedback(tx, actor, input), reread("Feedback", query)),
  }),
);

builder.mutationField("updateFeedbackStatus", (t) =>
  t.withAuth({ admin: true }).prismaField({
    type: "Feedback",
    description: "Admin: moves feedback through triage.",
    args: {
      id: t.arg.id({ required: true }),
      status: t.arg({ type: FeedbackStatus, required: true }),
    },
    resolve: (query, _root, args, context) => {
      const id = decodeId(args.id, "Feedback");
      return runMutation(context, (tx, admin) => feedback.setFeedbackStatus(tx, admin, id, args.status), reread("Feedback", query));
    },
  }),
);
