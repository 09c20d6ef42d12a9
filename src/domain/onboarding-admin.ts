// Admin edits of the onboarding catalogue (flows and their steps); each leaves a `catalogue.*`
// audit row. A step's type and options are checked together; deleting a flow or a step deletes
// every user's progress and answers in it.
import type { OnboardingFlow, OnboardingStep, Prisma } from "../generated/prisma/client.ts";
import type { Actor } from "./actor.ts";
import { auditCatalogueEdit, fieldsSetIn } from "./audit.ts";
import { notFound, withDatabaseErrors } from "./errors.ts";
import { type StepType, validateStepOptions } from "./onboarding-steps.ts";
import type { Tx } from "./transaction.ts";

export interface FlowInput {
  key: string;
  title: string;
  description?: string | null;
  isActive?: boolean | null;
  version?: number | null;
}

export function createOnboardingFlow(tx: Tx, actor: Actor, input: FlowInput): Promise<OnboardingFlow> {
  return withDatabaseErrors(async () => {
    const flow = await tx.onboardingFlow.create({
      data: {
        key: input.key,
        title: input.title.trim(),
        description: input.description ?? null,
        isActive: input.isActive ?? true,
        version: input.version ?? 1,
      },
    });
    await auditCatalogueEdit(tx, actor, "catalogue.create", { type: "OnboardingFlow", id: flow.id }, { key: flow.key });
    return flow;
  });
}

/** Left-out fields are unchanged; null clears the description (the resolver refuses other nulls). */
export function updateOnboardingFlow(tx: Tx, actor: Actor, id: string, input: Partial<FlowInput>): Promise<{ id: string }> {
  const data: Prisma.OnboardingFlowUpdateManyMutationInput = { updatedAt: new Date() };
  if (input.key != null) data.key = input.key;
  if (input.title != null) data.title = input.title.trim();
  if (input.description !== undefined) data.description = input.description;
  if (input.isActive != null) data.isActive = input.isActive;
  if (input.version != null) data.version = input.version;
  return withDatabaseErrors(async () => {
    const { count } = await tx.onboardingFlow.updateMany({ where: { id }, data });
    if (count === 0) throw notFound("OnboardingFlow");
    await auditCatalogueEdit(tx, actor, "catalogue.update", { type: "OnboardingFlow", id }, { fields: fieldsSetIn(input).sort() });
    return { id };
  });
}

export async function deleteOnboardingFlow(tx: Tx, actor: Actor, id: string): Promise<void> {
  const flow = await tx.onboardingFlow.findUnique({ where: { id }, select: { key: true } });
  if (!flow) throw notFound("OnboardingFlow");
  await tx.onboardingFlow.delete({ where: { id } });
  await auditCatalogueEdit(tx, actor, "catalogue.delete", { type: "OnboardingFlow", id }, { key: flow.key });
}

export interface StepInput {
  flowId: string;
  key: string;
  title: string;
  body?: string | null;
  stepType?: StepType | null;
  options?: unknown;
  isRequired?: boolean | null;
  sortOrder?: number | null;
}

/** A step at the end of its flow's order unless sortOrder says; *_CHOICE steps need options. */
export function createOnboardingStep(tx: Tx, actor: Actor, input: StepInput): Promise<OnboardingStep> {
  const { flowId } = input;
  const stepType: StepType = input.stepType ?? "INFO";
  const options = validateStepOptions(stepType, input.options, "input.options");
  return withDatabaseErrors(async () => {
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
    await auditCatalogueEdit(tx, actor, "catalogue.create", { type: "OnboardingStep", id: step.id }, { flowId, key: step.key });
    return step;
  });
}

/** Left-out fields are unchanged; type and options are checked together after the change. */
export function updateOnboardingStep(tx: Tx, actor: Actor, id: string, input: Partial<Omit<StepInput, "flowId">>): Promise<OnboardingStep> {
  return withDatabaseErrors(async () => {
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
    const step = await tx.onboardingStep.update({ where: { id }, data });
    await auditCatalogueEdit(tx, actor, "catalogue.update", { type: "OnboardingStep", id }, { fields: fieldsSetIn(input).sort() });
    return step;
  });
}

export async function deleteOnboardingStep(tx: Tx, actor: Actor, id: string): Promise<void> {
  const step = await tx.onboardingStep.findUnique({ where: { id }, select: { key: true, flowId: true } });
  if (!step) throw notFound("OnboardingStep");
  await tx.onboardingStep.delete({ where: { id } });
  await auditCatalogueEdit(tx, actor, "catalogue.delete", { type: "OnboardingStep", id }, { flowId: step.flowId, key: step.key });
}
