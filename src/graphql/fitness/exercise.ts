import { z } from "zod";
import { prisma } from "../../db/index.ts";
import { visibleExercises } from "../../domain/fitness.ts";
import type { Tx } from "../../domain/transaction.ts";
import type { Prisma } from "../../generated/prisma/client.ts";
import { builder } from "../builder.ts";
import { auditCatalogueEdit, changedFields } from "../audit.ts";
import type { SignedInContext } from "../context.ts";
import { conflict, notFound, withDatabaseErrors } from "../errors/index.ts";
import { decodeId, encodeId } from "../ids.ts";
import { orderNewestFirst } from "../../domain/ordering.ts";
import { asUuidOrNobody, viewerIdOrNobody } from "../tenancy.ts";
import { nonBlank, optionalText, refuseNulls } from "../validators.ts";

export const ExerciseCategory = builder.enumType("ExerciseCategory", {
  values: ["STRENGTH", "CARDIO", "MOBILITY", "BODYWEIGHT"] as const,
});

const byName = () => [{ name: "asc" as const }, { id: "asc" as const }];

builder.prismaNode("Exercise", {
  id: { field: "id" },
  // Global rows are readable by everyone, custom rows only by their owner.
  findUnique: (id, ctx) => ({ id: asUuidOrNobody(id), OR: [{ userId: null }, { userId: viewerIdOrNobody(ctx) }] }),
  nullable: true,
  description: "An exercise: from the global catalogue, or one of the viewer's custom exercises (isCustom).",
  fields: (t) => ({
    name: t.exposeString("name"),
    category: t.expose("category", { type: ExerciseCategory }),
    muscleGroup: t.exposeString("muscleGroup", { nullable: true }),
    equipment: t.exposeString("equipment", { nullable: true }),
    description: t.exposeString("description", { nullable: true }),
    isCustom: t.boolean({
      description: "True for the viewer's own exercise, false for a global catalogue one.",
      select: { userId: true },
      resolve: (exercise) => exercise.userId !== null,
    }),
    mySets: t.relatedConnection("sets", {
      cursor: "id",
      description: "The viewer's own logged sets of this exercise, newest first.",
      query: (_args, ctx) => ({ where: { userId: viewerIdOrNobody(ctx) }, orderBy: orderNewestFirst() }),
    }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    updatedAt: t.expose("updatedAt", { type: "DateTime" }),
  }),
});

builder.queryField("exercises", (t) =>
  t.prismaConnection({
    type: "Exercise",
    cursor: "id",
    description: "The global exercise catalogue plus the viewer's custom exercises, by name.",
    args: {
      category: t.arg({ type: ExerciseCategory }),
      search: t.arg.string({ description: "Case-insensitive part of the name.", validate: z.string().max(100).nullish() }),
      customOnly: t.arg.boolean({ defaultValue: false }),
    },
    resolve: (query, _root, args, ctx) => {
      const userId = viewerIdOrNobody(ctx);
      return prisma.exercise.findMany({
        ...query,
        where: {
          AND: [
            args.customOnly ? { userId } : visibleExercises(userId),
            args.category ? { category: args.category } : {},
            args.search ? { name: { contains: args.search, mode: "insensitive" } } : {},
          ],
        },
        orderBy: byName(),
      });
    },
  }),
);

builder.prismaObjectField("User", "customExercises", (t) =>
  t.relatedConnection("exercises", {
    cursor: "id",
    description: "The user's own custom exercises, by name.",
    query: (_args, ctx) => ({ where: { userId: viewerIdOrNobody(ctx) }, orderBy: byName() }),
  }),
);

// ---------------------------------------------------------------------------
// Writes: custom exercises by their owner, global ones by admins.

const ExerciseInput = builder.inputType("ExerciseInput", {
  fields: (t) => ({
    name: t.string({ required: true, validate: nonBlank(200) }),
    category: t.field({ type: ExerciseCategory, required: true }),
    muscleGroup: t.string({ validate: optionalText(100) }),
    equipment: t.string({ validate: optionalText(100) }),
    description: t.string({ validate: optionalText(5000) }),
  }),
});

const UpdateExerciseInput = builder.inputType("UpdateExerciseInput", {
  description: "Only the fields given change; null clears an optional field.",
  fields: (t) => ({
    name: t.string({ validate: nonBlank(200).nullish() }),
    category: t.field({ type: ExerciseCategory }),
    muscleGroup: t.string({ validate: optionalText(100) }),
    equipment: t.string({ validate: optionalText(100) }),
    description: t.string({ validate: optionalText(5000) }),
  }),
});

type ExerciseFields = {
  name: string;
  category: "STRENGTH" | "CARDIO" | "MOBILITY" | "BODYWEIGHT";
  muscleGroup?: string | null;
  equipment?: string | null;
  description?: string | null;
};
type ExerciseChanges = { [K in keyof ExerciseFields]?: ExerciseFields[K] | null };

function createData(input: ExerciseFields, userId: string | null): Prisma.ExerciseUncheckedCreateInput {
  return {
    userId,
    name: input.name.trim(),
    category: input.category,
    muscleGroup: input.muscleGroup ?? null,
    equipment: input.equipment ?? null,
    description: input.description ?? null,
  };
}

function updateData(input: ExerciseChanges): Prisma.ExerciseUpdateManyMutationInput {
  refuseNulls(input, ["name", "category"]);
  return {
    name: input.name?.trim(),
    category: input.category,
    muscleGroup: input.muscleGroup,
    equipment: input.equipment,
    description: input.description,
  };
}

/** An exercise still used by a workout or a logged set cannot go (RESTRICT): say so clearly. */
async function assertUnused(tx: Tx, exerciseId: string): Promise<void> {
  const [inWorkouts, inSets] = await Promise.all([
    tx.workoutExercise.count({ where: { exerciseId } }),
    tx.exerciseSet.count({ where: { exerciseId } }),
  ]);
  if (inWorkouts + inSets > 0) throw conflict("This exercise is used by workouts or logged sets and cannot be deleted");
}

builder.mutationField("createExercise", (t) =>
  t.withAuth({ signedIn: true }).prismaField({
    type: "Exercise",
    description: "Creates a custom exercise of the viewer.",
    args: { input: t.arg({ type: ExerciseInput, required: true }) },
    resolve: (query, _root, { input }, ctx) =>
      prisma.$transaction((tx) => withDatabaseErrors(() => tx.exercise.create({ ...query, data: createData(input, ctx.viewer.userId) }))),
  }),
);

builder.mutationField("updateExercise", (t) =>
  t.withAuth({ signedIn: true }).prismaField({
    type: "Exercise",
    description: "Changes one of the viewer's custom exercises (global ones: NOT_FOUND; see updateGlobalExercise).",
    args: { id: t.arg.id({ required: true }), input: t.arg({ type: UpdateExerciseInput, required: true }) },
    resolve: async (query, _root, args, ctx) => {
      const id = decodeId(args.id, "Exercise");
      const data = updateData(args.input);
      return prisma.$transaction(async (tx) => {
        const { count } = await tx.exercise.updateMany({ where: { id, userId: ctx.viewer.userId }, data });
        if (count === 0) throw notFound("Exercise");
        return tx.exercise.findUniqueOrThrow({ ...query, where: { id } });
      });
    },
  }),
);

builder.mutationField("deleteExercise", (t) =>
  t.withAuth({ signedIn: true }).id({
    description: "Deletes one of the viewer's unused custom exercises; returns its global ID.",
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, args, ctx) => {
      const id = decodeId(args.id, "Exercise");
      return prisma.$transaction(async (tx) => {
        const exercise = await tx.exercise.findFirst({ where: { id, userId: ctx.viewer.userId }, select: { id: true } });
        if (!exercise) throw notFound("Exercise");
        await assertUnused(tx, id);
        await tx.exercise.delete({ where: { id } });
        return encodeId("Exercise", id);
      });
    },
  }),
);

