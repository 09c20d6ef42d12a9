import type { UniversalQuest, UserQuest, UserQuestProgress } from "../../generated/prisma/client.ts";
import { questPeriodStart } from "../../domain/quests.ts";
import { decodeRow, rowJson, type RowJson, type SelectedFields } from "./rows.ts";
import type { TodaySection } from "./page.ts";

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

// The user's progress on a catalogue quest for the period containing the day
// (unique index on user, quest and period start).
const progress = (s: SelectedFields) => `(SELECT ${rowJson("UserQuestProgress", "p", s)} FROM user_quest_progress p
  WHERE p.user_id = k.user_id AND p.quest_id = u.id
    AND p.period_start = CASE u.cadence WHEN 'DAILY' THEN k.daily_start WHEN 'WEEKLY' THEN k.weekly_start ELSE k.once_start END)`;

/**
 * The user's open quests (and those completed that day) and the catalogue quests available
 * that day with the user's progress: one list, by position (sort order, creation, id).
 */
export const questsSection: TodaySection<TodayQuestRow[]> = {
  name: "quests",
  sql: (s) => `SELECT coalesce(json_agg(x.row ORDER BY x.sort_order, x.created_at, x.id), '[]'::json) FROM (
      SELECT q.sort_order, q.created_at, q.id, json_build_array('OWN', ${rowJson("UserQuest", "q", s)}) AS row
      FROM user_quests q
      WHERE q.user_id = k.user_id
        AND (q.status = 'ACTIVE' OR (q.status = 'COMPLETED' AND q.completed_at >= k.starts_at AND q.completed_at < k.ends_at))
      UNION ALL
      SELECT u.sort_order, u.created_at, u.id,
             json_build_array('UNIVERSAL', ${rowJson("UniversalQuest", "u", s)}, ${progress(s)})
      FROM universal_quests u
      WHERE u.is_active
        AND (u.available_from IS NULL OR u.available_from < k.ends_at)
        AND (u.available_until IS NULL OR u.available_until > k.starts_at)
    ) x`,
  // Each row: ['OWN', quest] or ['UNIVERSAL', catalogue quest, progress or null].
  decode: (json, key, s) =>
    (json as Array<["OWN", RowJson] | ["UNIVERSAL", RowJson, RowJson | null]>).map((row): TodayQuestRow => {
      if (row[0] === "OWN") {
        const quest = decodeRow<UserQuest>("UserQuest", row[1], key, s);
        return {
          kind: "OWN",
          quest,
          universalQuest: null,
          progress: null,
          periodStart: null,
          sortOrder: quest.sortOrder,
          createdAt: quest.createdAt,
          id: quest.id,
        };
      }
      const universalQuest = decodeRow<UniversalQuest>("UniversalQuest", row[1], key, s);
      const progress = row[2];
      return {
        kind: "UNIVERSAL",
        quest: null,
        universalQuest,
        progress: progress === null ? null : decodeRow<UserQuestProgress>("UserQuestProgress", progress, key, s, universalQuest.id),
        periodStart: questPeriodStart(universalQuest.cadence, key.day),
        sortOrder: universalQuest.sortOrder,
        createdAt: universalQuest.createdAt,
        id: universalQuest.id,
      };
    }),
};
