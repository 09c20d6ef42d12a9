// Level/XP, wallet, points ledger, streaks and unlocked achievements of the viewer.
import { z } from "zod";
import { prisma } from "../../db/index.ts";
import { xpForLevel } from "../../domain/levels.ts";
import { awardPoints, type AwardResult } from "../../domain/points.ts";
import type { UserAchievement } from "../../generated/prisma/client.ts";
import { builder } from "../builder.ts";
import { notFound } from "../errors/index.ts";
import { orderNewestFirst } from "../ordering.ts";
import { ownedByViewer, viewerIdOrNobody } from "../tenancy.ts";

/** Idempotency keys chosen by clients live in their own namespace, apart from the server's (`habit:…`, `quest:…`). */
export const CLIENT_KEY_PREFIX = "client:";

export const UserProgressRef = builder.prismaNode("UserProgress", {
  id: { field: "id" },
  findUnique: ownedByViewer,
  nullable: true,
  description: "The viewer's level and XP.",
  fields: (t) => ({
    level: t.exposeInt("level"),
    totalXp: t.exposeInt("totalXp"),
    xpForCurrentLevel: t.int({
      description: "Total XP at which the current level was reached.",
      resolve: (progress) => xpForLevel(progress.level),
    }),
    xpForNextLevel: t.int({
      description: "Total XP at which the next level is reached.",
      resolve: (progress) => xpForLevel(progress.level + 1),
    }),
    xpToNextLevel: t.int({
      description: "XP still missing to reach the next level.",
      resolve: (progress) => Math.max(0, xpForLevel(progress.level + 1) - progress.totalXp),
    }),
    updatedAt: t.expose("updatedAt", { type: "DateTime" }),
  }),
});

export const UserWalletRef = builder.prismaNode("UserWallet", {
  id: { field: "id" },
  findUnique: ownedByViewer,
  nullable: true,
  description: "The viewer's coins. Always coins = totalEarned − totalSpent ≥ 0.",
  fields: (t) => ({
    coins: t.exposeInt("coins"),
    totalEarned: t.exposeInt("totalEarned"),
    totalSpent: t.exposeInt("totalSpent"),
    updatedAt: t.expose("updatedAt", { type: "DateTime" }),
  }),
});

