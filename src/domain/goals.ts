// Goals and their milestones: every write rule (ownership locks, status transitions,
// positions) and the events each change emits (goal.* and milestone.*).
import type { Goal, GoalMilestone, Prisma } from "../generated/prisma/client.ts";
import { conflict, notFound, withDatabaseErrors } from "./errors.ts";
import type { Actor } from "./actor.ts";
import { calendarDateToDb } from "./calendar.ts";
import { changedFieldNames, emit } from "./events.ts";
import { lockOwnedRow } from "./locks.ts";
import type { Tx } from "./transaction.ts";

export type GoalStatusValue = "ACTIVE" | "COMPLETED" | "ARCHIVED";

export interface MilestoneInput {
  title: string;
  dueDate?: string | null;
  sortOrder?: number | null;
}

export interface CreateGoalInput {
  title: string;
  description?: string | null;
  category?: string | null;
  targetDate?: string | null;
  sortOrder?: number | null;
  milestones?: readonly MilestoneInput[] | null;
}

/** Only the fields given change (undefined); null clears an optional field. */
export interface UpdateGoalInput {
  title?: string | null;
  description?: string | null;
  category?: string | null;
  targetDate?: string | null;
  sortOrder?: number | null;
  status?: GoalStatusValue | null;
}

export interface UpdateMilestoneInput {
  title?: string | null;
  dueDate?: string | null;
  sortOrder?: number | null;
}

const dateOrNull = (day: string | null | undefined) => (day === undefined ? undefined : day === null ? null : calendarDateToDb(day));

async function lockGoal(tx: Tx, actor: Actor, goalId: string): Promise<Goal> {
  if (!(await lockOwnedRow(tx, "goals", goalId, actor.userId))) throw notFound("Goal");
  return tx.goal.findUniqueOrThrow({ where: { id: goalId } });
}

/** Creates a goal and its milestones (position = index unless sortOrder is set): goal.created, milestone.created each. */
export async function createGoal(tx: Tx, actor: Actor, input: CreateGoalInput): Promise<Goal> {
  const userId = actor.userId;
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
  await emit(tx, { type: "goal.created", userId, payload: { goalId: goal.id } });
  const milestones = input.milestones ?? [];
  if (milestones.length > 0) {
    const created = await tx.goalMilestone.createManyAndReturn({
      data: milestones.map((milestone, index) => ({
        goalId: goal.id,
        userId,
        title: milestone.title.trim(),
        dueDate: dateOrNull(milestone.dueDate) ?? null,
        sortOrder: milestone.sortOrder ?? index,
      })),
      select: { id: true },
    });
    for (const milestone of created) {
      await emit(tx, { type: "milestone.created", userId, payload: { milestoneId: milestone.id } });
    }
  }
  return goal;
}

function statusChange(status: GoalStatusValue, current: Pick<Goal, "status" | "completedAt">) {
  if (status === current.status) return {};
  return { status, completedAt: status === "COMPLETED" ? (current.completedAt ?? new Date()) : null };
}

/** The events of a status transition: into COMPLETED → goal.completed, out of it → goal.uncompleted. */
async function emitStatusChange(tx: Tx, actor: Actor, goalId: string, from: string, to: string): Promise<void> {
  if (from === to) return;
  if (to === "COMPLETED") await emit(tx, { type: "goal.completed", userId: actor.userId, payload: { goalId } });
  else if (from === "COMPLETED") await emit(tx, { type: "goal.uncompleted", userId: actor.userId, payload: { goalId } });
  if (to === "ARCHIVED" || from === "ARCHIVED") {
    await emit(tx, { type: "goal.archived", userId: actor.userId, payload: { goalId, archived: to === "ARCHIVED" } });
  }
}

/** Edits a goal: goal.updated with the changed fields, plus the status transition's events. */
export async function updateGoal(tx: Tx, actor: Actor, goalId: string, input: UpdateGoalInput): Promise<Goal> {
  const goal = await lockGoal(tx, actor, goalId);
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
  await emit(tx, { type: "goal.updated", userId: actor.userId, payload: { goalId, changed: changedFieldNames(input) } });
  await emitStatusChange(tx, actor, goalId, goal.status, updated.status);
  return updated;
}

