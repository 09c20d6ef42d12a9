// The floor: what the Today document costs without GraphQL. node-postgres, the same session
// check (one statement) and the same page statement as the gateway, then the response built
// by hand, its members in the order of the trusted document the gateway runs (codegen's
// manifest sorts every selection by name). The benchmark checks that its bytes equal the
// gateway's before measuring anything.
import { Kind, parse, visit } from "graphql";
import pg from "pg";
import { loadPersistedDocuments } from "../../src/persisted.ts";
import { hashToken } from "../../src/auth/session.ts";
import { dayBoundsUtc, todayIn } from "../../src/domain/calendar.ts";
import { xpForLevel } from "../../src/domain/levels.ts";
import { encodeId } from "../../src/graphql/ids.ts";
import { planItemsInOrder } from "../../src/domain/planning.ts";
import { calendarEventsSection } from "../../src/loaders/today/calendar-events.ts";
import { focusSection, type FocusSessionWithPause } from "../../src/loaders/today/focus.ts";
import { goalsSection } from "../../src/loaders/today/goals.ts";
import { habitsSection } from "../../src/loaders/today/habits.ts";
import { inboxSection } from "../../src/loaders/today/inbox.ts";
import { keyParameters, pageStatement, type DayKey, type TodaySection } from "../../src/loaders/today/page.ts";
import { planSection } from "../../src/loaders/today/plan.ts";
import { progressSection } from "../../src/loaders/today/progress.ts";
import { questsSection } from "../../src/loaders/today/quests.ts";
import { selectionOfNames } from "../../src/loaders/today/rows.ts";
import { countStatements, readBody, serve } from "./common.ts";

const pool = new pg.Pool({ connectionString: process.argv[2], max: Number(process.argv[3] ?? 10) });
const counter = countStatements(pool);
const SECTIONS = [planSection, calendarEventsSection, focusSection, habitsSection, goalsSection, questsSection, inboxSection, progressSection];
const SESSION = `SELECT s.user_id::text AS user_id, coalesce(us.timezone, 'UTC') AS timezone
  FROM sessions s LEFT JOIN user_settings us ON us.user_id = s.user_id
  WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > now()`;

// JSON.stringify with a list of names writes every object's members in the list's order: the
// document's field names, sorted as the manifest sorts them.
const TODAY_DOCUMENT = [...loadPersistedDocuments().values()].find((document) => document.includes("query TodayPage"))!;
const names = new Set<string>(["data"]);
visit(parse(TODAY_DOCUMENT), { [Kind.FIELD]: (field) => void names.add((field.alias ?? field.name).value) });
const MEMBER_ORDER = [...names].sort();
// The same columns as the gateway sends for this document (src/loaders/today/rows.ts): the
// on-demand ones whose names the document selects.
const SELECTED: ReadonlySet<string> = selectionOfNames(names);
const PAGE = pageStatement(SECTIONS as Array<TodaySection<unknown>>, SELECTED);

const iso = (value: Date | null) => (value === null ? null : value.toISOString());
const day = (value: Date | null) => (value === null ? null : value.toISOString().slice(0, 10));

function focusSession(s: FocusSessionWithPause | null) {
  if (s === null) return null;
  const p = s.pauseState;
  return {
    id: encodeId("FocusSession", s.id),
    mode: s.mode,
    status: s.status,
    label: s.label,
    plannedDurationSeconds: s.plannedDurationSeconds,
    actualDurationSeconds: s.actualDurationSeconds,
    startedAt: iso(s.startedAt),
    endedAt: iso(s.endedAt),
    pauseState: p && { isPaused: p.isPaused, pausedAt: iso(p.pausedAt), resumedAt: iso(p.resumedAt), totalPausedSeconds: p.totalPausedSeconds },
  };
}

