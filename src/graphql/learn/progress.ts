import { randomUUID } from "node:crypto";
import { z } from "zod";
import { prisma } from "../../db/index.ts";
import { awardPoints } from "../../domain/points.ts";
import { builder } from "../builder.ts";
import { notFound } from "../errors/index.ts";
import { decodeId } from "../ids.ts";
import { orderNewestFirst } from "../ordering.ts";
import { ownedByViewer, viewerIdOrNobody } from "../tenancy.ts";

export const LessonStatus = builder.enumType("LessonStatus", {
  values: ["NOT_STARTED", "IN_PROGRESS", "COMPLETED"] as const,
});

export const UserLessonProgressRef = builder.prismaNode("UserLessonProgress", {
  id: { field: "id" },
  findUnique: ownedByViewer,
  nullable: true,
  description: "How far the user is through a lesson.",
  fields: (t) => ({
    lesson: t.relation("lesson"),
    status: t.expose("status", { type: LessonStatus }),
    progressPercent: t.exposeInt("progressPercent"),
    startedAt: t.expose("startedAt", { type: "DateTime", nullable: true }),
    completedAt: t.expose("completedAt", { type: "DateTime", nullable: true }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    updatedAt: t.expose("updatedAt", { type: "DateTime" }),
  }),
});

export const UserDrillStatRef = builder.prismaNode("UserDrillStat", {
  id: { field: "id" },
  findUnique: ownedByViewer,
  nullable: true,
  description: "The user's results on a drill.",
  fields: (t) => ({
    drill: t.relation("drill"),
    attempts: t.exposeInt("attempts"),
    correct: t.exposeInt("correct"),
    accuracy: t.float({
      nullable: true,
      description: "correct / attempts (0–1); null before the first attempt.",
      select: { attempts: true, correct: true },
      resolve: (stat) => (stat.attempts > 0 ? stat.correct / stat.attempts : null),
    }),
    bestScore: t.exposeInt("bestScore", { nullable: true }),
    lastScore: t.exposeInt("lastScore", { nullable: true }),
    currentStreak: t.exposeInt("currentStreak", { description: "Correct attempts in a row." }),
    lastAttemptedAt: t.expose("lastAttemptedAt", { type: "DateTime", nullable: true }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    updatedAt: t.expose("updatedAt", { type: "DateTime" }),
  }),
});

builder.prismaObjectField("User", "lessonProgress", (t) =>
  t.relatedConnection("lessonProgress", {
    cursor: "id",
    description: "The user's lesson progress rows, newest first; optionally one status only.",
    args: { status: t.arg({ type: LessonStatus }) },
    query: (args, ctx) => ({
      where: { userId: viewerIdOrNobody(ctx), ...(args.status ? { status: args.status } : {}) },
      orderBy: orderNewestFirst(),
    }),
  }),
);

builder.prismaObjectField("User", "drillStats", (t) =>
  t.relatedConnection("drillStats", {
    cursor: "id",
    description: "The user's drill results, newest first.",
    query: (_args, ctx) => ({ where: { userId: viewerIdOrNobody(ctx) }, orderBy: orderNewestFirst() }),
  }),
);

// ---------------------------------------------------------------------------
// updateLessonProgress

interface LessonOutcome {
  progressId: string;
  xpAwarded: number;
}

const UpdateLessonProgressPayload = builder.objectRef<LessonOutcome>("UpdateLessonProgressPayload").implement({
  fields: (t) => ({
    progress: t.prismaField({
      type: "UserLessonProgress",
      resolve: (query, outcome) => prisma.userLessonProgress.findUniqueOrThrow({ ...query, where: { id: outcome.progressId } }),
    }),
    xpAwarded: t.exposeInt("xpAwarded", { description: "The lesson's XP, once: on the first completion only." }),
  }),
});

builder.mutationField("updateLessonProgress", (t) =>
  t.withAuth({ signedIn: true }).field({
    type: UpdateLessonProgressPayload,
    description:
      "Records progress on a lesson. Progress never goes back (a lower percent is kept at the highest reached); " +
      "at 100 the lesson is COMPLETED and its XP is awarded once (ledger key `lesson:<lessonId>`).",
    args: {
      lessonId: t.arg.id({ required: true }),
      progressPercent: t.arg.int({ required: true, validate: z.number().int().min(0).max(100) }),
    },
    resolve: async (_root, args, ctx) => {
      const lessonId = decodeId(args.lessonId, "LearnLesson", "lessonId");
      const userId = ctx.viewer.userId;
      return prisma.$transaction(async (tx): Promise<LessonOutcome> => {
        const lesson = await tx.learnLesson.findUnique({ where: { id: lessonId } });
        if (!lesson) throw notFound("LearnLesson");
        await tx.userLessonProgress.createMany({ data: [{ userId, lessonId }], skipDuplicates: true });
        const [row] = await tx.$queryRaw<Array<{ id: string }>>`
          SELECT id::text AS id FROM user_lesson_progress WHERE user_id = ${userId}::uuid AND lesson_id = ${lessonId}::uuid FOR UPDATE`;
        const existing = await tx.userLessonProgress.findUniqueOrThrow({ where: { id: row.id } });
        const now = new Date();
        const percent = Math.max(existing.progressPercent, args.progressPercent);
        const completed = percent >= 100;
        await tx.userLessonProgress.update({
          where: { id: existing.id },
          data: {
            progressPercent: percent,
            status: completed ? "COMPLETED" : "IN_PROGRESS",
            startedAt: existing.startedAt ?? now,
            completedAt: existing.completedAt ?? (completed ? now : null),
          },
        });
        let xpAwarded = 0;
        if (completed) {
          const award = await awardPoints(tx, {
            userId,
            xp: lesson.xpReward,
            coins: 0,
            reason: "lesson.complete",
            sourceType: "learn_lesson",
            sourceId: lessonId,
            idempotencyKey: `lesson:${lessonId}`,
          });
          if (!award.duplicate) {
            xpAwarded = lesson.xpReward;
            await tx.behaviorOutbox.create({
              data: {
                userId,
                eventType: "lesson.completed",
                idempotencyKey: `lesson.completed:${userId}:${lessonId}`,
                payload: { lessonId, lessonKey: lesson.key, xp: lesson.xpReward },
              },
            });
          }
        }
        return { progressId: existing.id, xpAwarded };
      });
    },
  }),
);

// ---------------------------------------------------------------------------
// recordDrillResult

interface DrillOutcome {
  statId: string;
  xpAwarded: number;
  duplicate: boolean;
}

const RecordDrillResultPayload = builder.objectRef<DrillOutcome>("RecordDrillResultPayload").implement({
  fields: (t) => ({
    stats: t.prismaField({
      type: "UserDrillStat",
      resolve: (query, outcome) => prisma.userDrillStat.findUniqueOrThrow({ ...query, where: { id: outcome.statId } }),
    }),
    xpAwarded: t.exposeInt("xpAwarded"),
    duplicate: t.exposeBoolean("duplicate", {
      description: "True when this attemptKey was recorded before: nothing changed.",
    }),
  }),
});

builder.mutationField("recordDrillResult", (t) =>
  t.withAuth({ signedIn: true }).field({
    type: RecordDrillResultPayload,
    description:
      "Records one attempt at a drill (attempts, correct, best/last score, streak of correct answers). A correct attempt earns the drill's XP. " +
      "Give attemptKey to make retries safe: the same key twice records the attempt once.",
    args: {
      drillId: t.arg.id({ required: true }),
      score: t.arg.int({ required: true, validate: z.number().int().min(0).max(100) }),
      correct: t.arg.boolean({ required: true }),
      attemptKey: t.arg.string({ validate: z.string().min(1).max(200).nullish() }),
    },
    resolve: async (_root, args, ctx) => {
      const drillId = decodeId(args.drillId, "LearnDrill", "drillId");
      const userId = ctx.viewer.userId;
      const attempt = args.attemptKey ? `client:${args.attemptKey}` : randomUUID();
      return prisma.$transaction(async (tx): Promise<DrillOutcome> => {
        const drill = await tx.learnDrill.findUnique({ where: { id: drillId } });
        if (!drill) throw notFound("LearnDrill");
        await tx.userDrillStat.createMany({ data: [{ userId, drillId }], skipDuplicates: true });
        const [row] = await tx.$queryRaw<Array<{ id: string }>>`
          SELECT id::text AS id FROM user_drill_stats WHERE user_id = ${userId}::uuid AND drill_id = ${drillId}::uuid FOR UPDATE`;

        // The attempt's outbox row doubles as its idempotency record.
        const { count } = await tx.behaviorOutbox.createMany({
          data: [
            {
              userId,
              eventType: "drill.attempted",
              idempotencyKey: `drill.attempted:${userId}:${drillId}:${attempt}`,
              payload: { drillId, drillKey: drill.key, score: args.score, correct: args.correct },
            },
          ],
          skipDuplicates: true,
        });
        if (count === 0) return { statId: row.id, xpAwarded: 0, duplicate: true };

        const stat = await tx.userDrillStat.findUniqueOrThrow({ where: { id: row.id } });
        await tx.userDrillStat.update({
          where: { id: stat.id },
          data: {
            attempts: stat.attempts + 1,
            correct: stat.correct + (args.correct ? 1 : 0),
            bestScore: Math.max(stat.bestScore ?? 0, args.score),
            lastScore: args.score,
            currentStreak: args.correct ? stat.currentStreak + 1 : 0,
            lastAttemptedAt: new Date(),
          },
        });
        let xpAwarded = 0;
        if (args.correct && drill.xpReward > 0) {
          const award = await awardPoints(tx, {
            userId,
            xp: drill.xpReward,
            coins: 0,
            reason: "drill.correct",
            sourceType: "learn_drill",
            sourceId: drillId,
            idempotencyKey: `drill:${drillId}:${attempt}`,
          });
          xpAwarded = award.duplicate ? 0 : drill.xpReward;
        }
        return { statId: stat.id, xpAwarded, duplicate: false };
      });
    },
  }),
);
