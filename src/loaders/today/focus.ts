import type { FocusPauseState, FocusSession } from "../../generated/prisma/client.ts";
import { decodeRow, extraOf, listJson, oldestFirst, rowJson, type RowJson } from "./rows.ts";
import type { DayKey, TodaySection } from "./page.ts";

export type FocusSessionWithPause = FocusSession & { pauseState: FocusPauseState | null };

export interface TodayFocusRows {
  /** The running session, whatever day it started. */
  active: FocusSessionWithPause | null;
  /** Sessions started that day, oldest first. */
  ofDay: FocusSessionWithPause[];
}

const pauseState = `(SELECT ${rowJson("FocusPauseState", "ps")} FROM focus_pause_state ps
  WHERE ps.session_id = f.id AND ps.user_id = k.user_id)`;

function decodeSession(row: RowJson, key: DayKey): FocusSessionWithPause {
  const session = decodeRow<FocusSessionWithPause>("FocusSession", row, key);
  const pause = extraOf("FocusSession", row, 0) as RowJson | null;
  session.pauseState = pause === null ? null : decodeRow<FocusPauseState>("FocusPauseState", pause, key, session.id);
  return session;
}

export const focusSection: TodaySection<TodayFocusRows> = {
  name: "focus",
  statement: 1,
  sql: `json_build_object(
    'active', (SELECT ${rowJson("FocusSession", "f", [pauseState])} FROM focus_sessions f
               WHERE f.user_id = k.user_id AND f.status = 'ACTIVE' ORDER BY ${oldestFirst("f")} LIMIT 1),
    'ofDay', (SELECT ${listJson("FocusSession", "f", oldestFirst("f"), [pauseState])} FROM focus_sessions f
              WHERE f.user_id = k.user_id AND f.started_at >= k.starts_at AND f.started_at < k.ends_at))`,
  decode: (json, key) => {
    const { active, ofDay } = json as { active: RowJson | null; ofDay: RowJson[] };
    return { active: active === null ? null : decodeSession(active, key), ofDay: ofDay.map((row) => decodeSession(row, key)) };
  },
};
