import type { Actor } from "../domain/actor.ts";
import { timezoneOrUtc } from "../domain/calendar.ts";
import type { Viewer } from "./context.ts";

/** The domain's view of the signed-in viewer. */
export function actorOf(viewer: Viewer): Actor {
  return { userId: viewer.userId, timezone: timezoneOrUtc(viewer.timezone) };
}
