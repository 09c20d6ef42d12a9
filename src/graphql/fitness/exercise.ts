import { z } from "zod";
import { prisma } from "../../db/index.ts";
import * as exercises from "../../domain/exercises.ts";
import { visibleExercises } from "../../domain/fitness.ts";
import { builder } from "../builder.ts";
import { reread, runMutation } from "../mutation.ts";
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

builder.mutationField("createExercise", (t) =>
  t.withAuth({ signedIn: true }).prismaField({
    type: "Exercise",
    description: "Creates a custom exercise of the viewer.",
    args: { input: t.arg({ type: ExerciseInput, required: true }) },
    resolve: (query, _root, { input }, ctx) =>
      runMutation(ctx, (tx, actor) => exercises.createExercise(tx, actor, input), reread("Exercise", query)),
  }),
);

builder.mutationField("updateExercise", (t) =>
  t.withAuth({ signedIn: true }).prismaField({
    type: "Exercise",
    description: "Changes one of the viewer's custom exercises (global ones: NOT_FOUND; see updateGlobalExercise).",
    args: { id: t.arg.id({ required: true }), input: t.arg({ type: UpdateExerciseInput, required: true }) },
    resolve: (query, _root, args, ctx) => {
      const id = decodeId(args.id, "Exercise");
      const { input } = args;
      refuseNulls(input, ["name", "category"]);
      return runMutation(ctx, (tx, actor) => exercises.updateExercise(tx, actor, id, input), reread("Exercise", query));
    },
  }),
);

builder.mutationField("deleteExercise", (t) =>
  t.withAuth({ signedIn: true }).id({
    description: "Deletes one of the viewer's unused custom exercises; returns its global ID.",
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, args, ctx) => {
      const id = decodeId(args.id, "Exercise");
      await runMutation(ctx, (tx, actor) => exercises.deleteExercise(tx, actor, id));
      return encodeId("Exercise", id);
    },
  }),
);

builder.mutationField("createGlobalExercise", (t) =>
  t.withAuth({ admin: true }).prismaField({
    type: "Exercise",
    description: "Admin only: adds an exercise to the global catalogue.",
    args: { input: t.arg({ type: ExerciseInput, required: true }) },
    resolve: (query, _root, { input }, ctx) =>
      runMutation(ctx, (tx, actor) => exercises.createGlobalExercise(tx, actor, input), reread("Exercise", query)),
  }),
);

builder.mutationField("updateGlobalExercise", (t) =>
  t.withAuth({ admin: true }).prismaField({
    type: "Exercise",
    description: "Admin only.",
    args: { id: t.arg.id({ required: true }), input: t.arg({ type: UpdateExerciseInput, required: true }) },
    resolve: (query, _root, args, ctx) => {
      const id = decodeId(args.id, "Exercise");
      const { input } = args;
      refuseNulls(input, ["name", "category"]);
      return runMutation(ctx, (tx, actor) => exercises.updateGlobalExercise(tx, actor, id, input), reread("Exercise", query));
    },
  }),
);

builder.mutationField("deleteGlobalExercise", (t) =>
  t.withAuth({ admin: true }).id({
    description: "Admin only: removes an unused catalogue exercise; returns its global ID.",
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, args, ctx) => {
      const id = decodeId(args.id, "Exercise");
      await runMutation(ctx, (tx, actor) => exercises.deleteGlobalExercise(tx, actor, id));
      return encodeId("Exercise", id);
    },
  }),
);
