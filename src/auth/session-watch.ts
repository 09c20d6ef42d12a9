// A live stream (todayChanged) ends with the session that opened it. Three ways a session ends
// while a stream is open, each noticed here:
// - revoked through the gateway (signOut, revokeSession, changePassword, signOutEverywhere,
//   deleteAccount): the resolver announces it on the live bus after its transaction commits
//   (announceSessionsEnded), and the bus is Redis pub/sub when REDIS_URL is set, so the streams
//   of that session close on every instance at once;
// - expired: a timer at the session's expiresAt;
// - anything else (a revocation by hand in SQL, a bus message lost while Redis was away, a
//   revocation committed while this stream was still attaching to the bus): the session is
//   checked again in the database every `recheckMs` (default 30 s), one indexed statement.
import type { LiveBus, SessionsEnded } from "../projector/pubsub.ts";
import { sessionIsLive } from "./session.ts";
import type { Viewer } from "./viewer.ts";

export const SESSION_RECHECK_MS = 30_000;

export type SessionEndReason = "revoked" | "expired";

export interface SessionWatch {
  /** Resolves when the session ends (never, if `stop` comes first). */
  ended: Promise<SessionEndReason>;
  stop(): void;
}

/** Whether `ended` names the session `sessionId`. */
export function endsSession(ended: SessionsEnded, sessionId: string): boolean {
  if (ended.sessionIds === null) return ended.except !== sessionId;
  return ended.sessionIds.includes(sessionId);
}

/** Tells every instance (through the bus) that sessions of `userId` ended. Call after the revoking transaction committed. */
export function announceSessionsEnded(bus: LiveBus, userId: string, ended: SessionsEnded): void {
  bus.pubSub.publish("sessionEnded", userId, ended);
}

/** Watches `viewer`'s session until it ends or `stop` is called. */
export function watchSession(
  bus: LiveBus,
  viewer: Pick<Viewer, "userId" | "sessionId" | "expiresAt">,
  options: { recheckMs?: number } = {},
): SessionWatch {
  const recheckMs = options.recheckMs ?? SESSION_RECHECK_MS;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let end!: (reason: SessionEndReason) => void;
  const ended = new Promise<SessionEndReason>((resolve) => {
    end = (reason) => {
      if (stopped) return;
      stop();
      resolve(reason);
    };
  });

  // The bus: the listener is attached by the first next().
  const announcements = bus.pubSub.subscribe("sessionEnded", viewer.userId)[Symbol.asyncIterator]();
  void (async () => {
    for (;;) {
      const next = await announcements.next().catch(() => ({ done: true as const, value: undefined }));
      if (next.done || stopped) return;
      if (endsSession(next.value, viewer.sessionId)) return end("revoked");
    }
  })();

  // Expiry and the periodic check; a timer never longer than recheckMs (setTimeout cannot wait 30 days anyway).
  const schedule = () => {
    const untilExpiry = viewer.expiresAt.getTime() - Date.now();
    timer = setTimeout(check, Math.max(0, Math.min(untilExpiry, recheckMs)));
    timer.unref();
  };
  const check = async () => {
    if (stopped) return;
    if (Date.now() >= viewer.expiresAt.getTime()) return end("expired");
    const live = await sessionIsLive(viewer.sessionId).catch(() => true); // a failed check is retried next time
    if (stopped) return;
    if (!live) return end("revoked");
    schedule();
  };
  schedule();

  function stop() {
    if (stopped) return;
    stopped = true;
    clearTimeout(timer);
    void announcements.return?.();
  }
  return { ended, stop };
}
