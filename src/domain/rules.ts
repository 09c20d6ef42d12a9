// The rules step (docs/architecture.md, "Rewards are server-authoritative"): after each event, in the same
// transaction, the catalogue quests whose criteria the event can move are re-measured from
// the user's real rows, and achievements whose criteria are met are unlocked. Nothing here
// takes an amount from a client: every value is counted in the database.
//
// A rule writes its own rows (quest progress, unlocked achievements) and *returns* what follows
// from them — events to record and awards to pay, in order — as `Effect`s. It never records an
// event or pays an award itself: dispatch.ts does, after the event that caused them, and runs
// the rules of those in turn. So this file imports neither events.ts nor points.ts.
import { z } from "zod";
import { Prisma } from "../generated/prisma/client.ts";
import { badInput } from "./errors.ts";
import { isAvailableAt } from "./availability.ts";
import { addDays, calendarDateToDb, dayBoundsUtc, earliestActionDay, timezoneOrUtc, todayIn } from "./calendar.ts";
import type { DomainEvent, EventType } from "./event-payloads.ts";
import type { Award } from "./ledger.ts";
import { ledgerKeys } from "./ledger-keys.ts";
import { questPeriodStart, type QuestCadenceValue } from "./quests.ts";
import type { Tx } from "./transaction.ts";

// ---- Metrics: what can be counted, and which events can change each count

export const METRICS = [
  "habits_completed",
  "focus_minutes",
  "focus_sessions",
  "plan_items",
  "inbox_triaged",
  "workouts_logged",
  "pages_read",
  "drills_correct",
  "lessons_completed",
  "reference_regions",
  "onboarding_completed",
  "quests_completed",
  "daily_plans",
  "books_finished",
] as const;
export type Metric = (typeof METRICS)[number];

const METRIC_EVENTS: Record<Metric, readonly EventType[]> = {
  habits_completed: ["habit.completed", "habit.uncompleted"],
  focus_minutes: ["focus.finished"],
  focus_sessions: ["focus.finished"],
  plan_items: ["plan.changed"],
  inbox_triaged: ["inbox.item_read", "inbox.item_archived"],
  workouts_logged: ["workout.logged", "workout.deleted"],
  pages_read: ["reading.logged", "reading.updated", "reading.deleted"],
  drills_correct: ["drill.attempted"],
  lessons_completed: ["lesson.progressed"],
  reference_regions: ["reference.region_added"],
  onboarding_completed: ["onboarding.completed", "settings.changed"],
  quests_completed: ["quest.completed", "universal_quest.completed"],
  daily_plans: ["plan.changed"],
  books_finished: ["book.finished"],
};

/** Criteria of a catalogue quest: the metric counted over the quest's period (its cadence) against its target_value. */
export const questCriteriaSchema = z.object({ metric: z.enum(METRICS) }).strict();
export type QuestCriteria = z.infer<typeof questCriteriaSchema>;

/** Criteria of an achievement (`achievement_definitions.criteria`). */
export const achievementCriteriaSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("metric"), metric: z.enum(METRICS), atLeast: z.number().int().min(1) }).strict(),
  z.object({ type: z.literal("streak"), streak: z.string().min(1), days: z.number().int().min(1) }).strict(),
  z.object({ type: z.literal("level"), level: z.number().int().min(2) }).strict(),
  z.object({ type: z.literal("inbox_zero"), minArchived: z.number().int().min(1) }).strict(),
  z
    .object({
      type: z.literal("focus_started_after"),
      localTime: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "HH:MM"),
    })
    .strict(),
]);
export type AchievementCriteria = z.infer<typeof achievementCriteriaSchema>;

function achievementEvents(criteria: AchievementCriteria): readonly EventType[] {
  switch (criteria.type) {
    case "metric":
      return METRIC_EVENTS[criteria.metric];
    case "streak":
      return ["habit.completed", "focus.finished", "reading.logged"];
    case "level":
      return ["points.awarded"];
    case "inbox_zero":
      return ["inbox.item_archived"];
    case "focus_started_after":
      return ["focus.finished"];
  }
}

const TRIGGERS = new Set<string>(Object.values(METRIC_EVENTS).flat());
for (const type of ["points.awarded"] as const) TRIGGERS.add(type);

