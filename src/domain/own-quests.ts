// The user's own quests (user_quests) and catalogue quests they act on; the reward rules
// are stated in quests.ts beside the limits.
import type { Prisma, UniversalQuest, UserQuest, UserQuestProgress } from "../generated/prisma/client.ts";
import { badInput, conflict, notFound, withDatabaseErrors } from "./errors.ts";
import type { Actor } from "./actor.ts";
import { isAvailableAt } from "./availability.ts";
import { calendarDateToDb, dayBoundsUtc, earliestActionDay, todayIn } from "./calendar.ts";
import { changedFieldNames, emit, record } from "./events.ts";
import { ledgerKeys } from "./ledger-keys.ts";
import { lockOwnedRow } from "./locks.ts";
import { lockWallet, type AwardResult } from "./points.ts";
import { OWN_QUEST_MAX_XP, OWN_QUEST_XP_PER_DAY, questPeriodStart } from "./quests.ts";
import { refreshCatalogueQuest } from "./rewards.ts";
import type { Tx } from "./transaction.ts";

export interface OwnQuestContent {
  title?: string | null;
  description?: string | null;
  targetValue?: number | null;
  xpReward?: number | null;
  dueDate?: string | null;
  sortOrder?: number | null;
}

function checkXp(xp: number | null | undefined): void {
  if (xp != null && (xp < 0 || xp > OWN_QUEST_MAX_XP)) {
    throw badInput(`An own quest gives 0..${OWN_QUEST_MAX_XP} XP`, "xpReward");
  }
}

export async function createOwnQuest(tx: Tx, actor: Actor, input: OwnQuestContent & { title: string }): Promise<UserQuest> {
  checkXp(input.xpReward);
  const quest = await tx.userQuest.create({
    data: {
      userId: actor.userId,
      title: input.title.trim(),
      description: input.description ?? null,
      targetValue: input.targetValue ?? 1,
      xpReward: input.xpReward ?? 0,
      coinReward: 0,
      dueDate: input.dueDate ? calendarDateToDb(input.dueDate) : null,
      sortOrder: input.sortOrder ?? 0,
    },
  });
  await emit(tx, { type: "quest.created", userId: actor.userId, payload: { questId: quest.id } });
  return quest;
}

/** Locks one of the actor's quests for this transaction; NOT_FOUND for a missing or foreign ID. */
export async function lockQuest(tx: Tx, actor: Actor, questId: string): Promise<UserQuest> {
  if (!(await lockOwnedRow(tx, "user_quests", questId, actor.userId))) throw notFound("Quest");
  return tx.userQuest.findUniqueOrThrow({ where: { id: questId } });
}

export async function updateOwnQuest(tx: Tx, actor: Actor, questId: string, input: OwnQuestContent): Promise<UserQuest> {
  const quest = await lockQuest(tx, actor, questId);
  if (input.title === null) throw badInput("title cannot be null", "title");
  const changesTerms = input.targetValue != null || input.xpReward != null;
  if (changesTerms && quest.status !== "ACTIVE") {
    throw conflict(`The quest is ${quest.status.toLowerCase()}; its target and rewards can no longer change`);
  }
  if (quest.sourceQuestId && changesTerms) {
    throw badInput("An adopted quest keeps the target and rewards of the catalogue quest", "targetValue");
  }
  checkXp(input.xpReward);
  if (input.targetValue != null && input.targetValue <= quest.currentValue) {
    throw badInput(`targetValue must be above the current progress (${quest.currentValue})`, "targetValue");
  }
  const data: Prisma.UserQuestUpdateInput = {
    title: input.title?.trim(),
    description: input.description,
    targetValue: input.targetValue ?? undefined,
    xpReward: input.xpReward ?? undefined,
    dueDate: input.dueDate === undefined ? undefined : input.dueDate === null ? null : calendarDateToDb(input.dueDate),
    sortOrder: input.sortOrder ?? undefined,
  };
  const updated = await withDatabaseErrors(() => tx.userQuest.update({ where: { id: quest.id }, data }));
  await emit(tx, { type: "quest.updated", userId: actor.userId, payload: { questId: quest.id, changed: changedFieldNames(input) } });
  return updated;
}

export async function deleteOwnQuest(tx: Tx, actor: Actor, questId: string): Promise<void> {
  const { count } = await withDatabaseErrors(() => tx.userQuest.deleteMany({ where: { id: questId, userId: actor.userId } }));
  if (count === 0) throw notFound("Quest");
  await emit(tx, { type: "quest.deleted", userId: actor.userId, payload: { questId } });
}

export async function abandonQuest(tx: Tx, actor: Actor, questId: string): Promise<UserQuest> {
  const quest = await lockQuest(tx, actor, questId);
  if (quest.status !== "ACTIVE") throw conflict(`The quest is already ${quest.status.toLowerCase()}`);
  const updated = await tx.userQuest.update({ where: { id: quest.id }, data: { status: "ABANDONED" } });
  await emit(tx, { type: "quest.abandoned", userId: actor.userId, payload: { questId: quest.id } });
  return updated;
}

export interface QuestProgressResult {
  quest: UserQuest;
  award: AwardResult | null;
  completed: boolean;
}

/** XP own quests have paid the actor today (their zone), for the daily cap. */
async function ownQuestXpToday(tx: Tx, actor: Actor): Promise<number> {
  const { start, end } = dayBoundsUtc(todayIn(actor.timezone), actor.timezone);
  const sum = await tx.pointsLedger.aggregate({
    where: { userId: actor.userId, reason: "quest.complete", createdAt: { gte: start, lt: end } },
    _sum: { xpDelta: true },
  });
  return sum._sum.xpDelta ?? 0;
}

