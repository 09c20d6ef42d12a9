// Goals and their milestones.
import { z } from "zod";
import { calendarDateToDb } from "../../domain/calendar.ts";
import { prisma } from "../../db/index.ts";
import { lockOwnedRow } from "../../domain/locks.ts";
import type { Tx } from "../../domain/transaction.ts";
import type { Prisma } from "../../generated/prisma/client.ts";
import { builder } from "../builder.ts";
import { conflict, notFound, withDatabaseErrors } from "../errors/index.ts";
import { decodeId, encodeId } from "../ids.ts";
import { orderByPosition } from "../ordering.ts";
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

const dateOrNull = (day: string | null | undefined) =>
  day === undefined ? undefined : day === null ? null : calendarDateToDb(day);

builder.mutationField("createGoal", (t) =>
  t.withAuth({ signedIn: true }).prismaField({
    type: "Goal",
    args: { input: t.arg({ type: CreateGoalInput, required: true }) },
    resolve: (query, _root, { input }, ctx) =>
      prisma.$transaction(async (tx) => {
        const userId = ctx.viewer.userId;
        const goal = await withDatabaseErrors(() =>
          tx.goal.create({
            data: {
              userId,
              title: input.title.trim(),
              description: input.description ?? null,
              category: input.category?.trim() ?? null,
              targetDate: dateOrNull(input.targetDate) ?? null,
              sortOrder: input.sortOrder ?? 0,
            },
          }),
        );
        const milestones = input.milestones ?? [];
        if (milestones.length > 0) {
          await tx.goalMilestone.createMany({
            data: milestones.map((milestone, index) => ({
              goalId: goal.id,
              userId,
              title: milestone.title.trim(),
              dueDate: dateOrNull(milestone.dueDate) ?? null,
              sortOrder: milestone.sortOrder ?? index,
            })),
          });
        }
        return tx.goal.findUniqueOrThrow({ ...query, where: { id: goal.id } });
      }),
  }),
);

function statusChange(status: "ACTIVE" | "COMPLETED" | "ARCHIVED", current: { status: string; completedAt: Date | null }) {
  if (status === current.status) return {};
  return { status, completedAt: status === "COMPLETED" ? (current.completedAt ?? new Date()) : null };
}

async function goalCompletedEvent(tx: Tx, userId: string, goalId: string, completedAt: Date): Promise<void> {
  await tx.behaviorOutbox.create({
    data: {
      userId,
      eventType: "goal.completed",
      idempotencyKey: `goal.completed:${goalId}:${completedAt.toISOString()}`,
      payload: { goalId },
    },
  });
}

builder.mutationField("updateGoal", (t) =>
  t.withAuth({ signedIn: true }).prismaField({
    type: "Goal",
    args: { id: t.arg.id({ required: true }), input: t.arg({ type: UpdateGoalInput, required: true }) },
    resolve: (query, _root, { id, input }, ctx) =>
      prisma.$transaction(async (tx) => {
        const userId = ctx.viewer.userId;
        const goalId = decodeId(id, "Goal");
        if (!(await lockOwnedRow(tx, "goals", goalId, userId))) throw notFound("Goal");
        const goal = await tx.goal.findUniqueOrThrow({ where: { id: goalId } });
        refuseNulls(input, ["title"]);
        const change = input.status ? statusChange(input.status, goal) : {};
        const data: Prisma.GoalUpdateInput = {
          title: input.title?.trim() ?? undefined,
          description: input.description,
          category: input.category === undefined ? undefined : (input.category?.trim() ?? null),
          targetDate: dateOrNull(input.targetDate),
          sortOrder: input.sortOrder ?? undefined,
          ...change,
        };
        const updated = await tx.goal.update({ where: { id: goalId }, data });
        if (change.status === "COMPLETED" && updated.completedAt) await goalCompletedEvent(tx, userId, goalId, updated.completedAt);
        return tx.goal.findUniqueOrThrow({ ...query, where: { id: goalId } });
      }),
  }),
);

builder.mutationField("completeGoal", (t) =>
  t.withAuth({ signedIn: true }).prismaField({
    type: "Goal",
    description: "Marks an active goal COMPLETED (CONFLICT when it is already completed or archived).",
    args: { id: t.arg.id({ required: true }) },
    resolve: (query, _root, { id }, ctx) =>
      prisma.$transaction(async (tx) => {
        const userId = ctx.viewer.userId;
        const goalId = decodeId(id, "Goal");
        if (!(await lockOwnedRow(tx, "goals", goalId, userId))) throw notFound("Goal");
        const goal = await tx.goal.findUniqueOrThrow({ where: { id: goalId } });
        if (goal.status !== "ACTIVE") throw conflict(`The goal is ${goal.status.toLowerCase()}, not active`);
        const updated = await tx.goal.update({ where: { id: goalId }, data: { status: "COMPLETED", completedAt: new Date() } });
        await goalCompletedEvent(tx, userId, goalId, updated.completedAt ?? new Date());
        return tx.goal.findUniqueOrThrow({ ...query, where: { id: goalId } });
      }),
  }),
);

