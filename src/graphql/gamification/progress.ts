// Level/XP, wallet, points ledger, streaks and unlocked achievements of the viewer.
import { z } from "zod";
import { prisma } from "../../db/index.ts";
import { xpForLevel } from "../../domain/levels.ts";
import { grantAchievement, grantPoints } from "../../domain/grants.ts";
import type { AwardResult } from "../../domain/points.ts";
import { builder } from "../builder.ts";
import { runMutation } from "../mutation.ts";
import { decodeId } from "../ids.ts";
import { orderNewestFirst } from "../../domain/ordering.ts";
import { ownedByViewer, viewerIdOrNobody } from "../tenancy.ts";

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
  description: "An admin grant to a user (audited). Users earn XP and coins only from their activity.",
  fields: (t) => ({
    userId: t.id({ required: true, description: "The user who receives the grant." }),
    xp: t.int({ required: true, validate: z.number().int().min(0).max(10_000) }),
    coins: t.int({ required: true, validate: z.number().int().min(0).max(10_000) }),
    reason: t.string({ required: true, validate: z.string().trim().min(1).max(200) }),
    idempotencyKey: t.string({
      required: true,
      description: "Makes the grant safe to retry: the same key twice changes nothing.",
      validate: z.string().min(1).max(200),
    }),
  }),
});

builder.mutationField("awardPoints", (t) =>
  t.withAuth({ admin: true }).field({
    type: AwardPointsPayload,
    description:
      "Admin only, audited: grants XP/coins to a user. Idempotent per key: a repeated key returns the first entry with duplicate = true.",
    args: { input: t.arg({ type: AwardPointsInput, required: true }) },
    resolve: (_root, { input }, ctx) => {
      const userId = decodeId(input.userId, "User", "userId");
      const grant = { userId, xp: input.xp, coins: input.coins, reason: input.reason.trim(), grantKey: input.idempotencyKey };
      return runMutation(ctx, (tx, admin) => grantPoints(tx, admin, grant));
    },
  }),
);

// ---- unlockAchievement

const UnlockAchievementPayload = builder.objectRef<Awaited<ReturnType<typeof grantAchievement>>>("UnlockAchievementPayload").implement({
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
  t.withAuth({ admin: true }).field({
    type: UnlockAchievementPayload,
    description:
      "Admin only, audited: unlocks an achievement for a user (idempotent) and pays its reward once. Users unlock achievements by meeting their criteria.",
    args: {
      userId: t.arg.id({ required: true }),
      key: t.arg.string({ required: true, validate: z.string().min(1).max(100) }),
    },
    resolve: (_root, args, ctx) => {
      const userId = decodeId(args.userId, "User", "userId");
      return runMutation(ctx, (tx, admin) => grantAchievement(tx, admin, userId, args.key));
    },
  }),
);
