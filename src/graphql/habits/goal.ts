// Goals and their milestones.
import { z } from "zod";
import { prisma } from "../../db/index.ts";
import * as goals from "../../domain/goals.ts";
import { builder } from "../builder.ts";
import { reread, runMutation } from "../mutation.ts";
import { decodeId, encodeId } from "../ids.ts";
import { orderByPosition } from "../../domain/ordering.ts";
import { ownedByViewer, viewerIdOrNobody } from "../tenancy.ts";
import { position, refuseNulls } from "../validators.ts";

export const GoalStatus = builder.enumType("GoalStatus", {
  values: ["ACTIVE", "COMPLETED", "ARCHIVED"] as const,
});

builder.prismaNode("Goal", {
  id: { field: "id" },
  findUnique: ownedByViewer,
  nullable: true,
  fields: (t) => ({
    title: t.exposeString("title"),
    description: t.exposeString("description", { nullable: true }),
    category: t.exposeString("category", { nullable: true }),
    status: t.expose("status", { type: GoalStatus }),
    targetDate: t.expose("targetDate", { type: "Date", nullable: true }),
    completedAt: t.expose("completedAt", { type: "DateTime", nullable: true }),
    sortOrder: t.exposeInt("sortOrder"),
    milestones: t.relation("milestones", {
      description: "Milestones in order.",
      query: (_args, ctx) => ({ where: { userId: viewerIdOrNobody(ctx) }, orderBy: orderByPosition() }),
    }),
    milestoneCount: t.relationCount("milestones", { where: {} }),
    completedMilestoneCount: t.relationCount("milestones", { where: { isCompleted: true } }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    updatedAt: t.expose("updatedAt", { type: "DateTime" }),
  }),
});

builder.prismaNode("GoalMilestone", {
  id: { field: "id" },
  findUnique: ownedByViewer,
  nullable: true,
  fields: (t) => ({
    goal: t.relation("goal"),
    title: t.exposeString("title"),
    dueDate: t.expose("dueDate", { type: "Date", nullable: true }),
    isCompleted: t.exposeBoolean("isCompleted"),
    completedAt: t.expose("completedAt", { type: "DateTime", nullable: true }),
    sortOrder: t.exposeInt("sortOrder"),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    updatedAt: t.expose("updatedAt", { type: "DateTime" }),
  }),
});

builder.prismaObjectField("User", "goals", (t) =>
  t.relatedConnection("goals", {
    cursor: "id",
    totalCount: true,
    description: "Goals in the user's order; all statuses unless `status` is given.",
    args: { status: t.arg({ type: GoalStatus }) },
    query: (args, ctx) => ({
      where: { userId: viewerIdOrNobody(ctx), ...(args.status ? { status: args.status } : {}) },
      orderBy: orderByPosition(),
    }),
  }),
);

builder.queryField("goal", (t) =>
  t.withAuth({ signedIn: true }).prismaField({
    type: "Goal",
    nullable: true,
    args: { id: t.arg.id({ required: true }) },
    resolve: (query, _root, args, ctx) =>
      prisma.goal.findFirst({ ...query, where: { id: decodeId(args.id, "Goal"), userId: ctx.viewer.userId } }),
  }),
);

const titleSchema = z.string().trim().min(1).max(200);
const descriptionSchema = z.string().max(5000);
const categorySchema = z.string().trim().min(1).max(100);

const CreateGoalMilestoneInput = builder.inputType("CreateGoalMilestoneInput", {
  fields: (t) => ({
    title: t.string({ required: true, validate: titleSchema }),
    dueDate: t.field({ type: "Date" }),
    sortOrder: t.int({ validate: position }),
  }),
});

const UpdateGoalMilestoneInput = builder.inputType("UpdateGoalMilestoneInput", {
  fields: (t) => ({
    title: t.string({ validate: titleSchema }),
    dueDate: t.field({ type: "Date" }),
    sortOrder: t.int({ validate: position }),
  }),
});

const CreateGoalInput = builder.inputType("CreateGoalInput", {
  fields: (t) => ({
    title: t.string({ required: true, validate: titleSchema }),
    description: t.string({ validate: descriptionSchema }),
    category: t.string({ validate: categorySchema }),
    targetDate: t.field({ type: "Date" }),
    sortOrder: t.int({ validate: position }),
    milestones: t.field({
      type: [CreateGoalMilestoneInput],
      validate: z.array(z.unknown()).max(100),
      description: "Created in the given order (position = index unless sortOrder is set).",
    }),
  }),
});

const UpdateGoalInput = builder.inputType("UpdateGoalInput", {
  description: "Only the fields given change; null clears an optional field.",
  fields: (t) => ({
    title: t.string({ validate: titleSchema }),
    description: t.string({ validate: descriptionSchema }),
    category: t.string({ validate: categorySchema }),
    targetDate: t.field({ type: "Date" }),
    sortOrder: t.int({ validate: position }),
    status: t.field({ type: GoalStatus, description: "COMPLETED stamps completedAt; other statuses clear it." }),
  }),
});

builder.mutationField("createGoal", (t) =>
  t.withAuth({ signedIn: true }).prismaField({
    type: "Goal",
    args: { input: t.arg({ type: CreateGoalInput, required: true }) },
    resolve: (query, _root, { input }, ctx) => runMutation(ctx, (tx, actor) => goals.createGoal(tx, actor, input), reread("Goal", query)),
  }),
);

builder.mutationField("updateGoal", (t) =>
  t.withAuth({ signedIn: true }).prismaField({
    type: "Goal",
    args: { id: t.arg.id({ required: true }), input: t.arg({ type: UpdateGoalInput, required: true }) },
    resolve: (query, _root, { id, input }, ctx) => {
      const goalId = decodeId(id, "Goal");
      refuseNulls(input, ["title"]);
      return runMutation(ctx, (tx, actor) => goals.updateGoal(tx, actor, goalId, input), reread("Goal", query, goalId));
    },
  }),
);

builder.mutationField("completeGoal", (t) =>
  t.withAuth({ signedIn: true }).prismaField({
    type: "Goal",
    description: "Marks an active goal COMPLETED (CONFLICT when it is already completed or archived).",
    args: { id: t.arg.id({ required: true }) },
    resolve: (query, _root, { id }, ctx) => {
      const goalId = decodeId(id, "Goal");
      return runMutation(ctx, (tx, actor) => goals.completeGoal(tx, actor, goalId), reread("Goal", query, goalId));
    },
  }),
);

builder.mutationField("deleteGoal", (t) =>
  t.withAuth({ signedIn: true }).field({
    type: "ID",
    description: "Deletes a goal and its milestones. Returns the deleted ID.",
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, { id }, ctx) => {
      const goalId = decodeId(id, "Goal");
      await runMutation(ctx, (tx, actor) => goals.deleteGoal(tx, actor, goalId));
      return encodeId("Goal", goalId);
    },
  }),
);

