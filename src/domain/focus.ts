// The focus family's write rules: the timer (one active session per user, pause/resume
// bookkeeping, finishing with XP measured from server time only) and the user's music
// libraries. Every timer transition emits its `focus.*` event in the caller's transaction.
import type { FocusLibrary, FocusLibraryTrack, FocusPauseState, FocusSession } from "../generated/prisma/client.ts";
import { badInput, conflict, notFound, withDatabaseErrors } from "./errors.ts";
import type { Actor } from "./actor.ts";
import { todayIn } from "./calendar.ts";
import { emit } from "./events.ts";
import { ledgerKeys } from "./ledger-keys.ts";
import { lockOwnedRow } from "./locks.ts";
import { awardPoints, type AwardResult } from "./points.ts";
import { recordStreakDay } from "./streaks.ts";
import type { Tx } from "./transaction.ts";

export type FocusModeValue = FocusSession["mode"];

/** XP per fully focused minute of a FOCUS session (breaks earn none), up to the planned duration. */
export const XP_PER_FOCUS_MINUTE = 1;

type PauseClock = Pick<FocusPauseState, "isPaused" | "pausedAt" | "totalPausedSeconds">;

/** Seconds paused so far, the running pause included. */
export function pausedSeconds(pause: PauseClock | null, now: Date): number {
  if (!pause) return 0;
  const running = pause.isPaused && pause.pausedAt ? Math.max(0, Math.floor((now.getTime() - pause.pausedAt.getTime()) / 1000)) : 0;
  return pause.totalPausedSeconds + running;
}

/** Focused seconds at `now` (elapsed minus paused), or the recorded value once the session ended. */
export function focusedSeconds(
  session: Pick<FocusSession, "startedAt" | "actualDurationSeconds" | "status">,
  pause: PauseClock | null,
  now: Date,
): number {
  if (session.status !== "ACTIVE" && session.actualDurationSeconds !== null) return session.actualDurationSeconds;
  const elapsed = Math.max(0, Math.floor((now.getTime() - session.startedAt.getTime()) / 1000));
  return Math.max(0, elapsed - pausedSeconds(pause, now));
}

export function focusXp(mode: FocusModeValue, actualSeconds: number, plannedSeconds: number): number {
  if (mode !== "FOCUS") return 0;
  return Math.floor(Math.min(actualSeconds, plannedSeconds) / 60) * XP_PER_FOCUS_MINUTE;
}

// ---- The timer

export interface StartFocusInput {
  mode?: FocusModeValue | null;
  plannedDurationSeconds: number;
  label?: string | null;
  /** Raw id of one of the actor's libraries. */
  libraryId?: string | null;
}

