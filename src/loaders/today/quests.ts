import type { UniversalQuest, UserQuest, UserQuestProgress } from "../../generated/prisma/client.ts";
import { questPeriodStart } from "../../domain/quests.ts";
import { decodeRow, rowJson, type RowJson, type SelectedFields } from "./rows.ts";
import type { TodaySection } from "./page.ts";

/**
 * A quest of the page: the user's own (`quest`) or a catalogue quest with the user's progress
 * for the period (`universalQuest`, `progress`), and what the page shows of either, worked out
 * once here. Every TodayQuest field reads a property (src/today/schema.ts): a field with a
 * resolver of its own costs the executor a call, an info object and a path per quest (the
 * 200-item page: 13 calls for each of its 211 quests, ~1 MiB of garbage a request).
 */
export interface TodayQuestRow {
  kind: "OWN" | "UNIVERSAL";
  quest: UserQuest | null;
  universalQuest: UniversalQuest | null;
  progress: UserQuestProgress | null;
  periodStart: string | null;
  sortOrder: number;
  createdAt: Date;
  id: string;
  title: string;
  /** Null when the document did not select `description` (an on-demand column, rows.ts). */
  description: string | null;
  /** The own quest's value, or the progress made in the period (0 without progress). */
  currentValue: number;
  targetValue: number;
  /** The own quest is COMPLETED, or the progress for the period is. */
  completed: boolean;
  xpReward: number;
  coinReward: number;
}

function ownQuest(quest: UserQuest): TodayQuestRow {
  return {
    kind: "OWN",
    quest,
    universalQuest: null,
    progress: null,
    periodStart: null,
    sortOrder: quest.sortOrder,
    createdAt: quest.createdAt,
    id: quest.id,
    title: quest.title,
    description: quest.description ?? null,
    currentValue: quest.currentValue,
    targetValue: quest.targetValue,
    completed: quest.status === "COMPLETED",
    xpReward: quest.xpReward,
    coinReward: quest.coinReward,
  };
}

function catalogueQuest(quest: UniversalQuest, progress: UserQuestProgress | null, day: string): TodayQuestRow {
  return {
    kind: "UNIVERSAL",
    quest: null,
    universalQuest: quest,
    progress,
    periodStart: questPeriodStart(quest.cadence, day),
    sortOrder: quest.sortOrder,
    createdAt: quest.createdAt,
    id: quest.id,
    title: quest.title,
    description: quest.description ?? null,
    currentValue: progress?.currentValue ?? 0,
    targetValue: quest.targetValue,
    completed: progress?.status === "COMPLETED",
    xpReward: quest.xpReward,
    coinReward: quest.coinReward,
  };
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
      if (row[0] === "OWN") return ownQuest(decodeRow<UserQuest>("UserQuest", row[1], key, s));
      const universalQuest = decodeRow<UniversalQuest>("UniversalQuest", row[1], key, s);
      const progress = row[2] === null ? null : decodeRow<UserQuestProgress>("UserQuestProgress", row[2], key, s, universalQuest.id);
      return catalogueQuest(universalQuest, progress, key.day);
    }),
};
