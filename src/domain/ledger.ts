// The points ledger and the balances it moves (user_progress, user_wallet): what one award
// writes, the wallet lock, and the balance limits. No events: dispatch.ts records an award's
// `points.awarded` after its cause; the rest of the domain awards through points.ts.
import type { PointsLedger, Prisma, UserProgress, UserWallet } from "../generated/prisma/client.ts";
import { conflict } from "./errors.ts";
import { levelForXp } from "./levels.ts";
import type { Tx } from "./transaction.ts";

/**
 * The most XP, coins, coins earned or coins spent one user can hold (CHECKs in 0015_rewards
 * say the same): far above anything real activity earns, far below int4's 2,147,483,647.
 */
export const BALANCE_LIMIT = 1_000_000_000;

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
  /** When the award happened (default: now); the demo seed dates what it replays. */
  at?: Date;
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
 * transaction, and nothing else: its `points.awarded` event is the dispatcher's to record
 * (call `awardPoints` in points.ts, or return the award from a rule). The ledger insert is
 * `ON CONFLICT DO NOTHING` on (user_id, idempotency_key): a concurrent duplicate waits on the
 * unique index and then inserts nothing, so exactly one award takes effect.
 */
export async function writeAward(tx: Tx, award: Award): Promise<AwardResult> {
  await refuseOverLimit(tx, award);
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
        ...(award.at ? { createdAt: award.at } : {}),
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
  return { entry, progress, wallet, duplicate: false };
}

/** Locks the user's wallet row (creating it first) for the rest of the transaction. */
export async function lockWallet(tx: Tx, userId: string): Promise<UserWallet> {
  await ensureWallet(tx, userId);
  await tx.$queryRaw`SELECT id FROM user_wallet WHERE user_id = ${userId}::uuid FOR UPDATE`;
  return tx.userWallet.findUniqueOrThrow({ where: { userId } });
}

/** A clear CONFLICT instead of an int4 overflow or a CHECK failure when a balance would pass the limit. */
async function refuseOverLimit(tx: Tx, award: Award): Promise<void> {
  if (award.xp <= 0 && award.coins <= 0) return;
  const [wallet, progress] = await Promise.all([
    tx.userWallet.findUnique({ where: { userId: award.userId } }),
    tx.userProgress.findUnique({ where: { userId: award.userId } }),
  ]);
  const over =
    (progress?.totalXp ?? 0) + Math.max(award.xp, 0) > BALANCE_LIMIT ||
    (wallet?.coins ?? 0) + Math.max(award.coins, 0) > BALANCE_LIMIT ||
    (wallet?.totalEarned ?? 0) + Math.max(award.coins, 0) > BALANCE_LIMIT;
  if (over) throw conflict(`This would take the balance past its limit of ${BALANCE_LIMIT.toLocaleString("en")}`);
}

// `INSERT … ON CONFLICT DO NOTHING`, then a read: concurrent first actions of a user cannot
// collide on the unique user_id (an upsert with an empty update is a read-then-insert in Prisma).
export async function ensureProgress(tx: Tx, userId: string): Promise<UserProgress> {
  await tx.userProgress.createMany({ data: [{ userId }], skipDuplicates: true });
  return tx.userProgress.findUniqueOrThrow({ where: { userId } });
}

export async function ensureWallet(tx: Tx, userId: string): Promise<UserWallet> {
  await tx.userWallet.createMany({ data: [{ userId }], skipDuplicates: true });
  return tx.userWallet.findUniqueOrThrow({ where: { userId } });
}
