// Admin-only writes of the learning catalogue; the rules (audit rows, no deleting what users have
// progress on) are src/domain/learn-catalogue.ts.
import { z } from "zod";
import * as catalogue from "../../domain/learn-catalogue.ts";
import { builder } from "../builder.ts";
import { reread, runMutation } from "../mutation.ts";
import { decodeId, encodeId } from "../ids.ts";
import { catalogueKey, jsonObject, nonBlank, refuseNulls, sortOrder, text } from "../validators.ts";

const xpReward = z.number().int().min(0).max(10_000);

// --- topics ---------------------------------------------------------------

const CreateLearnTopicInput = builder.inputType("CreateLearnTopicInput", {
  fields: (t) => ({
    key: t.string({ required: true, validate: catalogueKey }),
    title: t.string({ required: true, validate: nonBlank(200) }),
    description: t.string({ required: true, validate: text(5000) }),
    sortOrder: t.int({ validate: sortOrder }),
  }),
});

const UpdateLearnTopicInput = builder.inputType("UpdateLearnTopicInput", {
  fields: (t) => ({
    key: t.string({ validate: catalogueKey.nullish() }),
    title: t.string({ validate: nonBlank(200).nullish() }),
    description: t.string({ validate: text(5000).nullish() }),
    sortOrder: t.int({ validate: sortOrder }),
  }),
});

builder.mutationField("createLearnTopic", (t) =>
  t.withAuth({ admin: true }).prismaField({
    type: "LearnTopic",
    description: "Admin only.",
    args: { input: t.arg({ type: CreateLearnTopicInput, required: true }) },
    resolve: (query, _root, { input }, ctx) =>
      runMutation(ctx, (tx, actor) => catalogue.createLearnTopic(tx, actor, input), reread("LearnTopic", query)),
  }),
);

builder.mutationField("updateLearnTopic", (t) =>
  t.withAuth({ admin: true }).prismaField({
    type: "LearnTopic",
    description: "Admin only.",
    args: { id: t.arg.id({ required: true }), input: t.arg({ type: UpdateLearnTopicInput, required: true }) },
    resolve: (query, _root, args, ctx) => {
      const id = decodeId(args.id, "LearnTopic");
      refuseNulls(args.input);
      const { input } = args;
      return runMutation(ctx, (tx, actor) => catalogue.updateLearnTopic(tx, actor, id, input), reread("LearnTopic", query));
    },
  }),
);

builder.mutationField("deleteLearnTopic", (t) =>
  t.withAuth({ admin: true }).id({
    description: "Admin only: deletes a topic with its lessons and drills (CONFLICT when users have progress on them).",
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, args, ctx) => {
      const id = decodeId(args.id, "LearnTopic");
      await runMutation(ctx, (tx, actor) => catalogue.deleteLearnTopic(tx, actor, id));
      return encodeId("LearnTopic", id);
    },
  }),
);

// --- lessons --------------------------------------------------------------

const CreateLearnLessonInput = builder.inputType("CreateLearnLessonInput", {
  fields: (t) => ({
    topicId: t.id({ required: true }),
    key: t.string({ required: true, validate: catalogueKey }),
    title: t.string({ required: true, validate: nonBlank(200) }),
    summary: t.string({ required: true, validate: text(1000) }),
    content: t.string({ required: true, description: "Markdown.", validate: text(100_000) }),
    estimatedMinutes: t.int({ validate: z.number().int().min(1).max(600).nullish() }),
    xpReward: t.int({ validate: xpReward.nullish() }),
    sortOrder: t.int({ validate: sortOrder }),
  }),
});

const UpdateLearnLessonInput = builder.inputType("UpdateLearnLessonInput", {
  fields: (t) => ({
    topicId: t.id(),
    key: t.string({ validate: catalogueKey.nullish() }),
    title: t.string({ validate: nonBlank(200).nullish() }),
    summary: t.string({ validate: text(1000).nullish() }),
    content: t.string({ validate: text(100_000).nullish() }),
    estimatedMinutes: t.int({ validate: z.number().int().min(1).max(600).nullish() }),
    xpReward: t.int({ validate: xpReward.nullish() }),
    sortOrder: t.int({ validate: sortOrder }),
  }),
});

builder.mutationField("createLearnLesson", (t) =>
  t.withAuth({ admin: true }).prismaField({
    type: "LearnLesson",
    description: "Admin only.",
    args: { input: t.arg({ type: CreateLearnLessonInput, required: true }) },
    resolve: (query, _root, { input }, ctx) => {
      const topicId = decodeId(input.topicId, "LearnTopic", "topicId");
      return runMutation(ctx, (tx, actor) => catalogue.createLearnLesson(tx, actor, { ...input, topicId }), reread("LearnLesson", query));
    },
  }),
);