/** A range of the user's calendar days, inclusive; `null` ends mean unbounded. */
interface DayRange {
  from: string | null;
  to: string | null;
  timezone: string;
}

function instants(range: DayRange): { start: Date; end: Date } {
  return {
    start: range.from ? dayBoundsUtc(range.from, range.timezone).start : new Date("1970-01-01T00:00:00Z"),
    end: range.to ? dayBoundsUtc(range.to, range.timezone).end : new Date("9999-12-31T00:00:00Z"),
  };
}

function dates(range: DayRange): { from: Date; to: Date } {
  return {
    from: calendarDateToDb(range.from ?? "1970-01-01"),
    to: calendarDateToDb(range.to ?? "9999-12-31"),
  };
}

/** Counts a metric from the user's own rows (every statement is scoped by user_id). */
export async function measure(tx: Tx, userId: string, metric: Metric, range: DayRange): Promise<number> {
  const { start, end } = instants(range);
  const { from, to } = dates(range);
  const uid = Prisma.sql`${userId}::uuid`;
  let query: Prisma.Sql;
  switch (metric) {
    case "habits_completed":
      query = Prisma.sql`SELECT count(*)::int AS n FROM habit_completions c JOIN habits h ON h.id = c.habit_id
        WHERE c.user_id = ${uid} AND c.completed_on BETWEEN ${from} AND ${to} AND c.count >= h.target_count`;
      break;
    case "focus_minutes":
      query = Prisma.sql`SELECT coalesce(sum(actual_duration_seconds), 0)::int / 60 AS n FROM focus_sessions
        WHERE user_id = ${uid} AND status = 'COMPLETED' AND mode = 'FOCUS' AND ended_at >= ${start} AND ended_at < ${end}`;
      break;
    case "focus_sessions":
      query = Prisma.sql`SELECT count(*)::int AS n FROM focus_sessions
        WHERE user_id = ${uid} AND status = 'COMPLETED' AND mode = 'FOCUS' AND ended_at >= ${start} AND ended_at < ${end}`;
      break;
    case "plan_items":
      query = Prisma.sql`SELECT coalesce(sum(jsonb_array_length(items)), 0)::int AS n FROM daily_plans
        WHERE user_id = ${uid} AND date BETWEEN ${from} AND ${to}`;
      break;
    case "daily_plans":
      query = Prisma.sql`SELECT count(*)::int AS n FROM daily_plans
        WHERE user_id = ${uid} AND date BETWEEN ${from} AND ${to} AND jsonb_array_length(items) > 0`;
      break;
    case "inbox_triaged":
      query = Prisma.sql`SELECT count(*)::int AS n FROM inbox_items WHERE user_id = ${uid}
        AND ((read_at >= ${start} AND read_at < ${end}) OR (archived_at >= ${start} AND archived_at < ${end}))`;
      break;
    case "workouts_logged":
      query = Prisma.sql`SELECT count(*)::int AS n FROM workout_sessions
        WHERE user_id = ${uid} AND performed_on BETWEEN ${from} AND ${to}`;
      break;
    case "pages_read":
      query = Prisma.sql`SELECT coalesce(sum(pages_read), 0)::int AS n FROM reading_sessions
        WHERE user_id = ${uid} AND read_on BETWEEN ${from} AND ${to}`;
      break;
    case "drills_correct":
      // Attempts are not rows of their own: the event stream is their record.
      query = Prisma.sql`SELECT count(*)::int AS n FROM behavior_outbox WHERE user_id = ${uid}
        AND event_type = 'drill.attempted' AND payload->>'correct' = 'true' AND created_at >= ${start} AND created_at < ${end}`;
      break;
    case "lessons_completed":
      query = Prisma.sql`SELECT count(*)::int AS n FROM user_lesson_progress
        WHERE user_id = ${uid} AND status = 'COMPLETED' AND completed_at >= ${start} AND completed_at < ${end}`;
      break;
    case "reference_regions":
      query = Prisma.sql`SELECT count(*)::int AS n FROM track_regions
        WHERE user_id = ${uid} AND created_at >= ${start} AND created_at < ${end}`;
      break;
    case "onboarding_completed":
      query = Prisma.sql`SELECT (EXISTS (SELECT 1 FROM user_onboarding_state s JOIN onboarding_flows f ON f.id = s.flow_id
          WHERE s.user_id = ${uid} AND f.key = 'welcome' AND s.status = 'COMPLETED')
        AND EXISTS (SELECT 1 FROM user_settings WHERE user_id = ${uid} AND timezone IS NOT NULL))::int AS n`;
      break;
    case "quests_completed":
      query = Prisma.sql`SELECT ((SELECT count(*) FROM user_quests WHERE user_id = ${uid} AND status = 'COMPLETED'
          AND completed_at >= ${start} AND completed_at < ${end})
        + (SELECT count(*) FROM user_quest_progress WHERE user_id = ${uid} AND status = 'COMPLETED'
          AND completed_at >= ${start} AND completed_at < ${end}))::int AS n`;
      break;
    case "books_finished":
      query = Prisma.sql`SELECT count(*)::int AS n FROM books WHERE user_id = ${uid} AND status = 'FINISHED'`;
      break;
  }
  const [row] = await tx.$queryRaw<Array<{ n: number }>>(query);
  return row?.n ?? 0;
}

