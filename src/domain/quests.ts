import { isoWeekStart } from "./calendar.ts";

export type QuestCadenceValue = "DAILY" | "WEEKLY" | "ONCE";

/** The period a universal quest's progress counts for: the day, the ISO week's Monday, or 1970-01-01 for ONCE. */
export function questPeriodStart(cadence: QuestCadenceValue, day: string): string {
  switch (cadence) {
    case "DAILY":
      return day;
    case "WEEKLY":
      return isoWeekStart(day);
    case "ONCE":
      return "1970-01-01";
  }
}

// ---- The user's own quests and catalogue quests on demand
//
// Reward rule: an own quest pays XP only, never coins: at most OWN_QUEST_MAX_XP per quest and
// OWN_QUEST_XP_PER_DAY in total per calendar day (what is over the cap is not paid). A quest
// adopted from the catalogue progresses only from activity (the rules step), and its reward is
// the catalogue quest's, paid once per user and period however often it is adopted.

export const OWN_QUEST_MAX_XP = 50;
export const OWN_QUEST_XP_PER_DAY = 100;
