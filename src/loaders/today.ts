import type {
  CalendarEvent,
  DailyPlan,
  FocusSession,
  Goal,
  Habit,
  HabitCompletion,
  InboxItem,
  Prisma,
  UniversalQuest,
  UserProgress,
  UserQuest,
  UserQuestProgress,
  UserStreak,
  UserWallet,
} from "../generated/prisma/client.ts";
import { prisma } from "../db/index.ts";
import { addDays, calendarDateToDb, compileSchedule, epochDay, toDay } from "../domain/calendar.ts";
import { orderByPosition, orderOldestFirst } from "../graphql/ordering.ts";
import { habitStreak, STREAK_LOOKBACK_DAYS } from "../today/habit-streak.ts";
import { batchLoader, sectionLoader, withQuery } from "./section-loader.ts";
import { questPeriodStart } from "../domain/quests.ts";

/** One user's calendar day, with its instant bounds [start, end) in the user's time zone. */
export interface DayKey {
  userId: string;
  day: string;
  timezone: string;
  start: Date;
  end: Date;
}

export const dayKeyId = (key: DayKey) => `${key.userId}|${key.day}|${key.timezone}`;
const userKeyId = (userId: string) => userId;

function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}


// ---------------------------------------------------------------- calendar events

function eventOverlaps(event: CalendarEvent, key: DayKey): boolean {
  if (event.userId !== key.userId) return false;
  if (event.allDay) {
    return event.startDate !== null && event.endDate !== null && toDay(event.startDate) <= key.day && toDay(event.endDate) >= key.day;
  }
  if (!event.startsAt || !event.endsAt) return false;
  return event.startsAt < key.end && (event.endsAt > key.start || event.startsAt >= key.start);
}

function eventsOfDayWhere(key: DayKey): Prisma.CalendarEventWhereInput {
  const day = calendarDateToDb(key.day);
  return {
    userId: key.userId,
    OR: [
      { allDay: true, startDate: { lte: day }, endDate: { gte: day } },
      {
        allDay: false,
        startsAt: { lt: key.end },
        OR: [{ endsAt: { gt: key.start } }, { startsAt: { gte: key.start } }],
      },
    ],
  };
}

// ---------------------------------------------------------------- habits

export interface TodayHabitRow {
  habit: Habit;
  completion: HabitCompletion | null;
  streak: number;
}

type HabitWithCompletions = Habit & { completions: HabitCompletion[] };

interface DoneDaysRow {
  habit_id: string;
  /** Epoch days (days since 1970-01-01) on which the habit reached its target. */
  days: number[];
}

// ---------------------------------------------------------------- quests

export interface TodayQuestRow {
  kind: "OWN" | "UNIVERSAL";
  quest: UserQuest | null;
  universalQuest: UniversalQuest | null;
  progress: UserQuestProgress | null;
  periodStart: string | null;
  sortOrder: number;
  createdAt: Date;
  id: string;
}

const CADENCES = ["DAILY", "WEEKLY", "ONCE"] as const;

type UniversalWithProgress = UniversalQuest & { progress: UserQuestProgress[] };


