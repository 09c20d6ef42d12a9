// The focus timer: one active session per user, pause/resume bookkeeping, finishing with XP.
import { z } from "zod";
import { prisma } from "../../db/index.ts";
import { dayBoundsUtc, timezoneOrUtc, todayIn } from "../../domain/calendar.ts";
import { lockOwnedRow } from "../../domain/locks.ts";
import { awardPoints, type AwardResult } from "../../domain/points.ts";
import { recordStreakDay } from "../../domain/streaks.ts";
import type { Tx } from "../../domain/transaction.ts";
import type { FocusPauseState, FocusSession } from "../../generated/prisma/client.ts";
import { builder } from "../builder.ts";
import { conflict, notFound, withDatabaseErrors } from "../errors/index.ts";
import { AwardPointsPayload } from "../gamification/progress.ts";
import { decodeId } from "../ids.ts";
import { orderNewestFirst } from "../ordering.ts";
import { ownedByViewer, viewerIdOrNobody } from "../tenancy.ts";

export const FocusMode = builder.enumType("FocusMode", { values: ["FOCUS", "SHORT_BREAK", "LONG_BREAK"] as const });
export const FocusSessionStatus = builder.enumType("FocusSessionStatus", {
  values: ["ACTIVE", "COMPLETED", "ABANDONED"] as const,
});

/** XP per fully focused minute of a FOCUS session (breaks earn none), up to the planned duration. */
export const XP_PER_FOCUS_MINUTE = 1;

/** Seconds paused so far, the running pause included. */
export function pausedSeconds(pause: Pick<FocusPauseState, "isPaused" | "pausedAt" | "totalPausedSeconds"> | null, now: Date): number {
  if (!pause) return 0;
  const running = pause.isPaused && pause.pausedAt ? Math.max(0, Math.floor((now.getTime() - pause.pausedAt.getTime()) / 1000)) : 0;
  return pause.totalPausedSeconds + running;
}

/** Focused seconds at `now` (elapsed minus paused), or the recorded value once the session ended. */
export function focusedSeconds(
  session: Pick<FocusSession, "startedAt" | "actualDurationSeconds" | "status">,
  pause: Pick<FocusPauseState, "isPaused" | "pausedAt" | "totalPausedSeconds"> | null,
  now: Date,
): number {
  if (session.status !== "ACTIVE" && session.actualDurationSeconds !== null) return session.actualDurationSeconds;
  const elapsed = Math.max(0, Math.floor((now.getTime() - session.startedAt.getTime()) / 1000));
  return Math.max(0, elapsed - pausedSeconds(pause, now));
}

export function focusXp(mode: FocusSession["mode"], actualSeconds: number, plannedSeconds: number): number {
  if (mode !== "FOCUS") return 0;
  return Math.floor(Math.min(actualSeconds, plannedSeconds) / 60) * XP_PER_FOCUS_MINUTE;
}

