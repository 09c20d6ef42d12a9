import { useCallback, useEffect, useRef, useState, type DragEvent, type ReactNode } from "react";
import {
  ArchiveInboxItemsDocument,
  CompleteHabitDocument,
  FinishFocusSessionDocument,
  MarkInboxItemsReadDocument,
  NextActionCardDocument,
  PauseFocusSessionDocument,
  ReorderPlanItemsDocument,
  ResumeFocusSessionDocument,
  SetPlanItemDoneDocument,
  StartFocusSessionDocument,
  TodayChangedDocument,
  TodayPageDocument,
  UncompleteHabitDocument,
  type TodayChangedSubscription,
  type TodayPageQuery,
  type TodaySection,
} from "../../src/generated/graphql/graphql.ts";
import { describeError, request, RequestError, subscribe } from "./client.ts";
import { NextAction, type Suggestion, type SuggestionActions } from "./NextAction.tsx";

type Today = TodayPageQuery["today"];
type LiveChange = TodayChangedSubscription["todayChanged"];

/** How many of its own events' sequences the page remembers (to ignore their live echo). */
const REMEMBERED_EVENTS = 1_000;
const HABIT_SECTIONS: readonly TodaySection[] = ["HABITS", "PROGRESS", "QUESTS"];
const FOCUS_SECTIONS: readonly TodaySection[] = ["FOCUS", "PROGRESS", "QUESTS"];
const PLAN_SECTIONS: readonly TodaySection[] = ["PLAN", "PROGRESS", "QUESTS"];
const INBOX_SECTIONS: readonly TodaySection[] = ["INBOX", "PROGRESS", "QUESTS"];
type FocusSession = NonNullable<Today["focus"]["activeSession"]>;

const FOCUS_MINUTES = 25;

/** "2026-11-29" ± days, on the calendar (no time zone involved). */
function shiftDay(day: string, days: number): string {
  const [year, month, date] = day.split("-").map(Number);
  return new Date(Date.UTC(year, month - 1, date + days)).toISOString().slice(0, 10);
}

function formatDay(day: string): string {
  const [year, month, date] = day.split("-").map(Number);
  return new Intl.DateTimeFormat(undefined, { weekday: "long", day: "numeric", month: "long", timeZone: "UTC" }).format(
    new Date(Date.UTC(year, month - 1, date)),
  );
}

