import { z } from "zod";
import { prisma } from "../../db/index.ts";
import * as workouts from "../../domain/workouts.ts";
import { MAX_WORKOUT_EXERCISES } from "../../domain/workouts.ts";
import type { Prisma } from "../../generated/prisma/client.ts";
import { builder } from "../builder.ts";
import { reread, runMutation } from "../mutation.ts";
import { decodeId, encodeId } from "../ids.ts";
import { orderByPosition } from "../../domain/ordering.ts";
import { ownedByViewer, viewerIdOrNobody } from "../tenancy.ts";
import { nonBlank, optionalInt, optionalText, refuseNulls, sortOrder } from "../validators.ts";

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

/** The domain's entry from an input entry whose exercise ID is decoded. */
function entryOf<E extends { exerciseId: string | number }>(entry: E, exerciseId: string): Omit<E, "exerciseId"> & { exerciseId: string } {
  return { ...entry, exerciseId };
}

builder.mutationField("createWorkout", (t) =>
  t.withAuth({ signedIn: true }).prismaField({
    type: "Workout",
    args: { input: t.arg({ type: CreateWorkoutInput, required: true }) },
    resolve: (query, _root, { input }, ctx) => {
      const entries = (input.exercises ?? []).map((entry, index) =>
        entryOf(entry, decodeId(entry.exerciseId, "Exercise", `exercises.${index}.exerciseId`)),
      );
      return runMutation(ctx, (tx, actor) => workouts.createWorkout(tx, actor, { ...input, entries }), reread("Workout", query));
    },
  }),
);

builder.mutationField("updateWorkout", (t) =>
  t.withAuth({ signedIn: true }).prismaField({
    type: "Workout",
    args: { id: t.arg.id({ required: true }), input: t.arg({ type: UpdateWorkoutInput, required: true }) },
    resolve: (query, _root, args, ctx) => {
      const id = decodeId(args.id, "Workout");
      const { input } = args;
      refuseNulls(input, ["name", "isArchived", "sortOrder"]);
      const changes = { name: input.name, description: input.description, isArchived: input.isArchived, sortOrder: input.sortOrder };
      return runMutation(ctx, (tx, actor) => workouts.updateWorkout(tx, actor, id, changes), reread("Workout", query));
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
      await runMutation(ctx, (tx, actor) => workouts.deleteWorkout(tx, actor, id));
      return encodeId("Workout", id);
    },
  }),
);

builder.mutationField("addWorkoutExercise", (t) =>
  t.withAuth({ signedIn: true }).prismaField({
    type: "WorkoutExercise",
    args: { workoutId: t.arg.id({ required: true }), input: t.arg({ type: WorkoutExerciseInput, required: true }) },
    resolve: (query, _root, args, ctx) => {
      const workoutId = decodeId(args.workoutId, "Workout", "workoutId");
      const entry = entryOf(args.input, decodeId(args.input.exerciseId, "Exercise", "exerciseId"));
      return runMutation(ctx, (tx, actor) => workouts.addWorkoutExercise(tx, actor, workoutId, entry), reread("WorkoutExercise", query));
    },
  }),
);

builder.mutationField("updateWorkoutExercise", (t) =>
  t.withAuth({ signedIn: true }).prismaField({
    type: "WorkoutExercise",
    args: { id: t.arg.id({ required: true }), input: t.arg({ type: UpdateWorkoutExerciseInput, required: true }) },
    resolve: (query, _root, args, ctx) => {
      const id = decodeId(args.id, "WorkoutExercise");
      const { input } = args;
      refuseNulls(input, ["exerciseId", "targetSets", "sortOrder"]);
      const changes = {
        exerciseId: input.exerciseId === undefined ? undefined : decodeId(input.exerciseId, "Exercise", "exerciseId"),
        targetSets: input.targetSets,
        targetReps: input.targetReps,
        targetWeightKg: input.targetWeightKg,
        targetSeconds: input.targetSeconds,
        restSeconds: input.restSeconds,
        notes: input.notes,
        sortOrder: input.sortOrder,
      };
      return runMutation(ctx, (tx, actor) => workouts.updateWorkoutExercise(tx, actor, id, changes), reread("WorkoutExercise", query));
    },
  }),
);

builder.mutationField("removeWorkoutExercise", (t) =>
  t.withAuth({ signedIn: true }).id({
    description: "Removes an exercise from one of the viewer's workouts; returns its global ID.",
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, args, ctx) => {
      const id = decodeId(args.id, "WorkoutExercise");
      await runMutation(ctx, (tx, actor) => workouts.removeWorkoutExercise(tx, actor, id));
      return encodeId("WorkoutExercise", id);
    },
  }),
);

builder.mutationField("reorderWorkoutExercises", (t) =>
  t.withAuth({ signedIn: true }).prismaField({
    type: "Workout",
    description: "Sets the order of a workout's exercises: `ids` lists every entry exactly once; sortOrder becomes the position.",
    args: { workoutId: t.arg.id({ required: true }), ids: t.arg.idList({ required: true }) },
    resolve: (query, _root, args, ctx) => {
      const workoutId = decodeId(args.workoutId, "Workout", "workoutId");
      const ids = args.ids.map((id) => decodeId(id, "WorkoutExercise", "ids"));
      return runMutation(ctx, (tx, actor) => workouts.reorderWorkoutExercises(tx, actor, workoutId, ids), reread("Workout", query));
    },
  }),
);
