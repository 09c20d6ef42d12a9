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

/** Active and inside its availability window [availableFrom, availableUntil) at `at`. */
export function isQuestAvailable(
  quest: { isActive: boolean; availableFrom: Date | null; availableUntil: Date | null },
  at: Date,
): boolean {
  if (!quest.isActive) return false;
  if (quest.availableFrom && at < quest.availableFrom) return false;
  if (quest.availableUntil && at >= quest.availableUntil) return false;
  return true;
}
