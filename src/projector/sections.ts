// Which Today sections an event type touches (the live-Today signal); the prefixes of the
// catalogue in src/domain/events.ts.
import type { TodaySection } from "./pubsub.ts";

const BY_PREFIX: ReadonlyArray<readonly [string, readonly TodaySection[]]> = [
  ["habit.", ["HABITS"]],
  ["goal.", ["GOALS"]],
  ["milestone.", ["GOALS"]],
  ["focus.", ["FOCUS"]],
  ["quest.", ["QUESTS"]],
  ["universal_quest.", ["QUESTS"]],
  ["plan.", ["PLAN"]],
  ["calendar_event.", ["CALENDAR"]],
  ["inbox.", ["INBOX"]],
  ["points.", ["PROGRESS"]],
  ["achievement.", ["PROGRESS"]],
  ["market.", ["PROGRESS"]],
];

/** The sections `eventType` changes; settings (time zone) change every section; others none. */
export function sectionsOf(eventType: string): readonly TodaySection[] {
  if (eventType === "settings.changed") return ["PLAN", "CALENDAR", "FOCUS", "HABITS", "GOALS", "QUESTS", "INBOX", "PROGRESS"];
  return BY_PREFIX.find(([prefix]) => eventType.startsWith(prefix))?.[1] ?? [];
}

/** The calendar day an event's payload names (`day`, or `date` for plans), if any. */
export function dayOf(payload: Record<string, unknown>): string | null {
  const day = payload.day ?? payload.date;
  return typeof day === "string" ? day : null;
}
