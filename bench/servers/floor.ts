// The floor: what the Today document costs without GraphQL. node-postgres and the gateway's
// SQL: a session, once checked, is kept in process and checked again by the page's two
// statements, sent at once (as the gateway's session cache and page do); then the response
// built by hand, each object's members written in the order of the trusted document the gateway
// runs (codegen's manifest sorts every selection by name). The benchmark checks that its bytes
// equal the gateway's before measuring anything.
import { type FieldNode, Kind, parse, type SelectionNode, visit } from "graphql";
import pg from "pg";
import { loadPersistedDocuments } from "../../src/persisted.ts";
import { hashToken } from "../../src/auth/session.ts";
import { dayBoundsUtc, todayIn } from "../../src/domain/calendar.ts";
import { xpForLevel } from "../../src/domain/levels.ts";
import { encodeId } from "../../src/graphql/ids.ts";
import { planItemsInOrder } from "../../src/domain/planning.ts";
import type { FocusSessionWithPause } from "../../src/loaders/today/focus.ts";
import { keyParameters, pageStatement, sessionSection, type DayKey, type TodaySection } from "../../src/loaders/today/page.ts";
import { selectionOfNames } from "../../src/loaders/today/rows.ts";
import { TODAY_SECTIONS } from "../../src/loaders/today/sections.ts";
import { countStatements, readBody, serve } from "./common.ts";

const pool = new pg.Pool({ connectionString: process.argv[2], max: Number(process.argv[3] ?? 10) });
const counter = countStatements(pool);

const SESSION = `SELECT s.user_id::text AS user_id, us.timezone
  FROM sessions s LEFT JOIN user_settings us ON us.user_id = s.user_id
  WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > now()`;
/** Sessions checked once, by token hash: the page statement checks them again. */
const sessions = new Map<string, { userId: string; storedTimezone: string | null }>();

// The document's field names. The objects below list their members sorted by name, as the
// manifest sorts the document's selections (Today's own fields first, then its sections, one
// fragment each, in the order of their spreads: also by name) (JSON.stringify with a list of names would sort them
// too, but leaves V8's fast path: ~3× the time for the 200-item page).
const TODAY_DOCUMENT = [...loadPersistedDocuments().values()].find((document) => document.includes("query TodayPage"))!;
const names = new Set<string>(["data"]);
visit(parse(TODAY_DOCUMENT), { [Kind.FIELD]: (field) => void names.add((field.alias ?? field.name).value) });
// The same columns as the gateway sends for this document (src/loaders/today/rows.ts): the
// on-demand ones whose names the document selects.
const SELECTED: ReadonlySet<string> = selectionOfNames(names);
// The sections the gateway reads for this document: those of the registry whose `Today` fields it selects.
const todayDocument = parse(TODAY_DOCUMENT);
const todayPage = todayDocument.definitions.find((definition) => definition.kind === Kind.OPERATION_DEFINITION);
const fragments = new Map(
  todayDocument.definitions.flatMap((definition) =>
    definition.kind === Kind.FRAGMENT_DEFINITION ? [[definition.name.value, definition]] : [],
  ),
);
const todayField = todayPage?.selectionSet.selections.find(
  (selection): selection is FieldNode => selection.kind === Kind.FIELD && selection.name.value === "today",
);
/** The `Today` fields a selection set asks for, through its fragments (the page has one a section). */
function fieldsOf(selections: readonly SelectionNode[]): string[] {
  return selections.flatMap((selection) => {
    if (selection.kind === Kind.FIELD) return [selection.name.value];
    if (selection.kind === Kind.INLINE_FRAGMENT) return fieldsOf(selection.selectionSet.selections);
    const fragment = fragments.get(selection.name.value);
    return fragment ? fieldsOf(fragment.selectionSet.selections) : [];
  });
}
const TODAY_FIELDS = new Set(fieldsOf(todayField?.selectionSet?.selections ?? []));
const SECTIONS = Object.values(TODAY_SECTIONS)
  .filter((entry) => entry.fields.some((field) => TODAY_FIELDS.has(field)))
  .map((entry) => entry.page);
