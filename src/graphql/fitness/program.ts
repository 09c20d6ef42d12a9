import { z } from "zod";
import { calendarDateToDb } from "../../domain/calendar.ts";
import { prisma } from "../../db/index.ts";
import type { Tx } from "../../domain/transaction.ts";
import type { Prisma, Workout } from "../../generated/prisma/client.ts";
import { builder } from "../builder.ts";
import { badInput, notFound, withDatabaseErrors } from "../errors/index.ts";
import { decodeId, encodeId } from "../ids.ts";
import { orderNewestFirst } from "../../domain/ordering.ts";
import { ownedByViewer, viewerIdOrNobody } from "../tenancy.ts";
import { nonBlank, optionalText, refuseNulls } from "../validators.ts";
import { WorkoutRef } from "./workout.ts";

export const MAX_SCHEDULE_ENTRIES = 500;

/** One entry of `training_programs.schedule` (jsonb), as stored: workoutId is the raw uuid. */
interface ScheduleEntry {
  week: number;
  day: number;
  workoutId: string;
  notes: string | null;
}

interface ScheduleEntryView extends ScheduleEntry {
  workout: Workout | null;
}

function parseSchedule(json: unknown): ScheduleEntry[] {
  if (!Array.isArray(json)) return [];
  return json.flatMap((raw): ScheduleEntry[] => {
    if (typeof raw !== "object" || raw === null) return [];
    const entry = raw as Record<string, unknown>;
    if (typeof entry.week !== "number" || typeof entry.day !== "number" || typeof entry.workoutId !== "string") return [];
    return [{ week: entry.week, day: entry.day, workoutId: entry.workoutId, notes: typeof entry.notes === "string" ? entry.notes : null }];
  });
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

interface ScheduleInput {
  week: number;
  day: number;
  workoutId: string | number;
  notes?: string | null;
}

/** Validates a schedule against the program's weeks and the viewer's workouts; returns what to store. */
async function scheduleToStore(tx: Tx, userId: string, input: readonly ScheduleInput[], weeks: number): Promise<ScheduleEntry[]> {
  const entries = input.map((entry, index): ScheduleEntry => {
    if (entry.week > weeks) throw badInput(`schedule.${index}.week: the program has ${weeks} weeks`, `schedule.${index}.week`);
    return {
      week: entry.week,
      day: entry.day,
      workoutId: decodeId(entry.workoutId, "Workout", `schedule.${index}.workoutId`),
      notes: entry.notes ?? null,
    };
  });
  const ids = [...new Set(entries.map((entry) => entry.workoutId))];
  if (ids.length > 0 && (await tx.workout.count({ where: { id: { in: ids }, userId } })) !== ids.length) {
    throw notFound("Workout");
  }
  // Stable: entries of the same day keep the order they were given in.
  return entries
    .map((entry, position) => ({ entry, position }))
    .sort((a, b) => a.entry.week - b.entry.week || a.entry.day - b.entry.day || a.position - b.position)
    .map(({ entry }) => entry);
}

const asJson = (schedule: ScheduleEntry[]) => schedule as unknown as Prisma.InputJsonValue;

builder.mutationField("createTrainingProgram", (t) =>
  t.withAuth({ signedIn: true }).prismaField({
    type: "TrainingProgram",
    args: { input: t.arg({ type: CreateTrainingProgramInput, required: true }) },
    resolve: (query, _root, { input }, ctx) =>
      prisma.$transaction(async (tx) => {
        const userId = ctx.viewer.userId;
        const weeks = input.weeks ?? 4;
        const schedule = await scheduleToStore(tx, userId, input.schedule ?? [], weeks);
        return withDatabaseErrors(() =>
          tx.trainingProgram.create({
            ...query,
            data: {
              userId,
              name: input.name.trim(),
              description: input.description ?? null,
              goal: input.goal ?? null,
              weeks,
              daysPerWeek: input.daysPerWeek ?? 3,
              schedule: asJson(schedule),
              isActive: input.isActive ?? false,
              startedOn: input.startedOn ? calendarDateToDb(input.startedOn) : null,
            },
          }),
        );
      }),
  }),
);

builder.mutationField("updateTrainingProgram", (t) =>
  t.withAuth({ signedIn: true }).prismaField({
    type: "TrainingProgram",
    args: { id: t.arg.id({ required: true }), input: t.arg({ type: UpdateTrainingProgramInput, required: true }) },
    resolve: async (query, _root, args, ctx) => {
      const id = decodeId(args.id, "TrainingProgram");
      const { input } = args;
      refuseNulls(input, ["name", "weeks", "daysPerWeek", "schedule", "isActive"]);
      const userId = ctx.viewer.userId;
      return prisma.$transaction(async (tx) => {
        const program = await tx.trainingProgram.findFirst({ where: { id, userId } });
        if (!program) throw notFound("TrainingProgram");
        const weeks = input.weeks ?? program.weeks;
        const schedule = input.schedule ? await scheduleToStore(tx, userId, input.schedule, weeks) : undefined;
        if (!schedule && parseSchedule(program.schedule).some((entry) => entry.week > weeks)) {
          throw badInput(`weeks: the schedule has workouts after week ${weeks}`, "weeks");
        }
        await tx.trainingProgram.update({
          where: { id },
          data: {
            name: input.name?.trim() ?? undefined,
            description: input.description,
            goal: input.goal,
            weeks,
            daysPerWeek: input.daysPerWeek ?? undefined,
            schedule: schedule ? asJson(schedule) : undefined,
            isActive: input.isActive ?? undefined,
            startedOn: input.startedOn === undefined ? undefined : input.startedOn === null ? null : calendarDateToDb(input.startedOn),
          },
        });
        return tx.trainingProgram.findUniqueOrThrow({ ...query, where: { id } });
      });
    },
  }),
);

builder.mutationField("deleteTrainingProgram", (t) =>
  t.withAuth({ signedIn: true }).id({
    description: "Deletes one of the viewer's training programs; returns its global ID.",
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, args, ctx) => {
      const id = decodeId(args.id, "TrainingProgram");
      return prisma.$transaction(async (tx) => {
        const { count } = await tx.trainingProgram.deleteMany({ where: { id, userId: ctx.viewer.userId } });
        if (count === 0) throw notFound("TrainingProgram");
        return encodeId("TrainingProgram", id);
      });
    },
  }),
);