// ---- Milestones

builder.mutationField("createGoalMilestone", (t) =>
  t.withAuth({ signedIn: true }).prismaField({
    type: "GoalMilestone",
    description: "Adds a milestone to one of the viewer's goals (at the end unless sortOrder is given).",
    args: { goalId: t.arg.id({ required: true }), input: t.arg({ type: CreateGoalMilestoneInput, required: true }) },
    resolve: (query, _root, { goalId, input }, ctx) => {
      const id = decodeId(goalId, "Goal");
      return runMutation(ctx, (tx, actor) => goals.createMilestone(tx, actor, id, input), reread("GoalMilestone", query));
    },
  }),
);

builder.mutationField("updateGoalMilestone", (t) =>
  t.withAuth({ signedIn: true }).prismaField({
    type: "GoalMilestone",
    args: { id: t.arg.id({ required: true }), input: t.arg({ type: UpdateGoalMilestoneInput, required: true }) },
    resolve: (query, _root, { id, input }, ctx) => {
      const milestoneId = decodeId(id, "GoalMilestone");
      refuseNulls(input, ["title"]);
      return runMutation(
        ctx,
        (tx, actor) => goals.updateMilestone(tx, actor, milestoneId, input),
        reread("GoalMilestone", query, milestoneId),
      );
    },
  }),
);

builder.mutationField("deleteGoalMilestone", (t) =>
  t.withAuth({ signedIn: true }).field({
    type: "ID",
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, { id }, ctx) => {
      const milestoneId = decodeId(id, "GoalMilestone");
      await runMutation(ctx, (tx, actor) => goals.deleteMilestone(tx, actor, milestoneId));
      return encodeId("GoalMilestone", milestoneId);
    },
  }),
);

function setMilestoneCompleted(completed: boolean) {
  return (t: Parameters<Parameters<typeof builder.mutationField>[1]>[0]) =>
    t.withAuth({ signedIn: true }).prismaField({
      type: "GoalMilestone",
      description: completed ? "Marks a milestone done (idempotent: completedAt keeps the first time)." : "Marks a milestone not done.",
      args: { id: t.arg.id({ required: true }) },
      resolve: (query, _root, { id }, ctx) => {
        const milestoneId = decodeId(id, "GoalMilestone");
        return runMutation(
          ctx,
          (tx, actor) => goals.setMilestoneCompleted(tx, actor, milestoneId, completed),
          reread("GoalMilestone", query, milestoneId),
        );
      },
    });
}

builder.mutationField("completeMilestone", setMilestoneCompleted(true));
builder.mutationField("uncompleteMilestone", setMilestoneCompleted(false));
