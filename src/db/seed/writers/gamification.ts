/**
 * Achievements, then the points ledger with the user's progress and wallet that add up to
 * it, and the streaks derived from the activity written before.
 */
import { ledgerKeys } from "../../../domain/ledger-keys.ts";
import { calendarDateToDb, isHabitDue } from "../../../domain/calendar.ts";
import { levelForXp } from "../levels.ts";
import type { Catalogue } from "../catalogue.ts";
import { insertMany, summarizeStreak, uniqueSorted, type LedgerDraft, type StreakSummary, type UserContext } from "../context.ts";
import type { ReadingSessionDraft } from "./books.ts";
import type { FocusDraft } from "./focus.ts";
import type { HabitDraft } from "./habits.ts";

/** First habit fully done, first focus session completed. */
export async function writeAchievements(
  ctx: UserContext,
  { achievementByKey }: Catalogue,
  { habitDrafts, completedFocus }: { habitDrafts: HabitDraft[]; completedFocus: FocusDraft[] },
): Promise<LedgerDraft[]> {
  const { tx, userId } = ctx;
  const firstHabitDone = habitDrafts
    .flatMap((h) => h.completions.filter((c) => c.count >= h.template.targetCount).map((c) => c.at))
    .sort((a, b) => a.getTime() - b.getTime())[0];
  const firstFocusDone = completedFocus[0]?.endedAt;
  const rewards: LedgerDraft[] = [];
  const unlocks: { key: string; at: Date }[] = [];
  if (achievementByKey.has("first-habit-check") && firstHabitDone) unlocks.push({ key: "first-habit-check", at: firstHabitDone });
  if (achievementByKey.has("focus-first-session") && firstFocusDone) unlocks.push({ key: "focus-first-session", at: firstFocusDone });
  if (unlocks.length > 0) {
    const rows = await tx.userAchievement.createManyAndReturn({
      data: unlocks.map((u) => ({ userId, achievementKey: u.key, unlockedAt: u.at, createdAt: u.at })),
      select: { id: true, achievementKey: true },
    });
    for (const u of unlocks) {
      const definition = achievementByKey.get(u.key)!;
      rewards.push({
        xp: definition.xpReward,
        coins: definition.coinReward,
        reason: "achievement.unlock",
        sourceType: "user_achievement",
        sourceId: rows.find((r) => r.achievementKey === u.key)!.id,
        idempotencyKey: ledgerKeys.achievement(u.key),
        at: u.at,
        metadata: { achievement: u.key },
      });
    }
  }

  return rewards;
}

/** Oldest first; the idempotency key breaks ties. */
export const ledgerByTime = (a: LedgerDraft, b: LedgerDraft) =>
  a.at.getTime() - b.at.getTime() || (a.idempotencyKey < b.idempotencyKey ? -1 : a.idempotencyKey > b.idempotencyKey ? 1 : 0);

/** Writes the ledger (sorting `ledger` in place), then progress and wallet from its sums. */
export async function writeLedger(ctx: UserContext, ledger: LedgerDraft[]): Promise<void> {
  const { tx, userId, joinedAt } = ctx;
  ledger.sort(ledgerByTime);
  await insertMany(ledger, (chunk) =>
    tx.pointsLedger.createMany({
      data: chunk.map((e) => ({
        userId,
        xpDelta: e.xp,
        coinDelta: e.coins,
        reason: e.reason,
        sourceType: e.sourceType,
        sourceId: e.sourceId,
        idempotencyKey: e.idempotencyKey,
        metadata: e.metadata,
        createdAt: e.at,
      })),
    }),
  );
  const totalXp = ledger.reduce((sum, e) => sum + e.xp, 0);
  const totalEarned = ledger.reduce((sum, e) => sum + Math.max(e.coins, 0), 0);
  const totalSpent = ledger.reduce((sum, e) => sum + Math.max(-e.coins, 0), 0);
  await tx.userProgress.create({ data: { userId, totalXp, level: levelForXp(totalXp), createdAt: joinedAt } });
  await tx.userWallet.create({
    data: { userId, coins: totalEarned - totalSpent, totalEarned, totalSpent, createdAt: joinedAt },
  });
}

export async function writeStreaks(
  ctx: UserContext,
  {
    doneHabitDays,
    habitDrafts,
    completedFocus,
    readingSessions,
  }: { doneHabitDays: string[]; habitDrafts: HabitDraft[]; completedFocus: FocusDraft[]; readingSessions: ReadingSessionDraft[] },
): Promise<void> {
  const { tx, userId, today, historyDaysList, joinedAt } = ctx;
  const focusDays = uniqueSorted(completedFocus.map((f) => f.day));
  const activityDays = uniqueSorted([...doneHabitDays, ...focusDays]);
  const habitDays: string[] = [];
  const doneCount = new Map<string, number>();
  for (const day of doneHabitDays) doneCount.set(day, (doneCount.get(day) ?? 0) + 1);
  for (const day of [...historyDaysList, today]) {
    let due = 0;
    for (const h of habitDrafts) {
      const t = h.template;
      const schedule = {
        frequency: t.frequency,
        daysOfWeek: t.daysOfWeek,
        intervalDays: t.intervalDays,
        startDate: h.startDay,
        endDate: null,
        isArchived: false,
      };
      if (isHabitDue(schedule, day)) due += 1;
    }
    if (due > 0 && (doneCount.get(day) ?? 0) >= Math.ceil(due * 0.6)) habitDays.push(day);
  }
  const readingDays = uniqueSorted(readingSessions.map((r) => r.day));
  const streaks: [string, StreakSummary][] = [
    ["daily_activity", summarizeStreak(activityDays)],
    ["habits", summarizeStreak(habitDays)],
    ["focus", summarizeStreak(focusDays)],
    ["reading", summarizeStreak(readingDays)],
  ];
  await tx.userStreak.createMany({
    data: streaks.map(([streakType, s]) => ({
      userId,
      streakType,
      currentCount: s.current,
      longestCount: s.longest,
      lastActivityDate: s.last ? calendarDateToDb(s.last) : null,
      createdAt: joinedAt,
    })),
  });
}