export const PointsLedgerRef = builder.prismaNode("PointsLedger", {
  id: { field: "id" },
  findUnique: ownedByViewer,
  nullable: true,
  description: "One XP/coin change. The sums of the ledger equal the viewer's progress and wallet.",
  fields: (t) => ({
    xpDelta: t.exposeInt("xpDelta"),
    coinDelta: t.exposeInt("coinDelta"),
    reason: t.exposeString("reason"),
    sourceType: t.exposeString("sourceType", { nullable: true }),
    sourceId: t.exposeString("sourceId", { nullable: true }),
    idempotencyKey: t.exposeString("idempotencyKey"),
    metadata: t.expose("metadata", { type: "JSON" }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
  }),
});

export const UserStreakRef = builder.prismaNode("UserStreak", {
  id: { field: "id" },
  findUnique: ownedByViewer,
  nullable: true,
  description: "A named streak (`daily_activity`, `habits`, `focus`, `reading`, …).",
  fields: (t) => ({
    streakType: t.exposeString("streakType"),
    currentCount: t.exposeInt("currentCount"),
    longestCount: t.exposeInt("longestCount"),
    lastActivityDate: t.expose("lastActivityDate", { type: "Date", nullable: true }),
    updatedAt: t.expose("updatedAt", { type: "DateTime" }),
  }),
});

export const UserAchievementRef = builder.prismaNode("UserAchievement", {
  id: { field: "id" },
  findUnique: ownedByViewer,
  nullable: true,
  description: "An achievement the viewer has unlocked.",
  fields: (t) => ({
    achievementKey: t.exposeString("achievementKey"),
    achievement: t.relation("achievement"),
    unlockedAt: t.expose("unlockedAt", { type: "DateTime" }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
  }),
});

// ---- Fields on User (the viewer). Every one is also scoped to the viewer, so a User
// ---- object of someone else could never reveal their data through these paths.

builder.prismaObjectField("User", "progress", (t) =>
  t.prismaField({
    type: "UserProgress",
    nullable: true,
    description: "Level and XP (null until the first award).",
    resolve: (query, user, _args, ctx) =>
      user.id === viewerIdOrNobody(ctx) ? prisma.userProgress.findUnique({ ...query, where: { userId: user.id } }) : null,
  }),
);

builder.prismaObjectField("User", "wallet", (t) =>
  t.prismaField({
    type: "UserWallet",
    nullable: true,
    description: "Coin balance (null until the first award).",
    resolve: (query, user, _args, ctx) =>
      user.id === viewerIdOrNobody(ctx) ? prisma.userWallet.findUnique({ ...query, where: { userId: user.id } }) : null,
  }),
);

builder.prismaObjectField("User", "streaks", (t) =>
  t.relation("streaks", {
    description: "All streaks, by streak type.",
    query: (_args, ctx) => ({
      where: { userId: viewerIdOrNobody(ctx) },
      orderBy: [{ streakType: "asc" }, { id: "asc" }],
    }),
  }),
);

builder.prismaObjectField("User", "achievements", (t) =>
  t.relatedConnection("achievements", {
    cursor: "id",
    totalCount: true,
    description: "Unlocked achievements, most recent first.",
    query: (_args, ctx) => ({
      where: { userId: viewerIdOrNobody(ctx) },
      orderBy: [{ unlockedAt: "desc" }, { id: "desc" }],
    }),
  }),
);

builder.prismaObjectField("User", "pointsLedger", (t) =>
  t.relatedConnection("pointsLedger", {
    cursor: "id",
    totalCount: true,
    description: "Every XP/coin change, newest first.",
    query: (_args, ctx) => ({ where: { userId: viewerIdOrNobody(ctx) }, orderBy: orderNewestFirst() }),
  }),
);

// ---- awardPoints

export const AwardPointsPayload = builder.objectRef<AwardResult>("AwardPointsPayload").implement({
  description: "The ledger entry of an award and the balances after it.",
  fields: (t) => ({
    entry: t.field({
      type: PointsLedgerRef,
      description: "The entry of this key: on a duplicate, the FIRST entry written with it.",
      resolve: (result) => result.entry,
    }),
    progress: t.field({ type: UserProgressRef, resolve: (result) => result.progress }),
    wallet: t.field({ type: UserWalletRef, resolve: (result) => result.wallet }),
    duplicate: t.boolean({
      description: "True when the key had been used before, so nothing changed.",
      resolve: (result) => result.duplicate,
    }),
  }),
});

const AwardPointsInput = builder.inputType("AwardPointsInput", {
  fields: (t) => ({
    xp: t.int({ required: true, validate: z.number().int().min(0).max(10_000) }),
    coins: t.int({ required: true, validate: z.number().int().min(0).max(10_000) }),
    reason: t.string({ required: true, validate: z.string().trim().min(1).max(200) }),
    idempotencyKey: t.string({
      required: true,
      description: "Makes the award safe to retry: the same key twice changes nothing.",
      validate: z.string().min(1).max(200),
    }),
  }),
});

builder.mutationField("awardPoints", (t) =>
  t.withAuth({ signedIn: true }).field({
    type: AwardPointsPayload,
    description:
      "The viewer awards themselves XP/coins (for client-side activities). Idempotent per key: a repeated key returns the first entry with duplicate = true.",
    args: { input: t.arg({ type: AwardPointsInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      prisma.$transaction((tx) =>
        awardPoints(tx, {
          userId: ctx.viewer.userId,
          xp: input.xp,
          coins: input.coins,
          reason: input.reason.trim(),
          sourceType: "client",
          idempotencyKey: `${CLIENT_KEY_PREFIX}${input.idempotencyKey}`,
        }),
      ),
  }),
);

// ---- unlockAchievement

interface UnlockResult {
  userAchievement: UserAchievement;
  newlyUnlocked: boolean;
  award: AwardResult | null;
}

const UnlockAchievementPayload = builder.objectRef<UnlockResult>("UnlockAchievementPayload").implement({
  fields: (t) => ({
    userAchievement: t.field({ type: UserAchievementRef, resolve: (result) => result.userAchievement }),
    newlyUnlocked: t.boolean({
      description: "False when the achievement had been unlocked before (nothing changed).",
      resolve: (result) => result.newlyUnlocked,
    }),
    award: t.field({
      type: AwardPointsPayload,
      nullable: true,
      description: "The reward, when this call unlocked the achievement.",
      resolve: (result) => result.award,
    }),
  }),
});

builder.mutationField("unlockAchievement", (t) =>
  t.withAuth({ signedIn: true }).field({
    type: UnlockAchievementPayload,
    description: "Unlocks an achievement for the viewer (idempotent) and awards its rewards once.",
    args: { key: t.arg.string({ required: true, validate: z.string().min(1).max(100) }) },
    resolve: (_root, { key }, ctx) =>
      prisma.$transaction(async (tx) => {
        const userId = ctx.viewer.userId;
        const definition = await tx.achievementDefinition.findUnique({ where: { key } });
        if (!definition) throw notFound("AchievementDefinition");
        const { count } = await tx.userAchievement.createMany({
          data: [{ userId, achievementKey: definition.key }],
          skipDuplicates: true,
        });
        const userAchievement = await tx.userAchievement.findUniqueOrThrow({
          where: { userId_achievementKey: { userId, achievementKey: definition.key } },
        });
        if (count === 0) return { userAchievement, newlyUnlocked: false, award: null };
        const award = await awardPoints(tx, {
          userId,
          xp: definition.xpReward,
          coins: definition.coinReward,
          reason: "achievement.unlock",
          sourceType: "user_achievement",
          sourceId: userAchievement.id,
          idempotencyKey: `achievement:${definition.key}`,
        });
        return { userAchievement, newlyUnlocked: true, award };
      }),
  }),
);
