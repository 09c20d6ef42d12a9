import { z } from "zod";
import { builder } from "../builder.ts";
import { reread, runMutation } from "../mutation.ts";
import { prisma } from "../../db/index.ts";
import * as onboarding from "../../domain/onboarding.ts";
import type { Context } from "../context.ts";
import { forbidden, unauthenticated } from "../errors/index.ts";
import { orderByPosition, orderOldestFirst } from "../../domain/ordering.ts";
import { catalogueNode, ownedByViewer, viewersRowOf } from "../tenancy.ts";
import { decodeId } from "../ids.ts";

export const OnboardingStepType = builder.enumType("OnboardingStepType", {
  values: ["INFO", "SINGLE_CHOICE", "MULTI_CHOICE", "TEXT"] as const,
});
export const OnboardingStatus = builder.enumType("OnboardingStatus", {
  values: ["NOT_STARTED", "IN_PROGRESS", "COMPLETED", "SKIPPED"] as const,
});

const isAdmin = (context: Context) => context.viewer?.roles.has("admin") ?? false;

const UserOnboardingStateRef = builder.prismaNode("UserOnboardingState", {
  id: { field: "id" },
  findUnique: ownedByViewer,
  nullable: true,
  description: "Where the viewer is in an onboarding flow.",
  fields: (t) => ({
    status: t.expose("status", { type: OnboardingStatus }),
    currentStepKey: t.exposeString("currentStepKey", { nullable: true, description: "`key` of the step the user is on." }),
    startedAt: t.expose("startedAt", { type: "DateTime", nullable: true }),
    completedAt: t.expose("completedAt", { type: "DateTime", nullable: true }),
    flow: t.relation("flow"),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    updatedAt: t.expose("updatedAt", { type: "DateTime" }),
  }),
});

const UserOnboardingResponseRef = builder.prismaNode("UserOnboardingResponse", {
  id: { field: "id" },
  findUnique: ownedByViewer,
  nullable: true,
  description: "The viewer's answer to an onboarding step.",
  fields: (t) => ({
    response: t.expose("response", { type: "JSON", description: "`true` (INFO), a value, a list of values, or text." }),
    step: t.relation("step"),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    updatedAt: t.expose("updatedAt", { type: "DateTime" }),
  }),
});