function compareByPosition(
  a: { sortOrder: number; createdAt: Date; id: string },
  b: { sortOrder: number; createdAt: Date; id: string },
): number {
  if (a.sortOrder !== b.sortOrder) return a.sortOrder - b.sortOrder;
  const time = a.createdAt.getTime() - b.createdAt.getTime();
  if (time !== 0) return time;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

// ---------------------------------------------------------------- progress

export interface TodayProgressRow {
  progress: UserProgress | null;
  wallet: UserWallet | null;
  streaks: UserStreak[];
  xpToday: number;
  coinsToday: number;
}

interface LedgerDayRow {
  idx: bigint | number;
  xp: number;
  coins: number;
}

/**
 * The Today loaders. Each section is one statement for every (user, day) asked in the
 * request — two where a section needs a second table that cannot be joined in the first.
 */
export function createTodayLoaders() {
  return {
    plan: sectionLoader<DayKey, DailyPlan, DailyPlan | null, { include?: Prisma.DailyPlanInclude; select?: Prisma.DailyPlanSelect }>({
      keyId: dayKeyId,
      load: (keys, query) =>
        prisma.dailyPlan.findMany(
          withQuery(query, {
            where: { OR: keys.map((key) => ({ userId: key.userId, date: calendarDateToDb(key.day) })) },
          }, ["userId", "date"]),
        ),
      pick: (key, rows) => rows.find((row) => row.userId === key.userId && toDay(row.date) === key.day) ?? null,
    }),

    calendarEvents: sectionLoader<DayKey, CalendarEvent, CalendarEvent[], { include?: Prisma.CalendarEventInclude; select?: Prisma.CalendarEventSelect }>({
      keyId: dayKeyId,
      load: (keys, query) =>
        prisma.calendarEvent.findMany(
          withQuery(query, {
            where: { OR: keys.map(eventsOfDayWhere) },
            // All-day events first, then by start; position, creation and id break ties.
            orderBy: [{ allDay: "desc" as const }, { startsAt: "asc" as const }, ...orderByPosition()],
          }, ["userId", "allDay", "startsAt", "endsAt", "startDate", "endDate"]),
        ),
      pick: (key, rows) => rows.filter((row) => eventOverlaps(row, key)),
    }),

    /** The active session and every session started that day, in one statement. */
    focusSessions: sectionLoader<
      DayKey,
      FocusSession,
      { active: FocusSession | null; ofDay: FocusSession[] },
      { include?: Prisma.FocusSessionInclude; select?: Prisma.FocusSessionSelect }
    >({
      keyId: dayKeyId,
      load: (keys, query) =>
        prisma.focusSession.findMany(
          withQuery(query, {
            where: {
              OR: keys.map((key) => ({
                userId: key.userId,
                OR: [{ status: "ACTIVE" as const }, { startedAt: { gte: key.start, lt: key.end } }],
              })),
            },
            orderBy: orderOldestFirst(),
          }, ["userId", "status", "startedAt"]),
        ),
      pick: (key, rows) => {
        const own = rows.filter((row) => row.userId === key.userId);
        return {
          active: own.find((row) => row.status === "ACTIVE") ?? null,
          ofDay: own.filter((row) => row.startedAt >= key.start && row.startedAt < key.end),
        };
      },
    }),

    /** Habits due that day with that day's completion and current streak: two statements. */
    habits: batchLoader<DayKey, { habits: HabitWithCompletions[]; doneDays: Map<string, Set<number>> }, TodayHabitRow[]>({
      keyId: dayKeyId,
      load: async (keys) => {
        const userIds = unique(keys.map((key) => key.userId));
        const days = unique(keys.map((key) => key.day)).sort();
        const [habits, doneRows] = await Promise.all([
          prisma.habit.findMany({
            where: { userId: { in: userIds }, isArchived: false },
            include: {
              completions: { where: { completedOn: { in: days.map(calendarDateToDb) } }, orderBy: orderOldestFirst() },
            },
            orderBy: orderByPosition(),
          }),
          // Days each habit was done (count reached its target), for the streaks.
          prisma.$queryRaw<DoneDaysRow[]>`
            SELECT c.habit_id::text AS habit_id, array_agg(c.completed_on - DATE '1970-01-01') AS days
            FROM habit_completions c
            JOIN habits h ON h.id = c.habit_id
            WHERE c.user_id = ANY(${userIds}::uuid[])
              AND c.completed_on BETWEEN ${addDays(days[0], -STREAK_LOOKBACK_DAYS)}::date AND ${days[days.length - 1]}::date
              AND c.count >= h.target_count
            GROUP BY c.habit_id`,
        ]);
        return { habits, doneDays: new Map(doneRows.map((row) => [row.habit_id, new Set(row.days)])) };
      },
      pick: (key, batch) => {
        const day = epochDay(key.day);
        const rows: TodayHabitRow[] = [];
        for (const { completions, ...habit } of batch.habits) {
          if (habit.userId !== key.userId) continue;
          const schedule = compileSchedule(habit);
          if (!schedule.isDueOn(day)) continue;
          rows.push({
            habit,
            completion: completions.find((completion) => toDay(completion.completedOn) === key.day) ?? null,
            streak: habitStreak(schedule, day, batch.doneDays.get(habit.id) ?? new Set()),
          });
        }
        return rows;
      },
    }),

    goals: sectionLoader<string, Goal, Goal[], { include?: Prisma.GoalInclude; select?: Prisma.GoalSelect }>({
      keyId: userKeyId,
      load: (userIds, query) =>
        prisma.goal.findMany(
          withQuery(query, { where: { userId: { in: [...userIds] }, status: "ACTIVE" as const }, orderBy: orderByPosition() }, ["userId"]),
        ),
      pick: (userId, rows) => rows.filter((row) => row.userId === userId),
    }),

    inbox: sectionLoader<string, InboxItem, InboxItem[], { include?: Prisma.InboxItemInclude; select?: Prisma.InboxItemSelect }>({
      keyId: userKeyId,
      load: (userIds, query) =>
        prisma.inboxItem.findMany(
          withQuery(query, { where: { userId: { in: [...userIds] }, archivedAt: null }, orderBy: orderByPosition() }, ["userId"]),
        ),
      pick: (userId, rows) => rows.filter((row) => row.userId === userId),
    }),

    /** The user's open quests and the catalogue quests available that day with the user's progress. */
    quests: batchLoader<DayKey, { own: UserQuest[]; universal: UniversalWithProgress[] }, TodayQuestRow[]>({
      keyId: dayKeyId,
      load: async (keys) => {
        const userIds = unique(keys.map((key) => key.userId));
        const periods = unique(
          keys.flatMap((key) => CADENCES.map((cadence) => questPeriodStart(cadence, key.day))),
        ).map(calendarDateToDb);
        const earliest = new Date(Math.min(...keys.map((key) => key.start.getTime())));
        const latest = new Date(Math.max(...keys.map((key) => key.end.getTime())));
        const [own, universal] = await Promise.all([
          prisma.userQuest.findMany({
            where: {
              userId: { in: userIds },
              OR: [{ status: "ACTIVE" }, { status: "COMPLETED", completedAt: { gte: earliest, lt: latest } }],
            },
            orderBy: orderByPosition(),
          }),
          prisma.universalQuest.findMany({
            where: {
              isActive: true,
              AND: [
                { OR: [{ availableFrom: null }, { availableFrom: { lt: latest } }] },
                { OR: [{ availableUntil: null }, { availableUntil: { gt: earliest } }] },
              ],
            },
            include: {
              progress: { where: { userId: { in: userIds }, periodStart: { in: periods } }, orderBy: orderOldestFirst() },
            },
            orderBy: orderByPosition(),
          }),
        ]);
        return { own, universal };
      },
      pick: (key, batch) => {
        const own: TodayQuestRow[] = batch.own
          .filter(
            (quest) =>
              quest.userId === key.userId &&
              (quest.status === "ACTIVE" || (quest.completedAt !== null && quest.completedAt >= key.start && quest.completedAt < key.end)),
          )
          .map((quest) => ({
            kind: "OWN",
            quest,
            universalQuest: null,
            progress: null,
            periodStart: null,
            sortOrder: quest.sortOrder,
            createdAt: quest.createdAt,
            id: quest.id,
          }));
        const universal: TodayQuestRow[] = batch.universal
          .filter(
            (quest) =>
              (quest.availableFrom === null || quest.availableFrom < key.end) &&
              (quest.availableUntil === null || quest.availableUntil > key.start),
          )
          .map(({ progress, ...quest }) => {
            const periodStart = questPeriodStart(quest.cadence, key.day);
            return {
              kind: "UNIVERSAL",
              quest: null,
              universalQuest: quest,
              progress:
                progress.find((row) => row.userId === key.userId && toDay(row.periodStart) === periodStart) ?? null,
              periodStart,
              sortOrder: quest.sortOrder,
              createdAt: quest.createdAt,
              id: quest.id,
            };
          });
        return [...own, ...universal].sort(compareByPosition);
      },
    }),

    /** Level/XP, wallet and streaks in one statement; the day's ledger totals in a second. */
    progress: batchLoader<
      DayKey,
      { users: { id: string; progress: UserProgress | null; wallet: UserWallet | null; streaks: UserStreak[] }[]; ledger: LedgerDayRow[]; keys: readonly DayKey[] },
      TodayProgressRow
    >({
      keyId: dayKeyId,
      load: async (keys) => {
        const [users, ledger] = await Promise.all([
          prisma.user.findMany({
            where: { id: { in: unique(keys.map((key) => key.userId)) } },
            select: { id: true, progress: true, wallet: true, streaks: { orderBy: orderOldestFirst() } },
          }),
          prisma.$queryRaw<LedgerDayRow[]>`
            SELECT k.idx, COALESCE(SUM(l.xp_delta), 0)::int AS xp, COALESCE(SUM(l.coin_delta), 0)::int AS coins
            FROM unnest(${keys.map((key) => key.userId)}::uuid[], ${keys.map((key) => key.start)}::timestamptz[],
                        ${keys.map((key) => key.end)}::timestamptz[]) WITH ORDINALITY AS k(user_id, start_at, end_at, idx)
            LEFT JOIN points_ledger l ON l.user_id = k.user_id AND l.created_at >= k.start_at AND l.created_at < k.end_at
            GROUP BY k.idx`,
        ]);
        return { users, ledger, keys };
      },
      pick: (key, batch) => {
        const user = batch.users.find((row) => row.id === key.userId);
        const index = batch.keys.findIndex((candidate) => dayKeyId(candidate) === dayKeyId(key)) + 1;
        const totals = batch.ledger.find((row) => Number(row.idx) === index);
        return {
          progress: user?.progress ?? null,
          wallet: user?.wallet ?? null,
          streaks: user?.streaks ?? [],
          xpToday: totals?.xp ?? 0,
          coinsToday: totals?.coins ?? 0,
        };
      },
    }),
  };
}

export type TodayLoaders = ReturnType<typeof createTodayLoaders>;
