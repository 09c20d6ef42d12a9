import { z } from "zod";
import { calendarDateToDb } from "../../domain/calendar.ts";
import * as fitness from "../../domain/fitness.ts";
import { builder } from "../builder.ts";
import { reread, runMutation } from "../mutation.ts";
import { decodeId, encodeId } from "../ids.ts";
import { ownedByViewer, viewerIdOrNobody } from "../tenancy.ts";
import { optionalInt, optionalText, refuseNulls } from "../validators.ts";
import { decimalToNumber, sessionsNewestFirst } from "./workout.ts";

export { MAX_SESSION_SETS } from "../../domain/fitness.ts";
const { MAX_SESSION_SETS } = fitness;
const setsInOrder = () => [{ setNumber: "asc" as const }, { createdAt: "asc" as const }, { id: "asc" as const }];

builder.prismaNode("WorkoutSession", {
  id: { field: "id" },
  findUnique: ownedByViewer,
  nullable: true,
  description: "A workout as performed on a day; without a workout it is an ad-hoc session.",
  fields: (t) => ({
    workout: t.relation("workout", { nullable: true }),
    performedOn: t.expose("performedOn", { type: "Date" }),
    startedAt: t.expose("startedAt", { type: "DateTime" }),
    endedAt: t.expose("endedAt", { type: "DateTime", nullable: true }),
    perceivedEffort: t.exposeInt("perceivedEffort", { nullable: true, description: "1–10." }),
    notes: t.exposeString("notes", { nullable: true }),
    sets: t.relation("sets", {
      description: "By setNumber, then createdAt, then id.",
      query: (_args, ctx) => ({ where: { userId: viewerIdOrNobody(ctx) }, orderBy: setsInOrder() }),
    }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    updatedAt: t.expose("updatedAt", { type: "DateTime" }),
  }),
});

builder.prismaNode("ExerciseSet", {
  id: { field: "id" },
  findUnique: ownedByViewer,
  nullable: true,
  description: "One logged set of an exercise in a session.",
  fields: (t) => ({
    session: t.relation("session"),
    exercise: t.relation("exercise"),
    setNumber: t.exposeInt("setNumber"),
    reps: t.exposeInt("reps", { nullable: true }),
    weightKg: t.float({ nullable: true, select: { weightKg: true }, resolve: (set) => decimalToNumber(set.weightKg) }),
    durationSeconds: t.exposeInt("durationSeconds", { nullable: true }),
    distanceMeters: t.exposeInt("distanceMeters", { nullable: true }),
    rpe: t.exposeInt("rpe", { nullable: true, description: "Rate of perceived exertion, 1–10." }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
  }),
});

builder.prismaObjectField("User", "workoutSessions", (t) =>
  t.relatedConnection("workoutSessions", {
    cursor: "id",
    description: "Performed sessions, newest first; from/to bound performedOn (inclusive).",
    args: { from: t.arg({ type: "Date" }), to: t.arg({ type: "Date" }) },
    query: (args, ctx) => ({
      where: {
        userId: viewerIdOrNobody(ctx),
        performedOn: {
          ...(args.from ? { gte: calendarDateToDb(args.from) } : {}),
          ...(args.to ? { lte: calendarDateToDb(args.to) } : {}),
        },
      },
      orderBy: sessionsNewestFirst(),
    }),
  }),
);

// ---------------------------------------------------------------------------
// Writes

const ExerciseSetInput = builder.inputType("ExerciseSetInput", {
  fields: (t) => ({
    exerciseId: t.id({ required: true }),
    setNumber: t.int({ required: true, validate: z.number().int().min(1).max(1000) }),
    reps: t.int({ validate: optionalInt(0, 10_000) }),
    weightKg: t.float({ validate: z.number().min(0).max(9999.99).nullish() }),
    durationSeconds: t.int({ validate: optionalInt(0, 86_400) }),
    distanceMeters: t.int({ validate: optionalInt(0, 1_000_000) }),
    rpe: t.int({ validate: optionalInt(1, 10) }),
  }),
});

const RecordWorkoutSessionInput = builder.inputType("RecordWorkoutSessionInput", {
  fields: (t) => ({
    workoutId: t.id({ description: "One of the viewer's workouts; omitted for an ad-hoc session." }),
    performedOn: t.field({ type: "Date", required: true }),
    startedAt: t.field({ type: "DateTime", description: "Defaults to now." }),
    endedAt: t.field({ type: "DateTime" }),
    perceivedEffort: t.int({ validate: optionalInt(1, 10) }),
    notes: t.string({ validate: optionalText(5000) }),
    sets: t.field({
      type: [ExerciseSetInput],
      required: true,
      description: `At most ${MAX_SESSION_SETS}; each (exercise, setNumber) once.`,
      validate: z.array(z.unknown()).max(MAX_SESSION_SETS),
    }),
  }),
});

const UpdateWorkoutSessionInput = builder.inputType("UpdateWorkoutSessionInput", {
  description: "Only the fields given change; null clears endedAt/perceivedEffort/notes.",
  fields: (t) => ({
    performedOn: t.field({ type: "Date" }),
    startedAt: t.field({ type: "DateTime" }),
    endedAt: t.field({ type: "DateTime" }),
    perceivedEffort: t.int({ validate: optionalInt(1, 10) }),
    notes: t.string({ validate: optionalText(5000) }),
  }),
});

builder.mutationField("recordWorkoutSession", (t) =>
  t.withAuth({ signedIn: true }).prismaField({
    type: "WorkoutSession",
    description:
      "Logs a performed session and its sets in one transaction. Every exercise must be global or the viewer's own (else NOT_FOUND).",
    args: { input: t.arg({ type: RecordWorkoutSessionInput, required: true }) },
    resolve: (query, _root, { input }, ctx) => {
      const workoutId = input.workoutId == null ? null : decodeId(input.workoutId, "Workout", "workoutId");
      const sets = input.sets.map((set, index) => ({
        ...set,
        exerciseId: decodeId(set.exerciseId, "Exercise", `sets.${index}.exerciseId`),
      }));
      return runMutation(
        ctx,
        (tx, actor) => fitness.recordWorkoutSession(tx, actor, { ...input, workoutId, sets }),
        reread("WorkoutSession", query),
      );
    },
  }),
);

builder.mutationField("updateWorkoutSession", (t) =>
  t.withAuth({ signedIn: true }).prismaField({
    type: "WorkoutSession",
    args: { id: t.arg.id({ required: true }), input: t.arg({ type: UpdateWorkoutSessionInput, required: true }) },
    resolve: async (query, _root, args, ctx) => {
      const id = decodeId(args.id, "WorkoutSession");
      const { input } = args;
      refuseNulls(input, ["performedOn", "startedAt"]);
      return runMutation(ctx, (tx, actor) => fitness.updateWorkoutSession(tx, actor, id, input), reread("WorkoutSession", query, id));
    },
  }),
);

builder.mutationField("deleteWorkoutSession", (t) =>
  t.withAuth({ signedIn: true }).id({
    description: "Deletes one of the viewer's sessions and its sets; returns its global ID.",
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, args, ctx) => {
      const id = decodeId(args.id, "WorkoutSession");
      await runMutation(ctx, (tx, actor) => fitness.deleteWorkoutSession(tx, actor, id));
      return encodeId("WorkoutSession", id);
    },
  }),
);

const AddExerciseSetInput = builder.inputType("AddExerciseSetInput", {
  fields: (t) => ({
    exerciseId: t.id({ required: true, description: "A global exercise or one of the viewer's own." }),
    setNumber: t.int({ description: "Defaults to the next set number of this exercise in the session.", validate: optionalInt(1, 1000) }),
    reps: t.int({ validate: optionalInt(0, 10_000) }),
    weightKg: t.float({ validate: z.number().min(0).max(9999.99).nullish() }),
    durationSeconds: t.int({ validate: optionalInt(0, 86_400) }),
    distanceMeters: t.int({ validate: optionalInt(0, 1_000_000) }),
    rpe: t.int({ validate: optionalInt(1, 10) }),
  }),
});

const UpdateExerciseSetInput = builder.inputType("UpdateExerciseSetInput", {
  description: "Only the fields given change; null clears reps, weightKg, durationSeconds, distanceMeters and rpe.",
  fields: (t) => ({
    exerciseId: t.id(),
    setNumber: t.int({ validate: optionalInt(1, 1000) }),
    reps: t.int({ validate: optionalInt(0, 10_000) }),
    weightKg: t.float({ validate: z.number().min(0).max(9999.99).nullish() }),
    durationSeconds: t.int({ validate: optionalInt(0, 86_400) }),
    distanceMeters: t.int({ validate: optionalInt(0, 1_000_000) }),
    rpe: t.int({ validate: optionalInt(1, 10) }),
  }),
});

builder.mutationField("addExerciseSet", (t) =>
  t.withAuth({ signedIn: true }).prismaField({
    type: "ExerciseSet",
    description: `Adds a set to one of the viewer's recorded sessions (at most ${MAX_SESSION_SETS}); an existing set number of the exercise is a CONFLICT.`,
    args: { sessionId: t.arg.id({ required: true }), input: t.arg({ type: AddExerciseSetInput, required: true }) },
    resolve: (query, _root, args, ctx) => {
      const sessionId = decodeId(args.sessionId, "WorkoutSession", "sessionId");
      const exerciseId = decodeId(args.input.exerciseId, "Exercise", "input.exerciseId");
      return runMutation(
        ctx,
        (tx, actor) => fitness.addExerciseSet(tx, actor, sessionId, { ...args.input, exerciseId }),
        reread("ExerciseSet", query),
      );
    },
  }),
);

builder.mutationField("updateExerciseSet", (t) =>
  t.withAuth({ signedIn: true }).prismaField({
    type: "ExerciseSet",
    description: "Edits one of the viewer's sets; moving it onto an existing set number of the exercise is a CONFLICT.",
    args: { id: t.arg.id({ required: true }), input: t.arg({ type: UpdateExerciseSetInput, required: true }) },
    resolve: (query, _root, args, ctx) => {
      const id = decodeId(args.id, "ExerciseSet");
      const { input } = args;
      refuseNulls(input, ["exerciseId", "setNumber"], "input");
      const exerciseId = input.exerciseId === undefined ? undefined : decodeId(input.exerciseId, "Exercise", "input.exerciseId");
      return runMutation(
        ctx,
        (tx, actor) => fitness.updateExerciseSet(tx, actor, id, { ...input, exerciseId }),
        reread("ExerciseSet", query, id),
      );
    },
  }),
);

builder.mutationField("deleteExerciseSet", (t) =>
  t.withAuth({ signedIn: true }).id({
    description: "Deletes one of the viewer's sets; returns its global ID.",
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, args, ctx) => {
      const id = decodeId(args.id, "ExerciseSet");
      await runMutation(ctx, (tx, actor) => fitness.deleteExerciseSet(tx, actor, id));
      return encodeId("ExerciseSet", id);
    },
  }),
);
