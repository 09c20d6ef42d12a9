// Fitness: performed workout sessions and their sets, with workout.logged / workout.updated /
// workout.deleted. Logging a workout pays nothing directly; catalogue quests and achievements
// count workouts through the rules step.
import type { ExerciseSet, Prisma, WorkoutSession } from "../generated/prisma/client.ts";
import { badInput, conflict, notFound, withDatabaseErrors } from "./errors.ts";
import type { Actor } from "./actor.ts";
import { calendarDateToDb } from "./calendar.ts";
import { changedFieldNames, emit } from "./events.ts";
import type { Tx } from "./transaction.ts";

/** The most sets one session holds (recorded at once or added one by one). */
export const MAX_SESSION_SETS = 500;

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
  await assertUsableExercises(
    tx,
    userId,
    input.sets.map((set) => set.exerciseId),
  );
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
export async function updateWorkoutSession(tx: Tx, actor: Actor, sessionId: string, input: UpdateWorkoutInput): Promise<WorkoutSession> {
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

// ---- Sets of a recorded session

/** Locks one of the actor's sessions (its sets change one writer at a time), or NOT_FOUND. */
async function lockOwnSession(tx: Tx, actor: Actor, sessionId: string): Promise<void> {
  const locked = await tx.$queryRaw<Array<{ id: string }>>`
    SELECT id::text AS id FROM workout_sessions WHERE id = ${sessionId}::uuid AND user_id = ${actor.userId}::uuid FOR UPDATE`;
  if (locked.length === 0) throw notFound("WorkoutSession");
}

/** The session of one of the actor's sets, locked; NOT_FOUND for a foreign or missing set. */
async function lockSessionOfSet(tx: Tx, actor: Actor, setId: string): Promise<ExerciseSet> {
  const set = await tx.exerciseSet.findFirst({ where: { id: setId, userId: actor.userId }, select: { sessionId: true } });
  if (!set) throw notFound("ExerciseSet");
  await lockOwnSession(tx, actor, set.sessionId);
  // Read again under the lock: a concurrent delete may have removed it meanwhile.
  const current = await tx.exerciseSet.findUnique({ where: { id: setId } });
  if (!current) throw notFound("ExerciseSet");
  return current;
}

async function refuseTakenSetNumber(tx: Tx, sessionId: string, exerciseId: string, setNumber: number, except?: string): Promise<void> {
  const taken = await tx.exerciseSet.findFirst({
    where: { sessionId, exerciseId, setNumber, ...(except ? { id: { not: except } } : {}) },
    select: { id: true },
  });
  if (taken) throw conflict(`Set ${setNumber} of this exercise is already in the session`);
}

/** A set to add: setNumber defaults to the next one of that exercise in the session. */
export type AddExerciseSetInput = Omit<ExerciseSetInput, "setNumber"> & { setNumber?: number | null };

/**
 * Adds a set to one of the actor's recorded sessions (NOT_FOUND for another user's session or
 * an exercise the actor cannot use; CONFLICT when that set number of the exercise exists;
 * BAD_USER_INPUT past MAX_SESSION_SETS): workout.set_added.
 */
export async function addExerciseSet(tx: Tx, actor: Actor, sessionId: string, input: AddExerciseSetInput): Promise<ExerciseSet> {
  const { userId } = actor;
  await lockOwnSession(tx, actor, sessionId);
  await assertUsableExercises(tx, userId, [input.exerciseId]);
  if ((await tx.exerciseSet.count({ where: { sessionId } })) >= MAX_SESSION_SETS) {
    throw badInput(`A session holds at most ${MAX_SESSION_SETS} sets`, "sessionId");
  }
  let setNumber = input.setNumber ?? null;
  if (setNumber === null) {
    const last = await tx.exerciseSet.aggregate({ where: { sessionId, exerciseId: input.exerciseId }, _max: { setNumber: true } });
    setNumber = (last._max.setNumber ?? 0) + 1;
  } else {
    await refuseTakenSetNumber(tx, sessionId, input.exerciseId, setNumber);
  }
  const set = await withDatabaseErrors(() =>
    tx.exerciseSet.create({
      data: {
        sessionId,
        userId,
        exerciseId: input.exerciseId,
        setNumber,
        reps: input.reps ?? null,
        weightKg: input.weightKg ?? null,
        durationSeconds: input.durationSeconds ?? null,
        distanceMeters: input.distanceMeters ?? null,
        rpe: input.rpe ?? null,
      },
    }),
  );
  await emit(tx, { type: "workout.set_added", userId, payload: { sessionId, setId: set.id } }, { once: set.id });
  return set;
}

/** Only the fields given change (undefined); null clears reps, weight, duration, distance and rpe. */
export interface UpdateExerciseSetInput {
  exerciseId?: string;
  setNumber?: number;
  reps?: number | null;
  weightKg?: number | null;
  durationSeconds?: number | null;
  distanceMeters?: number | null;
  rpe?: number | null;
}

/** Edits one of the actor's sets (its session stays): workout.set_updated with the changed fields. */
export async function updateExerciseSet(tx: Tx, actor: Actor, setId: string, input: UpdateExerciseSetInput): Promise<ExerciseSet> {
  const { userId } = actor;
  const set = await lockSessionOfSet(tx, actor, setId);
  if (input.exerciseId !== undefined) await assertUsableExercises(tx, userId, [input.exerciseId]);
  const exerciseId = input.exerciseId ?? set.exerciseId;
  const setNumber = input.setNumber ?? set.setNumber;
  if (exerciseId !== set.exerciseId || setNumber !== set.setNumber) {
    await refuseTakenSetNumber(tx, set.sessionId, exerciseId, setNumber, setId);
  }
  const updated = await withDatabaseErrors(() =>
    tx.exerciseSet.update({
      where: { id: setId },
      data: {
        exerciseId: input.exerciseId,
        setNumber: input.setNumber,
        reps: input.reps,
        weightKg: input.weightKg,
        durationSeconds: input.durationSeconds,
        distanceMeters: input.distanceMeters,
        rpe: input.rpe,
      },
    }),
  );
  await emit(tx, {
    type: "workout.set_updated",
    userId,
    payload: { sessionId: set.sessionId, setId, changed: changedFieldNames(input) },
  });
  return updated;
}

/** Deletes one of the actor's sets: workout.set_deleted. Returns its session's id. */
export async function deleteExerciseSet(tx: Tx, actor: Actor, setId: string): Promise<string> {
  const set = await lockSessionOfSet(tx, actor, setId);
  await tx.exerciseSet.delete({ where: { id: setId } });
  await emit(tx, { type: "workout.set_deleted", userId: actor.userId, payload: { sessionId: set.sessionId, setId } }, { once: setId });
  return set.sessionId;
}