function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const hours = Math.floor(s / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, "0");
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, "0")}:${rest}` : `${minutes}:${rest}`;
}

/** Seconds focused so far: wall time since the start minus every pause, the current one included. */
function elapsedSeconds(session: FocusSession, now: number): number {
  const pause = session.pauseState;
  const end = pause?.isPaused && pause.pausedAt ? Date.parse(pause.pausedAt) : now;
  return (end - Date.parse(session.startedAt)) / 1000 - (pause?.totalPausedSeconds ?? 0);
}

function useNow(active: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [active]);
  return now;
}

// What the screen shows the moment an action is tapped, before its answer (which replaces it).

function withHabit(today: Today, habitId: string, change: (entry: Today["habits"][number]) => Today["habits"][number]): Today {
  return { ...today, habits: today.habits.map((entry) => (entry.habit.id === habitId ? change(entry) : entry)) };
}

/** One more completion (a ticked box or "+1"): done at the target, the streak one longer when it became done. */
function countedOnce(entry: Today["habits"][number]): Today["habits"][number] {
  const count = entry.count + 1;
  const completed = count >= entry.targetCount;
  return { ...entry, count, completed, streak: completed && !entry.completed ? entry.streak + 1 : entry.streak };
}

/** The day's completions removed. */
function countReset(entry: Today["habits"][number]): Today["habits"][number] {
  return { ...entry, count: 0, completed: false, completion: null, streak: entry.completed ? Math.max(0, entry.streak - 1) : entry.streak };
}

function withFocus(today: Today, activeSession: FocusSession | null): Today {
  return { ...today, focus: { ...today.focus, activeSession } };
}

function pausedAt(session: FocusSession, at: string): FocusSession {
  const pause = session.pauseState;
  return {
    ...session,
    pauseState: { isPaused: true, pausedAt: at, resumedAt: pause?.resumedAt ?? null, totalPausedSeconds: pause?.totalPausedSeconds ?? 0 },
  };
}

function resumedAt(session: FocusSession, at: string): FocusSession {
  const pause = session.pauseState;
  if (!pause?.isPaused || !pause.pausedAt) return session;
  const seconds = Math.max(0, Math.round((Date.parse(at) - Date.parse(pause.pausedAt)) / 1000));
  return { ...session, pauseState: { ...pause, isPaused: false, resumedAt: at, totalPausedSeconds: pause.totalPausedSeconds + seconds } };
}

/** A session about to start: shown running until the answer brings the real one (its buttons wait for it). */
function startingSession(at: string, plannedDurationSeconds: number): FocusSession {
  return {
    id: "starting",
    mode: "FOCUS",
    status: "ACTIVE",
    label: null,
    plannedDurationSeconds,
    actualDurationSeconds: null,
    startedAt: at,
    endedAt: null,
    pauseState: null,
  };
}

function withPlanItems(today: Today, items: NonNullable<Today["plan"]>["items"]): Today {
  return today.plan ? { ...today, plan: { ...today.plan, items } } : today;
}

function withInbox(today: Today, ids: readonly string[], archive: boolean): Today {
  const chosen = new Set(ids);
  const inbox = archive
    ? today.inbox.filter((item) => !chosen.has(item.id))
    : today.inbox.map((item) => (chosen.has(item.id) ? { ...item, isRead: true } : item));
  return { ...today, inbox };
}

/** The actions both a section and the next-action card perform: one optimistic change, one request each. */
interface PageActions extends SuggestionActions {
  uncompleteHabit(habitId: string): Promise<void>;
  pauseFocus(sessionId: string): Promise<void>;
  setPlanItemDone(itemId: string, done: boolean): Promise<void>;
}

function pageActions(act: Act, token: string): PageActions {
  /** The running session, changed by `change` when it is the one acted on. */
  const withSession = (id: string, change: (session: FocusSession) => FocusSession | null) => (day: Today) => {
    const session = day.focus.activeSession;
    return session && session.id === id ? withFocus(day, change(session)) : day;
  };
  const setPlanItemDone = (itemId: string, done: boolean) =>
    act(
      (day) =>
        withPlanItems(
          day,
          (day.plan?.items ?? []).map((row) => (row.id === itemId ? { ...row, done } : row)),
        ),
      (date) => request(SetPlanItemDoneDocument, { date, itemId, done }, token),
      PLAN_SECTIONS,
    );
  return {
    completeHabit: (habitId) =>
      act(
        (day) => withHabit(day, habitId, countedOnce),
        (date) => request(CompleteHabitDocument, { habitId, day: date }, token),
        HABIT_SECTIONS,
      ),
    uncompleteHabit: (habitId) =>
      act(
        (day) => withHabit(day, habitId, countReset),
        (date) => request(UncompleteHabitDocument, { habitId, day: date }, token),
        HABIT_SECTIONS,
      ),
    pauseFocus: (id) =>
      act(
        withSession(id, (session) => pausedAt(session, new Date().toISOString())),
        (date) => request(PauseFocusSessionDocument, { id, date }, token),
        FOCUS_SECTIONS,
      ),
    resumeFocus: (id) =>
      act(
        withSession(id, (session) => resumedAt(session, new Date().toISOString())),
        (date) => request(ResumeFocusSessionDocument, { id, date }, token),
        FOCUS_SECTIONS,
      ),
    finishFocus: (id) =>
      act(
        withSession(id, () => null),
        (date) => request(FinishFocusSessionDocument, { id, date }, token),
        FOCUS_SECTIONS,
      ),
    setPlanItemDone,
    planItemDone: (itemId) => setPlanItemDone(itemId, true),
  };
}

export function TodayView(props: { token: string; onSignOut: () => void; onSessionLost: () => void }) {
  const { token, onSessionLost } = props;
  const [day, setDay] = useState<string | undefined>(undefined);
  const [today, setToday] = useState<Today | null>(null);
  // The next action is suggested for the user's today only: shown when the page shows today
  // (`onToday`: the same, for an action's answer that arrives after the day was changed).
  const [suggestion, setSuggestion] = useState<Suggestion | null>(null);
  const onToday = useRef(day === undefined);
  onToday.current = day === undefined;
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const latest = useRef(0);
  const shown = useRef<Today | null>(null);
  shown.current = today;

  const load = useCallback(async () => {
    const ticket = ++latest.current;
    setLoading(true);
    try {
      const [data, card] = await Promise.all([
        request(TodayPageDocument, { date: day }, token),
        day === undefined ? request(NextActionCardDocument, {}, token) : null,
      ]);
      if (ticket === latest.current) {
        setToday(data.today);
        setSuggestion(card?.today.nextAction ?? null);
      }
    } catch (caught) {
      if (caught instanceof RequestError && caught.code === "UNAUTHENTICATED") return onSessionLost();
      if (ticket === latest.current) setError(describeError(caught));
    } finally {
      if (ticket === latest.current) setLoading(false);
    }
  }, [day, token, onSessionLost]);

  useEffect(() => {
    void load();
  }, [load]);

  // Live Today: when the projector has delivered a change of this user's day (another tab, the
  // phone, a rule), load the page again; but not for a change this page made itself, which its
  // action's answer already showed (every event of it is one the answer named, and every section
  // it touched is one the answer carried). A message that arrives while an action is on its way
  // waits for the answer, which names the action's events.
  const reload = useRef(load);
  reload.current = load;
  const own = useRef(new Map<string, ReadonlySet<TodaySection>>());
  const pending = useRef(0);
  const waiting = useRef<LiveChange[]>([]);
  const onChange = useCallback((change: LiveChange) => {
    if (pending.current > 0) {
      waiting.current.push(change);
      return;
    }
    const sequences = change.sequences.length > 0 ? change.sequences : [change.sequence];
    const covered = sequences.map((sequence) => own.current.get(sequence));
    const mine = covered.every((sections) => sections !== undefined && change.sections.every((section) => sections.has(section)));
    if (!mine) void reload.current();
  }, []);
  const shownDate = today?.date;
  useEffect(() => {
    if (!shownDate) return;
    return subscribe(TodayChangedDocument, { date: shownDate }, token, (data) => onChange(data.todayChanged));
  }, [shownDate, token, onChange]);

  /**
   * Every action: the screen changes at once (`optimistic`), then the action's one request
   * answers the sections it changed, which replace the shown ones; on an error the screen goes
   * back to what it was, with a plain message. No second request.
   */
  const act: Act = async (optimistic, send, sections) => {
    const before = shown.current;
    if (!before) return;
    pending.current += 1;
    setBusy(true);
    setError(null);
    setToday(optimistic(before));
    try {
      const answer = await send(before.date);
      const covers = new Set(sections);
      for (const sequence of answer.writtenEvents) own.current.set(sequence, covers);
      if (own.current.size > REMEMBERED_EVENTS)
        for (const key of [...own.current.keys()].slice(0, own.current.size - REMEMBERED_EVENTS)) own.current.delete(key);
      const { nextAction, ...changed } = answer.today;
      setToday((current) => (current && current.date === changed.date ? { ...current, ...changed } : current));
      if (nextAction !== undefined && onToday.current) setSuggestion(nextAction);
    } catch (caught) {
      if (caught instanceof RequestError && caught.code === "UNAUTHENTICATED") return onSessionLost();
      setToday((current) => (current && current.date === before.date ? before : current));
      setError(`${describeError(caught)} Your change was not saved.`);
    } finally {
      pending.current -= 1;
      setBusy(false);
      if (pending.current === 0) for (const change of waiting.current.splice(0)) onChange(change);
    }
  };

  const actions = pageActions(act, token);

  const date = today?.date;
  return (
    <div className="page" aria-busy={loading || busy}>
      <header className="topbar">
        <h1>Today</h1>
        <nav className="day-picker" aria-label="Day">
          <button type="button" onClick={() => date && setDay(shiftDay(date, -1))} disabled={!date}>
            ‹ Yesterday
          </button>
          <button type="button" onClick={() => setDay(undefined)} disabled={day === undefined}>
            Today
          </button>
          <button type="button" onClick={() => date && setDay(shiftDay(date, 1))} disabled={!date}>
            Tomorrow ›
          </button>
        </nav>
        <button type="button" className="link" onClick={props.onSignOut}>
          Sign out
        </button>
      </header>
      {today && day === undefined && <NextAction token={token} action={suggestion} actions={actions} busy={busy} />}
      <p className="day-title" aria-live="polite" data-testid="day">
        {date ? formatDay(date) : "Loading your day…"}
        {date && <span className="muted"> · {today.timezone}</span>}
      </p>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {!today ? (
        <p className="status" role="status">
          {loading ? "Loading your day…" : "Nothing to show."}
        </p>
      ) : (
        <Sections today={today} token={token} act={act} actions={actions} busy={busy} />
      )}
    </div>
  );
}

/** What an action's request answers: the sections it changed (read after its commit) and the events it wrote. */
interface ActionAnswer {
  today: Partial<Today> & { date: string; nextAction?: Suggestion | null };
  writtenEvents: string[];
}
/** Shows `optimistic`'s day at once, sends the action for the shown date, applies its answer. */
type Act = (
  optimistic: (today: Today) => Today,
  send: (date: string) => Promise<ActionAnswer>,
  sections: readonly TodaySection[],
) => Promise<void>;
interface SectionProps {
  today: Today;
  token: string;
  act: Act;
  actions: PageActions;
  busy: boolean;
}

function Sections(props: SectionProps) {
  return (
    <main className="grid">
      <Progress today={props.today} />
      <Habits {...props} />
      <Focus {...props} />
      <Plan {...props} />
      <Calendar today={props.today} />
      <Quests today={props.today} />
      <Goals today={props.today} />
      <Inbox {...props} />
    </main>
  );
}

function Section(props: { id: string; title: string; children: ReactNode; wide?: boolean }) {
  return (
    <section className={props.wide ? "card wide" : "card"} aria-labelledby={`${props.id}-title`} data-testid={props.id}>
      <h2 id={`${props.id}-title`}>{props.title}</h2>
      {props.children}
    </section>
  );
}

function Empty(props: { children: ReactNode }) {
  return <p className="empty">{props.children}</p>;
}

function Progress({ today }: { today: Today }) {
  const p = today.progress;
  return (
    <Section id="progress" title="Progress" wide>
      <div className="stats">
        <p>
          <span className="big" data-testid="level">
            Level {p.level}
          </span>
        </p>
        <div className="xp">
          <label htmlFor="xp-bar">
            <span data-testid="xp">{p.totalXp.toLocaleString()} XP</span>
            <span className="muted">
              {" "}
              / {p.xpForNextLevel.toLocaleString()} for level {p.level + 1}
            </span>
          </label>
          <progress id="xp-bar" max={p.xpForNextLevel} value={Math.min(p.totalXp, p.xpForNextLevel)} />
          <p className="muted">
            +{p.xpToday} XP and {p.coinsToday >= 0 ? "+" : ""}
            {p.coinsToday} coins this day
          </p>
        </div>
        <p>
          <span className="big" data-testid="coins">
            {p.coins.toLocaleString()}
          </span>{" "}
          coins
        </p>
      </div>
      {p.streaks.length > 0 && (
        <ul className="chips" aria-label="Streaks">
          {p.streaks.map((streak) => (
            <li key={streak.streakType} data-testid={`streak-${streak.streakType}`}>
              {streak.streakType.replace(/_/g, " ")}: <strong>{streak.currentCount}</strong> days
              <span className="muted"> (best {streak.longestCount})</span>
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}

function Habits({ today, actions, busy }: SectionProps) {
  return (
    <Section id="habits" title="Habits due">
      {today.habits.length === 0 ? (
        <Empty>No habits due this day.</Empty>
      ) : (
        <ul className="rows">
          {today.habits.map((entry) => {
            const habitId = entry.habit.id;
            const complete = () => actions.completeHabit(habitId);
            const uncomplete = () => actions.uncompleteHabit(habitId);
            const counted = entry.targetCount > 1;
            return (
              <li key={entry.habit.id} data-testid="habit">
                {counted ? (
                  <span className="check">
                    <span className={entry.completed ? "done-mark" : undefined}>
                      {entry.completed ? "✓ " : ""}
                      {entry.habit.name}
                    </span>
                  </span>
                ) : (
                  <label className="check">
                    <input type="checkbox" checked={entry.completed} disabled={busy} onChange={entry.completed ? uncomplete : complete} />
                    <span>{entry.habit.name}</span>
                  </label>
                )}
                <span className="muted">
                  {counted ? `${entry.count}/${entry.targetCount} · ` : ""}
                  <span data-testid="habit-streak">{entry.streak}</span>-day streak · {entry.habit.xpReward} XP
                </span>
                {counted && (
                  <span className="actions">
                    <button
                      type="button"
                      disabled={busy || entry.completed}
                      onClick={complete}
                      aria-label={`Count one more: ${entry.habit.name}`}
                    >
                      +1
                    </button>
                    {entry.count > 0 && (
                      <button type="button" disabled={busy} onClick={uncomplete} aria-label={`Reset the day's count: ${entry.habit.name}`}>
                        Reset
                      </button>
                    )}
                  </span>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </Section>
  );
}