// ---- The step

/**
 * What a rule asks for, in the order it asks: an event to record (with what makes it happen
 * once, and when) or an award to pay (its `points.awarded` is recorded with it).
 */
export type Effect = { event: DomainEvent; once?: string; at?: Date } | { award: Award };

/** One event's rules: the writes they make, and the effects that follow, in order. */
export type RuleStep = (tx: Tx, event: DomainEvent, at?: Date) => Promise<Effect[]>;

export interface RuleContext {
  userId: string;
  timezone: string;
  /** The user's calendar day the event counts for. */
  day: string;
  now: Date;
}

async function ruleContext(tx: Tx, event: DomainEvent, now: Date): Promise<RuleContext> {
  const user = await tx.user.findUniqueOrThrow({
    where: { id: event.userId },
    select: { createdAt: true, settings: { select: { timezone: true } } },
  });
  const timezone = timezoneOrUtc(user.settings?.timezone);
  const payload = event.payload as { day?: unknown; date?: unknown };
  const eventDay = typeof payload.day === "string" ? payload.day : typeof payload.date === "string" ? payload.date : null;
  const today = todayIn(timezone, now);
  const earliest = earliestActionDay(today, user.createdAt, timezone);
  // An action on another day (a back-dated habit, yesterday's plan) counts for that day only
  // inside the grace window and never before the account existed; otherwise it moves today's
  // periods (which it cannot change) — so writing the past never opens a past period's reward.
  const day = eventDay && eventDay <= today && eventDay >= earliest ? eventDay : today;
  return { userId: event.userId, timezone, day, now };
}

/** The rules of one recorded event (dispatch.ts runs it after each event, in its transaction). */
export const ruleStep: RuleStep = async (tx, event, at) => {
  if (!TRIGGERS.has(event.type)) return [];
  const context = await ruleContext(tx, event, at ?? new Date());
  const quests = await advanceCatalogueQuests(tx, context, event.type);
  const achievements = await unlockAchievements(tx, context, event.type);
  return [...quests, ...achievements];
};

function periodRange(cadence: QuestCadenceValue, day: string, timezone: string): DayRange & { periodStart: string } {
  const periodStart = questPeriodStart(cadence, day);
  switch (cadence) {
    case "DAILY":
      return { periodStart, from: day, to: day, timezone };
    case "WEEKLY":
      return { periodStart, from: periodStart, to: addDays(periodStart, 6), timezone };
    case "ONCE":
      return { periodStart, from: null, to: null, timezone };
  }
}

/**
 * Re-measures every available catalogue quest whose metric the event can move, for the
 * period containing the event's day: progress follows the count (down too, while the period
 * is open); reaching the target completes the period and pays the reward once per user and
 * period (ledger key by quest id and period), and completes the user's adopted copies.
 */
async function advanceCatalogueQuests(tx: Tx, context: RuleContext, type: EventType): Promise<Effect[]> {
  const metrics = METRICS.filter((metric) => METRIC_EVENTS[metric].includes(type));
  if (metrics.length === 0) return [];
  const quests = await tx.universalQuest.findMany({
    where: { isActive: true, OR: metrics.map((metric) => ({ criteria: { path: ["metric"], equals: metric } })) },
    orderBy: [{ sortOrder: "asc" }, { createdAt: "asc" }, { id: "asc" }],
  });
  const effects: Effect[] = [];
  for (const quest of quests) {
    if (isAvailableAt(quest, context.now)) effects.push(...((await measureCatalogueQuest(tx, context, quest))?.effects ?? []));
  }
  return effects;
}

