import { z } from "zod";
import { prisma } from "../../db/index.ts";
import type { Tx } from "../../domain/transaction.ts";
import type { Prisma } from "../../generated/prisma/client.ts";
import { builder } from "../builder.ts";
import { badInput, notFound, withDatabaseErrors } from "../errors/index.ts";
import { decodeId, encodeId } from "../ids.ts";
import { orderByPosition } from "../../domain/ordering.ts";
import { ownedByViewer, viewerIdOrNobody } from "../tenancy.ts";
import { nonBlank, optionalInt, optionalText, refuseNulls, sortOrder } from "../validators.ts";
import { assertUsableExercises } from "../../domain/fitness.ts";

export const MAX_WORKOUT_EXERCISES = 100;
export const sessionsNewestFirst = () => [
  { performedOn: "desc" as const },
  { startedAt: "desc" as const },
  { createdAt: "desc" as const },
  { id: "desc" as const },
];

/** A Decimal column as a GraphQL Float. */
export const decimalToNumber = (value: Prisma.Decimal | null): number | null => (value === null ? null : Number(value));

export const WorkoutRef = builder.prismaNode("Workout", {
  id: { field: "id" },
  findUnique: ownedByViewer,
  nullable: true,
  description: "A workout template: an ordered list of exercises with targets.",
  fields: (t) => ({
    name: t.exposeString("name"),
    description: t.exposeString("description", { nullable: true }),
    isArchived: t.exposeBoolean("isArchived"),
    sortOrder: t.exposeInt("sortOrder"),
    exercises: t.relation("exercises", {
      description: "By position (sortOrder, createdAt, id).",
      query: (_args, ctx) => ({ where: { userId: viewerIdOrNobody(ctx) }, orderBy: orderByPosition() }),
    }),
    sessions: t.relatedConnection("sessions", {
      cursor: "id",
      description: "Sessions performed from this workout, newest first.",
      query: (_args, ctx) => ({ where: { userId: viewerIdOrNobody(ctx) }, orderBy: sessionsNewestFirst() }),
    }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    updatedAt: t.expose("updatedAt", { type: "DateTime" }),
  }),
});

builder.prismaNode("WorkoutExercise", {
  id: { field: "id" },
  findUnique: ownedByViewer,
  nullable: true,
  description: "One exercise of a workout, with its targets.",
  fields: (t) => ({
    workout: t.relation("workout"),
    exercise: t.relation("exercise"),
    targetSets: t.exposeInt("targetSets"),
    targetReps: t.exposeInt("targetReps", { nullable: true }),
    targetWeightKg: t.float({
      nullable: true,
      select: { targetWeightKg: true },
      resolve: (entry) => decimalToNumber(entry.targetWeightKg),
    }),
    targetSeconds: t.exposeInt("targetSeconds", { nullable: true }),
    restSeconds: t.exposeInt("restSeconds", { nullable: true }),
    notes: t.exposeString("notes", { nullable: true }),
    sortOrder: t.exposeInt("sortOrder"),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    updatedAt: t.expose("updatedAt", { type: "DateTime" }),
  }),
});

builder.prismaObjectField("User", "workouts", (t) =>
  t.relatedConnection("workouts", {
    cursor: "id",
    description: "The user's workouts by position; archived ones only with includeArchived.",
    args: { includeArchived: t.arg.boolean({ defaultValue: false }) },
    query: (args, ctx) => ({
      where: { userId: viewerIdOrNobody(ctx), ...(args.includeArchived ? {} : { isArchived: false }) },
      orderBy: orderByPosition(),
    }),
  }),
);

builder.queryField("workout", (t) =>
  t.withAuth({ signedIn: true }).prismaField({
    type: "Workout",
    nullable: true,
    description: "One of the viewer's workouts (null for a missing or foreign ID).",
    args: { id: t.arg.id({ required: true }) },
    resolve: (query, _root, args, ctx) =>
      prisma.workout.findFirst({ ...query, where: { id: decodeId(args.id, "Workout"), userId: ctx.viewer.userId } }),
  }),
);

// ---------------------------------------------------------------------------
// Writes

const weightKg = z.number().min(0).max(9999.99).nullish();

const WorkoutExerciseInput = builder.inputType("WorkoutExerciseInput", {
  fields: (t) => ({
    exerciseId: t.id({ required: true, description: "A global catalogue exercise or one of the viewer's custom ones." }),
    targetSets: t.int({ validate: optionalInt(1, 100) }),
    targetReps: t.int({ validate: optionalInt(0, 10_000) }),
    targetWeightKg: t.float({ validate: weightKg }),
    targetSeconds: t.int({ validate: optionalInt(0, 86_400) }),
    restSeconds: t.int({ validate: optionalInt(0, 86_400) }),
    notes: t.string({ validate: optionalText(2000) }),
    sortOrder: t.int({ description: "Defaults to the position (in createWorkout) or after the last one.", validate: sortOrder }),
  }),
});

const UpdateWorkoutExerciseInput = builder.inputType("UpdateWorkoutExerciseInput", {
  description: "Only the fields given change; null clears an optional target.",
  fields: (t) => ({
    exerciseId: t.id(),
    targetSets: t.int({ validate: optionalInt(1, 100) }),
    targetReps: t.int({ validate: optionalInt(0, 10_000) }),
    targetWeightKg: t.float({ validate: weightKg }),
    targetSeconds: t.int({ validate: optionalInt(0, 86_400) }),
    restSeconds: t.int({ validate: optionalInt(0, 86_400) }),
    notes: t.string({ validate: optionalText(2000) }),
    sortOrder: t.int({ validate: sortOrder }),
  }),
});

const CreateWorkoutInput = builder.inputType("CreateWorkoutInput", {
  fields: (t) => ({
    name: t.string({ required: true, validate: nonBlank(200) }),
    description: t.string({ validate: optionalText(5000) }),
    sortOrder: t.int({ validate: sortOrder }),
    exercises: t.field({
      type: [WorkoutExerciseInput],
      validate: z.array(z.unknown()).max(MAX_WORKOUT_EXERCISES).nullish(),
    }),
  }),
});

const UpdateWorkoutInput = builder.inputType("UpdateWorkoutInput", {
  fields: (t) => ({
    name: t.string({ validate: nonBlank(200).nullish() }),
    description: t.string({ validate: optionalText(5000) }),
    isArchived: t.boolean(),
    sortOrder: t.int({ validate: sortOrder }),
  }),
});

interface EntryInput {
  exerciseId: string | number;
  targetSets?: number | null;
  targetReps?: number | null;
  targetWeightKg?: number | null;
  targetSeconds?: number | null;
  restSeconds?: number | null;
  notes?: string | null;
  sortOrder?: number | null;
}

function entryData(entry: EntryInput, exerciseId: string, workoutId: string, userId: string, defaultSortOrder: number) {
  return {
    workoutId,
    userId,
    exerciseId,
    targetSets: entry.targetSets ?? 3,
    targetReps: entry.targetReps ?? null,
    targetWeightKg: entry.targetWeightKg ?? null,
    targetSeconds: entry.targetSeconds ?? null,
    restSeconds: entry.restSeconds ?? null,
    notes: entry.notes ?? null,
    sortOrder: entry.sortOrder ?? defaultSortOrder,
  };
}

async function findOwnWorkout(tx: Tx, id: string, userId: string) {
  const workout = await tx.workout.findFirst({ where: { id, userId } });
  if (!workout) throw notFound("Workout");
  return workout;
}

builder.mutationField("createWorkout", (t) =>
  t.withAuth({ signedIn: true }).prismaField({
    type: "Workout",
    args: { input: t.arg({ type: CreateWorkoutInput, required: true }) },
    resolve: async (query, _root, { input }, ctx) => {
      const userId = ctx.viewer.userId;
      const entries = input.exercises ?? [];
      const exerciseIds = entries.map((entry, index) => decodeId(entry.exerciseId, "Exercise", `exercises.${index}.exerciseId`));
      return prisma.$transaction(async (tx) => {
        await assertUsableExercises(tx, userId, exerciseIds);
        const workout = await withDatabaseErrors(() =>
          tx.workout.create({
            data: {
              userId,
              name: input.name.trim(),
              description: input.description ?? null,
              sortOrder: input.sortOrder ?? 0,
            },
          }),
        );
        if (entries.length > 0) {
          await tx.workoutExercise.createMany({
            data: entries.map((entry, index) => entryData(entry, exerciseIds[index], workout.id, userId, index)),
          });
        }
        return tx.workout.findUniqueOrThrow({ ...query, where: { id: workout.id } });
      });
    },
  }),
);

builder.mutationField("updateWorkout", (t) =>
  t.withAuth({ signedIn: true }).prismaField({
    type: "Workout",
    args: { id: t.arg.id({ required: true }), input: t.arg({ type: UpdateWorkoutInput, required: true }) },
    resolve: async (query, _root, args, ctx) => {
      const id = decodeId(args.id, "Workout");
      const { input } = args;
      refuseNulls(input, ["name", "isArchived", "sortOrder"]);
      return prisma.$transaction(async (tx) => {
        const { count } = await tx.workout.updateMany({
          where: { id, userId: ctx.viewer.userId },
          data: {
            name: input.name?.trim() ?? undefined,
            description: input.description,
            isArchived: input.isArchived ?? undefined,
            sortOrder: input.sortOrder ?? undefined,
          },
        });
        if (count === 0) throw notFound("Workout");
        return tx.workout.findUniqueOrThrow({ ...query, where: { id } });
      });
    },
  }),
);

builder.mutationField("deleteWorkout", (t) =>
  t.withAuth({ signedIn: true }).id({
    description:
      "Deletes one of the viewer's workouts and its exercise list. Sessions performed from it are kept as ad-hoc sessions. Returns its global ID.",
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, args, ctx) => {
      const id = decodeId(args.id, "Workout");
      const userId = ctx.viewer.userId;
      return prisma.$transaction(async (tx) => {
        await findOwnWorkout(tx, id, userId);
        await tx.workoutSession.updateMany({ where: { workoutId: id, userId }, data: { workoutId: null } });
        await tx.workoutExercise.deleteMany({ where: { workoutId: id } });
        await tx.workout.delete({ where: { id } });
        return encodeId("Workout", id);
      });
    },
  }),
);