export const FocusSessionRef = builder.prismaNode("FocusSession", {
  id: { field: "id" },
  findUnique: ownedByViewer,
  nullable: true,
  description: "A focus timer run. At most one is ACTIVE per user.",
  fields: (t) => ({
    mode: t.expose("mode", { type: FocusMode }),
    status: t.expose("status", { type: FocusSessionStatus }),
    label: t.exposeString("label", { nullable: true }),
    plannedDurationSeconds: t.exposeInt("plannedDurationSeconds"),
    actualDurationSeconds: t.exposeInt("actualDurationSeconds", {
      nullable: true,
      description: "Seconds focused (pauses excluded); set when the session ends.",
    }),
    focusedSeconds: t.int({
      description: "Seconds focused so far (pauses excluded); the final value once ended.",
      select: {
        pauseState: { select: { isPaused: true, pausedAt: true, totalPausedSeconds: true } },
      },
      resolve: (session) => focusedSeconds(session, session.pauseState, new Date()),
    }),
    startedAt: t.expose("startedAt", { type: "DateTime" }),
    endedAt: t.expose("endedAt", { type: "DateTime", nullable: true }),
    xpAwarded: t.exposeInt("xpAwarded"),
    library: t.relation("library", { nullable: true }),
    pauseState: t.relation("pauseState", { nullable: true }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    updatedAt: t.expose("updatedAt", { type: "DateTime" }),
  }),
});

builder.prismaNode("FocusPauseState", {
  id: { field: "id" },
  findUnique: ownedByViewer,
  nullable: true,
  description: "Pause bookkeeping of one focus session.",
  fields: (t) => ({
    session: t.relation("session"),
    isPaused: t.exposeBoolean("isPaused"),
    pausedAt: t.expose("pausedAt", { type: "DateTime", nullable: true }),
    resumedAt: t.expose("resumedAt", { type: "DateTime", nullable: true }),
    totalPausedSeconds: t.exposeInt("totalPausedSeconds", { description: "Sum of all completed pauses." }),
    updatedAt: t.expose("updatedAt", { type: "DateTime" }),
  }),
});

builder.prismaObjectField("User", "activeFocusSession", (t) =>
  t.prismaField({
    type: "FocusSession",
    nullable: true,
    description: "The running (or paused) focus session, if any.",
    resolve: (query, user, _args, ctx) =>
      user.id === viewerIdOrNobody(ctx)
        ? prisma.focusSession.findFirst({ ...query, where: { userId: user.id, status: "ACTIVE" } })
        : null,
  }),
);

builder.prismaObjectField("User", "focusSessions", (t) =>
  t.prismaConnection({
    type: "FocusSession",
    cursor: "id",
    description: "Focus sessions, newest first; `day` keeps those started on that calendar day (user's time zone).",
    args: {
      day: t.arg({ type: "Date" }),
      status: t.arg({ type: FocusSessionStatus }),
    },
    resolve: async (query, user, args, ctx) => {
      if (!ctx.viewer || user.id !== ctx.viewer.userId) return [];
      let startedAt: { gte: Date; lt: Date } | undefined;
      if (args.day) {
        const { start, end } = dayBoundsUtc(args.day, timezoneOrUtc(ctx.viewer.timezone));
        startedAt = { gte: start, lt: end };
      }
      return prisma.focusSession.findMany({
        ...query,
        where: { userId: user.id, ...(startedAt ? { startedAt } : {}), ...(args.status ? { status: args.status } : {}) },
        orderBy: [{ startedAt: "desc" }, ...orderNewestFirst()],
      });
    },
  }),
);

builder.queryField("focusSession", (t) =>
  t.withAuth({ signedIn: true }).prismaField({
    type: "FocusSession",
    nullable: true,
    args: { id: t.arg.id({ required: true }) },
    resolve: (query, _root, args, ctx) =>
      prisma.focusSession.findFirst({
        ...query,
        where: { id: decodeId(args.id, "FocusSession"), userId: ctx.viewer.userId },
      }),
  }),
);

// ---- Mutations

const StartFocusSessionInput = builder.inputType("StartFocusSessionInput", {
  fields: (t) => ({
    mode: t.field({ type: FocusMode, description: "Default FOCUS." }),
    plannedDurationSeconds: t.int({
      required: true,
      validate: z.number().int().min(60, "at least 60 seconds").max(14_400, "at most 4 hours"),
    }),
    label: t.string({ validate: z.string().trim().max(200) }),
    libraryId: t.id({ description: "One of the viewer's focus libraries." }),
  }),
});

builder.mutationField("startFocusSession", (t) =>
  t.withAuth({ signedIn: true }).prismaField({
    type: "FocusSession",
    description: "Starts a session. CONFLICT while another session is active.",
    args: { input: t.arg({ type: StartFocusSessionInput, required: true }) },
    resolve: (query, _root, { input }, ctx) =>
      prisma.$transaction(async (tx) => {
        const userId = ctx.viewer.userId;
        let libraryId: string | null = null;
        if (input.libraryId != null) {
          libraryId = decodeId(input.libraryId, "FocusLibrary");
          const library = await tx.focusLibrary.findFirst({ where: { id: libraryId, userId }, select: { id: true } });
          if (!library) throw notFound("FocusLibrary");
        }
        const active = await tx.focusSession.findFirst({ where: { userId, status: "ACTIVE" }, select: { id: true } });
        if (active) throw conflict("A focus session is already active; finish or abandon it first");
        // A concurrent start that slipped past the check hits the partial unique index
        // focus_sessions_one_active_per_user, which withDatabaseErrors maps to CONFLICT.
        const session = await withDatabaseErrors(() =>
          tx.focusSession.create({
            data: {
              userId,
              libraryId,
              mode: input.mode ?? "FOCUS",
              label: input.label?.trim() || null,
              plannedDurationSeconds: input.plannedDurationSeconds,
              startedAt: new Date(),
              pauseState: { create: { userId } },
            },
          }),
        );
        return tx.focusSession.findUniqueOrThrow({ ...query, where: { id: session.id } });
      }),
  }),
);

/** Locks the viewer's session and returns it with its pause state; NOT_FOUND for missing/foreign IDs. */
async function lockSession(tx: Tx, globalId: string, userId: string) {
  const sessionId = decodeId(globalId, "FocusSession");
  if (!(await lockOwnedRow(tx, "focus_sessions", sessionId, userId))) throw notFound("FocusSession");
  const session = await tx.focusSession.findUniqueOrThrow({ where: { id: sessionId }, include: { pauseState: true } });
  const pauseState =
    session.pauseState ?? (await tx.focusPauseState.create({ data: { userId, sessionId: session.id } }));
  return { session, pauseState };
}

function requireActive(session: FocusSession, action: string): void {
  if (session.status !== "ACTIVE") {
    throw conflict(`Cannot ${action} a ${session.status.toLowerCase()} focus session`);
  }
}

builder.mutationField("pauseFocusSession", (t) =>
  t.withAuth({ signedIn: true }).prismaField({
    type: "FocusSession",
    description: "Pauses an active session (CONFLICT when it is already paused or has ended).",
    args: { id: t.arg.id({ required: true }) },
    resolve: (query, _root, { id }, ctx) =>
      prisma.$transaction(async (tx) => {
        const { session, pauseState } = await lockSession(tx, String(id), ctx.viewer.userId);
        requireActive(session, "pause");
        if (pauseState.isPaused) throw conflict("The focus session is already paused");
        await tx.focusPauseState.update({ where: { id: pauseState.id }, data: { isPaused: true, pausedAt: new Date() } });
        return tx.focusSession.findUniqueOrThrow({ ...query, where: { id: session.id } });
      }),
  }),
);

builder.mutationField("resumeFocusSession", (t) =>
  t.withAuth({ signedIn: true }).prismaField({
    type: "FocusSession",
    description: "Resumes a paused session (CONFLICT when it is not paused or has ended).",
    args: { id: t.arg.id({ required: true }) },
    resolve: (query, _root, { id }, ctx) =>
      prisma.$transaction(async (tx) => {
        const { session, pauseState } = await lockSession(tx, String(id), ctx.viewer.userId);
        requireActive(session, "resume");
        if (!pauseState.isPaused) throw conflict("The focus session is not paused");
        const now = new Date();
        await tx.focusPauseState.update({
          where: { id: pauseState.id },
          data: { isPaused: false, resumedAt: now, totalPausedSeconds: pausedSeconds(pauseState, now) },
        });
        return tx.focusSession.findUniqueOrThrow({ ...query, where: { id: session.id } });
      }),
  }),
);

/** Ends an active session: closes a running pause and records the focused seconds. */
async function endSession(tx: Tx, session: FocusSession, pauseState: FocusPauseState, status: "COMPLETED" | "ABANDONED") {
  const now = new Date();
  const actual = focusedSeconds(session, pauseState, now);
  if (pauseState.isPaused) {
    await tx.focusPauseState.update({
      where: { id: pauseState.id },
      data: { isPaused: false, resumedAt: now, totalPausedSeconds: pausedSeconds(pauseState, now) },
    });
  }
  return tx.focusSession.update({
    where: { id: session.id },
    data: { status, endedAt: now, actualDurationSeconds: actual },
  });
}

interface FinishFocusResult {
  session: FocusSession;
  award: AwardResult | null;
}

const FinishFocusSessionPayload = builder.objectRef<FinishFocusResult>("FinishFocusSessionPayload").implement({
  fields: (t) => ({
    session: t.field({ type: FocusSessionRef, resolve: (result) => result.session }),
    award: t.field({
      type: AwardPointsPayload,
      nullable: true,
      description: "The XP for the focused minutes (null when nothing was earned, e.g. breaks).",
      resolve: (result) => result.award,
    }),
  }),
});

builder.mutationField("finishFocusSession", (t) =>
  t.withAuth({ signedIn: true }).field({
    type: FinishFocusSessionPayload,
    description:
      "Completes an active session: actual duration = elapsed − paused; a FOCUS session earns XP per focused minute (up to the planned duration) and counts for the `focus` streak.",
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, ctx) =>
      prisma.$transaction(async (tx) => {
        const userId = ctx.viewer.userId;
        const { session, pauseState } = await lockSession(tx, String(id), userId);
        requireActive(session, "finish");
        let ended = await endSession(tx, session, pauseState, "COMPLETED");
        const actual = ended.actualDurationSeconds ?? 0;
        const xp = focusXp(ended.mode, actual, ended.plannedDurationSeconds);
        let award: AwardResult | null = null;
        if (xp > 0) {
          award = await awardPoints(tx, {
            userId,
            xp,
            coins: 0,
            reason: "focus.finish",
            sourceType: "focus_session",
            sourceId: session.id,
            idempotencyKey: `focus:${session.id}`,
            metadata: { focusedSeconds: actual },
          });
          ended = await tx.focusSession.update({ where: { id: session.id }, data: { xpAwarded: award.entry.xpDelta } });
          await recordStreakDay(tx, userId, "focus", todayIn(timezoneOrUtc(ctx.viewer.timezone)));
        }
        await tx.behaviorOutbox.create({
          data: {
            userId,
            eventType: "focus.finished",
            idempotencyKey: `focus.finished:${session.id}`,
            payload: { sessionId: session.id, mode: ended.mode, focusedSeconds: actual, xp },
          },
        });
        return { session: ended, award };
      }),
  }),
);

builder.mutationField("abandonFocusSession", (t) =>
  t.withAuth({ signedIn: true }).prismaField({
    type: "FocusSession",
    description: "Ends an active session without reward (CONFLICT when it has already ended).",
    args: { id: t.arg.id({ required: true }) },
    resolve: (query, _root, { id }, ctx) =>
      prisma.$transaction(async (tx) => {
        const { session, pauseState } = await lockSession(tx, String(id), ctx.viewer.userId);
        requireActive(session, "abandon");
        await endSession(tx, session, pauseState, "ABANDONED");
        return tx.focusSession.findUniqueOrThrow({ ...query, where: { id: session.id } });
      }),
  }),
);