// The gateway's two statements (TodaySection.statement), the session check with the first.
const GROUPS = [0, 1].map(
  (statement) => SECTIONS.filter((section) => (section.statement ?? 0) === statement) as Array<TodaySection<unknown>>,
);
const PAGES = [pageStatement([...GROUPS[0], sessionSection as TodaySection<unknown>], SELECTED), pageStatement(GROUPS[1], SELECTED)];

const iso = (value: Date | null) => (value === null ? null : value.toISOString());
const day = (value: Date | null) => (value === null ? null : value.toISOString().slice(0, 10));

function focusSession(s: FocusSessionWithPause | null) {
  if (s === null) return null;
  const p = s.pauseState;
  return {
    actualDurationSeconds: s.actualDurationSeconds,
    endedAt: iso(s.endedAt),
    id: encodeId("FocusSession", s.id),
    label: s.label,
    mode: s.mode,
    pauseState: p && {
      isPaused: p.isPaused,
      pausedAt: iso(p.pausedAt),
      resumedAt: iso(p.resumedAt),
      totalPausedSeconds: p.totalPausedSeconds,
    },
    plannedDurationSeconds: s.plannedDurationSeconds,
    startedAt: iso(s.startedAt),
    status: s.status,
  };
}

/** The page, or null when the kept session no longer holds (revoked, expired, zone changed). */
async function today(key: DayKey) {
  const parameters = keyParameters([key]);
  const [first, second] = await Promise.all(PAGES.map((text) => pool.query(text, parameters)));
  if (first.rows[0].session_ok !== true) return null;
  const row = { ...first.rows[0], ...second.rows[0] };
  const plan = TODAY_SECTIONS.plan.page.decode(row.plan, key, SELECTED);
  const events = TODAY_SECTIONS.calendarEvents.page.decode(row.calendar_events, key, SELECTED);
  const focus = TODAY_SECTIONS.focus.page.decode(row.focus, key, SELECTED);
  const habits = TODAY_SECTIONS.habits.page.decode(row.habits, key, SELECTED);
  const goals = TODAY_SECTIONS.goals.page.decode(row.goals, key, SELECTED);
  const quests = TODAY_SECTIONS.quests.page.decode(row.quests, key, SELECTED);
  const inbox = TODAY_SECTIONS.inbox.page.decode(row.inbox, key, SELECTED);
  const progress = TODAY_SECTIONS.progress.page.decode(row.progress, key, SELECTED);
  const completed = focus.ofDay.filter((s) => s.status === "COMPLETED");
  const level = progress.progress?.level ?? 1;
  return {
    date: key.day,
    endsAt: iso(key.end),
    startsAt: iso(key.start),
    timezone: key.timezone,
    calendarEvents: events.map((e) => ({
      allDay: e.allDay,
      color: e.color,
      endDate: day(e.endDate),
      endsAt: iso(e.endsAt),
      id: encodeId("CalendarEvent", e.id),
      location: e.location,
      sortOrder: e.sortOrder,
      startDate: day(e.startDate),
      startsAt: iso(e.startsAt),
      title: e.title,
    })),
    focus: {
      activeSession: focusSession(focus.active),
      completedCount: completed.length,
      focusedSeconds: completed.reduce((total, s) => total + (s.actualDurationSeconds ?? 0), 0),
      sessions: focus.ofDay.map(focusSession),
    },
    goals: goals.map((g) => ({
      category: g.category,
      id: encodeId("Goal", g.id),
      milestones: g.milestones.map((m) => ({
        dueDate: day(m.dueDate),
        id: encodeId("GoalMilestone", m.id),
        isCompleted: m.isCompleted,
        sortOrder: m.sortOrder,
        title: m.title,
      })),
      sortOrder: g.sortOrder,
      targetDate: day(g.targetDate),
      title: g.title,
    })),
    habits: habits.map(({ habit: h, completion: c, streak }) => ({
      completed: (c?.count ?? 0) >= h.targetCount,
      completion: c && { completedAt: iso(c.completedAt), count: c.count, id: encodeId("HabitCompletion", c.id), note: c.note },
      count: c?.count ?? 0,
      habit: {
        color: h.color,
        frequency: h.frequency,
        icon: h.icon,
        id: encodeId("Habit", h.id),
        name: h.name,
        sortOrder: h.sortOrder,
        targetCount: h.targetCount,
        xpReward: h.xpReward,
      },
      streak,
      targetCount: h.targetCount,
    })),
    inbox: inbox.map((i) => ({
      body: i.body,
      createdAt: iso(i.createdAt),
      id: encodeId("InboxItem", i.id),
      isRead: i.readAt !== null,
      kind: i.kind,
      sortOrder: i.sortOrder,
      title: i.title,
    })),
    plan: plan && {
      date: day(plan.date),
      id: encodeId("DailyPlan", plan.id),
      intention: plan.intention,
      items: planItemsInOrder(plan.items).map((i) => ({
        createdAt: i.createdAt,
        done: i.done,
        durationMinutes: i.durationMinutes,
        id: i.id,
        kind: i.kind,
        refId: i.refId,
        sortOrder: i.sortOrder,
        title: i.title,
      })),
      notes: plan.notes,
    },
    progress: {
      coins: progress.wallet?.coins ?? 0,
      coinsToday: progress.coinsToday,
      level,
      streaks: progress.streaks.map((s) => ({
        currentCount: s.currentCount,
        lastActivityDate: day(s.lastActivityDate),
        longestCount: s.longestCount,
        streakType: s.streakType,
      })),
      totalXp: progress.progress?.totalXp ?? 0,
      wallet: progress.wallet && {
        coins: progress.wallet.coins,
        totalEarned: progress.wallet.totalEarned,
        totalSpent: progress.wallet.totalSpent,
      },
      xpForNextLevel: xpForLevel(level + 1),
      xpToday: progress.xpToday,
    },
    quests: quests.map((q) => ({
      coinReward: q.quest?.coinReward ?? q.universalQuest?.coinReward ?? 0,
      completed: q.quest ? q.quest.status === "COMPLETED" : q.progress?.status === "COMPLETED",
      currentValue: q.quest ? q.quest.currentValue : (q.progress?.currentValue ?? 0),
      description: q.quest?.description ?? q.universalQuest?.description ?? null,
      kind: q.kind,
      periodStart: q.periodStart,
      quest: q.quest && { dueDate: day(q.quest.dueDate), id: encodeId("Quest", q.quest.id), status: q.quest.status },
      sortOrder: q.sortOrder,
      targetValue: q.quest?.targetValue ?? q.universalQuest?.targetValue ?? 1,
      title: q.quest?.title ?? q.universalQuest?.title ?? "",
      universalQuest: q.universalQuest && {
        cadence: q.universalQuest.cadence,
        id: encodeId("UniversalQuest", q.universalQuest.id),
        key: q.universalQuest.key,
        unit: q.universalQuest.unit,
      },
      xpReward: q.quest?.xpReward ?? q.universalQuest?.xpReward ?? 0,
    })),
  };
}

