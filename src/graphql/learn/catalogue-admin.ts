// Admin-only writes of the learning catalogue; each one leaves a `catalogue.*` audit row.
// A lesson or drill some user has progress on is not deleted (CONFLICT): the cascade
// would silently erase that user's history.
import { z } from "zod";
import { prisma } from "../../db/index.ts";
import type { Tx } from "../../domain/transaction.ts";
import type { Prisma } from "../../generated/prisma/client.ts";
import { builder } from "../builder.ts";
import { auditCatalogueEdit, changedFields } from "../audit.ts";
import { conflict, notFound, withDatabaseErrors } from "../errors/index.ts";
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
      prisma.$transaction(async (tx) => {
        const topic = await withDatabaseErrors(() =>
          tx.learnTopic.create({
            data: { key: input.key, title: input.title.trim(), description: input.description, sortOrder: input.sortOrder ?? 0 },
          }),
        );
        await auditCatalogueEdit(tx, ctx, "catalogue.create", { type: "learn_topic", id: topic.id }, { key: topic.key });
        return tx.learnTopic.findUniqueOrThrow({ ...query, where: { id: topic.id } });
      }),
  }),
);

builder.mutationField("updateLearnTopic", (t) =>
  t.withAuth({ admin: true }).prismaField({
    type: "LearnTopic",
    description: "Admin only.",
    args: { id: t.arg.id({ required: true }), input: t.arg({ type: UpdateLearnTopicInput, required: true }) },
    resolve: async (query, _root, args, ctx) => {
      const id = decodeId(args.id, "LearnTopic");
      refuseNulls(args.input);
      const { input } = args;
      return prisma.$transaction(async (tx) => {
        const existing = await tx.learnTopic.findUnique({ where: { id } });
        if (!existing) throw notFound("LearnTopic");
        await withDatabaseErrors(() =>
          tx.learnTopic.update({
            where: { id },
            data: {
              key: input.key ?? undefined,
              title: input.title?.trim() ?? undefined,
              description: input.description ?? undefined,
              sortOrder: input.sortOrder ?? undefined,
            },
          }),
        );
        await auditCatalogueEdit(tx, ctx, "catalogue.update", { type: "learn_topic", id }, { key: existing.key, changes: changedFields(input) });
        return tx.learnTopic.findUniqueOrThrow({ ...query, where: { id } });
      });
    },
  }),
);

async function assertNoLearnerData(tx: Tx, where: { lessonIds: string[]; drillIds: string[] }): Promise<void> {
  const [progress, stats] = await Promise.all([
    where.lessonIds.length ? tx.userLessonProgress.count({ where: { lessonId: { in: where.lessonIds } } }) : 0,
    where.drillIds.length ? tx.userDrillStat.count({ where: { drillId: { in: where.drillIds } } }) : 0,
  ]);
  if (progress + stats > 0) throw conflict("Users have progress on this content; it cannot be deleted");
}

