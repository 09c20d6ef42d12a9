/**
 * The user's quests (own ones in progress, one adopted from the catalogue, one completed
 * about the finished book) and progress on catalogue quests for today's periods, measured
 * from the habits and focus sessions written before.
 */
import { ledgerKeys } from "../../../domain/ledger-keys.ts";
import { OWN_QUEST_MAX_XP } from "../../../domain/quests.ts";
import type { Prisma } from "../../../generated/prisma/client.ts";
import { addDays, calendarDateToDb, isoWeekStart } from "../../../domain/calendar.ts";
import type { Catalogue } from "../catalogue.ts";
import { cycled, insertManyReturning, withRound, type LedgerDraft, type UserContext } from "../context.ts";
import type { FocusDraft } from "./focus.ts";

interface QuestTemplate {
  title: string;
  description: string;
  target: number;
  current: number;
  xp: number;
  coins: number;
  dueIn: number;
}

const USER_QUESTS: readonly QuestTemplate[] = [
  {
    title: "Declutter the flat",
    description: "One room per weekend: bedroom, kitchen, hallway, study.",
    target: 4,
    current: 2,
    xp: 80,
    coins: 20,
    dueIn: 14,
  },
  {
    title: "Write five blog posts about making the EP",
    description: "Short posts on process: sketching, sound design, arrangement, mixing, release.",
    target: 5,
    current: 2,
    xp: 100,
    coins: 25,
    dueIn: 30,
  },
  {
    title: "Learn ten chord progressions",
    description: "Play each one in three keys and write a four-bar loop with it.",
    target: 10,
    current: 6,
    xp: 70,
    coins: 15,
    dueIn: 21,
  },
  {
    title: "Run 100 km this month",
    description: "Every run counts, treadmill included.",
    target: 100,
    current: 37,
    xp: 120,
    coins: 30,
    dueIn: 18,
  },
  {
    title: "Cook something new every week",
    description: "A new recipe each weekend for two months.",
    target: 8,
    current: 3,
    xp: 60,
    coins: 15,
    dueIn: 40,
  },
];

export interface QuestsWritten {
  /** The first own quest in progress, if any. */
  firstQuestId: string | null;
  rewards: LedgerDraft[];
}

