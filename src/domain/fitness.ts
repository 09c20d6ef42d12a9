// Fitness: performed workout sessions and their sets, with workout.logged / workout.updated /
// workout.deleted. Logging a workout pays nothing directly; catalogue quests and achievements
// count workouts through the rules step.
import type { Prisma, WorkoutSession } from "../generated/prisma/client.ts";
import { badInput, notFound, withDatabaseErrors } from "../graphql/errors/index.ts";
import type { Actor } from "./actor.ts";
import { calendarDateToDb } from "./calendar.ts";
import { emit } from "./events.ts";
import type { Tx } from "./transaction.ts";

/** Exercises a user may read and use: the global catalogue plus their own custom ones. */
export function visibleExercises(userId: string): Prisma.ExerciseWhereInput {
  return { OR: [{ userId: null }, { userId }] };
}

/** NOT_FOUND unless every id is a global exercise or one of the user's own. */
export async function assertUsableExercises(tx: Tx, userId: string, ids: readonly string[]): Promise<void> {
  const distinct = [...new Set(ids)];
  if (distinct.length === 0) return;
  const found = await tx.exercise.count({ where: { id: { in: distinct }, ...visibleExercises(userId) } });
  if (found !== distinct.length) throw notFound("Exercise");
}

export interface ExerciseSetInput {
  exerciseId: string;
  setNumber: number;
  reps?: number | null;
  weightKg?: number | null;
  durationSeconds?: number | null;
  distanceMeters?: number | null;
  rpe?: number | null;
}

export interface RecordWorkoutInput {
  workoutId: string | null;
  performedOn: string;
  /** Defaults to now. */
  startedAt?: Date | null;
  endedAt?: Date | null;
  perceivedEffort?: number | null;
  notes?: string | null;
  sets: readonly ExerciseSetInput[];
}

/** Only the fields given change (undefined); null clears endedAt/perceivedEffort/notes. */
export interface UpdateWorkoutInput {
  performedOn?: string | null;
  startedAt?: Date | null;
  endedAt?: Date | null;
  perceivedEffort?: number | null;
  notes?: string | null;
}

function checkTimes(startedAt: Date, endedAt: Date | null): void {
  if (endedAt && endedAt < startedAt) throw badInput("endedAt cannot be before startedAt", "endedAt");
}

/**
 * Logs a performed session and its sets. The workout, when given, must be the actor's own and
 * every exercise global or the actor's (else NOT_FOUND); each (exercise, setNumber) once.
 * Emits workout.logged.
 */
export async function recordWorkoutSession(tx: Tx, actor: Actor, input: RecordWorkoutInput): Promise<WorkoutSession> {
  const { userId } = actor;
  const startedAt = input.startedAt ?? new Date();
  checkTimes(startedAt, input.endedAt ?? null);
  const seen = new Set<string>();
  input.sets.forEach((set, index) => {
    const key = `${set.exerciseId}#${set.setNumber}`;
    if (seen.has(key)) throw badInput(`sets.${index}: set ${set.setNumber} of this exercise is listed twice`, `sets.${index}.setNumber`);
    seen.add(key);
  });
  if (input.workoutId && !(await tx.workout.findFirst({ where: { id: input.workoutId, userId }, select: { id: true } }))) {
    throw notFound("Workout");
  }
  await assertUsableExercises(tx, userId, input.sets.map((set) => set.exerciseId));
  const session = await withDatabaseErrors(() =>
    tx.workoutSession.create({
      data: {
        userId,
        workoutId: input.workoutId,
        performedOn: calendarDateToDb(input.performedOn),
        startedAt,
        endedAt: input.endedAt ?? null,
        perceivedEffort: input.perceivedEffort ?? null,
        notes: input.notes ?? null,
      },
    }),
  );
  if (input.sets.length > 0) {
    await withDatabaseErrors(() =>
      tx.exerciseSet.createMany({
        data: input.sets.map((set) => ({
          sessionId: session.id,
          userId,
          exerciseId: set.exerciseId,
          setNumber: set.setNumber,
          reps: set.reps ?? null,
          weightKg: set.weightKg ?? null,
          durationSeconds: set.durationSeconds ?? null,
          distanceMeters: set.distanceMeters ?? null,
          rpe: set.rpe ?? null,
        })),
      }),
    );
  }
  await emit(tx, {
    type: "workout.logged",
    userId,
    payload: { sessionId: session.id, day: input.performedOn, sets: input.sets.length },
  });
  return session;
}

/** Edits a session (not its sets): workout.updated with the changed fields. */
export async function updateWorkoutSession(
  tx: Tx,
  actor: Actor,
  sessionId: string,
  input: UpdateWorkoutInput,
): Promise<WorkoutSession> {
  const session = await tx.workoutSession.findFirst({ where: { id: sessionId, userId: actor.userId } });
  if (!session) throw notFound("WorkoutSession");
  checkTimes(input.startedAt ?? session.startedAt, input.endedAt === undefined ? session.endedAt : input.endedAt);
  const updated = await tx.workoutSession.update({
    where: { id: sessionId },
    data: {
      performedOn: input.performedOn ? calendarDateToDb(input.performedOn) : undefined,
      startedAt: input.startedAt ?? undefined,
      endedAt: input.endedAt,
      perceivedEffort: input.perceivedEffort,
      notes: input.notes,
    },
  });
  const changed = Object.entries(input)
    .filter(([, value]) => value !== undefined)
    .map(([key]) => key)
    .sort();
  await emit(tx, { type: "workout.updated", userId: actor.userId, payload: { sessionId, changed } });
  return updated;
}

/** Deletes a session and its sets: workout.deleted. */
export async function deleteWorkoutSession(tx: Tx, actor: Actor, sessionId: string): Promise<void> {
  const { count } = await tx.workoutSession.deleteMany({ where: { id: sessionId, userId: actor.userId } });
  if (count === 0) throw notFound("WorkoutSession");
  await emit(tx, { type: "workout.deleted", userId: actor.userId, payload: { sessionId } });
}
