// Admin edits of the learning catalogue (topics, lessons, drills); each leaves a `catalogue.*`
// audit row. A lesson or drill some user has progress on is not deleted (CONFLICT): the cascade
// would silently erase that user's history.
import type { LearnDrill, LearnLesson, LearnTopic, Prisma } from "../generated/prisma/client.ts";
import type { Actor } from "./actor.ts";
import { auditCatalogueEdit, changedFields } from "./audit.ts";
import { conflict, notFound, withDatabaseErrors } from "./errors.ts";
import type { Tx } from "./transaction.ts";

export interface TopicInput {
  key: string;
  title: string;
  description: string;
  sortOrder?: number | null;
}

/** Only the fields given change (the resolver refuses nulls). */
export type TopicChanges = Partial<TopicInput>;

export async function createLearnTopic(tx: Tx, actor: Actor, input: TopicInput): Promise<LearnTopic> {
  const topic = await withDatabaseErrors(() =>
    tx.learnTopic.create({
      data: { key: input.key, title: input.title.trim(), description: input.description, sortOrder: input.sortOrder ?? 0 },
    }),
  );
  await auditCatalogueEdit(tx, actor, "catalogue.create", { type: "learn_topic", id: topic.id }, { key: topic.key });
  return topic;
}

export async function updateLearnTopic(tx: Tx, actor: Actor, id: string, input: TopicChanges): Promise<LearnTopic> {
  const existing = await tx.learnTopic.findUnique({ where: { id } });
  if (!existing) throw notFound("LearnTopic");
  const topic = await withDatabaseErrors(() =>
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
  await auditCatalogueEdit(
    tx,
    actor,
    "catalogue.update",
    { type: "learn_topic", id },
    { key: existing.key, changes: changedFields(input) },
  );
  return topic;
}

async function assertNoLearnerData(tx: Tx, where: { lessonIds: string[]; drillIds: string[] }): Promise<void> {
  const [progress, stats] = await Promise.all([
    where.lessonIds.length ? tx.userLessonProgress.count({ where: { lessonId: { in: where.lessonIds } } }) : 0,
    where.drillIds.length ? tx.userDrillStat.count({ where: { drillId: { in: where.drillIds } } }) : 0,
  ]);
  if (progress + stats > 0) throw conflict("Users have progress on this content; it cannot be deleted");
}

/** Deletes a topic with its lessons and drills (CONFLICT when users have progress on them). */
export async function deleteLearnTopic(tx: Tx, actor: Actor, id: string): Promise<void> {
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
  await auditCatalogueEdit(tx, actor, "catalogue.delete", { type: "learn_topic", id }, { key: topic.key });
}

async function assertTopic(tx: Tx, topicId: string): Promise<void> {
  if (!(await tx.learnTopic.findUnique({ where: { id: topicId }, select: { id: true } }))) throw notFound("LearnTopic");
}

export interface LessonInput {
  topicId: string;
  key: string;
  title: string;
  summary: string;
  content: string;
  estimatedMinutes?: number | null;
  xpReward?: number | null;
  sortOrder?: number | null;
}

/** Only the fields given change (the resolver refuses nulls). */
export type LessonChanges = Partial<LessonInput>;

export async function createLearnLesson(tx: Tx, actor: Actor, input: LessonInput): Promise<LearnLesson> {
  await assertTopic(tx, input.topicId);
  const lesson = await withDatabaseErrors(() =>
    tx.learnLesson.create({
      data: {
        topicId: input.topicId,
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
  await auditCatalogueEdit(tx, actor, "catalogue.create", { type: "learn_lesson", id: lesson.id }, { key: lesson.key });
  return lesson;
}

/** Changing xpReward does not change XP already awarded. The audit row says the content changed, not what it became. */
export async function updateLearnLesson(tx: Tx, actor: Actor, id: string, input: LessonChanges): Promise<LearnLesson> {
  const existing = await tx.learnLesson.findUnique({ where: { id } });
  if (!existing) throw notFound("LearnLesson");
  if (input.topicId) await assertTopic(tx, input.topicId);
  const lesson = await withDatabaseErrors(() =>
    tx.learnLesson.update({
      where: { id },
      data: {
        topicId: input.topicId,
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
  await auditCatalogueEdit(
    tx,
    actor,
    "catalogue.update",
    { type: "learn_lesson", id },
    {
      key: existing.key,
      changes: changedFields({ ...input, content: input.content === undefined ? undefined : "(changed)" }),
    },
  );
  return lesson;
}

/** CONFLICT when users have progress on the lesson. */
export async function deleteLearnLesson(tx: Tx, actor: Actor, id: string): Promise<void> {
  const lesson = await tx.learnLesson.findUnique({ where: { id } });
  if (!lesson) throw notFound("LearnLesson");
  await assertNoLearnerData(tx, { lessonIds: [id], drillIds: [] });
  await tx.learnLesson.delete({ where: { id } });
  await auditCatalogueEdit(tx, actor, "catalogue.delete", { type: "learn_lesson", id }, { key: lesson.key });
}

export interface DrillInput {
  topicId: string;
  key: string;
  title: string;
  prompt: string;
  drillType: string;
  difficulty?: number | null;
  config?: unknown;
  xpReward?: number | null;
  sortOrder?: number | null;
}

/** Only the fields given change (the resolver refuses nulls). */
export type DrillChanges = Partial<DrillInput>;

export async function createLearnDrill(tx: Tx, actor: Actor, input: DrillInput): Promise<LearnDrill> {
  await assertTopic(tx, input.topicId);
  const drill = await withDatabaseErrors(() =>
    tx.learnDrill.create({
      data: {
        topicId: input.topicId,
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
  await auditCatalogueEdit(tx, actor, "catalogue.create", { type: "learn_drill", id: drill.id }, { key: drill.key });
  return drill;
}

export async function updateLearnDrill(tx: Tx, actor: Actor, id: string, input: DrillChanges): Promise<LearnDrill> {
  const existing = await tx.learnDrill.findUnique({ where: { id } });
  if (!existing) throw notFound("LearnDrill");
  if (input.topicId) await assertTopic(tx, input.topicId);
  const drill = await withDatabaseErrors(() =>
    tx.learnDrill.update({
      where: { id },
      data: {
        topicId: input.topicId,
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
  await auditCatalogueEdit(
    tx,
    actor,
    "catalogue.update",
    { type: "learn_drill", id },
    { key: existing.key, changes: changedFields(input) },
  );
  return drill;
}

/** CONFLICT when users have results on the drill. */
export async function deleteLearnDrill(tx: Tx, actor: Actor, id: string): Promise<void> {
  const drill = await tx.learnDrill.findUnique({ where: { id } });
  if (!drill) throw notFound("LearnDrill");
  await assertNoLearnerData(tx, { lessonIds: [], drillIds: [id] });
  await tx.learnDrill.delete({ where: { id } });
  await auditCatalogueEdit(tx, actor, "catalogue.delete", { type: "learn_drill", id }, { key: drill.key });
}
