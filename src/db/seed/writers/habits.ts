/**
 * Habits and their completions over the history (stream `habit:<i>` per habit), and the
 * rewards for them by the same rule as completeHabit (HABIT_XP/HABIT_COINS, the first
 * HABIT_REWARDS_PER_DAY habit days of a day paid).
 */
import { HABIT_COINS, HABIT_REWARDS_PER_DAY, HABIT_XP } from "../../../domain/habits.ts";
import { ledgerKeys } from "../../../domain/ledger-keys.ts";
import { addDays, calendarDateToDb, isHabitDue } from "../../../domain/calendar.ts";
import { clampMinute, cycled, dayKey, insertManyReturning, withRound, type LedgerDraft, type UserContext } from "../context.ts";

type Frequency = "DAILY" | "WEEKLY" | "INTERVAL";

export interface HabitTemplate {
  name: string;
  description: string;
  icon: string;
  color: string;
  frequency: Frequency;
  daysOfWeek: number[];
  intervalDays: number | null;
  targetCount: number;
  xp: number;
  coins: number;
  /** Usual local time of day, in minutes after midnight. */
  minute: number;
  /** Days after the start of the history the habit was started. */
  startLag: number;
}

/** A daily habit: no days of the week, no interval. */
const DAILY: Pick<HabitTemplate, "frequency" | "daysOfWeek" | "intervalDays"> = { frequency: "DAILY", daysOfWeek: [], intervalDays: null };

const HABITS: readonly HabitTemplate[] = [
  {
    name: "Morning pages",
    description: "Three pages of longhand writing before looking at the phone.",
    icon: "pen",
    color: "#F59E0B",
    ...DAILY,
    targetCount: 1,
    xp: 10,
    coins: 2,
    minute: 7 * 60,
    startLag: 0,
  },
  {
    name: "Drink 8 glasses of water",
    description: "Spread over the day; the glass on the desk counts.",
    icon: "droplet",
    color: "#0EA5E9",
    ...DAILY,
    targetCount: 8,
    xp: 10,
    coins: 1,
    minute: 20 * 60,
    startLag: 0,
  },
  {
    name: "Strength training",
    description: "Full Body A at the gym: squat, bench press, dumbbell row.",
    icon: "dumbbell",
    color: "#EF4444",
    frequency: "WEEKLY",
    daysOfWeek: [1, 3, 5],
    intervalDays: null,
    targetCount: 1,
    xp: 30,
    coins: 5,
    minute: 7 * 60 + 30,
    startLag: 4,
  },
  {
    name: "Read 20 pages",
    description: "In bed, paper book, no phone in the room.",
    icon: "book",
    color: "#8B5CF6",
    ...DAILY,
    targetCount: 1,
    xp: 10,
    coins: 2,
    minute: 21 * 60 + 30,
    startLag: 9,
  },
  {
    name: "Ear training drill",
    description: "One interval or EQ drill from the Learn section.",
    icon: "headphones",
    color: "#10B981",
    frequency: "INTERVAL",
    daysOfWeek: [],
    intervalDays: 2,
    targetCount: 1,
    xp: 15,
    coins: 3,
    minute: 12 * 60 + 30,
    startLag: 14,
  },
  {
    name: "Weekly review",
    description: "Empty the inbox, look back at the week, pick three outcomes for the next one.",
    icon: "clipboard-check",
    color: "#6366F1",
    frequency: "WEEKLY",
    daysOfWeek: [5],
    intervalDays: null,
    targetCount: 1,
    xp: 25,
    coins: 5,
    minute: 16 * 60,
    startLag: 2,
  },
  {
    name: "Meditate for 10 minutes",
    description: "Guided or silent, sitting down, right after waking up.",
    icon: "lotus",
    color: "#14B8A6",
    ...DAILY,
    targetCount: 1,
    xp: 10,
    coins: 2,
    minute: 6 * 60 + 40,
    startLag: 20,
  },
  {
    name: "Call family",
    description: "A proper call with Mum and Dad, not just a text.",
    icon: "phone",
    color: "#F97316",
    frequency: "WEEKLY",
    daysOfWeek: [7],
    intervalDays: null,
    targetCount: 1,
    xp: 15,
    coins: 3,
    minute: 18 * 60,
    startLag: 6,
  },
  {
    name: "Water the plants",
    description: "Balcony herbs and the monstera; skip after heavy rain.",
    icon: "sprout",
    color: "#22C55E",
    frequency: "INTERVAL",
    daysOfWeek: [],
    intervalDays: 3,
    targetCount: 1,
    xp: 5,
    coins: 1,
    minute: 8 * 60,
    startLag: 11,
  },
  {
    name: "Practise piano scales",
    description: "All major scales, hands together, metronome at 80 bpm.",
    icon: "music",
    color: "#EC4899",
    frequency: "WEEKLY",
    daysOfWeek: [2, 4, 6],
    intervalDays: null,
    targetCount: 1,
    xp: 15,
    coins: 3,
    minute: 19 * 60,
    startLag: 25,
  },
  {
    name: "Stretch for 5 minutes",
    description: "Hip flexors, hamstrings and the upper back.",
    icon: "stretch",
    color: "#84CC16",
    ...DAILY,
    targetCount: 1,
    xp: 5,
    coins: 1,
    minute: 7 * 60 + 15,
    startLag: 30,
  },
  {
    name: "No screens after 22:00",
    description: "Laptop closed and phone on the charger in the hallway.",
    icon: "moon",
    color: "#64748B",
    ...DAILY,
    targetCount: 1,
    xp: 10,
    coins: 2,
    minute: 22 * 60,
    startLag: 35,
  },
];

