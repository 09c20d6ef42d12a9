// Admin-only writes of the onboarding catalogue; each one leaves a `catalogue.*` audit entry.
import { z } from "zod";
import * as onboardingAdmin from "../../domain/onboarding-admin.ts";
import { builder } from "../builder.ts";
import { reread, runMutation } from "../mutation.ts";
import { decodeId, encodeId } from "../ids.ts";
import { OnboardingStepType } from "./onboarding.ts";
import { position, refuseNulls, sortOrder } from "../validators.ts";

const key = z.string().regex(/^[a-z0-9][a-z0-9_.-]{0,63}$/, { message: "must be a lower-case key such as first_run" });
const title = z.string().trim().min(1).max(200);
const text = z.string().max(5000);

const CreateOnboardingFlowInput = builder.inputType("CreateOnboardingFlowInput", {
  fields: (t) => ({
    key: t.string({ required: true, validate: key }),
    title: t.string({ required: true, validate: title }),
    description: t.string({ required: false, validate: text.nullish() }),
    isActive: t.boolean({ required: false }),
    version: t.int({ required: false, validate: z.number().int().min(1).max(10_000).nullish() }),
  }),
});

const UpdateOnboardingFlowInput = builder.inputType("UpdateOnboardingFlowInput", {
  fields: (t) => ({
    key: t.string({ validate: key.optional() }),
    title: t.string({ validate: title.optional() }),
    description: t.string({ validate: text.nullish() }),
    isActive: t.boolean({ validate: z.boolean().optional() }),
    version: t.int({ validate: z.number().int().min(1).max(10_000).optional() }),
  }),
});

builder.mutationField("createOnboardingFlow", (t) =>
  t.withAuth({ admin: true }).prismaField({
    type: "OnboardingFlow",
    description: "Admin: adds a flow to the onboarding catalogue.",
    args: { input: t.arg({ type: CreateOnboardingFlowInput, required: true }) },
    resolve: (query, _root, { input }, context) =>
      runMutation(context, (tx, actor) => onboardingAdmin.createOnboardingFlow(tx, actor, input), reread("OnboardingFlow", query)),
  }),
);

builder.mutationField("updateOnboardingFlow", (t) =>
  t.withAuth({ admin: true }).prismaField({
    type: "OnboardingFlow",
    description: "Admin: edits a flow. Left-out fields are unchanged.",
    args: { id: t.arg.id({ required: true }), input: t.arg({ type: UpdateOnboardingFlowInput, required: true }) },
    resolve: (query, _root, { id: globalId, input }, context) => {
      const id = decodeId(globalId, "OnboardingFlow");
      refuseNulls(input, ["key", "title", "isActive", "version"], "input");
      return runMutation(
        context,
        (tx, actor) => onboardingAdmin.updateOnboardingFlow(tx, actor, id, input),
        reread("OnboardingFlow", query),
      );
    },
  }),
);

builder.mutationField("deleteOnboardingFlow", (t) =>
  t.withAuth({ admin: true }).id({
    description: "Admin: removes a flow with its steps and every user's progress and answers in it.",
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, args, context) => {
      const id = decodeId(args.id, "OnboardingFlow");
      await runMutation(context, (tx, actor) => onboardingAdmin.deleteOnboardingFlow(tx, actor, id));
      return encodeId("OnboardingFlow", id);
    },
  }),
);

const CreateOnboardingStepInput = builder.inputType("CreateOnboardingStepInput", {
  fields: (t) => ({
    flowId: t.id({ required: true }),
    key: t.string({ required: true, validate: key }),
    title: t.string({ required: true, validate: title }),
    body: t.string({ required: false, validate: text.nullish() }),
    stepType: t.field({ type: OnboardingStepType, required: false, description: "Default INFO." }),
    options: t.field({ type: "JSON", required: false, description: "`[{ value, label }]` for *_CHOICE steps." }),
    isRequired: t.boolean({ required: false }),
    sortOrder: t.int({ required: false, validate: sortOrder }),
  }),
});

const UpdateOnboardingStepInput = builder.inputType("UpdateOnboardingStepInput", {
  fields: (t) => ({
    key: t.string({ validate: key.optional() }),
    title: t.string({ validate: title.optional() }),
    body: t.string({ validate: text.nullish() }),
    stepType: t.field({ type: OnboardingStepType, validate: z.string().optional() }),
    options: t.field({ type: "JSON", validate: z.unknown().optional() }),
    isRequired: t.boolean({ validate: z.boolean().optional() }),
    sortOrder: t.int({ validate: position.optional() }),
  }),
});

builder.mutationField("createOnboardingStep", (t) =>
  t.withAuth({ admin: true }).prismaField({
    type: "OnboardingStep",
    description: "Admin: adds a step to a flow.",
    args: { input: t.arg({ type: CreateOnboardingStepInput, required: true }) },
    resolve: (query, _root, { input }, context) => {
      const flowId = decodeId(input.flowId, "OnboardingFlow", "input.flowId");
      return runMutation(
        context,
        (tx, actor) => onboardingAdmin.createOnboardingStep(tx, actor, { ...input, flowId }),
        reread("OnboardingStep", query),
      );
    },
  }),
);

builder.mutationField("updateOnboardingStep", (t) =>
  t.withAuth({ admin: true }).prismaField({
    type: "OnboardingStep",
    description: "Admin: edits a step. Type and options are checked together after the change.",
    args: { id: t.arg.id({ required: true }), input: t.arg({ type: UpdateOnboardingStepInput, required: true }) },
    resolve: (query, _root, { id: globalId, input }, context) => {
      const id = decodeId(globalId, "OnboardingStep");
      refuseNulls(input, ["key", "title", "stepType", "options", "isRequired", "sortOrder"], "input");
      return runMutation(
        context,
        (tx, actor) => onboardingAdmin.updateOnboardingStep(tx, actor, id, input),
        reread("OnboardingStep", query),
      );
    },
  }),
);

builder.mutationField("deleteOnboardingStep", (t) =>
  t.withAuth({ admin: true }).id({
    description: "Admin: removes a step and every user's answer to it.",
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, args, context) => {
      const id = decodeId(args.id, "OnboardingStep");
      await runMutation(context, (tx, actor) => onboardingAdmin.deleteOnboardingStep(tx, actor, id));
      return encodeId("OnboardingStep", id);
    },
  }),
);
