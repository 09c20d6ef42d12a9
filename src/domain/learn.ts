// Learning: lesson progress and drill attempts, their rewards and events.
//
// Reward rules (server-decided, the client never sends an amount):
// - a lesson pays its catalogue `xpReward` once per user, when it first reaches 100 %
//   (ledger key `ledgerKeys.lesson(lessonId)`, the same key the demo seed writes);
// - a drill pays its catalogue `xpReward` for a correct attempt at most once per drill and
//   calendar day in the user's time zone (`ledgerKeys.drillDay(drillId, day)`), however
//   many correct attempts that day. Neither pays coins.
import { notFound } from "./errors.ts";
import type { Actor } from "./actor.ts";
import { timezoneOrUtc, todayIn } from "./calendar.ts";
import { emit, record } from "./events.ts";
import { ledgerKeys } from "./ledger-keys.ts";
import { awardPoints, type Award, type AwardResult } from "./points.ts";
import type { Tx } from "./transaction.ts";

export interface LessonOutcome {
  progressId: string;
  /** The XP this call paid: the lesson's reward on its first completion, else 0. */
  xpAwarded: number;
}

/**
 * Records progress on a lesson. Progress never goes back (a lower percent keeps the highest
 * reached); at 100 the lesson is COMPLETED and pays its XP once. A call that moves the
 * progress emits `lesson.progressed`; one that changes nothing emits nothing.
 */
export async function updateLessonProgress(
  tx: Tx,
  actor: Actor,
  input: { lessonId: string; progressPercent: number },
): Promise<LessonOutcome> {
  const { userId } = actor;
  const { lessonId } = input;
  const lesson = await tx.learnLesson.findUnique({ where: { id: lessonId } });
  if (!lesson) throw notFound("LearnLesson");
  await tx.userLessonProgress.createMany({ data: [{ userId, lessonId }], skipDuplicates: true });
  // Lock the user's row: concurrent updates of the same lesson run one after the other.
  const [row] = await tx.$queryRaw<Array<{ id: string }>>`
    SELECT id::text AS id FROM user_lesson_progress WHERE user_id = ${userId}::uuid AND lesson_id = ${lessonId}::uuid FOR UPDATE`;
  const existing = await tx.userLessonProgress.findUniqueOrThrow({ where: { id: row.id } });
  const now = new Date();
  const percent = Math.max(existing.progressPercent, input.progressPercent);
  const completed = percent >= 100;
  const status = completed ? "COMPLETED" : "IN_PROGRESS";
  const moved = percent !== existing.progressPercent || status !== existing.status;
  if (moved) {
    await tx.userLessonProgress.update({
      where: { id: existing.id },
      data: {
        progressPercent: percent,
        status,
        startedAt: existing.startedAt ?? now,
        completedAt: existing.completedAt ?? (completed ? now : null),
      },
    });
  }
  // The lesson's XP is the effect of completing it: paid with the progress event, right after it.
  const reward: Award | null = completed
    ? {
        userId,
        xp: lesson.xpReward,
        coins: 0,
        reason: "lesson.complete",
        sourceType: "learn_lesson",
        sourceId: lessonId,
        idempotencyKey: ledgerKeys.lesson(lessonId),
      }
    : null;
  let award: AwardResult | null = null;
  if (moved) {
    const event = { type: "lesson.progressed" as const, userId, payload: { lessonId, lessonKey: lesson.key, percent, completed } };
    award = (await record(tx, event, { awards: reward ? [reward] : [] })).awards[0] ?? null;
  } else if (reward) {
    award = await awardPoints(tx, reward);
  }
  return { progressId: existing.id, xpAwarded: award && !award.duplicate ? lesson.xpReward : 0 };
}

export interface DrillOutcome {
  statId: string;
  /** The XP this attempt paid: the drill's reward for the day's first correct attempt, else 0. */
  xpAwarded: number;
  /** True when this attempt key had been recorded before: nothing changed. */
  duplicate: boolean;
}

/**
 * Records one attempt at a drill. The `drill.attempted` event is the attempt's record: with
 * an `attemptKey` it is written once per (drill, key), so a retried attempt changes nothing
 * (`duplicate`). A correct attempt pays the drill's XP at most once per drill and calendar day.
 */
export async function recordDrillResult(
  tx: Tx,
  actor: Actor,
  input: { drillId: string; score: number; correct: boolean; attemptKey?: string | null },
): Promise<DrillOutcome> {
  const { userId } = actor;
  const { drillId, score, correct } = input;
  const drill = await tx.learnDrill.findUnique({ where: { id: drillId } });
  if (!drill) throw notFound("LearnDrill");
  await tx.userDrillStat.createMany({ data: [{ userId, drillId }], skipDuplicates: true });
  const [row] = await tx.$queryRaw<Array<{ id: string }>>`
    SELECT id::text AS id FROM user_drill_stats WHERE user_id = ${userId}::uuid AND drill_id = ${drillId}::uuid FOR UPDATE`;

  const recorded = await emit(
    tx,
    { type: "drill.attempted", userId, payload: { drillId, drillKey: drill.key, score, correct } },
    input.attemptKey ? { once: `${drillId}:${input.attemptKey}` } : {},
  );
  if (!recorded) return { statId: row.id, xpAwarded: 0, duplicate: true };

  const stat = await tx.userDrillStat.findUniqueOrThrow({ where: { id: row.id } });
  await tx.userDrillStat.update({
    where: { id: stat.id },
    data: {
      attempts: stat.attempts + 1,
      correct: stat.correct + (correct ? 1 : 0),
      bestScore: Math.max(stat.bestScore ?? 0, score),
      lastScore: score,
      currentStreak: correct ? stat.currentStreak + 1 : 0,
      lastAttemptedAt: new Date(),
    },
  });
  let xpAwarded = 0;
  if (correct && drill.xpReward > 0) {
    const day = todayIn(timezoneOrUtc(actor.timezone));
    const award = await awardPoints(tx, {
      userId,
      xp: drill.xpReward,
      coins: 0,
      reason: "drill.correct",
      sourceType: "learn_drill",
      sourceId: drillId,
      idempotencyKey: ledgerKeys.drillDay(drillId, day),
      metadata: { day },
    });
    xpAwarded = award.duplicate ? 0 : drill.xpReward;
  }
  return { statId: stat.id, xpAwarded, duplicate: false };
}
