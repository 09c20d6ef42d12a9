// The focus timer: one active session per user, pause/resume bookkeeping, finishing with XP.
import { z } from "zod";
import { prisma } from "../../db/index.ts";
import type { Actor } from "../../domain/actor.ts";
import { dayBoundsUtc, timezoneOrUtc } from "../../domain/calendar.ts";
import {
  abandonFocusSession,
  finishFocusSession,
  type FinishFocusResult,
  focusedSeconds,
  pauseFocusSession,
  resumeFocusSession,
  startFocusSession,
} from "../../domain/focus.ts";
import type { Tx } from "../../domain/transaction.ts";
import type { FocusSession } from "../../generated/prisma/client.ts";
import { builder } from "../builder.ts";
import { reread, runMutation } from "../mutation.ts";
import { AwardPointsPayload } from "../gamification/progress.ts";
import { decodeId } from "../ids.ts";
import { orderNewestFirst } from "../../domain/ordering.ts";
import { ownedByViewer, viewerIdOrNobody } from "../tenancy.ts";

export const FocusMode = builder.enumType("FocusMode", { values: ["FOCUS", "SHORT_BREAK", "LONG_BREAK"] as const });
export const FocusSessionStatus = builder.enumType("FocusSessionStatus", {
  values: ["ACTIVE", "COMPLETED", "ABANDONED"] as const,
});

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
      user.id === viewerIdOrNobody(ctx) ? prisma.focusSession.findFirst({ ...query, where: { userId: user.id, status: "ACTIVE" } }) : null,
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
    resolve: (query, _root, { input }, ctx) => {
      const libraryId = input.libraryId == null ? null : decodeId(input.libraryId, "FocusLibrary");
      return runMutation(ctx, (tx, actor) => startFocusSession(tx, actor, { ...input, libraryId }), reread("FocusSession", query));
    },
  }),
);

/** `name(id)`: one timer transition of the domain, answering the session as it is afterwards. */
function sessionTransition(
  name: "pauseFocusSession" | "resumeFocusSession" | "abandonFocusSession",
  description: string,
  transition: (tx: Tx, actor: Actor, sessionId: string) => Promise<FocusSession>,
) {
  builder.mutationField(name, (t) =>
    t.withAuth({ signedIn: true }).prismaField({
      type: "FocusSession",
      description,
      args: { id: t.arg.id({ required: true }) },
      resolve: (query, _root, { id }, ctx) => {
        const sessionId = decodeId(id, "FocusSession");
        return runMutation(ctx, (tx, actor) => transition(tx, actor, sessionId), reread("FocusSession", query, sessionId));
      },
    }),
  );
}

sessionTransition("pauseFocusSession", "Pauses an active session (CONFLICT when it is already paused or has ended).", pauseFocusSession);
sessionTransition("resumeFocusSession", "Resumes a paused session (CONFLICT when it is not paused or has ended).", resumeFocusSession);

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
      "Completes an active session: actual duration = elapsed − paused, measured by the server's clock; a FOCUS session earns XP per focused minute (up to the planned duration, once per session) and counts for the `focus` streak. With under a minute of focus it ends ABANDONED instead and earns nothing (no XP, streak, achievement or quest progress).",
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, ctx) => {
      const sessionId = decodeId(id, "FocusSession");
      return runMutation(ctx, (tx, actor) => finishFocusSession(tx, actor, sessionId));
    },
  }),
);

sessionTransition(
  "abandonFocusSession",
  "Ends an active session without reward (CONFLICT when it has already ended).",
  abandonFocusSession,
);
