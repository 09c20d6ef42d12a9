import { z } from "zod";
import { prisma } from "../../db/index.ts";
import * as programs from "../../domain/training-programs.ts";
import { parseSchedule, type ScheduleEntry } from "../../domain/training-programs.ts";
import type { Workout } from "../../generated/prisma/client.ts";
import { builder } from "../builder.ts";
import { reread, runMutation } from "../mutation.ts";
import { decodeId, encodeId } from "../ids.ts";
import { orderNewestFirst } from "../../domain/ordering.ts";
import { ownedByViewer, viewerIdOrNobody } from "../tenancy.ts";
import { nonBlank, optionalText, refuseNulls } from "../validators.ts";
import { WorkoutRef } from "./workout.ts";

export const MAX_SCHEDULE_ENTRIES = 500;

interface ScheduleEntryView extends ScheduleEntry {
  workout: Workout | null;
}

const ScheduleEntryRef = builder.objectRef<ScheduleEntryView>("TrainingProgramScheduleEntry").implement({
  description: "A workout planned on a day of a week of the program.",
  fields: (t) => ({
    week: t.exposeInt("week", { description: "1-based week of the program." }),
    day: t.exposeInt("day", { description: "ISO weekday, 1 = Monday … 7 = Sunday." }),
    workoutId: t.id({ resolve: (entry) => encodeId("Workout", entry.workoutId) }),
    workout: t.field({
      type: WorkoutRef,
      nullable: true,
      description: "Null when the workout has been deleted since.",
      resolve: (entry) => entry.workout,
    }),
    notes: t.exposeString("notes", { nullable: true }),
  }),
});

