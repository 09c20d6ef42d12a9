// Admin-only writes of the onboarding catalogue; each one leaves a `catalogue.*` audit entry.
import { z } from "zod";
import { builder } from "../builder.ts";
import { prisma } from "../../db/index.ts";
import type { Prisma } from "../../generated/prisma/client.ts";
import { auditCatalogueEdit, changedFieldNames } from "../audit.ts";
import { notFound, withDatabaseErrors } from "../errors/index.ts";
import { decodeId, encodeId } from "../ids.ts";
import { OnboardingStepType } from "./onboarding.ts";
import { type StepType, validateStepOptions } from "../../domain/onboarding-steps.ts";
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
      withDatabaseErrors(() =>
        prisma.$transaction(async (tx) => {
          const flow = await tx.onboardingFlow.create({
            data: {
              key: input.key,
              title: input.title.trim(),
              description: input.description ?? null,
              isActive: input.isActive ?? true,
              version: input.version ?? 1,
            },
          });
          await auditCatalogueEdit(tx, context, "catalogue.create", { type: "OnboardingFlow", id: flow.id }, { key: flow.key });
          return tx.onboardingFlow.findUniqueOrThrow({ ...query, where: { id: flow.id } });
        }),
      ),
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
      const data: Prisma.OnboardingFlowUpdateManyMutationInput = { updatedAt: new Date() };
      if (input.key != null) data.key = input.key;
      if (input.title != null) data.title = input.title.trim();
      if (input.description !== undefined) data.description = input.description;
      if (input.isActive != null) data.isActive = input.isActive;
      if (input.version != null) data.version = input.version;
      return withDatabaseErrors(() =>
        prisma.$transaction(async (tx) => {
          const { count } = await tx.onboardingFlow.updateMany({ where: { id }, data });
          if (count === 0) throw notFound("OnboardingFlow");
          await auditCatalogueEdit(tx, context, "catalogue.update", { type: "OnboardingFlow", id }, { fields: changedFieldNames(input).sort() });
          return tx.onboardingFlow.findUniqueOrThrow({ ...query, where: { id } });
        }),
      );
    },
  }),
);

builder.mutationField("deleteOnboardingFlow", (t) =>
  t.withAuth({ admin: true }).id({
    description: "Admin: removes a flow with its steps and every user's progress and answers in it.",
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, context) => {
      const id = decodeId(args.id, "OnboardingFlow");
      return prisma.$transaction(async (tx) => {
        const flow = await tx.onboardingFlow.findUnique({ where: { id }, select: { key: true } });
        if (!flow) throw notFound("OnboardingFlow");
        await tx.onboardingFlow.delete({ where: { id } });
        await auditCatalogueEdit(tx, context, "catalogue.delete", { type: "OnboardingFlow", id }, { key: flow.key });
        return encodeId("OnboardingFlow", id);
      });
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
      const stepType: StepType = input.stepType ?? "INFO";
      const options = validateStepOptions(stepType, input.options, "input.options");
      return withDatabaseErrors(() =>
        prisma.$transaction(async (tx) => {
          const flow = await tx.onboardingFlow.findUnique({ where: { id: flowId }, select: { id: true } });
          if (!flow) throw notFound("OnboardingFlow");
          const step = await tx.onboardingStep.create({
            data: {
              flowId,
              key: input.key,
              title: input.title.trim(),
              body: input.body ?? null,
              stepType,
              options: options as unknown as Prisma.InputJsonArray,
              isRequired: input.isRequired ?? false,
              sortOrder: input.sortOrder ?? 0,
            },
          });
          await auditCatalogueEdit(tx, context, "catalogue.create", { type: "OnboardingStep", id: step.id }, { flowId, key: step.key });
          return tx.onboardingStep.findUniqueOrThrow({ ...query, where: { id: step.id } });
        }),
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
      return withDatabaseErrors(() =>
        prisma.$transaction(async (tx) => {
          const before = await tx.onboardingStep.findUnique({ where: { id } });
          if (!before) throw notFound("OnboardingStep");
          const stepType: StepType = input.stepType ?? before.stepType;
          const data: Prisma.OnboardingStepUpdateInput = { updatedAt: new Date() };
          if (input.stepType != null || input.options !== undefined) {
            const options = validateStepOptions(stepType, input.options !== undefined ? input.options : before.options, "input.options");
            data.stepType = stepType;
            data.options = options as unknown as Prisma.InputJsonArray;
          }
          if (input.key != null) data.key = input.key;
          if (input.title != null) data.title = input.title.trim();
          if (input.body !== undefined) data.body = input.body;
          if (input.isRequired != null) data.isRequired = input.isRequired;
          if (input.sortOrder != null) data.sortOrder = input.sortOrder;
          await tx.onboardingStep.update({ where: { id }, data });
          await auditCatalogueEdit(tx, context, "catalogue.update", { type: "OnboardingStep", id }, { fields: changedFieldNames(input).sort() });
          return tx.onboardingStep.findUniqueOrThrow({ ...query, where: { id } });
        }),
      );
    },
  }),
);

builder.mutationField("deleteOnboardingStep", (t) =>
  t.withAuth({ admin: true }).id({
    description: "Admin: removes a step and every user's answer to it.",
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, context) => {
      const id = decodeId(args.id, "OnboardingStep");
      return prisma.$transaction(async (tx) => {
        const step = await tx.onboardingStep.findUnique({ where: { id }, select: { key: true, flowId: true } });
        if (!step) throw notFound("OnboardingStep");
        await tx.onboardingStep.delete({ where: { id } });
        await auditCatalogueEdit(tx, context, "catalogue.delete", { type: "OnboardingStep", id }, { flowId: step.flowId, key: step.key });
        return encodeId("OnboardingStep", id);
      });
    },
  }),
);