builder.mutationField("deleteGoal", (t) =>
  t.withAuth({ signedIn: true }).field({
    type: "ID",
    description: "Deletes a goal and its milestones. Returns the deleted ID.",
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, ctx) =>
      prisma.$transaction(async (tx) => {
        const goalId = decodeId(id, "Goal");
        const { count } = await withDatabaseErrors(() => tx.goal.deleteMany({ where: { id: goalId, userId: ctx.viewer.userId } }));
        if (count === 0) throw notFound("Goal");
        return encodeId("Goal", goalId);
      }),
  }),
);

// ---- Milestones

builder.mutationField("createGoalMilestone", (t) =>
  t.withAuth({ signedIn: true }).prismaField({
    type: "GoalMilestone",
    description: "Adds a milestone to one of the viewer's goals (at the end unless sortOrder is given).",
    args: { goalId: t.arg.id({ required: true }), input: t.arg({ type: CreateGoalMilestoneInput, required: true }) },
    resolve: (query, _root, { goalId, input }, ctx) =>
      prisma.$transaction(async (tx) => {
        const userId = ctx.viewer.userId;
        const id = decodeId(goalId, "Goal");
        if (!(await lockOwnedRow(tx, "goals", id, userId))) throw notFound("Goal");
        let sortOrder = input.sortOrder ?? null;
        if (sortOrder === null) {
          const last = await tx.goalMilestone.aggregate({ where: { goalId: id, userId }, _max: { sortOrder: true } });
          sortOrder = last._max.sortOrder === null ? 0 : last._max.sortOrder + 1;
        }
        const milestone = await tx.goalMilestone.create({
          data: { goalId: id, userId, title: input.title.trim(), dueDate: dateOrNull(input.dueDate) ?? null, sortOrder },
        });
        return tx.goalMilestone.findUniqueOrThrow({ ...query, where: { id: milestone.id } });
      }),
  }),
);

builder.mutationField("updateGoalMilestone", (t) =>
  t.withAuth({ signedIn: true }).prismaField({
    type: "GoalMilestone",
    args: { id: t.arg.id({ required: true }), input: t.arg({ type: UpdateGoalMilestoneInput, required: true }) },
    resolve: (query, _root, { id, input }, ctx) =>
      prisma.$transaction(async (tx) => {
        const milestoneId = decodeId(id, "GoalMilestone");
        refuseNulls(input, ["title"]);
        const { count } = await tx.goalMilestone.updateMany({
          where: { id: milestoneId, userId: ctx.viewer.userId },
          data: {
            title: input.title?.trim() ?? undefined,
            dueDate: dateOrNull(input.dueDate),
            sortOrder: input.sortOrder ?? undefined,
          },
        });
        if (count === 0) throw notFound("GoalMilestone");
        return tx.goalMilestone.findUniqueOrThrow({ ...query, where: { id: milestoneId } });
      }),
  }),
);

builder.mutationField("deleteGoalMilestone", (t) =>
  t.withAuth({ signedIn: true }).field({
    type: "ID",
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, ctx) =>
      prisma.$transaction(async (tx) => {
        const milestoneId = decodeId(id, "GoalMilestone");
        const { count } = await tx.goalMilestone.deleteMany({ where: { id: milestoneId, userId: ctx.viewer.userId } });
        if (count === 0) throw notFound("GoalMilestone");
        return encodeId("GoalMilestone", milestoneId);
      }),
  }),
);

function setMilestoneCompleted(completed: boolean) {
  return (t: Parameters<Parameters<typeof builder.mutationField>[1]>[0]) =>
    t.withAuth({ signedIn: true }).prismaField({
      type: "GoalMilestone",
      description: completed
        ? "Marks a milestone done (idempotent: completedAt keeps the first time)."
        : "Marks a milestone not done.",
      args: { id: t.arg.id({ required: true }) },
      resolve: (query, _root, { id }, ctx) =>
        prisma.$transaction(async (tx) => {
          const milestoneId = decodeId(id, "GoalMilestone");
          const userId = ctx.viewer.userId;
          if (!(await lockOwnedRow(tx, "goal_milestones", milestoneId, userId))) throw notFound("GoalMilestone");
          const milestone = await tx.goalMilestone.findUniqueOrThrow({ where: { id: milestoneId } });
          if (milestone.isCompleted !== completed) {
            await tx.goalMilestone.update({
              where: { id: milestoneId },
              data: { isCompleted: completed, completedAt: completed ? new Date() : null },
            });
          }
          return tx.goalMilestone.findUniqueOrThrow({ ...query, where: { id: milestoneId } });
        }),
    });
}

builder.mutationField("completeMilestone", setMilestoneCompleted(true));
builder.mutationField("uncompleteMilestone", setMilestoneCompleted(false));