export type CatalogueQuest = Prisma.UniversalQuestGetPayload<object>;

export interface CatalogueQuestMeasure {
  progress: Prisma.UserQuestProgressGetPayload<object>;
  /** This measurement completed the period. */
  completed: boolean;
  /** `universal_quest.progressed`, then on completion the reward, the adopted copies' `quest.completed` and `universal_quest.completed`. */
  effects: Effect[];
}

/**
 * Measures one catalogue quest for the period containing `context.day` and records the
 * progress; null when the quest has no valid criteria.
 */
export async function measureCatalogueQuest(tx: Tx, context: RuleContext, quest: CatalogueQuest): Promise<CatalogueQuestMeasure | null> {
  const criteria = questCriteriaSchema.safeParse(quest.criteria);
  if (!criteria.success) return null;
  const range = periodRange(quest.cadence, context.day, context.timezone);
  const value = Math.min(quest.targetValue, await measure(tx, context.userId, criteria.data.metric, range));
  return recordQuestProgress(tx, context, quest, range.periodStart, value);
}

async function recordQuestProgress(
  tx: Tx,
  context: RuleContext,
  quest: CatalogueQuest,
  periodStart: string,
  value: number,
): Promise<CatalogueQuestMeasure> {
  const { userId } = context;
  const where = { userId_questId_periodStart: { userId, questId: quest.id, periodStart: calendarDateToDb(periodStart) } };
  await tx.userQuestProgress.createMany({
    data: [{ userId, questId: quest.id, periodStart: calendarDateToDb(periodStart) }],
    skipDuplicates: true,
  });
  const [locked] = await tx.$queryRaw<Array<{ id: string }>>`
    SELECT id::text AS id FROM user_quest_progress
    WHERE user_id = ${userId}::uuid AND quest_id = ${quest.id}::uuid AND period_start = ${calendarDateToDb(periodStart)} FOR UPDATE`;
  const row = await tx.userQuestProgress.findUniqueOrThrow({ where: { id: locked.id } });
  // A completed period stays completed (and paid once), whatever is undone later.
  if (row.status !== "ACTIVE" || row.currentValue === value) return { progress: row, completed: false, effects: [] };
  const done = value >= quest.targetValue;
  const progress = await tx.userQuestProgress.update({
    where,
    data: { currentValue: value, ...(done ? { status: "COMPLETED", completedAt: context.now } : {}) },
  });
  const ref = { questId: quest.id, questKey: quest.key, periodStart };
  const effects: Effect[] = [
    { event: { type: "universal_quest.progressed", userId, payload: { ...ref, value, target: quest.targetValue } } },
  ];
  if (!done) return { progress, completed: false, effects };
  effects.push({
    award: {
      userId,
      xp: quest.xpReward,
      coins: quest.coinReward,
      reason: "universal_quest.complete",
      sourceType: "user_quest_progress",
      sourceId: row.id,
      idempotencyKey: ledgerKeys.universalQuestPeriod(quest.id, periodStart),
      metadata: { questKey: quest.key, periodStart },
    },
  });
  // Adopted copies follow the catalogue quest; their own reward is this one, paid above.
  const adopted = await tx.userQuest.findMany({ where: { userId, sourceQuestId: quest.id, status: "ACTIVE" } });
  for (const copy of adopted) {
    await tx.userQuest.update({
      where: { id: copy.id },
      data: { status: "COMPLETED", currentValue: copy.targetValue, completedAt: context.now },
    });
    effects.push({ event: { type: "quest.completed", userId, payload: { questId: copy.id, sourceQuestId: quest.id } }, once: copy.id });
  }
  effects.push({ event: { type: "universal_quest.completed", userId, payload: ref }, once: `${quest.id}:${periodStart}` });
  return { progress, completed: true, effects };
}

/** Unlocks, once, every achievement whose criteria the event can meet and that are met now. */
async function unlockAchievements(tx: Tx, context: RuleContext, type: EventType): Promise<Effect[]> {
  const { userId } = context;
  const effects: Effect[] = [];
  for (const definition of await lockedAchievements(tx, userId)) {
    const criteria = achievementCriteriaSchema.safeParse(definition.criteria);
    if (!criteria.success || !achievementEvents(criteria.data).includes(type)) continue;
    if (!(await criteriaMet(tx, context, criteria.data))) continue;
    effects.push(...(await achievementUnlock(tx, userId, definition.key, context.now)).effects);
  }
  return effects;
}

