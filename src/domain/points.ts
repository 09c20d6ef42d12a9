import type { PointsLedger, Prisma, UserProgress, UserWallet } from "../generated/prisma/client.ts";
import { levelForXp } from "./levels.ts";
import type { Tx } from "./transaction.ts";

export interface Award {
  userId: string;
  xp: number;
  /** Negative for a spend; the wallet CHECK refuses a negative balance. */
  coins: number;
  reason: string;
  sourceType?: string | null;
  sourceId?: string | null;
  /** Unique per user: the same key twice changes nothing and returns the first entry. */
  idempotencyKey: string;
  metadata?: Prisma.InputJsonValue;
  /**
   * A compensating entry that takes back an earlier entry (e.g. an undone habit
   * completion): negative coins then lower `total_earned` instead of counting as
   * spent, and positive coins (a refund) lower `total_spent` instead of counting as earned.
   */
  reversal?: boolean;
}

export interface AwardResult {
  entry: PointsLedger;
  progress: UserProgress;
  wallet: UserWallet;
  /** True when the key had been used already, so nothing changed. */
  duplicate: boolean;
}

/**
 * Writes one ledger row and the matching progress/wallet change in the caller's
 * transaction. The ledger insert is `ON CONFLICT DO NOTHING` on
 * (user_id, idempotency_key): a concurrent duplicate waits on the unique index and
 * then inserts nothing, so exactly one award takes effect.
 */
export async function awardPoints(tx: Tx, award: Award): Promise<AwardResult> {
  const { count } = await tx.pointsLedger.createMany({
    data: [
      {
        userId: award.userId,
        xpDelta: award.xp,
        coinDelta: award.coins,
        reason: award.reason,
        sourceType: award.sourceType ?? null,
        sourceId: award.sourceId ?? null,
        idempotencyKey: award.idempotencyKey,
        metadata: award.metadata ?? {},
      },
    ],
    skipDuplicates: true,
  });
  const entry = await tx.pointsLedger.findUniqueOrThrow({
    where: { userId_idempotencyKey: { userId: award.userId, idempotencyKey: award.idempotencyKey } },
  });
  if (count === 0) {
    const [progress, wallet] = await Promise.all([ensureProgress(tx, award.userId), ensureWallet(tx, award.userId)]);
    return { entry, progress, wallet, duplicate: true };
  }

  const earned = award.reversal ? Math.min(award.coins, 0) : Math.max(award.coins, 0);
  const spent = award.reversal ? -Math.max(award.coins, 0) : Math.max(-award.coins, 0);
  const walletChange = {
    coins: { increment: award.coins },
    totalEarned: { increment: earned },
    totalSpent: { increment: spent },
  };
  // PostgreSQL checks CHECK constraints on the proposed INSERT row of an upsert even when the
  // row then conflicts, so a decrease is never written as an upsert: the row is ensured first
  // and then updated (the CHECK refuses a balance below zero).
  let wallet: UserWallet;
  if (award.coins >= 0 && earned >= 0 && spent >= 0) {
    wallet = await tx.userWallet.upsert({
      where: { userId: award.userId },
      create: { userId: award.userId, coins: award.coins, totalEarned: earned, totalSpent: spent },
      update: walletChange,
    });
  } else {
    await ensureWallet(tx, award.userId);
    wallet = await tx.userWallet.update({ where: { userId: award.userId }, data: walletChange });
  }
  let progress: UserProgress;
  if (award.xp >= 0) {
    progress = await tx.userProgress.upsert({
      where: { userId: award.userId },
      create: { userId: award.userId, totalXp: award.xp, level: levelForXp(award.xp) },
      update: { totalXp: { increment: award.xp } },
    });
  } else {
    // XP never goes below zero: the CHECK (total_xp >= 0) refuses it.
    await ensureProgress(tx, award.userId);
    progress = await tx.userProgress.update({ where: { userId: award.userId }, data: { totalXp: { increment: award.xp } } });
  }
  const level = levelForXp(progress.totalXp);
  if (level !== progress.level) {
    progress = await tx.userProgress.update({ where: { userId: award.userId }, data: { level } });
  }
  await tx.behaviorOutbox.create({
    data: {
      userId: award.userId,
      eventType: "points.awarded",
      idempotencyKey: `points:${award.userId}:${award.idempotencyKey}`,
      payload: { ledgerId: entry.id, xp: award.xp, coins: award.coins, reason: award.reason },
    },
  });
  return { entry, progress, wallet, duplicate: false };
}

export async function ensureProgress(tx: Tx, userId: string): Promise<UserProgress> {
  return tx.userProgress.upsert({ where: { userId }, create: { userId }, update: {} });
}

export async function ensureWallet(tx: Tx, userId: string): Promise<UserWallet> {
  return tx.userWallet.upsert({ where: { userId }, create: { userId }, update: {} });
}