builder.mutationField("deleteLearnTopic", (t) =>
  t.withAuth({ admin: true }).id({
    description: "Admin only: deletes a topic with its lessons and drills (CONFLICT when users have progress on them).",
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, args, ctx) => {
      const id = decodeId(args.id, "LearnTopic");
      return prisma.$transaction(async (tx) => {
        const topic = await tx.learnTopic.findUnique({
          where: { id },
          include: { lessons: { select: { id: true } }, drills: { select: { id: true } } },
        });
        if (!topic) throw notFound("LearnTopic");
        await assertNoLearnerData(tx, {
          lessonIds: topic.lessons.map((lesson) => lesson.id),
          drillIds: topic.drills.map((drill) => drill.id),
        });
        await tx.learnTopic.delete({ where: { id } });
        await auditCatalogueEdit(tx, ctx, "catalogue.delete", { type: "learn_topic", id }, { key: topic.key });
        return encodeId("LearnTopic", id);
      });
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

async function assertTopic(tx: Tx, topicId: string): Promise<void> {
  if (!(await tx.learnTopic.findUnique({ where: { id: topicId }, select: { id: true } }))) throw notFound("LearnTopic");
}

builder.mutationField("createLearnLesson", (t) =>
  t.withAuth({ admin: true }).prismaField({
    type: "LearnLesson",
    description: "Admin only.",
    args: { input: t.arg({ type: CreateLearnLessonInput, required: true }) },
    resolve: async (query, _root, { input }, ctx) => {
      const topicId = decodeId(input.topicId, "LearnTopic", "topicId");
      return prisma.$transaction(async (tx) => {
        await assertTopic(tx, topicId);
        const lesson = await withDatabaseErrors(() =>
          tx.learnLesson.create({
            data: {
              topicId,
              key: input.key,
              title: input.title.trim(),
              summary: input.summary,
              content: input.content,
              estimatedMinutes: input.estimatedMinutes ?? 5,
              xpReward: input.xpReward ?? 10,
              sortOrder: input.sortOrder ?? 0,
            },
          }),
        );
        await auditCatalogueEdit(tx, ctx, "catalogue.create", { type: "learn_lesson", id: lesson.id }, { key: lesson.key });
        return tx.learnLesson.findUniqueOrThrow({ ...query, where: { id: lesson.id } });
      });
    },
  }),
);

builder.mutationField("updateLearnLesson", (t) =>
  t.withAuth({ admin: true }).prismaField({
    type: "LearnLesson",
    description: "Admin only. Changing xpReward does not change XP already awarded.",
    args: { id: t.arg.id({ required: true }), input: t.arg({ type: UpdateLearnLessonInput, required: true }) },
    resolve: async (query, _root, args, ctx) => {
      const id = decodeId(args.id, "LearnLesson");
      refuseNulls(args.input);
      const { input } = args;
      const topicId = input.topicId == null ? undefined : decodeId(input.topicId, "LearnTopic", "topicId");
      return prisma.$transaction(async (tx) => {
        const existing = await tx.learnLesson.findUnique({ where: { id } });
        if (!existing) throw notFound("LearnLesson");
        if (topicId) await assertTopic(tx, topicId);
        await withDatabaseErrors(() =>
          tx.learnLesson.update({
            where: { id },
            data: {
              topicId,
              key: input.key ?? undefined,
              title: input.title?.trim() ?? undefined,
              summary: input.summary ?? undefined,
              content: input.content ?? undefined,
              estimatedMinutes: input.estimatedMinutes ?? undefined,
              xpReward: input.xpReward ?? undefined,
              sortOrder: input.sortOrder ?? undefined,
            },
          }),
        );
        await auditCatalogueEdit(tx, ctx, "catalogue.update", { type: "learn_lesson", id }, {
          key: existing.key,
          changes: changedFields({ ...input, content: input.content === undefined ? undefined : "(changed)" }),
        });
        return tx.learnLesson.findUniqueOrThrow({ ...query, where: { id } });
      });
    },
  }),
);

builder.mutationField("deleteLearnLesson", (t) =>
  t.withAuth({ admin: true }).id({
    description: "Admin only (CONFLICT when users have progress on it).",
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, args, ctx) => {
      const id = decodeId(args.id, "LearnLesson");
      return prisma.$transaction(async (tx) => {
        const lesson = await tx.learnLesson.findUnique({ where: { id } });
        if (!lesson) throw notFound("LearnLesson");
        await assertNoLearnerData(tx, { lessonIds: [id], drillIds: [] });
        await tx.learnLesson.delete({ where: { id } });
        await auditCatalogueEdit(tx, ctx, "catalogue.delete", { type: "learn_lesson", id }, { key: lesson.key });
        return encodeId("LearnLesson", id);
      });
    },
  }),
);

// --- drills ---------------------------------------------------------------

const drillType = z.string().min(1).max(50).regex(/^[a-z][a-z0-9_]*$/, "must be snake_case, e.g. multiple_choice");
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
    resolve: async (query, _root, { input }, ctx) => {
      const topicId = decodeId(input.topicId, "LearnTopic", "topicId");
      return prisma.$transaction(async (tx) => {
        await assertTopic(tx, topicId);
        const drill = await withDatabaseErrors(() =>
          tx.learnDrill.create({
            data: {
              topicId,
              key: input.key,
              title: input.title.trim(),
              prompt: input.prompt,
              drillType: input.drillType,
              difficulty: input.difficulty ?? 1,
              config: (input.config ?? {}) as Prisma.InputJsonValue,
              xpReward: input.xpReward ?? 5,
              sortOrder: input.sortOrder ?? 0,
            },
          }),
        );
        await auditCatalogueEdit(tx, ctx, "catalogue.create", { type: "learn_drill", id: drill.id }, { key: drill.key });
        return tx.learnDrill.findUniqueOrThrow({ ...query, where: { id: drill.id } });
      });
    },
  }),
);

builder.mutationField("updateLearnDrill", (t) =>
  t.withAuth({ admin: true }).prismaField({
    type: "LearnDrill",
    description: "Admin only.",
    args: { id: t.arg.id({ required: true }), input: t.arg({ type: UpdateLearnDrillInput, required: true }) },
    resolve: async (query, _root, args, ctx) => {
      const id = decodeId(args.id, "LearnDrill");
      refuseNulls(args.input);
      const { input } = args;
      const topicId = input.topicId == null ? undefined : decodeId(input.topicId, "LearnTopic", "topicId");
      return prisma.$transaction(async (tx) => {
        const existing = await tx.learnDrill.findUnique({ where: { id } });
        if (!existing) throw notFound("LearnDrill");
        if (topicId) await assertTopic(tx, topicId);
        await withDatabaseErrors(() =>
          tx.learnDrill.update({
            where: { id },
            data: {
              topicId,
              key: input.key ?? undefined,
              title: input.title?.trim() ?? undefined,
              prompt: input.prompt ?? undefined,
              drillType: input.drillType ?? undefined,
              difficulty: input.difficulty ?? undefined,
              config: input.config == null ? undefined : (input.config as Prisma.InputJsonValue),
              xpReward: input.xpReward ?? undefined,
              sortOrder: input.sortOrder ?? undefined,
            },
          }),
        );
        await auditCatalogueEdit(tx, ctx, "catalogue.update", { type: "learn_drill", id }, { key: existing.key, changes: changedFields(input) });
        return tx.learnDrill.findUniqueOrThrow({ ...query, where: { id } });
      });
    },
  }),
);

builder.mutationField("deleteLearnDrill", (t) =>
  t.withAuth({ admin: true }).id({
    description: "Admin only (CONFLICT when users have results on it).",
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, args, ctx) => {
      const id = decodeId(args.id, "LearnDrill");
      return prisma.$transaction(async (tx) => {
        const drill = await tx.learnDrill.findUnique({ where: { id } });
        if (!drill) throw notFound("LearnDrill");
        await assertNoLearnerData(tx, { lessonIds: [], drillIds: [id] });
        await tx.learnDrill.delete({ where: { id } });
        await auditCatalogueEdit(tx, ctx, "catalogue.delete", { type: "learn_drill", id }, { key: drill.key });
        return encodeId("LearnDrill", id);
      });
    },
  }),
);
