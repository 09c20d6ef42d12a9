import type { UserStreak } from "../generated/prisma/client.ts";
import { addDays, calendarDateToDb, toDay } from "./calendar.ts";
import type { Tx } from "./transaction.ts";

/**
 * Counts `day` (YYYY-MM-DD, the user's calendar) for the named streak: the same day
 * again changes nothing, the next day extends the streak, a gap restarts it at 1.
 */
export async function recordStreakDay(tx: Tx, userId: string, streakType: string, day: string): Promise<UserStreak> {
  const existing = await tx.userStreak.findUnique({ where: { userId_streakType: { userId, streakType } } });
  const last = existing?.lastActivityDate ? toDay(existing.lastActivityDate) : null;
  if (existing && last !== null && last >= day) return existing;
  const current = existing && last === addDays(day, -1) ? existing.currentCount + 1 : 1;
  return tx.userStreak.upsert({
    where: { userId_streakType: { userId, streakType } },
    create: { userId, streakType, currentCount: 1, longestCount: 1, lastActivityDate: calendarDateToDb(day) },
    update: {
      currentCount: current,
      longestCount: Math.max(existing?.longestCount ?? 0, current),
      lastActivityDate: calendarDateToDb(day),
    },
  });
}
