import { isValidTimeZone, todayIn } from "./calendar.ts";
import type { Tx } from "./transaction.ts";

type SettingsReader = Pick<Tx, "userSettings">;

/** The user's IANA time zone from user_settings (UTC when unset or unknown to this runtime). */
export async function timezoneOf(db: SettingsReader, userId: string): Promise<string> {
  const settings = await db.userSettings.findUnique({ where: { userId }, select: { timezone: true } });
  const zone = settings?.timezone;
  return zone && isValidTimeZone(zone) ? zone : "UTC";
}

/** The user's current calendar day (YYYY-MM-DD) in their time zone. */
export async function userToday(db: SettingsReader, userId: string, now: Date = new Date()): Promise<string> {
  return todayIn(await timezoneOf(db, userId), now);
}
