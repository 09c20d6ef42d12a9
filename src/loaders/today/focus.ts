import type { FocusPauseState, FocusSession } from "../../generated/prisma/client.ts";
import { decodeRow, extraOf, listJson, oldestFirst, readWithRelations, rowJson, type RowJson, type SelectedFields } from "./rows.ts";
import type { DayKey, TodaySection } from "./page.ts";

export type FocusSessionWithPause = FocusSession & { pauseState: FocusPauseState | null };

export interface TodayFocusRows {
  /** The running session, whatever day it started. */
  active: FocusSessionWithPause | null;
  /** Sessions started that day, oldest first. */
  ofDay: FocusSessionWithPause[];
}

const pauseState = (s: SelectedFields) => `(SELECT ${rowJson("FocusPauseState", "ps", s)} FROM focus_pause_state ps
  WHERE ps.session_id = f.id AND ps.user_id = k.user_id)`;

function decodeSession(row: RowJson, key: DayKey, s: SelectedFields): FocusSessionWithPause {
  const session = decodeRow<FocusSessionWithPause>("FocusSession", row, key, s);
  const pause = extraOf("FocusSession", row, s, 0) as RowJson | null;
  session.pauseState = pause === null ? null : decodeRow<FocusPauseState>("FocusPauseState", pause, key, s, session.id);
  readWithRelations.add(session);
  return session;
}

export const focusSection: TodaySection<TodayFocusRows> = {
  name: "focus",
  statement: 1,
  sql: (s) => `json_build_object(
    'active', (SELECT ${rowJson("FocusSession", "f", s, [pauseState(s)])} FROM focus_sessions f
               WHERE f.user_id = k.user_id AND f.status = 'ACTIVE' ORDER BY ${oldestFirst("f")} LIMIT 1),
    'ofDay', (SELECT ${listJson("FocusSession", "f", s, oldestFirst("f"), [pauseState(s)])} FROM focus_sessions f
              WHERE f.user_id = k.user_id AND f.started_at >= k.starts_at AND f.started_at < k.ends_at))`,
  decode: (json, key, s) => {
    const { active, ofDay } = json as { active: RowJson | null; ofDay: RowJson[] };
    return { active: active === null ? null : decodeSession(active, key, s), ofDay: ofDay.map((row) => decodeSession(row, key, s)) };
  },
};
