// Admin edits of the learning catalogue (topics, lessons, drills); each leaves a `catalogue.*`
// audit row. A lesson or drill some user has progress on is not deleted (CONFLICT): the cascade
// would silently erase that user's history.
import type { LearnDrill, LearnLesson, LearnTopic, Prisma } from "../generated/prisma/client.ts";
import type { Actor } from "./actor.ts";
import { changedFields } from "./audit.ts";
import { catalogueTable, createCatalogueRow, deleteCatalogueRow, updateCatalogueRow } from "./catalogue-edit.ts";
import { conflict, notFound } from "./errors.ts";
import type { Tx } from "./transaction.ts";

export interface TopicInput {
  key: string;
  title: string;
  description: string;
  sortOrder?: number | null;
}

/** Only the fields given change (the resolver refuses nulls). */
export type TopicChanges = Partial<TopicInput>;

const topics = catalogueTable<LearnTopic>("LearnTopic", "learn_topic", (tx) => tx.learnTopic);
const lessons = catalogueTable<LearnLesson>("LearnLesson", "learn_lesson", (tx) => tx.learnLesson);
const drills = catalogueTable<LearnDrill>("LearnDrill", "learn_drill", (tx) => tx.learnDrill);

export function createLearnTopic(tx: Tx, actor: Actor, input: TopicInput): Promise<LearnTopic> {
  const { key, description } = input;
  return createCatalogueRow(tx, actor, topics, () =>
    tx.learnTopic.create({ data: { key, title: input.title.trim(), description, sortOrder: input.sortOrder ?? 0 } }),
  );
}

export function updateLearnTopic(tx: Tx, actor: Actor, id: string, input: TopicChanges): Promise<LearnTopic> {
  const data = {
    key: input.key ?? undefined,
    title: input.title?.trim() ?? undefined,
    description: input.description ?? undefined,
    sortOrder: input.sortOrder ?? undefined,
  };
  return updateCatalogueRow(tx, actor, topics, id, { changes: changedFields(input) }, () => tx.learnTopic.update({ where: { id }, data }));
}

async function assertNoLearnerData(tx: Tx, where: { lessonIds: string[]; drillIds: string[] }): Promise<void> {
  const [progress, stats] = await Promise.all([
    where.lessonIds.length ? tx.userLessonProgress.count({ where: { lessonId: { in: where.lessonIds } } }) : 0,
    where.drillIds.length ? tx.userDrillStat.count({ where: { drillId: { in: where.drillIds } } }) : 0,
  ]);
  if (progress + stats > 0) throw conflict("Users have progress on this content; it cannot be deleted");
}

/** Deletes a topic with its lessons and drills (CONFLICT when users have progress on them). */
export function deleteLearnTopic(tx: Tx, actor: Actor, id: string): Promise<void> {
  return deleteCatalogueRow(tx, actor, topics, id, async () => {
    const [topicLessons, topicDrills] = await Promise.all([
      tx.learnLesson.findMany({ where: { topicId: id }, select: { id: true } }),
      tx.learnDrill.findMany({ where: { topicId: id }, select: { id: true } }),
    ]);
    await assertNoLearnerData(tx, { lessonIds: topicLessons.map((lesson) => lesson.id), drillIds: topicDrills.map((drill) => drill.id) });
  });
}

async function assertTopic(tx: Tx, topicId: string): Promise<void> {
  if (!(await tx.learnTopic.findUnique({ where: { id: topicId }, select: { id: true } }))) throw notFound("LearnTopic");
}

/** What a lesson and a drill both have: their topic, key and title, their XP and their place in the topic. */
interface LearnItemInput {
  topicId: string;
  key: string;
  title: string;
  xpReward?: number | null;
  sortOrder?: number | null;
}

export interface LessonInput extends LearnItemInput {
  summary: string;
  content: string;
  estimatedMinutes?: number | null;
}

/** Only the fields given change (the resolver refuses nulls). */
export type LessonChanges = Partial<LessonInput>;