export interface HabitDraft {
  index: number;
  template: HabitTemplate;
  name: string;
  startDay: string;
  completions: { day: string; at: Date; count: number }[];
}

export interface HabitsWritten {
  habitDrafts: HabitDraft[];
  habitId(draft: HabitDraft): string;
  /** Fully done (count reached the target) habit days, one entry per habit and day. */
  doneHabitDays: string[];
  /** When each habit fully done today was done, earliest first. */
  doneTodayTimes: Date[];
  rewards: LedgerDraft[];
}

export async function writeHabits(ctx: UserContext): Promise<HabitsWritten> {
  const { tx, o, userId, today, historyDays, historyDaysList, offDays, at, stream } = ctx;
  const habitDrafts: HabitDraft[] = [];
  for (let i = 0; i < o.habits; i += 1) {
    const { item: template, round } = cycled(HABITS, i);
    const rng = stream(`habit:${i}`);
    const lag = round === 0 ? template.startLag : rng.int(0, Math.floor(historyDays / 2));
    const startDay = addDays(today, -Math.max(0, historyDays - lag));
    const draft: HabitDraft = { index: i, template, name: withRound(template.name, round), startDay, completions: [] };
    const schedule = {
      frequency: template.frequency,
      daysOfWeek: template.daysOfWeek,
      intervalDays: template.intervalDays,
      startDate: startDay,
      endDate: null,
      isArchived: false,
    };
    const adherence = 0.7 + rng.float() * 0.15;
    for (const day of historyDaysList) {
      if (day < startDay || offDays.has(day) || !isHabitDue(schedule, day)) continue;
      const minute = clampMinute(template.minute + rng.int(-20, 25));
      if (rng.chance(adherence)) {
        draft.completions.push({ day, at: at(day, minute), count: template.targetCount });
      } else if (template.targetCount > 1 && rng.chance(0.5)) {
        draft.completions.push({ day, at: at(day, minute), count: rng.int(1, template.targetCount - 1) });
      }
    }
    if (isHabitDue(schedule, today)) {
      if (template.targetCount > 1) {
        draft.completions.push({ day: today, at: at(today, 9 * 60 + 30), count: Math.max(1, Math.floor(template.targetCount * 0.4)) });
      } else if (template.minute < 10 * 60 && (i === 0 || rng.chance(0.85))) {
        draft.completions.push({ day: today, at: at(today, clampMinute(template.minute + rng.int(0, 15))), count: 1 });
      }
    }
    habitDrafts.push(draft);
  }
  const habits = await insertManyReturning(habitDrafts, (chunk) =>
    tx.habit.createManyAndReturn({
      data: chunk.map((h) => ({
        userId,
        name: h.name,
        description: h.template.description,
        icon: h.template.icon,
        color: h.template.color,
        frequency: h.template.frequency,
        daysOfWeek: h.template.daysOfWeek,
        intervalDays: h.template.intervalDays,
        targetCount: h.template.targetCount,
        startDate: calendarDateToDb(h.startDay),
        xpReward: HABIT_XP,
        coinReward: HABIT_COINS,
        sortOrder: (h.index + 1) * 10,
        createdAt: at(h.startDay, 8 * 60 + (h.index % 60)),
      })),
      select: { id: true, sortOrder: true },
    }),
  );
  const habitIdBySort = new Map(habits.map((h) => [h.sortOrder, h.id]));
  const habitId = (draft: HabitDraft) => habitIdBySort.get((draft.index + 1) * 10)!;

  const completionRows = habitDrafts.flatMap((h) =>
    h.completions.map((c) => ({
      habitId: habitId(h),
      userId,
      completedOn: calendarDateToDb(c.day),
      completedAt: c.at,
      count: c.count,
      createdAt: c.at,
    })),
  );
  const completions = await insertManyReturning(completionRows, (chunk) =>
    tx.habitCompletion.createManyAndReturn({ data: chunk, select: { id: true, habitId: true, completedOn: true } }),
  );
  const completionId = new Map(completions.map((c) => [dayKey(c.habitId, c.completedOn), c.id]));
  /** Fully done (count reached the target): day → local instants, for streaks and quests. */
  const doneHabitDays: string[] = [];
  const doneTodayTimes: Date[] = [];
  const habitRewards: LedgerDraft[] = [];
  for (const h of habitDrafts) {
    const id = habitId(h);
    for (const c of h.completions) {
      if (c.count < h.template.targetCount) continue;
      doneHabitDays.push(c.day);
      if (c.day === today) doneTodayTimes.push(c.at);
      habitRewards.push({
        xp: HABIT_XP,
        coins: HABIT_COINS,
        reason: "habit.complete",
        sourceType: "habit_completion",
        sourceId: completionId.get(dayKey(id, c.day)) ?? null,
        idempotencyKey: ledgerKeys.habitDay(id, c.day),
        at: c.at,
        metadata: { habit: h.name, day: c.day },
      });
    }
  }
  // Ties keep the habits' order (a stable sort; keys hold generated ids, so they would differ per database).
  // The same rule as completeHabit: the first HABIT_REWARDS_PER_DAY habit days of a day are paid.
  const paidPerDay = new Map<string, number>();
  const rewards: LedgerDraft[] = [];
  for (const reward of habitRewards.sort((x, y) => x.at.getTime() - y.at.getTime())) {
    const day = (reward.metadata as { day: string }).day;
    const paid = paidPerDay.get(day) ?? 0;
    if (paid >= HABIT_REWARDS_PER_DAY) continue;
    paidPerDay.set(day, paid + 1);
    rewards.push(reward);
  }
  doneTodayTimes.sort((a, b) => a.getTime() - b.getTime());

  return { habitDrafts, habitId, doneHabitDays, doneTodayTimes, rewards };
}
