// Which Today sections an event type touches (the live-Today signal), from the sections' list
// (src/loaders/today/sections.ts: the event-type prefixes of each section).
import { LIVE_SECTIONS, TODAY_SECTION_NAMES, TODAY_SECTIONS, type LiveSection } from "../loaders/today/sections.ts";

/** The sections `eventType` changes; settings (time zone) change every section; others none. */
export function sectionsOf(eventType: string): readonly LiveSection[] {
  if (eventType === "settings.changed") return LIVE_SECTIONS;
  const touched: LiveSection[] = [];
  for (const name of TODAY_SECTION_NAMES) {
    const { live, events } = TODAY_SECTIONS[name];
    if (live !== null && events.some((prefix) => eventType.startsWith(prefix))) touched.push(live);
  }
  return touched;
}

/** The calendar day an event's payload names (`day`, or `date` for plans), if any. */
export function dayOf(payload: Record<string, unknown>): string | null {
  const day = payload.day ?? payload.date;
  return typeof day === "string" ? day : null;
}