builder.mutationField("updateLearnLesson", (t) =>
  t.withAuth({ admin: true }).prismaField({
    type: "LearnLesson",
    description: "Admin only. Changing xpReward does not change XP already awarded.",
    args: { id: t.arg.id({ required: true }), input: t.arg({ type: UpdateLearnLessonInput, required: true }) },
    resolve: (query, _root, args, ctx) => {
      const id = decodeId(args.id, "LearnLesson");
      refuseNulls(args.input);
      const { input } = args;
      const topicId = input.topicId === undefined ? undefined : decodeId(input.topicId, "LearnTopic", "topicId");
      return runMutation(
        ctx,
        (tx, actor) => catalogue.updateLearnLesson(tx, actor, id, { ...input, topicId }),
        reread("LearnLesson", query),
      );
    },
  }),
);

builder.mutationField("deleteLearnLesson", (t) =>
  t.withAuth({ admin: true }).id({
    description: "Admin only (CONFLICT when users have progress on it).",
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, args, ctx) => {
      const id = decodeId(args.id, "LearnLesson");
      await runMutation(ctx, (tx, actor) => catalogue.deleteLearnLesson(tx, actor, id));
      return encodeId("LearnLesson", id);
    },
  }),
);

// --- drills ---------------------------------------------------------------

const drillType = z
  .string()
  .min(1)
  .max(50)
  .regex(/^[a-z][a-z0-9_]*$/, "must be snake_case, e.g. multiple_choice");
const difficulty = z.number().int().min(1).max(5);

const CreateLearnDrillInput = builder.inputType("CreateLearnDrillInput", {
  fields: (t) => ({
    topicId: t.id({ required: true }),
    key: t.string({ required: true, validate: catalogueKey }),
    title: t.string({ required: true, validate: nonBlank(200) }),
    prompt: t.string({ required: true, validate: nonBlank(5000) }),
    drillType: t.string({ required: true, validate: drillType }),
    difficulty: t.int({ validate: difficulty.nullish() }),
    config: t.field({ type: "JSON", description: "A JSON object.", validate: jsonObject.nullish() }),
    xpReward: t.int({ validate: xpReward.nullish() }),
    sortOrder: t.int({ validate: sortOrder }),
  }),
});

const UpdateLearnDrillInput = builder.inputType("UpdateLearnDrillInput", {
  fields: (t) => ({
    topicId: t.id(),
    key: t.string({ validate: catalogueKey.nullish() }),
    title: t.string({ validate: nonBlank(200).nullish() }),
    prompt: t.string({ validate: nonBlank(5000).nullish() }),
    drillType: t.string({ validate: drillType.nullish() }),
    difficulty: t.int({ validate: difficulty.nullish() }),
    config: t.field({ type: "JSON", validate: jsonObject.nullish() }),
    xpReward: t.int({ validate: xpReward.nullish() }),
    sortOrder: t.int({ validate: sortOrder }),
  }),
});

builder.mutationField("createLearnDrill", (t) =>
  t.withAuth({ admin: true }).prismaField({
    type: "LearnDrill",
    description: "Admin only.",
    args: { input: t.arg({ type: CreateLearnDrillInput, required: true }) },
    resolve: (query, _root, { input }, ctx) => {
      const topicId = decodeId(input.topicId, "LearnTopic", "topicId");
      return runMutation(ctx, (tx, actor) => catalogue.createLearnDrill(tx, actor, { ...input, topicId }), reread("LearnDrill", query));
    },
  }),
);

builder.mutationField("updateLearnDrill", (t) =>
  t.withAuth({ admin: true }).prismaField({
    type: "LearnDrill",
    description: "Admin only.",
    args: { id: t.arg.id({ required: true }), input: t.arg({ type: UpdateLearnDrillInput, required: true }) },
    resolve: (query, _root, args, ctx) => {
      const id = decodeId(args.id, "LearnDrill");
      refuseNulls(args.input);
      const { input } = args;
      const topicId = input.topicId === undefined ? undefined : decodeId(input.topicId, "LearnTopic", "topicId");
      return runMutation(ctx, (tx, actor) => catalogue.updateLearnDrill(tx, actor, id, { ...input, topicId }), reread("LearnDrill", query));
    },
  }),
);

builder.mutationField("deleteLearnDrill", (t) =>
  t.withAuth({ admin: true }).id({
    description: "Admin only (CONFLICT when users have results on it).",
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, args, ctx) => {
      const id = decodeId(args.id, "LearnDrill");
      await runMutation(ctx, (tx, actor) => catalogue.deleteLearnDrill(tx, actor, id));
      return encodeId("LearnDrill", id);
    },
  }),
);
