import type { Actor } from "../domain/actor.ts";
import { timezoneOrUtc } from "../domain/calendar.ts";
import type { SignedInContext } from "./context.ts";

/** The domain's view of the signed-in viewer. */
export function actorOf(ctx: SignedInContext): Actor {
  return { userId: ctx.viewer.userId, timezone: timezoneOrUtc(ctx.viewer.timezone) };
}
