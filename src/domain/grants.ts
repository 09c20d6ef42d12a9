// Admin grants: the only way XP, coins or an achievement reach a user other than by the
// rules. Each is audited in the same transaction (who granted, to whom, how much, why).
import type { Prisma } from "../generated/prisma/client.ts";
import { notFound } from "./errors.ts";
import type { Actor } from "./actor.ts";
import { auditAction } from "./audit.ts";
import { ledgerKeys } from "./ledger-keys.ts";
import { awardPoints, type AwardResult } from "./points.ts";
import { unlockAchievement } from "./rewards.ts";
import type { Tx } from "./transaction.ts";

async function requireUser(tx: Tx, userId: string): Promise<void> {
  if (!(await tx.user.findUnique({ where: { id: userId }, select: { id: true } }))) throw notFound("User");
}

export async function grantPoints(
  tx: Tx,
  granter: Actor,
  grant: { userId: string; xp: number; coins: number; reason: string; grantKey: string },
): Promise<AwardResult> {
  await requireUser(tx, grant.userId);
  const result = await awardPoints(tx, {
    userId: grant.userId,
    xp: grant.xp,
    coins: grant.coins,
    reason: grant.reason,
    sourceType: "admin",
    sourceId: granter.userId,
    idempotencyKey: ledgerKeys.adminGrant(grant.grantKey),
    metadata: { note: grant.reason, grantedBy: granter.userId },
  });
  if (!result.duplicate) {
    await auditAction(tx, granter, "points.grant", { type: "User", id: grant.userId }, {
      xp: grant.xp,
      coins: grant.coins,
      reason: grant.reason,
      ledgerId: result.entry.id,
    } satisfies Prisma.InputJsonObject);
  }
  return result;
}

export async function grantAchievement(tx: Tx, granter: Actor, userId: string, achievementKey: string) {
  await requireUser(tx, userId);
  if (!(await tx.achievementDefinition.findUnique({ where: { key: achievementKey }, select: { id: true } }))) {
    throw notFound("AchievementDefinition");
  }
  const result = await unlockAchievement(tx, userId, achievementKey);
  if (result.newlyUnlocked) {
    await auditAction(tx, granter, "achievement.grant", { type: "User", id: userId }, { achievementKey });
  }
  return result;
}