/** Starts a session now (server time). CONFLICT while another session is active. */
export async function startFocusSession(tx: Tx, actor: Actor, input: StartFocusInput): Promise<FocusSession> {
  const { userId } = actor;
  const libraryId = input.libraryId ?? null;
  if (libraryId !== null) {
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
  await emit(
    tx,
    {
      type: "focus.started",
      userId,
      payload: { sessionId: session.id, mode: session.mode, plannedSeconds: session.plannedDurationSeconds },
    },
    { once: session.id },
  );
  return session;
}

/** Locks the actor's session and returns it with its pause state; NOT_FOUND for missing/foreign ids. */
async function lockSession(tx: Tx, actor: Actor, sessionId: string) {
  if (!(await lockOwnedRow(tx, "focus_sessions", sessionId, actor.userId))) throw notFound("FocusSession");
  const session = await tx.focusSession.findUniqueOrThrow({ where: { id: sessionId }, include: { pauseState: true } });
  const pauseState = session.pauseState ?? (await tx.focusPauseState.create({ data: { userId: actor.userId, sessionId: session.id } }));
  return { session, pauseState };
}

function requireActive(session: FocusSession, action: string): void {
  if (session.status !== "ACTIVE") {
    throw conflict(`Cannot ${action} a ${session.status.toLowerCase()} focus session`);
  }
}

/** Pauses an active session (CONFLICT when it is already paused or has ended). */
export async function pauseFocusSession(tx: Tx, actor: Actor, sessionId: string): Promise<FocusSession> {
  const { session, pauseState } = await lockSession(tx, actor, sessionId);
  requireActive(session, "pause");
  if (pauseState.isPaused) throw conflict("The focus session is already paused");
  await tx.focusPauseState.update({ where: { id: pauseState.id }, data: { isPaused: true, pausedAt: new Date() } });
  await emit(tx, { type: "focus.paused", userId: actor.userId, payload: { sessionId: session.id } });
  return session;
}

/** Resumes a paused session (CONFLICT when it is not paused or has ended). */
export async function resumeFocusSession(tx: Tx, actor: Actor, sessionId: string): Promise<FocusSession> {
  const { session, pauseState } = await lockSession(tx, actor, sessionId);
  requireActive(session, "resume");
  if (!pauseState.isPaused) throw conflict("The focus session is not paused");
  const now = new Date();
  const totalPausedSeconds = pausedSeconds(pauseState, now);
  await tx.focusPauseState.update({
    where: { id: pauseState.id },
    data: { isPaused: false, resumedAt: now, totalPausedSeconds },
  });
  await emit(tx, { type: "focus.resumed", userId: actor.userId, payload: { sessionId: session.id, pausedSeconds: totalPausedSeconds } });
  return session;
}

/** Ends an active session now: closes a running pause and records the focused seconds. */
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

/** A session finished with less focused time than this ends ABANDONED and earns nothing. */
export const MIN_FINISHED_FOCUS_SECONDS = 60;

export interface FinishFocusResult {
  session: FocusSession;
  /** The XP for the focused minutes; null when nothing was earned (breaks, under a minute). */
  award: AwardResult | null;
}

/**
 * Completes an active session. The focused seconds are measured from the server's clock
 * (started, paused, resumed, finished — never a client value); a FOCUS session earns
 * XP_PER_FOCUS_MINUTE per whole focused minute up to its planned duration, once per session
 * (ledger key by session id), and counts the actor's day for the `focus` streak. Under
 * MIN_FINISHED_FOCUS_SECONDS of focus it is abandoned instead.
 */
export async function finishFocusSession(tx: Tx, actor: Actor, sessionId: string): Promise<FinishFocusResult> {
  const { userId } = actor;
  const { session, pauseState } = await lockSession(tx, actor, sessionId);
  requireActive(session, "finish");
  if (focusedSeconds(session, pauseState, new Date()) < MIN_FINISHED_FOCUS_SECONDS) {
    // Under a minute it is not a finished session: it ends abandoned, so no rule counts it
    // (first-session achievement, focus quests) and it pays nothing.
    return { session: await endAbandoned(tx, actor, session, pauseState), award: null };
  }
  let ended = await endSession(tx, session, pauseState, "COMPLETED");
  const actual = ended.actualDurationSeconds ?? 0;
  const xp = focusXp(ended.mode, actual, ended.plannedDurationSeconds);
  // The event first: the rules step it runs (focus quests, achievements) sees the finished session.
  await emit(
    tx,
    { type: "focus.finished", userId, payload: { sessionId: session.id, mode: ended.mode, focusedSeconds: actual } },
    { once: session.id },
  );
  let award: AwardResult | null = null;
  if (xp > 0) {
    award = await awardPoints(tx, {
      userId,
      xp,
      coins: 0,
      reason: "focus.finish",
      sourceType: "focus_session",
      sourceId: session.id,
      idempotencyKey: ledgerKeys.focusSession(session.id),
      metadata: { focusedSeconds: actual },
    });
    ended = await tx.focusSession.update({ where: { id: session.id }, data: { xpAwarded: award.entry.xpDelta } });
    await recordStreakDay(tx, userId, "focus", todayIn(actor.timezone));
  }
  return { session: ended, award };
}

/** Ends an active session without reward (CONFLICT when it has already ended). */
export async function abandonFocusSession(tx: Tx, actor: Actor, sessionId: string): Promise<FocusSession> {
  const { session, pauseState } = await lockSession(tx, actor, sessionId);
  requireActive(session, "abandon");
  return endAbandoned(tx, actor, session, pauseState);
}

async function endAbandoned(tx: Tx, actor: Actor, session: FocusSession, pauseState: FocusPauseState): Promise<FocusSession> {
  const ended = await endSession(tx, session, pauseState, "ABANDONED");
  await emit(
    tx,
    { type: "focus.abandoned", userId: actor.userId, payload: { sessionId: session.id, focusedSeconds: ended.actualDurationSeconds ?? 0 } },
    { once: session.id },
  );
  return ended;
}

// ---- Libraries (user content the timer plays; no projector reads them, so no events)

export interface FocusLibraryInput {
  name?: string | null;
  description?: string | null;
  sortOrder?: number | null;
}

export async function createFocusLibrary(tx: Tx, actor: Actor, input: FocusLibraryInput & { name: string }): Promise<FocusLibrary> {
  return tx.focusLibrary.create({
    data: {
      userId: actor.userId,
      name: input.name.trim(),
      description: input.description ?? null,
      sortOrder: input.sortOrder ?? 0,
    },
  });
}

/** Only the fields given change (the resolver refuses a null name). */
export async function updateFocusLibrary(tx: Tx, actor: Actor, libraryId: string, input: FocusLibraryInput): Promise<void> {
  const { count } = await tx.focusLibrary.updateMany({
    where: { id: libraryId, userId: actor.userId },
    data: { name: input.name?.trim(), description: input.description, sortOrder: input.sortOrder ?? undefined },
  });
  if (count === 0) throw notFound("FocusLibrary");
}

/** Deletes a library and its tracks; sessions that used it keep running without it. */
export async function deleteFocusLibrary(tx: Tx, actor: Actor, libraryId: string): Promise<void> {
  const { count } = await withDatabaseErrors(() => tx.focusLibrary.deleteMany({ where: { id: libraryId, userId: actor.userId } }));
  if (count === 0) throw notFound("FocusLibrary");
}

export interface FocusTrackInput {
  title?: string | null;
  artist?: string | null;
  url?: string | null;
  durationSeconds?: number | null;
}

/** Appends a track to the end of one of the actor's libraries (locked, so two appends get distinct positions). */
export async function addFocusLibraryTrack(
  tx: Tx,
  actor: Actor,
  libraryId: string,
  input: FocusTrackInput & { title: string; url: string },
): Promise<FocusLibraryTrack> {
  if (!(await lockOwnedRow(tx, "focus_libraries", libraryId, actor.userId))) throw notFound("FocusLibrary");
  const last = await tx.focusLibraryTrack.aggregate({ where: { libraryId }, _max: { sortOrder: true } });
  return tx.focusLibraryTrack.create({
    data: {
      libraryId,
      userId: actor.userId,
      title: input.title.trim(),
      artist: input.artist?.trim() || null,
      url: input.url,
      durationSeconds: input.durationSeconds ?? null,
      sortOrder: last._max.sortOrder === null ? 0 : last._max.sortOrder + 1,
    },
  });
}

/** Only the fields given change (the resolver refuses a null title or url). */
export async function updateFocusLibraryTrack(tx: Tx, actor: Actor, trackId: string, input: FocusTrackInput): Promise<void> {
  const { count } = await tx.focusLibraryTrack.updateMany({
    where: { id: trackId, userId: actor.userId },
    data: {
      title: input.title?.trim(),
      artist: input.artist === undefined ? undefined : input.artist?.trim() || null,
      url: input.url ?? undefined,
      durationSeconds: input.durationSeconds,
    },
  });
  if (count === 0) throw notFound("FocusLibraryTrack");
}

export async function removeFocusLibraryTrack(tx: Tx, actor: Actor, trackId: string): Promise<void> {
  const { count } = await tx.focusLibraryTrack.deleteMany({ where: { id: trackId, userId: actor.userId } });
  if (count === 0) throw notFound("FocusLibraryTrack");
}

/** Sets the play order: `trackIds` must list every track of the library exactly once. */
export async function reorderFocusLibraryTracks(tx: Tx, actor: Actor, libraryId: string, trackIds: string[]): Promise<void> {
  if (!(await lockOwnedRow(tx, "focus_libraries", libraryId, actor.userId))) throw notFound("FocusLibrary");
  const tracks = await tx.focusLibraryTrack.findMany({ where: { libraryId, userId: actor.userId }, select: { id: true } });
  const current = new Set(tracks.map((track) => track.id));
  if (new Set(trackIds).size !== trackIds.length) throw badInput("trackIds must not repeat", "trackIds");
  if (trackIds.length !== current.size || trackIds.some((trackId) => !current.has(trackId))) {
    throw badInput("trackIds must list every track of the library exactly once", "trackIds");
  }
  for (const [position, trackId] of trackIds.entries()) {
    await tx.focusLibraryTrack.update({ where: { id: trackId }, data: { sortOrder: position } });
  }
}
