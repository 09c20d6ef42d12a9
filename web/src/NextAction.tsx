// The next action, at the top of the Today page: what, why, and Start / Done / Not now.
// The page owns the suggestion (loaded with the day, and answered again by every action that may
// change it); this card shows it. Rendering a suggestion records it once per suggestion id
// (recordDecisionShown is idempotent); the server answers HELD_OUT for the holdout's control
// group, and then nothing is displayed. Done and Start are the page's own actions (tick the habit,
// resume or finish the focus session, mark the plan item done): one request, shown at once; the
// server sees the action's event and completes the decision. Only "Not now" (SNOOZED) and a plan
// item's Start are reported by the page.
import { useEffect, useRef, useState } from "react";
import {
  NextActionOutcomeDocument,
  NextActionShownDocument,
  type TodayNextActionSectionFragment,
} from "../../src/generated/graphql/graphql.ts";
import { describeError, request } from "./client.ts";

export type Suggestion = NonNullable<TodayNextActionSectionFragment["nextAction"]>;

/** The page's actions the card performs (web/src/Today.tsx), each one optimistic change and one request. */
export interface SuggestionActions {
  completeHabit(habitId: string): Promise<void>;
  resumeFocus(sessionId: string): Promise<void>;
  finishFocus(sessionId: string): Promise<void>;
  planItemDone(itemId: string): Promise<void>;
}

interface Recorded {
  id: string;
  outcome: string;
}

const KIND_LABEL: Record<string, string> = {
  RESUME_FOCUS: "Focus",
  HABIT_STREAK_AT_RISK: "Keep the streak",
  QUEST_ONE_STEP: "Almost there",
  UNIVERSAL_QUEST_ONE_STEP: "Almost there",
  PLAN_ITEM: "From your plan",
  HABIT_DUE: "Habit",
};

function what(action: Suggestion): string {
  if (action.habit) return action.habit.name;
  if (action.planItem) return action.planItem.title;
  if (action.focusSession) return "Your focus session";
  return "Your quest";
}

export function NextAction(props: { token: string; action: Suggestion | null; actions: SuggestionActions; busy: boolean }) {
  const { token, action, actions } = props;
  const [recorded, setRecorded] = useState<Record<string, Recorded>>({});
  const [hidden, setHidden] = useState<ReadonlySet<string>>(new Set());
  const [reporting, setReporting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const pending = useRef(new Set<string>());

  // SHOWN once per suggestion id (the server keeps it idempotent too).
  useEffect(() => {
    if (!action || recorded[action.id] || pending.current.has(action.id)) return;
    pending.current.add(action.id);
    request(NextActionShownDocument, { input: { decisionKey: action.decisionKey, surface: "today", suggestionId: action.id } }, token)
      .then((data) => setRecorded((all) => ({ ...all, [action.id]: data.recordDecisionShown })))
      .catch((caught: unknown) => setError(describeError(caught)))
      .finally(() => pending.current.delete(action.id));
  }, [action, recorded, token]);

  if (!action || hidden.has(action.id)) return null;
  const decision = recorded[action.id];
  // The control group: computed and recorded, never displayed.
  if (action.heldOut || decision?.outcome === "HELD_OUT") return null;
  const busy = props.busy || reporting;

  /** An outcome only the page can know (the server observes every other). */
  const report = async (outcome: "SNOOZED" | "STARTED") => {
    if (!decision) return;
    setReporting(true);
    setError(null);
    try {
      await request(NextActionOutcomeDocument, { id: decision.id, outcome }, token);
    } catch (caught) {
      setError(describeError(caught));
    } finally {
      setReporting(false);
    }
  };

  const habitId = action.habit?.id;
  const session = action.focusSession;
  const itemId = action.planItem?.id;
  const done = habitId
    ? () => actions.completeHabit(habitId)
    : session
      ? () => actions.finishFocus(session.id)
      : itemId
        ? () => actions.planItemDone(itemId)
        : null;
  const start = session?.pauseState?.isPaused
    ? () => actions.resumeFocus(session.id)
    : // A plan item has no "started" event: the page reports it (the one STARTED a client may send).
      itemId && decision?.outcome === "SHOWN"
      ? () => report("STARTED")
      : null;
  const notNow = async () => {
    await report("SNOOZED");
    setHidden((all) => new Set([...all, action.id]));
  };

  return (
    <section className="card next-action" aria-labelledby="next-action-title" data-testid="next-action" data-suggestion={action.id}>
      <h2 id="next-action-title">Next: {KIND_LABEL[action.kind] ?? "Suggestion"}</h2>
      <p className="next-action-what" data-testid="next-action-what">
        <strong>{what(action)}</strong>
      </p>
      <p className="muted" data-testid="next-action-reason">
        {action.reason}
      </p>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <div className="actions">
        {start && (
          <button type="button" disabled={busy} onClick={() => void start()}>
            Start
          </button>
        )}
        {done && (
          <button type="button" className="primary" disabled={busy} onClick={() => void done()}>
            Done
          </button>
        )}
        <button type="button" className="link" disabled={busy} onClick={() => void notNow()}>
          Not now
        </button>
      </div>
    </section>
  );
}
