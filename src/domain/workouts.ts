// Workout templates: a user's ordered lists of exercises with targets. Editing a template pays
// nothing and emits nothing; sessions performed from one are src/domain/fitness.ts.
import type { Workout, WorkoutExercise } from "../generated/prisma/client.ts";
import type { Actor } from "./actor.ts";
import { badInput, notFound, withDatabaseErrors } from "./errors.ts";
import { assertUsableExercises } from "./fitness.ts";
import type { Tx } from "./transaction.ts";

/** The most exercises one workout lists. */
export const MAX_WORKOUT_EXERCISES = 100;

/** One exercise of a workout with its targets (exerciseId already decoded). */
export interface WorkoutEntryInput {
  exerciseId: string;
  targetSets?: number | null;
  targetReps?: number | null;
  targetWeightKg?: number | null;
  targetSeconds?: number | null;
  restSeconds?: number | null;
  notes?: string | null;
  sortOrder?: number | null;
}

export interface NewWorkout {
  name: string;
  description?: string | null;
  sortOrder?: number | null;
  entries: readonly WorkoutEntryInput[];
}

/** Only the fields given change; null clears the description. */
export interface WorkoutChanges {
  name?: string;
  description?: string | null;
  isArchived?: boolean;
  sortOrder?: number;
}

/** Only the fields given change; null clears an optional target. */
export interface WorkoutEntryChanges {
  exerciseId?: string;
  targetSets?: number;
  targetReps?: number | null;
  targetWeightKg?: number | null;
  targetSeconds?: number | null;
  restSeconds?: number | null;
  notes?: string | null;
  sortOrder?: number;
}

function entryData(entry: WorkoutEntryInput, workoutId: string, userId: string, defaultSortOrder: number) {
  return {
    workoutId,
    userId,
    exerciseId: entry.exerciseId,
    targetSets: entry.targetSets ?? 3,
    targetReps: entry.targetReps ?? null,
    targetWeightKg: entry.targetWeightKg ?? null,
    targetSeconds: entry.targetSeconds ?? null,
    restSeconds: entry.restSeconds ?? null,
    notes: entry.notes ?? null,
    sortOrder: entry.sortOrder ?? defaultSortOrder,
  };
}

async function findOwnWorkout(tx: Tx, id: string, userId: string): Promise<Workout> {
  const workout = await tx.workout.findFirst({ where: { id, userId } });
  if (!workout) throw notFound("Workout");
  return workout;
}

/** A workout with its exercises (each global or the actor's own, else NOT_FOUND), by position unless sortOrder says. */
export async function createWorkout(tx: Tx, actor: Actor, input: NewWorkout): Promise<Workout> {
  const { userId } = actor;
  await assertUsableExercises(
    tx,
    userId,
    input.entries.map((entry) => entry.exerciseId),
  );
  const workout = await withDatabaseErrors(() =>
    tx.workout.create({
      data: { userId, name: input.name.trim(), description: input.description ?? null, sortOrder: input.sortOrder ?? 0 },
    }),
  );
  if (input.entries.length > 0) {
    await tx.workoutExercise.createMany({
      data: input.entries.map((entry, index) => entryData(entry, workout.id, userId, index)),
    });
  }
  return workout;
}

export async function updateWorkout(tx: Tx, actor: Actor, id: string, changes: WorkoutChanges): Promise<{ id: string }> {
  const { count } = await tx.workout.updateMany({
    where: { id, userId: actor.userId },
    data: { ...changes, name: changes.name?.trim() },
  });
  if (count === 0) throw notFound("Workout");
  return { id };
}

/** Deletes the workout and its exercise list; sessions performed from it stay, as ad-hoc sessions. */
export async function deleteWorkout(tx: Tx, actor: Actor, id: string): Promise<void> {
  const { userId } = actor;
  await findOwnWorkout(tx, id, userId);
  await tx.workoutSession.updateMany({ where: { workoutId: id, userId }, data: { workoutId: null } });
  await tx.workoutExercise.deleteMany({ where: { workoutId: id } });
  await tx.workout.delete({ where: { id } });
}

/** Appends an exercise (after the last one unless sortOrder says); BAD_USER_INPUT beyond MAX_WORKOUT_EXERCISES. */
export async function addWorkoutExercise(tx: Tx, actor: Actor, workoutId: string, entry: WorkoutEntryInput): Promise<WorkoutExercise> {
  const { userId } = actor;
  await findOwnWorkout(tx, workoutId, userId);
  await assertUsableExercises(tx, userId, [entry.exerciseId]);
  const [count, last] = await Promise.all([
    tx.workoutExercise.count({ where: { workoutId } }),
    tx.workoutExercise.aggregate({ where: { workoutId }, _max: { sortOrder: true } }),
  ]);
  if (count >= MAX_WORKOUT_EXERCISES) throw badInput(`A workout holds at most ${MAX_WORKOUT_EXERCISES} exercises`, "workoutId");
  const nextSortOrder = (last._max.sortOrder ?? -1) + 1;
  return tx.workoutExercise.create({ data: entryData(entry, workoutId, userId, nextSortOrder) });
}

export async function updateWorkoutExercise(tx: Tx, actor: Actor, id: string, changes: WorkoutEntryChanges): Promise<WorkoutExercise> {
  const entry = await tx.workoutExercise.findFirst({ where: { id, userId: actor.userId } });
  if (!entry) throw notFound("WorkoutExercise");
  if (changes.exerciseId) await assertUsableExercises(tx, actor.userId, [changes.exerciseId]);
  return tx.workoutExercise.update({ where: { id }, data: changes });
}

export async function removeWorkoutExercise(tx: Tx, actor: Actor, id: string): Promise<void> {
  const { count } = await tx.workoutExercise.deleteMany({ where: { id, userId: actor.userId } });
  if (count === 0) throw notFound("WorkoutExercise");
}

/** `ids` must list every exercise of the workout exactly once; sortOrder becomes the position. */
export async function reorderWorkoutExercises(tx: Tx, actor: Actor, workoutId: string, ids: readonly string[]): Promise<Workout> {
  const { userId } = actor;
  const workout = await findOwnWorkout(tx, workoutId, userId);
  const entries = await tx.workoutExercise.findMany({ where: { workoutId, userId }, select: { id: true } });
  const existing = new Set(entries.map((entry) => entry.id));
  if (new Set(ids).size !== ids.length || ids.length !== existing.size || ids.some((id) => !existing.has(id))) {
    throw badInput("ids must list every exercise of the workout exactly once", "ids");
  }
  for (const [position, id] of ids.entries()) {
    await tx.workoutExercise.update({ where: { id }, data: { sortOrder: position } });
  }
  return workout;
}