export async function createLearnLesson(tx: Tx, actor: Actor, input: LessonInput): Promise<LearnLesson> {
  await assertTopic(tx, input.topicId);
  const { topicId, key, summary, content } = input;
  return createCatalogueRow(tx, actor, lessons, () =>
    tx.learnLesson.create({
      data: {
        ...{ topicId, key, title: input.title.trim(), summary, content },
        estimatedMinutes: input.estimatedMinutes ?? 5,
        xpReward: input.xpReward ?? 10,
        sortOrder: input.sortOrder ?? 0,
      },
    }),
  );
}

/** Changing xpReward does not change XP already awarded. The audit row says the content changed, not what it became. */
export function updateLearnLesson(tx: Tx, actor: Actor, id: string, input: LessonChanges): Promise<LearnLesson> {
  const changes = changedFields({ ...input, content: input.content === undefined ? undefined : "(changed)" });
  return updateCatalogueRow(tx, actor, lessons, id, { changes }, async () => {
    if (input.topicId) await assertTopic(tx, input.topicId);
    const { topicId } = input;
    const text = { title: input.title?.trim() ?? undefined, summary: input.summary ?? undefined, content: input.content ?? undefined };
    return tx.learnLesson.update({
      where: { id },
      data: {
        ...{ topicId, key: input.key ?? undefined, ...text },
        estimatedMinutes: input.estimatedMinutes ?? undefined,
        xpReward: input.xpReward ?? undefined,
        sortOrder: input.sortOrder ?? undefined,
      },
    });
  });
}

/** CONFLICT when users have progress on the lesson. */
export function deleteLearnLesson(tx: Tx, actor: Actor, id: string): Promise<void> {
  return deleteCatalogueRow(tx, actor, lessons, id, () => assertNoLearnerData(tx, { lessonIds: [id], drillIds: [] }));
}

export interface DrillInput extends LearnItemInput {
  prompt: string;
  drillType: string;
  difficulty?: number | null;
  config?: unknown;
}

/** Only the fields given change (the resolver refuses nulls). */
export type DrillChanges = Partial<DrillInput>;

export async function createLearnDrill(tx: Tx, actor: Actor, input: DrillInput): Promise<LearnDrill> {
  await assertTopic(tx, input.topicId);
  const { topicId, key, prompt, drillType } = input;
  const config = (input.config ?? {}) as Prisma.InputJsonValue;
  return createCatalogueRow(tx, actor, drills, () =>
    tx.learnDrill.create({
      data: {
        ...{ topicId, key, title: input.title.trim(), prompt, drillType, config },
        difficulty: input.difficulty ?? 1,
        xpReward: input.xpReward ?? 5,
        sortOrder: input.sortOrder ?? 0,
      },
    }),
  );
}

export function updateLearnDrill(tx: Tx, actor: Actor, id: string, input: DrillChanges): Promise<LearnDrill> {
  return updateCatalogueRow(tx, actor, drills, id, { changes: changedFields(input) }, async () => {
    if (input.topicId) await assertTopic(tx, input.topicId);
    const { topicId } = input;
    const config = input.config == null ? undefined : (input.config as Prisma.InputJsonValue);
    const text = { title: input.title?.trim() ?? undefined, prompt: input.prompt ?? undefined, drillType: input.drillType ?? undefined };
    return tx.learnDrill.update({
      where: { id },
      data: {
        ...{ topicId, key: input.key ?? undefined, ...text, config },
        difficulty: input.difficulty ?? undefined,
        xpReward: input.xpReward ?? undefined,
        sortOrder: input.sortOrder ?? undefined,
      },
    });
  });
}

/** CONFLICT when users have results on the drill. */
export function deleteLearnDrill(tx: Tx, actor: Actor, id: string): Promise<void> {
  return deleteCatalogueRow(tx, actor, drills, id, () => assertNoLearnerData(tx, { lessonIds: [], drillIds: [id] }));
}
