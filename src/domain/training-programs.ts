// Training programs: a multi-week plan of the user's workouts. The schedule is stored as jsonb
// (`training_programs.schedule`), sorted by week and day; every entry names one of the owner's
// workouts and falls inside the program's weeks.
import type { Prisma, TrainingProgram } from "../generated/prisma/client.ts";
import type { Actor } from "./actor.ts";
import { calendarDateToDb } from "./calendar.ts";
import { badInput, notFound, withDatabaseErrors } from "./errors.ts";
import type { Tx } from "./transaction.ts";

/** One entry of `training_programs.schedule`, as stored: workoutId is the raw uuid. */
export interface ScheduleEntry {
  week: number;
  day: number;
  workoutId: string;
  notes: string | null;
}

/** The stored schedule; entries of another shape are skipped. */
export function parseSchedule(json: unknown): ScheduleEntry[] {
  if (!Array.isArray(json)) return [];
  return json.flatMap((raw): ScheduleEntry[] => {
    if (typeof raw !== "object" || raw === null) return [];
    const entry = raw as Record<string, unknown>;
    if (typeof entry.week !== "number" || typeof entry.day !== "number" || typeof entry.workoutId !== "string") return [];
    return [{ week: entry.week, day: entry.day, workoutId: entry.workoutId, notes: typeof entry.notes === "string" ? entry.notes : null }];
  });
}

/** A schedule entry as given, its workout already decoded (the input's position names the field of a refusal). */
export interface ScheduleEntryInput {
  week: number;
  day: number;
  workoutId: string;
  notes?: string | null;
}

export interface NewTrainingProgram {
  name: string;
  description?: string | null;
  goal?: string | null;
  weeks?: number | null;
  daysPerWeek?: number | null;
  schedule?: readonly ScheduleEntryInput[] | null;
  isActive?: boolean | null;
  startedOn?: string | null;
}

/** Only the fields given change (undefined); a given schedule replaces the whole schedule. */
export type TrainingProgramChanges = { [Field in keyof NewTrainingProgram]?: NewTrainingProgram[Field] | null };

/** Checks a schedule against the program's weeks and the owner's workouts; returns it sorted, as stored. */
async function scheduleToStore(tx: Tx, userId: string, input: readonly ScheduleEntryInput[], weeks: number): Promise<ScheduleEntry[]> {
  const entries = input.map((entry, index): ScheduleEntry => {
    if (entry.week > weeks) throw badInput(`schedule.${index}.week: the program has ${weeks} weeks`, `schedule.${index}.week`);
    return { week: entry.week, day: entry.day, workoutId: entry.workoutId, notes: entry.notes ?? null };
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

export async function createTrainingProgram(tx: Tx, actor: Actor, input: NewTrainingProgram): Promise<TrainingProgram> {
  const { userId } = actor;
  const weeks = input.weeks ?? 4;
  const schedule = await scheduleToStore(tx, userId, input.schedule ?? [], weeks);
  return withDatabaseErrors(() =>
    tx.trainingProgram.create({
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
}

/** Fewer weeks than the stored schedule needs (and no new schedule) is BAD_USER_INPUT on `weeks`. */
export async function updateTrainingProgram(tx: Tx, actor: Actor, id: string, input: TrainingProgramChanges): Promise<{ id: string }> {
  const { userId } = actor;
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
  return { id };
}

export async function deleteTrainingProgram(tx: Tx, actor: Actor, id: string): Promise<void> {
  const { count } = await tx.trainingProgram.deleteMany({ where: { id, userId: actor.userId } });
  if (count === 0) throw notFound("TrainingProgram");
}
