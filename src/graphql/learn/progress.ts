import { z } from "zod";
import { prisma } from "../../db/index.ts";
import * as learn from "../../domain/learn.ts";
import type { DrillOutcome, LessonOutcome } from "../../domain/learn.ts";
import { builder } from "../builder.ts";
import { runMutation } from "../mutation.ts";
import { decodeId } from "../ids.ts";
import { orderNewestFirst } from "../../domain/ordering.ts";
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
    resolve: (_root, args, ctx) => {
      const lessonId = decodeId(args.lessonId, "LearnLesson", "lessonId");
      return runMutation(ctx, (tx, actor) => learn.updateLessonProgress(tx, actor, { lessonId, progressPercent: args.progressPercent }));
    },
  }),
);

// ---------------------------------------------------------------------------
// recordDrillResult

const RecordDrillResultPayload = builder.objectRef<DrillOutcome>("RecordDrillResultPayload").implement({
  fields: (t) => ({
    stats: t.prismaField({
      type: "UserDrillStat",
      resolve: (query, outcome) => prisma.userDrillStat.findUniqueOrThrow({ ...query, where: { id: outcome.statId } }),
    }),
    xpAwarded: t.exposeInt("xpAwarded", {
      description: "XP this attempt earned: the drill's XP for the day's first correct attempt, else 0.",
    }),
    duplicate: t.exposeBoolean("duplicate", {
      description: "True when this attemptKey was recorded before: nothing changed.",
    }),
  }),
});

builder.mutationField("recordDrillResult", (t) =>
  t.withAuth({ signedIn: true }).field({
    type: RecordDrillResultPayload,
    description:
      "Records one attempt at a drill (attempts, correct, best/last score, streak of correct answers). " +
      "A correct attempt earns the drill's XP at most once per drill and calendar day (the viewer's time zone; ledger key `drill:<drillId>:<day>`); never coins. " +
      "Give attemptKey to make retries safe: the same key twice for the same drill records the attempt once.",
    args: {
      drillId: t.arg.id({ required: true }),
      score: t.arg.int({ required: true, validate: z.number().int().min(0).max(100) }),
      correct: t.arg.boolean({ required: true }),
      attemptKey: t.arg.string({ validate: z.string().min(1).max(200).nullish() }),
    },
    resolve: (_root, args, ctx) => {
      const drillId = decodeId(args.drillId, "LearnDrill", "drillId");
      return runMutation(ctx, (tx, actor) =>
        learn.recordDrillResult(tx, actor, { drillId, score: args.score, correct: args.correct, attemptKey: args.attemptKey }),
      );
    },
  }),
);
