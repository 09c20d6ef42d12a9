import { z } from "zod";
import { calendarDateToDb } from "../../domain/calendar.ts";
import { prisma } from "../../db/index.ts";
import { builder } from "../builder.ts";
import { badInput, notFound, withDatabaseErrors } from "../errors/index.ts";
import { decodeId, encodeId } from "../ids.ts";
import { ownedByViewer, viewerIdOrNobody } from "../tenancy.ts";
import { optionalInt, optionalText, refuseNulls } from "../validators.ts";
import { assertUsableExercises } from "./exercise.ts";
import { decimalToNumber, sessionsNewestFirst } from "./workout.ts";

export const MAX_SESSION_SETS = 500;
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

function checkTimes(startedAt: Date, endedAt: Date | null): void {
  if (endedAt && endedAt < startedAt) throw badInput("endedAt cannot be before startedAt", "endedAt");
}

builder.mutationField("recordWorkoutSession", (t) =>
  t.withAuth({ signedIn: true }).prismaField({
    type: "WorkoutSession",
    description:
      "Logs a performed session and its sets in one transaction. Every exercise must be global or the viewer's own (else NOT_FOUND).",
    args: { input: t.arg({ type: RecordWorkoutSessionInput, required: true }) },
    resolve: async (query, _root, { input }, ctx) => {
      const userId = ctx.viewer.userId;
      const workoutId = input.workoutId == null ? null : decodeId(input.workoutId, "Workout", "workoutId");
      const startedAt = input.startedAt ?? new Date();
      checkTimes(startedAt, input.endedAt ?? null);
      const sets = input.sets.map((set, index) => ({
        ...set,
        exerciseId: decodeId(set.exerciseId, "Exercise", `sets.${index}.exerciseId`),
      }));
      const seen = new Set<string>();
      sets.forEach((set, index) => {
        const key = `${set.exerciseId}#${set.setNumber}`;
        if (seen.has(key)) throw badInput(`sets.${index}: set ${set.setNumber} of this exercise is listed twice`, `sets.${index}.setNumber`);
        seen.add(key);
      });
      return prisma.$transaction(async (tx) => {
        if (workoutId && !(await tx.workout.findFirst({ where: { id: workoutId, userId }, select: { id: true } }))) {
          throw notFound("Workout");
        }
        await assertUsableExercises(tx, userId, sets.map((set) => set.exerciseId));
        const session = await withDatabaseErrors(() =>
          tx.workoutSession.create({
            data: {
              userId,
              workoutId,
              performedOn: calendarDateToDb(input.performedOn),
              startedAt,
              endedAt: input.endedAt ?? null,
              perceivedEffort: input.perceivedEffort ?? null,
              notes: input.notes ?? null,
            },
          }),
        );
        if (sets.length > 0) {
          await withDatabaseErrors(() =>
            tx.exerciseSet.createMany({
              data: sets.map((set) => ({
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
        await tx.behaviorOutbox.create({
          data: {
            userId,
            eventType: "workout.recorded",
            idempotencyKey: `workout.recorded:${session.id}`,
            payload: { sessionId: session.id, workoutId, performedOn: input.performedOn, sets: sets.length },
          },
        });
        return tx.workoutSession.findUniqueOrThrow({ ...query, where: { id: session.id } });
      });
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
      return prisma.$transaction(async (tx) => {
        const session = await tx.workoutSession.findFirst({ where: { id, userId: ctx.viewer.userId } });
        if (!session) throw notFound("WorkoutSession");
        checkTimes(input.startedAt ?? session.startedAt, input.endedAt === undefined ? session.endedAt : input.endedAt);
        await tx.workoutSession.update({
          where: { id },
          data: {
            performedOn: input.performedOn ? calendarDateToDb(input.performedOn) : undefined,
            startedAt: input.startedAt ?? undefined,
            endedAt: input.endedAt,
            perceivedEffort: input.perceivedEffort,
            notes: input.notes,
          },
        });
        return tx.workoutSession.findUniqueOrThrow({ ...query, where: { id } });
      });
    },
  }),
);

builder.mutationField("deleteWorkoutSession", (t) =>
  t.withAuth({ signedIn: true }).id({
    description: "Deletes one of the viewer's sessions and its sets; returns its global ID.",
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, args, ctx) => {
      const id = decodeId(args.id, "WorkoutSession");
      return prisma.$transaction(async (tx) => {
        const { count } = await tx.workoutSession.deleteMany({ where: { id, userId: ctx.viewer.userId } });
        if (count === 0) throw notFound("WorkoutSession");
        return encodeId("WorkoutSession", id);
      });
    },
  }),
);