function Focus({ today, token, act, actions, busy }: SectionProps) {
  const session = today.focus.activeSession;
  const paused = session?.pauseState?.isPaused ?? false;
  const now = useNow(Boolean(session) && !paused);
  return (
    <Section id="focus" title="Focus">
      {session ? (
        <>
          <p className="timer" role="timer" aria-label="Focused time" data-testid="focus-elapsed">
            {formatDuration(elapsedSeconds(session, now))}
          </p>
          <p className="muted" data-testid="focus-state">
            {paused ? "Paused" : "Focusing"}
            {session.label ? ` · ${session.label}` : ""} · planned {Math.round(session.plannedDurationSeconds / 60)} min
          </p>
          <div className="actions">
            {paused ? (
              <button type="button" disabled={busy} onClick={() => actions.resumeFocus(session.id)}>
                Resume
              </button>
            ) : (
              <button type="button" disabled={busy} onClick={() => actions.pauseFocus(session.id)}>
                Pause
              </button>
            )}
            <button type="button" disabled={busy} onClick={() => actions.finishFocus(session.id)}>
              Finish
            </button>
          </div>
        </>
      ) : (
        <>
          <Empty>No focus session running.</Empty>
          <button
            type="button"
            className="primary"
            disabled={busy}
            onClick={() =>
              act(
                (day) => withFocus(day, startingSession(new Date().toISOString(), FOCUS_MINUTES * 60)),
                (date) => request(StartFocusSessionDocument, { input: { plannedDurationSeconds: FOCUS_MINUTES * 60 }, date }, token),
                FOCUS_SECTIONS,
              )
            }
          >
            Start {FOCUS_MINUTES}-minute focus
          </button>
        </>
      )}
      <p className="muted">
        {today.focus.completedCount} finished this day · {formatDuration(today.focus.focusedSeconds)} focused
      </p>
    </Section>
  );
}

