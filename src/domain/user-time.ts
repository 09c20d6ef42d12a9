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