async function findGlobalExercise(tx: Tx, id: string) {
  const exercise = await tx.exercise.findFirst({ where: { id, userId: null } });
  if (!exercise) throw notFound("Exercise");
  return exercise;
}

function audit(tx: Tx, ctx: SignedInContext, action: "catalogue.create" | "catalogue.update" | "catalogue.delete", id: string, metadata: Prisma.InputJsonObject) {
  return auditCatalogueEdit(tx, ctx, action, { type: "exercise", id }, metadata);
}

builder.mutationField("createGlobalExercise", (t) =>
  t.withAuth({ admin: true }).prismaField({
    type: "Exercise",
    description: "Admin only: adds an exercise to the global catalogue.",
    args: { input: t.arg({ type: ExerciseInput, required: true }) },
    resolve: (query, _root, { input }, ctx) =>
      prisma.$transaction(async (tx) => {
        const exercise = await withDatabaseErrors(() => tx.exercise.create({ data: createData(input, null) }));
        await audit(tx, ctx, "catalogue.create", exercise.id, { name: exercise.name });
        return tx.exercise.findUniqueOrThrow({ ...query, where: { id: exercise.id } });
      }),
  }),
);

builder.mutationField("updateGlobalExercise", (t) =>
  t.withAuth({ admin: true }).prismaField({
    type: "Exercise",
    description: "Admin only.",
    args: { id: t.arg.id({ required: true }), input: t.arg({ type: UpdateExerciseInput, required: true }) },
    resolve: async (query, _root, args, ctx) => {
      const id = decodeId(args.id, "Exercise");
      const data = updateData(args.input);
      return prisma.$transaction(async (tx) => {
        const existing = await findGlobalExercise(tx, id);
        await tx.exercise.update({ where: { id }, data });
        await audit(tx, ctx, "catalogue.update", id, { name: existing.name, changes: changedFields(args.input) });
        return tx.exercise.findUniqueOrThrow({ ...query, where: { id } });
      });
    },
  }),
);

builder.mutationField("deleteGlobalExercise", (t) =>
  t.withAuth({ admin: true }).id({
    description: "Admin only: removes an unused catalogue exercise; returns its global ID.",
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, args, ctx) => {
      const id = decodeId(args.id, "Exercise");
      return prisma.$transaction(async (tx) => {
        const existing = await findGlobalExercise(tx, id);
        await assertUnused(tx, id);
        await tx.exercise.delete({ where: { id } });
        await audit(tx, ctx, "catalogue.delete", id, { name: existing.name });
        return encodeId("Exercise", id);
      });
    },
  }),
);