export async function writeQuests(
  ctx: UserContext,
  { questByKey }: Catalogue,
  { finishedOn, doneTodayTimes, completedFocus }: { finishedOn: string; doneTodayTimes: Date[]; completedFocus: FocusDraft[] },
): Promise<QuestsWritten> {
  const { tx, o, userId, today, at, past } = ctx;
  const questRows: Prisma.UserQuestCreateManyInput[] = [];
  for (let i = 0; i < o.quests; i += 1) {
    const { item, round } = cycled(USER_QUESTS, i);
    questRows.push({
      userId,
      title: withRound(item.title, round),
      description: item.description,
      status: "ACTIVE",
      targetValue: item.target,
      currentValue: item.current,
      xpReward: Math.min(item.xp, OWN_QUEST_MAX_XP),
      coinReward: 0,
      dueDate: calendarDateToDb(addDays(today, item.dueIn)),
      sortOrder: (i + 1) * 10,
      createdAt: at(past(20 + (i % 10)), 20 * 60 + (i % 60)),
    });
  }
  const adopted = questByKey.get("weekly-ear-training");
  if (adopted) {
    questRows.push({
      userId,
      sourceQuestId: adopted.id,
      title: adopted.title,
      description: adopted.description,
      status: "ACTIVE",
      targetValue: adopted.targetValue,
      currentValue: Math.min(1, adopted.targetValue - 1),
      xpReward: adopted.xpReward,
      coinReward: adopted.coinReward,
      dueDate: calendarDateToDb(addDays(isoWeekStart(today), 6)),
      sortOrder: (o.quests + 1) * 10,
      createdAt: at(isoWeekStart(today), 8 * 60 + 30),
    });
  }
  const questCompletedAt = at(finishedOn, 22 * 60);
  questRows.push({
    userId,
    title: "Finish a book this month",
    description: "Any book, cover to cover.",
    status: "COMPLETED",
    targetValue: 1,
    currentValue: 1,
    xpReward: 50,
    coinReward: 0,
    dueDate: calendarDateToDb(addDays(finishedOn, 5)),
    completedAt: questCompletedAt,
    sortOrder: (o.quests + 2) * 10,
    createdAt: at(past(60), 20 * 60),
  });
  const quests = await insertManyReturning(questRows, (chunk) =>
    tx.userQuest.createManyAndReturn({ data: chunk, select: { id: true, sortOrder: true, status: true } }),
  );
  const questIdBySort = new Map(quests.map((q) => [q.sortOrder, q.id]));
  const completedQuestId = questIdBySort.get((o.quests + 2) * 10)!;
  const rewards: LedgerDraft[] = [];
  rewards.push({
    xp: 50,
    coins: 0,
    reason: "quest.complete",
    sourceType: "user_quest",
    sourceId: completedQuestId,
    idempotencyKey: ledgerKeys.ownQuest(completedQuestId),
    at: questCompletedAt,
    metadata: { title: "Finish a book this month" },
  });

  // --- progress on catalogue quests for today's period ---
  const weekStart = isoWeekStart(today);
  const progressDrafts: { key: string; periodStart: string; value: number; completedAt: Date | null }[] = [];
  const threeHabits = questByKey.get("daily-three-habits");
  if (threeHabits) {
    const reached = doneTodayTimes.length >= threeHabits.targetValue ? doneTodayTimes[threeHabits.targetValue - 1] : null;
    progressDrafts.push({ key: threeHabits.key, periodStart: today, value: doneTodayTimes.length, completedAt: reached });
  }
  const minutesUntil = (quest: { targetValue: number } | undefined, fromDay: string) => {
    if (!quest) return null;
    let total = 0;
    let reached: Date | null = null;
    for (const f of completedFocus) {
      if (f.day < fromDay || f.day > today) continue;
      total += f.plannedSeconds / 60;
      if (reached === null && total >= quest.targetValue) reached = f.endedAt;
    }
    return { total, reached };
  };
  const focus50 = questByKey.get("daily-focus-50");
  const focus50Progress = minutesUntil(focus50, today);
  if (focus50 && focus50Progress) {
    progressDrafts.push({ key: focus50.key, periodStart: today, value: focus50Progress.total, completedAt: focus50Progress.reached });
  }
  const focusWeek = questByKey.get("weekly-focus-5h");
  const focusWeekProgress = minutesUntil(focusWeek, weekStart);
  if (focusWeek && focusWeekProgress) {
    progressDrafts.push({
      key: focusWeek.key,
      periodStart: weekStart,
      value: focusWeekProgress.total,
      completedAt: focusWeekProgress.reached,
    });
  }
  if (progressDrafts.length > 0) {
    const rows = await tx.userQuestProgress.createManyAndReturn({
      data: progressDrafts.map((p) => ({
        userId,
        questId: questByKey.get(p.key)!.id,
        periodStart: calendarDateToDb(p.periodStart),
        currentValue: p.value,
        status: p.completedAt ? ("COMPLETED" as const) : ("ACTIVE" as const),
        completedAt: p.completedAt,
        createdAt: at(p.periodStart, 7 * 60),
      })),
      select: { id: true, questId: true },
    });
    for (const p of progressDrafts) {
      if (!p.completedAt) continue;
      const quest = questByKey.get(p.key)!;
      const row = rows.find((r) => r.questId === quest.id)!;
      rewards.push({
        xp: quest.xpReward,
        coins: quest.coinReward,
        reason: "universal_quest.complete",
        sourceType: "user_quest_progress",
        sourceId: row.id,
        idempotencyKey: ledgerKeys.universalQuestPeriod(quest.id, p.periodStart),
        at: p.completedAt,
        metadata: { quest: quest.key, periodStart: p.periodStart },
      });
    }
  }

  const firstQuestId = o.quests > 0 ? questIdBySort.get(10)! : null;
  return { firstQuestId, rewards };
}