/** Sets an own quest's progress (capped at the target); reaching the target completes it and pays its XP once, within the daily cap. */
export async function advanceOwnQuest(
  tx: Tx,
  actor: Actor,
  questId: string,
  next: (quest: UserQuest) => number,
): Promise<QuestProgressResult> {
  // The wallet first, as habits do: completions of different quests then read the day's total one
  // after the other, so concurrent ones cannot each see room under the cap.
  await lockWallet(tx, actor.userId);
  const quest = await lockQuest(tx, actor, questId);
  if (quest.sourceQuestId) {
    throw badInput("A quest adopted from the catalogue progresses from your activity, not by hand", "id");
  }
  if (quest.status !== "ACTIVE") throw conflict(`The quest is ${quest.status.toLowerCase()}; it cannot progress`);
  const value = Math.min(quest.targetValue, next(quest));
  const done = value >= quest.targetValue;
  const updated = await tx.userQuest.update({
    where: { id: quest.id },
    data: { currentValue: value, ...(done ? { status: "COMPLETED", completedAt: new Date() } : {}) },
  });
  await emit(tx, { type: "quest.progressed", userId: actor.userId, payload: { questId: quest.id, value, target: quest.targetValue } });
  if (!done) return { quest: updated, award: null, completed: false };
  const xp = Math.max(0, Math.min(quest.xpReward, OWN_QUEST_MAX_XP, OWN_QUEST_XP_PER_DAY - (await ownQuestXpToday(tx, actor))));
  // The reward is the effect of completing the quest: paid with its event, right after it.
  const reward = {
    userId: actor.userId,
    xp,
    coins: 0,
    reason: "quest.complete",
    sourceType: "user_quest",
    sourceId: quest.id,
    idempotencyKey: ledgerKeys.ownQuest(quest.id),
  };
  const {
    awards: [award = null],
  } = await record(
    tx,
    { type: "quest.completed", userId: actor.userId, payload: { questId: quest.id, sourceQuestId: null } },
    { once: quest.id, awards: xp > 0 ? [reward] : [] },
  );
  return { quest: updated, award: award && !award.duplicate ? award : null, completed: true };
}

function requireAvailable(quest: UniversalQuest, now: Date): void {
  if (!quest.isActive) throw badInput(`The quest "${quest.key}" is not active`, "questId");
  if (!isAvailableAt(quest, now)) throw badInput(`The quest "${quest.key}" is not available now`, "questId");
}

/** Copies a catalogue quest into the actor's quests; it then follows the catalogue quest's progress. */
export async function adoptUniversalQuest(tx: Tx, actor: Actor, universalQuestId: string): Promise<UserQuest> {
  const userId = actor.userId;
  const source = await tx.universalQuest.findUnique({ where: { id: universalQuestId } });
  if (!source) throw notFound("UniversalQuest");
  requireAvailable(source, new Date());
  // Serializes concurrent adoptions of the same quest by the same user.
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`adopt:${userId}:${source.id}`}))`;
  const active = await tx.userQuest.findFirst({ where: { userId, sourceQuestId: source.id, status: "ACTIVE" } });
  if (active) throw conflict("This quest is already adopted and active");
  const period = await tx.userQuestProgress.findUnique({
    where: {
      userId_questId_periodStart: {
        userId,
        questId: source.id,
        periodStart: calendarDateToDb(questPeriodStart(source.cadence, todayIn(actor.timezone))),
      },
    },
  });
  if (period?.status === "COMPLETED") throw conflict("This quest is already completed for the current period");
  const quest = await tx.userQuest.create({
    data: {
      userId,
      sourceQuestId: source.id,
      title: source.title,
      description: source.description,
      targetValue: source.targetValue,
      currentValue: Math.min(period?.currentValue ?? 0, source.targetValue),
      xpReward: source.xpReward,
      coinReward: source.coinReward,
      sortOrder: source.sortOrder,
    },
  });
  await emit(tx, { type: "quest.created", userId, payload: { questId: quest.id } });
  return quest;
}

export interface UniversalProgressResult {
  progress: UserQuestProgress;
  quest: UniversalQuest;
  award: AwardResult | null;
  completed: boolean;
}

/**
 * Re-measures a catalogue quest for the period containing `day` from the actor's activity
 * (no amount is taken); `day` may be today or the grace day, never before the account.
 */
export async function refreshUniversalQuest(
  tx: Tx,
  actor: Actor,
  universalQuestId: string,
  day: string | null | undefined,
): Promise<UniversalProgressResult> {
  const now = new Date();
  const quest = await tx.universalQuest.findUnique({ where: { id: universalQuestId } });
  if (!quest) throw notFound("UniversalQuest");
  requireAvailable(quest, now);
  const today = todayIn(actor.timezone, now);
  const target = day ?? today;
  if (target > today) throw badInput(`Cannot record progress on a future day (${target}; today is ${today})`, "day");
  const user = await tx.user.findUniqueOrThrow({ where: { id: actor.userId }, select: { createdAt: true } });
  const earliest = earliestActionDay(today, user.createdAt, actor.timezone);
  if (target < earliest) throw badInput(`Too far back: progress can be recorded from ${earliest} on`, "day");
  const outcome = await refreshCatalogueQuest(tx, { userId: actor.userId, timezone: actor.timezone, day: target, now }, quest);
  if (!outcome) throw badInput(`The quest "${quest.key}" has no criteria to measure`, "questId");
  return { ...outcome, quest };
}