builder.mutationField("addWorkoutExercise", (t) =>
  t.withAuth({ signedIn: true }).prismaField({
    type: "WorkoutExercise",
    args: { workoutId: t.arg.id({ required: true }), input: t.arg({ type: WorkoutExerciseInput, required: true }) },
    resolve: async (query, _root, args, ctx) => {
      const workoutId = decodeId(args.workoutId, "Workout", "workoutId");
      const exerciseId = decodeId(args.input.exerciseId, "Exercise", "exerciseId");
      const userId = ctx.viewer.userId;
      return prisma.$transaction(async (tx) => {
        await findOwnWorkout(tx, workoutId, userId);
        await assertUsableExercises(tx, userId, [exerciseId]);
        const [count, last] = await Promise.all([
          tx.workoutExercise.count({ where: { workoutId } }),
          tx.workoutExercise.aggregate({ where: { workoutId }, _max: { sortOrder: true } }),
        ]);
        if (count >= MAX_WORKOUT_EXERCISES) throw badInput(`A workout holds at most ${MAX_WORKOUT_EXERCISES} exercises`, "workoutId");
        const nextSortOrder = (last._max.sortOrder ?? -1) + 1;
        return tx.workoutExercise.create({ ...query, data: entryData(args.input, exerciseId, workoutId, userId, nextSortOrder) });
      });
    },
  }),
);

