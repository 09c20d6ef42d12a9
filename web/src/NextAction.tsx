// The next action, at the top of the Today page: what, why, and Start / Done / Not now.
// Rendering a suggestion records it once per suggestion id (recordDecisionShown is idempotent);
// the server answers HELD_OUT for the holdout's control group, and then nothing is displayed.
// Done and Start perform the action itself (tick the habit, resume or finish the focus session,
// mark the plan item done); the server sees that event and completes the decision. Only "Not
// now" (SNOOZED) and a plan item's Start are reported by the page.
import { useCallback, useEffect, useRef, useState } from "react";
import {
  NextActionCardDocument,
  type NextActionCardQuery,
  NextActionCompleteHabitDocument,
  NextActionFinishFocusDocument,
  NextActionOutcomeDocument,
  NextActionPlanItemDoneDocument,
  NextActionResumeFocusDocument,
  NextActionShownDocument,
} from "../../src/generated/graphql/graphql.ts";
import { describeError, request } from "./client.ts";

type Action = NonNullable<NextActionCardQuery["today"]["nextAction"]>;
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

function what(action: Action): string {
  if (action.habit) return action.habit.name;
  if (action.planItem) return action.planItem.title;
  if (action.focusSession) return "Your focus session";
  return "Your quest";
}

/** `refreshKey`: change it to load the suggestion again (the page's data changed). */
export function NextAction(props: { token: string; onChanged: () => void; refreshKey?: unknown }) {
  const { token, onChanged, refreshKey } = props;
  const [state, setState] = useState<{ day: string; action: Action | null } | null>(null);
  const [recorded, setRecorded] = useState<Record<string, Recorded>>({});
  const [hidden, setHidden] = useState<ReadonlySet<string>>(new Set());
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const pending = useRef(new Set<string>());

  const load = useCallback(async () => {
    try {
      const data = await request(NextActionCardDocument, {}, token);
      setState({ day: data.today.date, action: data.today.nextAction ?? null });
    } catch (caught) {
      setError(describeError(caught));
    }
  }, [token]);

  useEffect(() => {
    void refreshKey;
    void load();
  }, [load, refreshKey]);

  // SHOWN once per suggestion id (the server keeps it idempotent too).
  const action = state?.action ?? null;
  useEffect(() => {
    if (!action || recorded[action.id] || pending.current.has(action.id)) return;
    pending.current.add(action.id);
    request(NextActionShownDocument, { input: { decisionKey: action.decisionKey, surface: "today", suggestionId: action.id } }, token)
      .then((data) => setRecorded((all) => ({ ...all, [action.id]: data.recordDecisionShown })))
      .catch((caught: unknown) => setError(describeError(caught)))
      .finally(() => pending.current.delete(action.id));
  }, [action, recorded, token]);

  if (!state || !action || hidden.has(action.id)) return null;
  const decision = recorded[action.id];
  // The control group: computed and recorded, never displayed.
  if (action.heldOut || decision?.outcome === "HELD_OUT") return null;

  const run = async (perform: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await perform();
      onChanged();
      await load();
    } catch (caught) {
      setError(describeError(caught));
    } finally {
      setBusy(false);
    }
  };

  const done = (() => {
    if (action.habit) {
      const habitId = action.habit.id;
      return () => request(NextActionCompleteHabitDocument, { habitId, day: state.day }, token);
    }
    if (action.focusSession) {
      const id = action.focusSession.id;
      return () => request(NextActionFinishFocusDocument, { id }, token);
    }
    if (action.planItem) {
      const itemId = action.planItem.id;
      return () => request(NextActionPlanItemDoneDocument, { date: state.day, itemId }, token);
    }
    return null;
  })();
  const start = (() => {
    if (action.focusSession?.pauseState?.isPaused) {
      const id = action.focusSession.id;
      return () => request(NextActionResumeFocusDocument, { id }, token);
    }
    // A plan item has no "started" event: the page reports it (the one STARTED a client may send).
    if (action.planItem && decision && decision.outcome === "SHOWN") {
      const id = decision.id;
      return () => request(NextActionOutcomeDocument, { id, outcome: "STARTED" }, token);
    }
    return null;
  })();
  const notNow = async () => {
    if (decision) await run(() => request(NextActionOutcomeDocument, { id: decision.id, outcome: "SNOOZED" }, token));
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
          <button type="button" disabled={busy} onClick={() => void run(start)}>
            Start
          </button>
        )}
        {done && (
          <button type="button" className="primary" disabled={busy} onClick={() => void run(done)}>
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