function Plan({ today, token, act, actions, busy }: SectionProps) {
  const items = today.plan?.items ?? [];
  const [dragged, setDragged] = useState<string | null>(null);
  const reorder = (ids: string[]) =>
    act(
      (day) => {
        const byId = new Map((day.plan?.items ?? []).map((item) => [item.id, item]));
        return withPlanItems(
          day,
          ids.flatMap((id) => byId.get(id) ?? []),
        );
      },
      (date) => request(ReorderPlanItemsDocument, { date, ids }, token),
      PLAN_SECTIONS,
    );
  const move = (from: number, to: number) => {
    if (to < 0 || to >= items.length || from === to) return;
    const ids = items.map((item) => item.id);
    const [id] = ids.splice(from, 1);
    ids.splice(to, 0, id);
    void reorder(ids);
  };
  const onDrop = (event: DragEvent, to: number) => {
    event.preventDefault();
    const from = items.findIndex((item) => item.id === dragged);
    setDragged(null);
    if (from >= 0) move(from, to);
  };
  return (
    <Section id="plan" title="Plan">
      {today.plan?.intention && <p className="intention">{today.plan.intention}</p>}
      {items.length === 0 ? (
        <Empty>Nothing planned for this day.</Empty>
      ) : (
        <ol className="rows">
          {items.map((item, index) => (
            <li
              key={item.id}
              data-testid="plan-item"
              draggable={!busy}
              onDragStart={() => setDragged(item.id)}
              onDragOver={(event) => event.preventDefault()}
              onDrop={(event) => onDrop(event, index)}
              className={dragged === item.id ? "dragging" : undefined}
            >
              <label className="check">
                <input type="checkbox" checked={item.done} disabled={busy} onChange={() => actions.setPlanItemDone(item.id, !item.done)} />
                <span className={item.done ? "done" : undefined}>{item.title}</span>
              </label>
              <span className="muted">
                {item.kind.toLowerCase()}
                {item.durationMinutes ? ` · ${item.durationMinutes} min` : ""}
              </span>
              <span className="order">
                <button
                  type="button"
                  aria-label={`Move “${item.title}” up`}
                  disabled={busy || index === 0}
                  onClick={() => move(index, index - 1)}
                >
                  ↑
                </button>
                <button
                  type="button"
                  aria-label={`Move “${item.title}” down`}
                  disabled={busy || index === items.length - 1}
                  onClick={() => move(index, index + 1)}
                >
                  ↓
                </button>
              </span>
            </li>
          ))}
        </ol>
      )}
    </Section>
  );
}