async function today(key: DayKey) {
  const { rows } = await pool.query(PAGE, keyParameters([key]));
  const row = rows[0];
  const plan = planSection.decode(row.plan, key, SELECTED);
  const events = calendarEventsSection.decode(row.calendar_events, key, SELECTED);
  const focus = focusSection.decode(row.focus, key, SELECTED);
  const habits = habitsSection.decode(row.habits, key, SELECTED);
  const goals = goalsSection.decode(row.goals, key, SELECTED);
  const quests = questsSection.decode(row.quests, key, SELECTED);
  const inbox = inboxSection.decode(row.inbox, key, SELECTED);
  const progress = progressSection.decode(row.progress, key, SELECTED);
  const completed = focus.ofDay.filter((s) => s.status === "COMPLETED");
  const level = progress.progress?.level ?? 1;
  return {
    date: key.day,
    timezone: key.timezone,
    startsAt: iso(key.start),
    endsAt: iso(key.end),
    plan: plan && {
      id: encodeId("DailyPlan", plan.id),
      date: day(plan.date),
      intention: plan.intention,
      notes: plan.notes,
      items: planItemsInOrder(plan.items).map((i) => ({
        id: i.id, title: i.title, kind: i.kind, refId: i.refId, durationMinutes: i.durationMinutes, done: i.done, sortOrder: i.sortOrder, createdAt: i.createdAt,
      })),
    },
    calendarEvents: events.map((e) => ({
      id: encodeId("CalendarEvent", e.id), title: e.title, location: e.location, color: e.color, allDay: e.allDay,
      startsAt: iso(e.startsAt), endsAt: iso(e.endsAt), startDate: day(e.startDate), endDate: day(e.endDate), sortOrder: e.sortOrder,
    })),
    focus: {
      activeSession: focusSession(focus.active),
      sessions: focus.ofDay.map(focusSession),
      completedCount: completed.length,
      focusedSeconds: completed.reduce((total, s) => total + (s.actualDurationSeconds ?? 0), 0),
    },
    habits: habits.map(({ habit: h, completion: c, streak }) => ({
      habit: { id: encodeId("Habit", h.id), name: h.name, icon: h.icon, color: h.color, frequency: h.frequency, targetCount: h.targetCount, xpReward: h.xpReward, sortOrder: h.sortOrder },
      completion: c && { id: encodeId("HabitCompletion", c.id), count: c.count, completedAt: iso(c.completedAt), note: c.note },
      count: c?.count ?? 0,
      targetCount: h.targetCount,
      completed: (c?.count ?? 0) >= h.targetCount,
      streak,
    })),
    goals: goals.map((g) => ({
      id: encodeId("Goal", g.id), title: g.title, category: g.category, targetDate: day(g.targetDate), sortOrder: g.sortOrder,
      milestones: g.milestones.map((m) => ({ id: encodeId("GoalMilestone", m.id), title: m.title, dueDate: day(m.dueDate), isCompleted: m.isCompleted, sortOrder: m.sortOrder })),
    })),
    quests: quests.map((q) => ({
      kind: q.kind,
      title: q.quest?.title ?? q.universalQuest?.title ?? "",
      description: q.quest?.description ?? q.universalQuest?.description ?? null,
      currentValue: q.quest ? q.quest.currentValue : (q.progress?.currentValue ?? 0),
      targetValue: q.quest?.targetValue ?? q.universalQuest?.targetValue ?? 1,
      completed: q.quest ? q.quest.status === "COMPLETED" : q.progress?.status === "COMPLETED",
      xpReward: q.quest?.xpReward ?? q.universalQuest?.xpReward ?? 0,
      coinReward: q.quest?.coinReward ?? q.universalQuest?.coinReward ?? 0,
      periodStart: q.periodStart,
      sortOrder: q.sortOrder,
      quest: q.quest && { id: encodeId("Quest", q.quest.id), status: q.quest.status, dueDate: day(q.quest.dueDate) },
      universalQuest: q.universalQuest && { id: encodeId("UniversalQuest", q.universalQuest.id), key: q.universalQuest.key, cadence: q.universalQuest.cadence, unit: q.universalQuest.unit },
    })),
    inbox: inbox.map((i) => ({ id: encodeId("InboxItem", i.id), kind: i.kind, title: i.title, body: i.body, isRead: i.readAt !== null, sortOrder: i.sortOrder, createdAt: iso(i.createdAt) })),
    progress: {
      level,
      totalXp: progress.progress?.totalXp ?? 0,
      xpForNextLevel: xpForLevel(level + 1),
      xpToday: progress.xpToday,
      coinsToday: progress.coinsToday,
      coins: progress.wallet?.coins ?? 0,
      wallet: progress.wallet && { coins: progress.wallet.coins, totalEarned: progress.wallet.totalEarned, totalSpent: progress.wallet.totalSpent },
      streaks: progress.streaks.map((s) => ({ streakType: s.streakType, currentCount: s.currentCount, longestCount: s.longestCount, lastActivityDate: day(s.lastActivityDate) })),
    },
  };
}

serve(
  (request, response) => {
    void (async () => {
      try {
        const body = JSON.parse(await readBody(request)) as { variables?: { date?: string } };
        const token = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? "")?.[1];
        const session = token ? (await pool.query(SESSION, [hashToken(token)])).rows[0] : undefined;
        if (!session) {
          response.writeHead(401).end();
          return;
        }
        const date = body.variables?.date ?? todayIn(session.timezone);
        const key: DayKey = { userId: session.user_id, day: date, timezone: session.timezone, ...dayBoundsUtc(date, session.timezone) };
        const json = JSON.stringify({ data: { today: await today(key) } }, MEMBER_ORDER);
        response.writeHead(200, { "content-type": "application/json; charset=utf-8" }).end(json);
      } catch (error) {
        response.writeHead(500).end(String(error));
      }
    })();
  },
  counter.count,
  () => pool.end(),
);
