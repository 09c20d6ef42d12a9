import { isoWeekStart } from "./calendar.ts";

export { isAvailableAt as isQuestAvailable } from "./availability.ts";

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