function Calendar({ today }: { today: Today }) {
  const time = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit", timeZone: today.timezone });
  return (
    <Section id="calendar" title="Calendar">
      {today.calendarEvents.length === 0 ? (
        <Empty>No events this day.</Empty>
      ) : (
        <ul className="rows">
          {today.calendarEvents.map((event) => (
            <li key={event.id} data-testid="event">
              <span className="when">
                {event.allDay || !event.startsAt
                  ? "All day"
                  : `${time.format(new Date(event.startsAt))}${event.endsAt ? `–${time.format(new Date(event.endsAt))}` : ""}`}
              </span>
              <span>
                {event.title}
                {event.location && <span className="muted"> · {event.location}</span>}
              </span>
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}

function Quests({ today }: { today: Today }) {
  return (
    <Section id="quests" title="Quests">
      {today.quests.length === 0 ? (
        <Empty>No quests right now.</Empty>
      ) : (
        <ul className="rows stacked">
          {today.quests.map((quest, index) => {
            const id = `quest-${index}`;
            return (
              <li key={quest.quest?.id ?? quest.universalQuest?.id ?? index}>
                <label htmlFor={id}>
                  {quest.completed ? "✓ " : ""}
                  {quest.title}
                  <span className="muted">
                    {" "}
                    · {quest.currentValue}/{quest.targetValue} · {quest.xpReward} XP, {quest.coinReward} coins
                  </span>
                </label>
                <progress id={id} max={quest.targetValue} value={Math.min(quest.currentValue, quest.targetValue)} />
              </li>
            );
          })}
        </ul>
      )}
    </Section>
  );
}

function Goals({ today }: { today: Today }) {
  return (
    <Section id="goals" title="Goals">
      {today.goals.length === 0 ? (
        <Empty>No active goals.</Empty>
      ) : (
        <ul className="rows stacked">
          {today.goals.map((goal) => {
            const done = goal.milestones.filter((milestone) => milestone.isCompleted).length;
            const id = `goal-${goal.id}`;
            return (
              <li key={goal.id}>
                <label htmlFor={id}>
                  {goal.title}
                  <span className="muted">
                    {" "}
                    · {done}/{goal.milestones.length} milestones{goal.targetDate ? ` · by ${goal.targetDate}` : ""}
                  </span>
                </label>
                <progress id={id} max={Math.max(goal.milestones.length, 1)} value={done} />
              </li>
            );
          })}
        </ul>
      )}
    </Section>
  );
}

function Inbox({ today, token, act, busy }: SectionProps) {
  const unread = today.inbox.filter((item) => !item.isRead).map((item) => item.id);
  return (
    <Section id="inbox" title={`Inbox${unread.length ? ` (${unread.length} unread)` : ""}`}>
      {today.inbox.length === 0 ? (
        <Empty>Inbox zero.</Empty>
      ) : (
        <>
          <ul className="rows stacked">
            {today.inbox.map((item) => (
              <li key={item.id} data-testid="inbox-item" className={item.isRead ? "read" : "unread"}>
                <p>
                  <strong>{item.title}</strong>
                  {item.body && <span className="muted"> · {item.body}</span>}
                </p>
                <span className="actions">
                  {!item.isRead && (
                    <button
                      type="button"
                      disabled={busy}
                      aria-label={`Mark “${item.title}” read`}
                      onClick={() =>
                        act(
                          (day) => withInbox(day, [item.id], false),
                          (date) => request(MarkInboxItemsReadDocument, { ids: [item.id], date }, token),
                          INBOX_SECTIONS,
                        )
                      }
                    >
                      Mark read
                    </button>
                  )}
                  <button
                    type="button"
                    disabled={busy}
                    aria-label={`Archive “${item.title}”`}
                    onClick={() =>
                      act(
                        (day) => withInbox(day, [item.id], true),
                        (date) => request(ArchiveInboxItemsDocument, { ids: [item.id], date }, token),
                        INBOX_SECTIONS,
                      )
                    }
                  >
                    Archive
                  </button>
                </span>
              </li>
            ))}
          </ul>
          {unread.length > 1 && (
            <button
              type="button"
              disabled={busy}
              onClick={() =>
                act(
                  (day) => withInbox(day, unread, false),
                  (date) => request(MarkInboxItemsReadDocument, { ids: unread, date }, token),
                  INBOX_SECTIONS,
                )
              }
            >
              Mark all read
            </button>
          )}
        </>
      )}
    </Section>
  );
}
