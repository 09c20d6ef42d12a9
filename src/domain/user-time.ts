import type { PrismaClient } from "../generated/prisma/client.ts";
import { isValidTimeZone, todayIn } from "./calendar.ts";
import type { Tx } from "./transaction.ts";

type Db = Tx | PrismaClient;

/** The user's IANA time zone from user_settings (UTC when unset or unknown to the runtime). */
export async function userTimezone(db: Db, userId: string): Promise<string> {
  const settings = await db.userSettings.findUnique({ where: { userId }, select: { timezone: true } });
  const timezone = settings?.timezone ?? "UTC";
  return isValidTimeZone(timezone) ? timezone : "UTC";
}

/** The user's current calendar day (`YYYY-MM-DD`) in their time zone. */
export async function userToday(db: Db, userId: string, now: Date = new Date()): Promise<string> {
  return todayIn(await userTimezone(db, userId), now);
}

const cachedTimezones = new WeakMap<object, Map<string, Promise<string>>>();

/**
 * The time zone of `userId`, looked up once per `scope` (e.g. the GraphQL context of a
 * request), so fields resolved for many rows do not repeat the lookup.
 */
export function userTimezoneCached(db: Db, scope: object, userId: string): Promise<string> {
  let byUser = cachedTimezones.get(scope);
  if (!byUser) {
    byUser = new Map();
    cachedTimezones.set(scope, byUser);
  }
  let timezone = byUser.get(userId);
  if (!timezone) {
    timezone = userTimezone(db, userId);
    byUser.set(userId, timezone);
  }
  return timezone;
}