serve(
  (request, response) => {
    void (async () => {
      try {
        const body = JSON.parse(await readBody(request)) as { variables?: { date?: string } };
        const token = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? "")?.[1];
        const tokenHash = token ? hashToken(token) : "";
        // A kept session first; when the page finds it no longer holds, the full check again.
        for (let attempt = 0; attempt < 2; attempt += 1) {
          let session = sessions.get(tokenHash);
          if (!session) {
            const found = token ? (await pool.query(SESSION, [tokenHash])).rows[0] : undefined;
            if (!found) break;
            session = { userId: found.user_id, storedTimezone: found.timezone };
            sessions.set(tokenHash, session);
          }
          const timezone = session.storedTimezone ?? "UTC";
          const date = body.variables?.date ?? todayIn(timezone);
          const key: DayKey = {
            userId: session.userId,
            day: date,
            timezone,
            ...dayBoundsUtc(date, timezone),
            session: { tokenHash, storedTimezone: session.storedTimezone },
          };
          const page = await today(key);
          if (page !== null) {
            response.writeHead(200, { "content-type": "application/json; charset=utf-8" }).end(JSON.stringify({ data: { today: page } }));
            return;
          }
          sessions.delete(tokenHash);
        }
        response.writeHead(401).end();
      } catch (error) {
        response.writeHead(500).end(String(error));
      }
    })();
  },
  counter.count,
  () => pool.end(),
);
