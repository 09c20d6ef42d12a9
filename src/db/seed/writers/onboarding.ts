/** The welcome onboarding flow, completed on the first day, with the answers. */
import type { Prisma } from "../../../generated/prisma/client.ts";
import type { Catalogue } from "../catalogue.ts";
import { plusSeconds, type UserContext } from "../context.ts";

export async function writeOnboarding(ctx: UserContext, { flow }: Catalogue): Promise<void> {
  const { tx, userId, joinedAt } = ctx;
  if (flow) {
    const answers: Record<string, Prisma.InputJsonValue> = {
      "focus-areas": ["habits", "focus", "music", "fitness"],
      chronotype: "early",
      "focus-length": "25",
      "first-habit": "Write morning pages",
    };
    const started = plusSeconds(joinedAt, 60);
    const lastStep = flow.steps[flow.steps.length - 1];
    await tx.userOnboardingState.create({
      data: {
        userId,
        flowId: flow.id,
        status: "COMPLETED",
        currentStepKey: lastStep?.key ?? null,
        startedAt: started,
        completedAt: plusSeconds(started, 180),
        createdAt: started,
      },
    });
    const responses = flow.steps
      .filter((step) => step.key in answers)
      .map((step, i) => ({ userId, stepId: step.id, response: answers[step.key], createdAt: plusSeconds(started, 30 * (i + 1)) }));
    if (responses.length > 0) await tx.userOnboardingResponse.createMany({ data: responses });
  }
}
