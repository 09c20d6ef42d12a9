/** A template workout of three catalogue exercises and its last session with the sets. */
import { addDays, calendarDateToDb, isoWeekday } from "../../../domain/calendar.ts";
import type { Catalogue } from "../catalogue.ts";
import { plusSeconds, type UserContext } from "../context.ts";

export async function writeFitness(ctx: UserContext, { exerciseByName }: Catalogue): Promise<void> {
  const { tx, userId, today, at, past } = ctx;
  const squat = exerciseByName.get("Barbell Back Squat");
  const bench = exerciseByName.get("Bench Press");
  const row = exerciseByName.get("Dumbbell Row");
  if (squat && bench && row) {
    const lineup = [
      { exercise: squat, sets: 3, reps: 8, weight: 60, rest: 150, done: [8, 8, 7], rpe: [7, 8, 9], note: "Belt on the last set." },
      { exercise: bench, sets: 3, reps: 8, weight: 50, rest: 120, done: [8, 7, 6], rpe: [7, 8, 9], note: null },
      { exercise: row, sets: 3, reps: 10, weight: 22.5, rest: 90, done: [10, 10, 10], rpe: [6, 7, 7], note: "Each arm." },
    ];
    const workout = await tx.workout.create({
      data: {
        userId,
        name: "Full Body A",
        description: "Monday, Wednesday and Friday: squat, bench press and rows, 3 sets each.",
        sortOrder: 10,
        createdAt: at(past(80), 20 * 60),
        exercises: {
          createMany: {
            data: lineup.map((l, i) => ({
              exerciseId: l.exercise.id,
              userId,
              targetSets: l.sets,
              targetReps: l.reps,
              targetWeightKg: l.weight,
              restSeconds: l.rest,
              notes: l.note,
              sortOrder: (i + 1) * 10,
              createdAt: at(past(80), 20 * 60 + i + 1),
            })),
          },
        },
      },
      select: { id: true },
    });
    let sessionDay = addDays(today, -1);
    while (![1, 3, 5].includes(isoWeekday(sessionDay))) sessionDay = addDays(sessionDay, -1);
    const startedAt = at(sessionDay, 7 * 60 + 30);
    await tx.workoutSession.create({
      data: {
        userId,
        workoutId: workout.id,
        performedOn: calendarDateToDb(sessionDay),
        startedAt,
        endedAt: plusSeconds(startedAt, 55 * 60),
        perceivedEffort: 7,
        notes: "Squats felt solid; add 2.5 kg next time.",
        createdAt: startedAt,
        sets: {
          createMany: {
            data: lineup.flatMap((l, i) =>
              l.done.map((reps, s) => ({
                exerciseId: l.exercise.id,
                userId,
                setNumber: s + 1,
                reps,
                weightKg: l.weight,
                rpe: l.rpe[s],
                createdAt: plusSeconds(startedAt, (i * 15 + s * 4 + 5) * 60),
              })),
            ),
          },
        },
      },
    });
  }
}