builder.mutationField("updateWorkoutExercise", (t) =>
  t.withAuth({ signedIn: true }).prismaField({
    type: "WorkoutExercise",
    args: { id: t.arg.id({ required: true }), input: t.arg({ type: UpdateWorkoutExerciseInput, required: true }) },
    resolve: async (query, _root, args, ctx) => {
      const id = decodeId(args.id, "WorkoutExercise");
      const { input } = args;
      refuseNulls(input, ["exerciseId", "targetSets", "sortOrder"]);
      const exerciseId = input.exerciseId == null ? undefined : decodeId(input.exerciseId, "Exercise", "exerciseId");
      const userId = ctx.viewer.userId;
      return prisma.$transaction(async (tx) => {
        const entry = await tx.workoutExercise.findFirst({ where: { id, userId } });
        if (!entry) throw notFound("WorkoutExercise");
        if (exerciseId) await assertUsableExercises(tx, userId, [exerciseId]);
        await tx.workoutExercise.update({
          where: { id },
          data: {
            exerciseId,
            targetSets: input.targetSets ?? undefined,
            targetReps: input.targetReps,
            targetWeightKg: input.targetWeightKg,
            targetSeconds: input.targetSeconds,
            restSeconds: input.restSeconds,
            notes: input.notes,
            sortOrder: input.sortOrder ?? undefined,
          },
        });
        return tx.workoutExercise.findUniqueOrThrow({ ...query, where: { id } });
      });
    },
  }),
);

builder.mutationField("removeWorkoutExercise", (t) =>
  t.withAuth({ signedIn: true }).id({
    description: "Removes an exercise from one of the viewer's workouts; returns its global ID.",
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, args, ctx) => {
      const id = decodeId(args.id, "WorkoutExercise");
      return prisma.$transaction(async (tx) => {
        const { count } = await tx.workoutExercise.deleteMany({ where: { id, userId: ctx.viewer.userId } });
        if (count === 0) throw notFound("WorkoutExercise");
        return encodeId("WorkoutExercise", id);
      });
    },
  }),
);

builder.mutationField("reorderWorkoutExercises", (t) =>
  t.withAuth({ signedIn: true }).prismaField({
    type: "Workout",
    description: "Sets the order of a workout's exercises: `ids` lists every entry exactly once; sortOrder becomes the position.",
    args: { workoutId: t.arg.id({ required: true }), ids: t.arg.idList({ required: true }) },
    resolve: async (query, _root, args, ctx) => {
      const workoutId = decodeId(args.workoutId, "Workout", "workoutId");
      const ids = args.ids.map((id) => decodeId(id, "WorkoutExercise", "ids"));
      const userId = ctx.viewer.userId;
      return prisma.$transaction(async (tx) => {
        await findOwnWorkout(tx, workoutId, userId);
        const entries = await tx.workoutExercise.findMany({ where: { workoutId, userId }, select: { id: true } });
        const existing = new Set(entries.map((entry) => entry.id));
        if (new Set(ids).size !== ids.length || ids.length !== existing.size || ids.some((id) => !existing.has(id))) {
          throw badInput("ids must list every exercise of the workout exactly once", "ids");
        }
        for (const [position, id] of ids.entries()) {
          await tx.workoutExercise.update({ where: { id }, data: { sortOrder: position } });
        }
        return tx.workout.findUniqueOrThrow({ ...query, where: { id: workoutId } });
      });
    },
  }),
);