/** The achievement definitions the user has not unlocked yet, in catalogue order. */
export function lockedAchievements(tx: Tx, userId: string) {
  return tx.achievementDefinition.findMany({
    where: { userAchievements: { none: { userId } } },
    orderBy: [{ sortOrder: "asc" }, { createdAt: "asc" }, { id: "asc" }],
  });
}

/** Whether the user's data meets an achievement's criteria now. */
export async function criteriaMet(tx: Tx, context: RuleContext, criteria: AchievementCriteria): Promise<boolean> {
  const { userId, timezone } = context;
  const allTime: DayRange = { from: null, to: null, timezone };
  switch (criteria.type) {
    case "metric":
      return (await measure(tx, userId, criteria.metric, allTime)) >= criteria.atLeast;
    case "streak": {
      const streak = await tx.userStreak.findUnique({
        where: { userId_streakType: { userId, streakType: criteria.streak } },
      });
      return (streak?.longestCount ?? 0) >= criteria.days;
    }
    case "level": {
      const progress = await tx.userProgress.findUnique({ where: { userId } });
      return (progress?.level ?? 1) >= criteria.level;
    }
    case "inbox_zero": {
      const [row] = await tx.$queryRaw<Array<{ open: number; archived: number }>>`
        SELECT count(*) FILTER (WHERE archived_at IS NULL)::int AS open, count(*) FILTER (WHERE archived_at IS NOT NULL)::int AS archived
        FROM inbox_items WHERE user_id = ${userId}::uuid`;
      return row.open === 0 && row.archived >= criteria.minArchived;
    }
    case "focus_started_after": {
      // The session just finished: the user's newest completed one.
      const session = await tx.focusSession.findFirst({
        where: { userId, status: "COMPLETED" },
        orderBy: [{ endedAt: "desc" }, { id: "desc" }],
      });
      if (!session) return false;
      const local = new Intl.DateTimeFormat("en-GB", { timeZone: timezone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(
        session.startedAt,
      );
      return local >= criteria.localTime;
    }
  }
}

/**
 * Unlocks one achievement for the user, once: writes the user_achievements row and returns the
 * effects — `achievement.unlocked`, then the reward (if it has one). Nothing follows a repeat.
 */
export async function achievementUnlock(tx: Tx, userId: string, achievementKey: string, now = new Date()) {
  const definition = await tx.achievementDefinition.findUniqueOrThrow({ where: { key: achievementKey } });
  const { count } = await tx.userAchievement.createMany({
    data: [{ userId, achievementKey: definition.key, unlockedAt: now }],
    skipDuplicates: true,
  });
  const userAchievement = await tx.userAchievement.findUniqueOrThrow({
    where: { userId_achievementKey: { userId, achievementKey: definition.key } },
  });
  if (count === 0) return { userAchievement, newlyUnlocked: false, effects: [] as Effect[] };
  const effects: Effect[] = [
    {
      event: { type: "achievement.unlocked", userId, payload: { achievementKey: definition.key, userAchievementId: userAchievement.id } },
      once: definition.key,
      at: now,
    },
  ];
  if (definition.xpReward > 0 || definition.coinReward > 0) {
    effects.push({
      award: {
        userId,
        xp: definition.xpReward,
        coins: definition.coinReward,
        reason: "achievement.unlock",
        sourceType: "user_achievement",
        sourceId: userAchievement.id,
        idempotencyKey: ledgerKeys.achievement(definition.key),
        at: now,
      },
    });
  }
  return { userAchievement, newlyUnlocked: true, effects };
}

/** Admin input for a criteria column: `{}` (no automatic rule) or an object the schema accepts. */
export function parseCriteria(schema: z.ZodType, value: unknown, field = "criteria"): Prisma.InputJsonObject {
  if (value !== null && typeof value === "object" && !Array.isArray(value) && Object.keys(value).length === 0) return {};
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw badInput(`${field}: ${issue?.path.join(".") || "value"} ${issue?.message ?? "is invalid"}`, field);
  }
  return parsed.data as Prisma.InputJsonObject;
}
