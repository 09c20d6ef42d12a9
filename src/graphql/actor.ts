import type { Actor } from "../domain/actor.ts";
import { timezoneOrUtc } from "../domain/calendar.ts";
import type { Context, Viewer } from "./context.ts";

/** The domain's view of the signed-in viewer, with the session and request its audit rows record. */
export function actorOf(viewer: Viewer, requestInfo: Context["requestInfo"] | null = null): Actor {
  return { userId: viewer.userId, timezone: timezoneOrUtc(viewer.timezone), sessionId: viewer.sessionId, requestInfo };
}
