// Exercises: the global catalogue (admin edits, each with a `catalogue.*` audit row) and a user's
// own custom ones. An exercise a workout or a logged set uses is never deleted (CONFLICT).
import type { Exercise, ExerciseCategory, Prisma } from "../generated/prisma/client.ts";
import type { Actor } from "./actor.ts";
import { auditCatalogueEdit, type CatalogueAction, changedFields } from "./audit.ts";
import { conflict, notFound, withDatabaseErrors } from "./errors.ts";
import type { Tx } from "./transaction.ts";

export interface ExerciseInput {
  name: string;
  category: ExerciseCategory;
  muscleGroup?: string | null;
  equipment?: string | null;
  description?: string | null;
}

/** Only the fields given change; null clears an optional field (the resolver refuses a null name or category). */
export type ExerciseChanges = Partial<ExerciseInput>;

function createData(input: ExerciseInput, userId: string | null): Prisma.ExerciseUncheckedCreateInput {
  return {
    userId,
    name: input.name.trim(),
    category: input.category,
    muscleGroup: input.muscleGroup ?? null,
    equipment: input.equipment ?? null,
    description: input.description ?? null,
  };
}

function updateData(input: ExerciseChanges): Prisma.ExerciseUpdateManyMutationInput {
  return {
    name: input.name?.trim(),
    category: input.category,
    muscleGroup: input.muscleGroup,
    equipment: input.equipment,
    description: input.description,
  };
}

async function assertUnused(tx: Tx, exerciseId: string): Promise<void> {
  const [inWorkouts, inSets] = await Promise.all([
    tx.workoutExercise.count({ where: { exerciseId } }),
    tx.exerciseSet.count({ where: { exerciseId } }),
  ]);
  if (inWorkouts + inSets > 0) throw conflict("This exercise is used by workouts or logged sets and cannot be deleted");
}

/** A custom exercise of the actor. */
export function createExercise(tx: Tx, actor: Actor, input: ExerciseInput): Promise<Exercise> {
  return withDatabaseErrors(() => tx.exercise.create({ data: createData(input, actor.userId) }));
}

/** Changes one of the actor's custom exercises (a global one: NOT_FOUND). */
export async function updateExercise(tx: Tx, actor: Actor, id: string, changes: ExerciseChanges): Promise<{ id: string }> {
  const { count } = await tx.exercise.updateMany({ where: { id, userId: actor.userId }, data: updateData(changes) });
  if (count === 0) throw notFound("Exercise");
  return { id };
}

/** Deletes one of the actor's unused custom exercises. */
export async function deleteExercise(tx: Tx, actor: Actor, id: string): Promise<void> {
  const exercise = await tx.exercise.findFirst({ where: { id, userId: actor.userId }, select: { id: true } });
  if (!exercise) throw notFound("Exercise");
  await assertUnused(tx, id);
  await tx.exercise.delete({ where: { id } });
}

async function findGlobalExercise(tx: Tx, id: string): Promise<Exercise> {
  const exercise = await tx.exercise.findFirst({ where: { id, userId: null } });
  if (!exercise) throw notFound("Exercise");
  return exercise;
}

function audit(tx: Tx, actor: Actor, action: CatalogueAction, id: string, metadata: Prisma.InputJsonObject): Promise<void> {
  return auditCatalogueEdit(tx, actor, action, { type: "exercise", id }, metadata);
}

/** Admin: adds an exercise to the global catalogue. */
export async function createGlobalExercise(tx: Tx, actor: Actor, input: ExerciseInput): Promise<Exercise> {
  const exercise = await withDatabaseErrors(() => tx.exercise.create({ data: createData(input, null) }));
  await audit(tx, actor, "catalogue.create", exercise.id, { name: exercise.name });
  return exercise;
}

export async function updateGlobalExercise(tx: Tx, actor: Actor, id: string, changes: ExerciseChanges): Promise<Exercise> {
  const existing = await findGlobalExercise(tx, id);
  const exercise = await tx.exercise.update({ where: { id }, data: updateData(changes) });
  await audit(tx, actor, "catalogue.update", id, { name: existing.name, changes: changedFields(changes) });
  return exercise;
}

/** Admin: removes an unused catalogue exercise. */
export async function deleteGlobalExercise(tx: Tx, actor: Actor, id: string): Promise<void> {
  const existing = await findGlobalExercise(tx, id);
  await assertUnused(tx, id);
  await tx.exercise.delete({ where: { id } });
  await audit(tx, actor, "catalogue.delete", id, { name: existing.name });
}
