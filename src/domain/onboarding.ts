// The onboarding family's write rules: a user's way through an onboarding flow of the
// catalogue (start, answer steps, complete once every required step is answered, skip).
// Completing or skipping a flow emits `onboarding.completed` (with `skipped`).
import type { OnboardingFlow, UserOnboardingResponse, UserOnboardingState } from "../generated/prisma/client.ts";
import { badInput, conflict, notFound } from "./errors.ts";
import { orderByPosition } from "./ordering.ts";
import { validateStepResponse } from "./onboarding-steps.ts";
import type { Actor } from "./actor.ts";
import { emit } from "./events.ts";
import type { Tx } from "./transaction.ts";

/** The active flow `key`, or NOT_FOUND / BAD_USER_INPUT. */
async function activeFlow(tx: Tx, key: string): Promise<OnboardingFlow> {
  const flow = await tx.onboardingFlow.findUnique({ where: { key } });
  if (!flow) throw notFound("OnboardingFlow");
  if (!flow.isActive) throw badInput("flowKey: this onboarding flow is not active", "flowKey");
  return flow;
}

async function stateOf(tx: Tx, userId: string, flowId: string): Promise<UserOnboardingState | null> {
  return tx.userOnboardingState.findUnique({ where: { userId_flowId: { userId, flowId } } });
}

/** The active flow `key` and the user's state in it; CONFLICT when the user has completed it. */
async function uncompletedFlow(tx: Tx, userId: string, key: string) {
  const flow = await activeFlow(tx, key);
  const state = await stateOf(tx, userId, flow.id);
  if (state?.status === "COMPLETED") throw conflict("This onboarding flow is already completed");
  return { flow, state };
}

/** Starts (or resumes a skipped) flow at its first step; an IN_PROGRESS flow stays where it is. */
export async function startOnboarding(tx: Tx, actor: Actor, flowKey: string): Promise<UserOnboardingState> {
  const { userId } = actor;
  const { flow, state } = await uncompletedFlow(tx, userId, flowKey);
  if (state?.status === "IN_PROGRESS") return state;
  const first = await tx.onboardingStep.findFirst({ where: { flowId: flow.id }, orderBy: orderByPosition(), select: { key: true } });
  const now = new Date();
  return tx.userOnboardingState.upsert({
    where: { userId_flowId: { userId, flowId: flow.id } },
    create: { userId, flowId: flow.id, status: "IN_PROGRESS", startedAt: now, currentStepKey: first?.key ?? null },
    update: { status: "IN_PROGRESS", startedAt: state?.startedAt ?? now, currentStepKey: first?.key ?? null },
  });
}

/**
 * Records (or replaces) the actor's answer to a step, checked against the step's type and
 * options, and moves the flow on to the next step (starting it if needed; a completed flow
 * keeps its state).
 */
export async function answerOnboardingStep(
  tx: Tx,
  actor: Actor,
  stepId: string,
  answer: unknown,
): Promise<{ response: Pick<UserOnboardingResponse, "id">; state: UserOnboardingState }> {
  const { userId } = actor;
  const step = await tx.onboardingStep.findUnique({ where: { id: stepId }, include: { flow: true } });
  if (!step) throw notFound("OnboardingStep");
  if (!step.flow.isActive) throw badInput("stepId: this onboarding flow is not active", "stepId");
  const value = validateStepResponse(step, answer);
  const response = await tx.userOnboardingResponse.upsert({
    where: { userId_stepId: { userId, stepId } },
    create: { userId, stepId, response: value },
    update: { response: value },
    select: { id: true },
  });
  const steps = await tx.onboardingStep.findMany({
    where: { flowId: step.flowId },
    orderBy: orderByPosition(),
    select: { id: true, key: true },
  });
  const next = steps[steps.findIndex((candidate) => candidate.id === stepId) + 1]?.key ?? null;
  const state = await stateOf(tx, userId, step.flowId);
  const now = new Date();
  const saved =
    state?.status === "COMPLETED"
      ? state
      : await tx.userOnboardingState.upsert({
          where: { userId_flowId: { userId, flowId: step.flowId } },
          create: { userId, flowId: step.flowId, status: "IN_PROGRESS", startedAt: now, currentStepKey: next },
          update: { status: "IN_PROGRESS", startedAt: state?.startedAt ?? now, currentStepKey: next },
        });
  return { response, state: saved };
}

/**
 * Finishes a flow once every required step is answered (else BAD_USER_INPUT naming the
 * missing steps). Completing is final and happens once: a second call changes nothing.
 */
export async function completeOnboarding(tx: Tx, actor: Actor, flowKey: string): Promise<UserOnboardingState> {
  const { userId } = actor;
  const flow = await activeFlow(tx, flowKey);
  const state = await stateOf(tx, userId, flow.id);
  if (state?.status === "COMPLETED") return state;
  const required = await tx.onboardingStep.findMany({
    where: { flowId: flow.id, isRequired: true },
    orderBy: orderByPosition(),
    select: { key: true, responses: { where: { userId }, select: { id: true } } },
  });
  const missing = required.filter((step) => step.responses.length === 0).map((step) => step.key);
  if (missing.length > 0) throw badInput(`flowKey: answer the required steps first: ${missing.join(", ")}`, "flowKey");
  const now = new Date();
  const completed = await tx.userOnboardingState.upsert({
    where: { userId_flowId: { userId, flowId: flow.id } },
    create: { userId, flowId: flow.id, status: "COMPLETED", startedAt: now, completedAt: now },
    update: { status: "COMPLETED", startedAt: state?.startedAt ?? now, completedAt: now, currentStepKey: null },
  });
  await emit(
    tx,
    { type: "onboarding.completed", userId, payload: { flowKey: flow.key, skipped: false } },
    { once: `${flow.id}:completed` },
  );
  return completed;
}

/** Skips a flow (it can be started again later). A completed flow is a CONFLICT; skipping a skipped flow changes nothing. */
export async function skipOnboarding(tx: Tx, actor: Actor, flowKey: string): Promise<UserOnboardingState> {
  const { userId } = actor;
  const { flow, state } = await uncompletedFlow(tx, userId, flowKey);
  if (state?.status === "SKIPPED") return state;
  const skipped = await tx.userOnboardingState.upsert({
    where: { userId_flowId: { userId, flowId: flow.id } },
    create: { userId, flowId: flow.id, status: "SKIPPED" },
    update: { status: "SKIPPED" },
  });
  await emit(tx, { type: "onboarding.completed", userId, payload: { flowKey: flow.key, skipped: true } });
  return skipped;
}
