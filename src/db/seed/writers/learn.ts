/** Lesson progress (one completed and paid, one started) and one drill's stats. */
import { ledgerKeys } from "../../../domain/ledger-keys.ts";
import type { Prisma } from "../../../generated/prisma/client.ts";
import type { Catalogue } from "../catalogue.ts";
import type { LedgerDraft, UserContext } from "../context.ts";

export async function writeLearning(ctx: UserContext, { lessonByKey, drill }: Catalogue): Promise<LedgerDraft[]> {
  const { tx, userId, at, past } = ctx;
  const completedLesson = lessonByKey.get("intervals-101");
  const startedLesson = lessonByKey.get("major-minor-scales");
  const lessonDone = at(past(10), 19 * 60 + 8);
  const rewards: LedgerDraft[] = [];
  const lessonRows: Prisma.UserLessonProgressCreateManyInput[] = [];
  if (completedLesson) {
    lessonRows.push({
      userId,
      lessonId: completedLesson.id,
      status: "COMPLETED",
      progressPercent: 100,
      startedAt: at(past(10), 19 * 60),
      completedAt: lessonDone,
      createdAt: at(past(10), 19 * 60),
    });
  }
  if (startedLesson) {
    lessonRows.push({
      userId,
      lessonId: startedLesson.id,
      status: "IN_PROGRESS",
      progressPercent: 40,
      startedAt: at(past(3), 12 * 60 + 35),
      createdAt: at(past(3), 12 * 60 + 35),
    });
  }
  if (lessonRows.length > 0) {
    const rows = await tx.userLessonProgress.createManyAndReturn({ data: lessonRows, select: { id: true, lessonId: true } });
    if (completedLesson) {
      const row = rows.find((r) => r.lessonId === completedLesson.id)!;
      rewards.push({
        xp: completedLesson.xpReward,
        coins: 0,
        reason: "lesson.complete",
        sourceType: "user_lesson_progress",
        sourceId: row.id,
        idempotencyKey: ledgerKeys.lesson(completedLesson.id),
        at: lessonDone,
        metadata: { lesson: completedLesson.key },
      });
    }
  }
  if (drill) {
    await tx.userDrillStat.create({
      data: {
        userId,
        drillId: drill.id,
        attempts: 12,
        correct: 9,
        bestScore: 100,
        lastScore: 67,
        currentStreak: 2,
        lastAttemptedAt: at(past(1), 12 * 60 + 40),
        createdAt: at(past(10), 19 * 60 + 10),
      },
    });
  }

  return rewards;
}