builder.prismaNode("TrainingProgram", {
  id: { field: "id" },
  findUnique: ownedByViewer,
  nullable: true,
  description: "A multi-week plan of workouts.",
  fields: (t) => ({
    name: t.exposeString("name"),
    description: t.exposeString("description", { nullable: true }),
    goal: t.exposeString("goal", { nullable: true }),
    weeks: t.exposeInt("weeks"),
    daysPerWeek: t.exposeInt("daysPerWeek"),
    schedule: t.field({
      type: [ScheduleEntryRef],
      description: "By week, then day.",
      select: { schedule: true, userId: true },
      resolve: async (program, _args, ctx) => {
        const entries = parseSchedule(program.schedule);
        const ids = [...new Set(entries.map((entry) => entry.workoutId))].filter((id) => /^[0-9a-f-]{36}$/i.test(id));
        const userId = viewerIdOrNobody(ctx);
        const workouts =
          ids.length && program.userId === userId ? await prisma.workout.findMany({ where: { id: { in: ids }, userId } }) : [];
        const byId = new Map(workouts.map((workout) => [workout.id, workout]));
        return entries.map((entry) => ({ ...entry, workout: byId.get(entry.workoutId) ?? null }));
      },
    }),
    isActive: t.exposeBoolean("isActive"),
    startedOn: t.expose("startedOn", { type: "Date", nullable: true }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    updatedAt: t.expose("updatedAt", { type: "DateTime" }),
  }),
});

builder.prismaObjectField("User", "trainingPrograms", (t) =>
  t.relatedConnection("trainingPrograms", {
    cursor: "id",
    description: "The user's training programs, newest first; activeOnly limits to active ones.",
    args: { activeOnly: t.arg.boolean({ defaultValue: false }) },
    query: (args, ctx) => ({
      where: { userId: viewerIdOrNobody(ctx), ...(args.activeOnly ? { isActive: true } : {}) },
      orderBy: orderNewestFirst(),
    }),
  }),
);

// ---------------------------------------------------------------------------
// Writes

const ScheduleEntryInput = builder.inputType("TrainingProgramScheduleEntryInput", {
  fields: (t) => ({
    week: t.int({ required: true, validate: z.number().int().min(1).max(52) }),
    day: t.int({ required: true, description: "ISO weekday 1–7.", validate: z.number().int().min(1).max(7) }),
    workoutId: t.id({ required: true, description: "One of the viewer's workouts." }),
    notes: t.string({ validate: optionalText(1000) }),
  }),
});

const scheduleList = z.array(z.unknown()).max(MAX_SCHEDULE_ENTRIES);

const CreateTrainingProgramInput = builder.inputType("CreateTrainingProgramInput", {
  fields: (t) => ({
    name: t.string({ required: true, validate: nonBlank(200) }),
    description: t.string({ validate: optionalText(5000) }),
    goal: t.string({ validate: optionalText(500) }),
    weeks: t.int({ defaultValue: 4, validate: z.number().int().min(1).max(52) }),
    daysPerWeek: t.int({ defaultValue: 3, validate: z.number().int().min(1).max(7) }),
    schedule: t.field({ type: [ScheduleEntryInput], validate: scheduleList.nullish() }),
    isActive: t.boolean({ defaultValue: false }),
    startedOn: t.field({ type: "Date" }),
  }),
});

const UpdateTrainingProgramInput = builder.inputType("UpdateTrainingProgramInput", {
  description: "Only the fields given change; a given schedule replaces the whole schedule.",
  fields: (t) => ({
    name: t.string({ validate: nonBlank(200).nullish() }),
    description: t.string({ validate: optionalText(5000) }),
    goal: t.string({ validate: optionalText(500) }),
    weeks: t.int({ validate: z.number().int().min(1).max(52).nullish() }),
    daysPerWeek: t.int({ validate: z.number().int().min(1).max(7).nullish() }),
    schedule: t.field({ type: [ScheduleEntryInput], validate: scheduleList.nullish() }),
    isActive: t.boolean(),
    startedOn: t.field({ type: "Date" }),
  }),
});

/** The schedule with its workouts' global IDs decoded (a bad one names its entry). */
function decodeSchedule(schedule: ReadonlyArray<{ week: number; day: number; workoutId: string | number; notes?: string | null }>) {
  return schedule.map((entry, index) => ({ ...entry, workoutId: decodeId(entry.workoutId, "Workout", `schedule.${index}.workoutId`) }));
}

builder.mutationField("createTrainingProgram", (t) =>
  t.withAuth({ signedIn: true }).prismaField({
    type: "TrainingProgram",
    args: { input: t.arg({ type: CreateTrainingProgramInput, required: true }) },
    resolve: (query, _root, { input }, ctx) => {
      const schedule = decodeSchedule(input.schedule ?? []);
      return runMutation(
        ctx,
        (tx, actor) => programs.createTrainingProgram(tx, actor, { ...input, schedule }),
        reread("TrainingProgram", query),
      );
    },
  }),
);

builder.mutationField("updateTrainingProgram", (t) =>
  t.withAuth({ signedIn: true }).prismaField({
    type: "TrainingProgram",
    args: { id: t.arg.id({ required: true }), input: t.arg({ type: UpdateTrainingProgramInput, required: true }) },
    resolve: (query, _root, args, ctx) => {
      const id = decodeId(args.id, "TrainingProgram");
      const { input } = args;
      refuseNulls(input, ["name", "weeks", "daysPerWeek", "schedule", "isActive"]);
      const schedule = input.schedule ? decodeSchedule(input.schedule) : input.schedule;
      return runMutation(
        ctx,
        (tx, actor) => programs.updateTrainingProgram(tx, actor, id, { ...input, schedule }),
        reread("TrainingProgram", query),
      );
    },
  }),
);

builder.mutationField("deleteTrainingProgram", (t) =>
  t.withAuth({ signedIn: true }).id({
    description: "Deletes one of the viewer's training programs; returns its global ID.",
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, args, ctx) => {
      const id = decodeId(args.id, "TrainingProgram");
      await runMutation(ctx, (tx, actor) => programs.deleteTrainingProgram(tx, actor, id));
      return encodeId("TrainingProgram", id);
    },
  }),
);