builder.prismaNode("OnboardingFlow", {
  id: { field: "id" },
  findUnique: catalogueNode,
  nullable: true,
  description: "An onboarding flow of the catalogue.",
  fields: (t) => ({
    key: t.exposeString("key"),
    title: t.exposeString("title"),
    description: t.exposeString("description", { nullable: true }),
    isActive: t.exposeBoolean("isActive"),
    version: t.exposeInt("version"),
    steps: t.relation("steps", { description: "In order.", query: { orderBy: orderByPosition() } }),
    myState: t.field({
      type: UserOnboardingStateRef,
      nullable: true,
      description: "The viewer's progress through this flow (null when signed out or never started).",
      ...viewersRowOf("states"),
    }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    updatedAt: t.expose("updatedAt", { type: "DateTime" }),
  }),
});

builder.prismaNode("OnboardingStep", {
  id: { field: "id" },
  findUnique: catalogueNode,
  nullable: true,
  fields: (t) => ({
    key: t.exposeString("key"),
    title: t.exposeString("title"),
    body: t.exposeString("body", { nullable: true }),
    stepType: t.expose("stepType", { type: OnboardingStepType }),
    options: t.expose("options", { type: "JSON", description: "Choices of *_CHOICE steps: `[{ value, label }]`." }),
    isRequired: t.exposeBoolean("isRequired"),
    sortOrder: t.exposeInt("sortOrder"),
    flow: t.relation("flow"),
    myResponse: t.field({
      type: UserOnboardingResponseRef,
      nullable: true,
      description: "The viewer's answer (null when signed out or unanswered). Never another user's.",
      ...viewersRowOf("responses"),
    }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    updatedAt: t.expose("updatedAt", { type: "DateTime" }),
  }),
});

builder.prismaObjectField("User", "onboardingStates", (t) =>
  t.relatedConnection("onboardingStates", {
    cursor: "id",
    description: "The user's progress per onboarding flow, oldest first.",
    query: { orderBy: orderOldestFirst() },
  }),
);

builder.prismaObjectField("User", "onboardingResponses", (t) =>
  t.relatedConnection("onboardingResponses", {
    cursor: "id",
    description: "The user's onboarding answers, oldest first.",
    query: { orderBy: orderOldestFirst() },
  }),
);

builder.queryField("onboardingFlows", (t) =>
  t.prismaConnection({
    type: "OnboardingFlow",
    cursor: "id",
    description: "The onboarding catalogue (public). Inactive flows only for admins.",
    args: { includeInactive: t.arg.boolean({ defaultValue: false }) },
    resolve: (query, _root, args, context) => {
      if (args.includeInactive && !isAdmin(context)) throw context.viewer ? forbidden() : unauthenticated();
      return prisma.onboardingFlow.findMany({
        ...query,
        where: args.includeInactive ? {} : { isActive: true },
        orderBy: orderOldestFirst(),
      });
    },
  }),
);

builder.queryField("onboardingFlow", (t) =>
  t.prismaField({
    type: "OnboardingFlow",
    nullable: true,
    description: "An active flow by key (admins also see inactive ones).",
    args: { key: t.arg.string({ required: true }) },
    resolve: (query, _root, args, context) =>
      prisma.onboardingFlow.findFirst({
        ...query,
        where: { key: args.key, ...(isAdmin(context) ? {} : { isActive: true }) },
      }),
  }),
);

const flowKeyArg = z.string().min(1).max(64);

builder.mutationField("startOnboarding", (t) =>
  t.withAuth({ signedIn: true }).prismaField({
    type: "UserOnboardingState",
    description: "Starts (or resumes a skipped) flow at its first step. A completed flow is a CONFLICT.",
    args: { flowKey: t.arg.string({ required: true, validate: flowKeyArg }) },
    resolve: (query, _root, args, context) =>
      runMutation(context, (tx, actor) => onboarding.startOnboarding(tx, actor, args.flowKey), reread("UserOnboardingState", query)),
  }),
);

interface AnswerResult {
  responseId: string;
  stateId: string;
}

const AnswerOnboardingStepPayload = builder.objectRef<AnswerResult>("AnswerOnboardingStepPayload").implement({
  fields: (t) => ({
    response: t.prismaField({
      type: "UserOnboardingResponse",
      resolve: (query, result) => prisma.userOnboardingResponse.findUniqueOrThrow({ ...query, where: { id: result.responseId } }),
    }),
    state: t.prismaField({
      type: "UserOnboardingState",
      resolve: (query, result) => prisma.userOnboardingState.findUniqueOrThrow({ ...query, where: { id: result.stateId } }),
    }),
  }),
});

builder.mutationField("answerOnboardingStep", (t) =>
  t.withAuth({ signedIn: true }).field({
    type: AnswerOnboardingStepPayload,
    description:
      "Records (or replaces) the viewer's answer to a step, checked against the step's type and options, " +
      "and moves the flow on to the next step. Starts the flow if needed.",
    args: {
      stepId: t.arg.id({ required: true }),
      response: t.arg({ type: "JSON", required: true }),
    },
    resolve: (_root, args, context) => {
      const stepId = decodeId(args.stepId, "OnboardingStep", "stepId");
      return runMutation(context, async (tx, actor) => {
        const { response, state } = await onboarding.answerOnboardingStep(tx, actor, stepId, args.response);
        return { responseId: response.id, stateId: state.id };
      });
    },
  }),
);

builder.mutationField("completeOnboarding", (t) =>
  t.withAuth({ signedIn: true }).prismaField({
    type: "UserOnboardingState",
    description: "Finishes a flow once every required step is answered (else BAD_USER_INPUT naming the missing steps).",
    args: { flowKey: t.arg.string({ required: true, validate: flowKeyArg }) },
    resolve: (query, _root, args, context) =>
      runMutation(context, (tx, actor) => onboarding.completeOnboarding(tx, actor, args.flowKey), reread("UserOnboardingState", query)),
  }),
);

builder.mutationField("skipOnboarding", (t) =>
  t.withAuth({ signedIn: true }).prismaField({
    type: "UserOnboardingState",
    description: "Skips a flow (it can be started again later). A completed flow is a CONFLICT.",
    args: { flowKey: t.arg.string({ required: true, validate: flowKeyArg }) },
    resolve: (query, _root, args, context) =>
      runMutation(context, (tx, actor) => onboarding.skipOnboarding(tx, actor, args.flowKey), reread("UserOnboardingState", query)),
  }),
);