/** Marks an active goal COMPLETED (CONFLICT when it is completed or archived already): goal.completed. */
export async function completeGoal(tx: Tx, actor: Actor, goalId: string): Promise<Goal> {
  const goal = await lockGoal(tx, actor, goalId);
  if (goal.status !== "ACTIVE") throw conflict(`The goal is ${goal.status.toLowerCase()}, not active`);
  const updated = await tx.goal.update({ where: { id: goalId }, data: { status: "COMPLETED", completedAt: new Date() } });
  await emitStatusChange(tx, actor, goalId, goal.status, updated.status);
  return updated;
}

/** Deletes a goal and (by cascade) its milestones: goal.deleted. */
export async function deleteGoal(tx: Tx, actor: Actor, goalId: string): Promise<void> {
  const { count } = await withDatabaseErrors(() => tx.goal.deleteMany({ where: { id: goalId, userId: actor.userId } }));
  if (count === 0) throw notFound("Goal");
  await emit(tx, { type: "goal.deleted", userId: actor.userId, payload: { goalId } });
}

// ---- Milestones

/** Adds a milestone to one of the actor's goals, at the end unless sortOrder is given: milestone.created. */
export async function createMilestone(tx: Tx, actor: Actor, goalId: string, input: MilestoneInput): Promise<GoalMilestone> {
  const userId = actor.userId;
  await lockGoal(tx, actor, goalId);
  let sortOrder = input.sortOrder ?? null;
  if (sortOrder === null) {
    const last = await tx.goalMilestone.aggregate({ where: { goalId, userId }, _max: { sortOrder: true } });
    sortOrder = last._max.sortOrder === null ? 0 : last._max.sortOrder + 1;
  }
  const milestone = await tx.goalMilestone.create({
    data: { goalId, userId, title: input.title.trim(), dueDate: dateOrNull(input.dueDate) ?? null, sortOrder },
  });
  await emit(tx, { type: "milestone.created", userId, payload: { milestoneId: milestone.id } });
  return milestone;
}

/** Edits a milestone: milestone.updated with the changed fields. */
export async function updateMilestone(tx: Tx, actor: Actor, milestoneId: string, input: UpdateMilestoneInput): Promise<GoalMilestone> {
  const { count } = await tx.goalMilestone.updateMany({
    where: { id: milestoneId, userId: actor.userId },
    data: {
      title: input.title?.trim() ?? undefined,
      dueDate: dateOrNull(input.dueDate),
      sortOrder: input.sortOrder ?? undefined,
    },
  });
  if (count === 0) throw notFound("GoalMilestone");
  await emit(tx, { type: "milestone.updated", userId: actor.userId, payload: { milestoneId, changed: changedFieldNames(input) } });
  return tx.goalMilestone.findUniqueOrThrow({ where: { id: milestoneId } });
}

/** Deletes a milestone: milestone.deleted. */
export async function deleteMilestone(tx: Tx, actor: Actor, milestoneId: string): Promise<void> {
  const { count } = await tx.goalMilestone.deleteMany({ where: { id: milestoneId, userId: actor.userId } });
  if (count === 0) throw notFound("GoalMilestone");
  await emit(tx, { type: "milestone.deleted", userId: actor.userId, payload: { milestoneId } });
}

/**
 * Marks a milestone done or not done. Idempotent: setting the state it already has changes
 * nothing and emits nothing (completedAt keeps the first time); a change emits
 * milestone.completed or milestone.uncompleted.
 */
export async function setMilestoneCompleted(tx: Tx, actor: Actor, milestoneId: string, completed: boolean): Promise<GoalMilestone> {
  if (!(await lockOwnedRow(tx, "goal_milestones", milestoneId, actor.userId))) throw notFound("GoalMilestone");
  const milestone = await tx.goalMilestone.findUniqueOrThrow({ where: { id: milestoneId } });
  if (milestone.isCompleted === completed) return milestone;
  const updated = await tx.goalMilestone.update({
    where: { id: milestoneId },
    data: { isCompleted: completed, completedAt: completed ? new Date() : null },
  });
  await emit(tx, {
    type: completed ? "milestone.completed" : "milestone.uncompleted",
    userId: actor.userId,
    payload: { milestoneId, goalId: milestone.goalId },
  });
  return updated;
}
