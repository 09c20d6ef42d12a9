// The sections of the Today page, listed once. Each entry says what the section reads (its SQL,
// one column of the page statement), which `Today` fields need it, its name in `todayChanged`
// and which events change it. The `today` field (src/today/schema.ts), the loaders (index.ts),
// the `TodaySection` enum (src/today/live.ts) and the live projector (src/projector/) all read
// this list: a new section is one entry here, its SQL beside it, and its `Today` field.
import { calendarEventsSection } from "./calendar-events.ts";
import { focusSection } from "./focus.ts";
import { goalsSection } from "./goals.ts";
import { habitsSection } from "./habits.ts";
import { inboxSection } from "./inbox.ts";
import type { TodaySection } from "./page.ts";
import { planSection } from "./plan.ts";
import { progressSection } from "./progress.ts";
import { questsSection } from "./quests.ts";
import { viewerSection } from "./viewer.ts";

export interface TodaySectionEntry<Result, Live extends string | null> {
  /** The section's SQL and decoding: one column of the page statement (page.ts). */
  page: TodaySection<Result>;
  /** The `Today` fields whose selection reads the section. */
  fields: readonly string[];
  /** Its value of the `TodaySection` enum that `todayChanged` reports; null: not reported. */
  live: Live;
  /** Prefixes of the event types that change it (the catalogue: src/domain/events.ts). */
  events: readonly string[];
}

function section<Result, Live extends string | null>(
  page: TodaySection<Result>,
  about: Omit<TodaySectionEntry<Result, Live>, "page">,
): TodaySectionEntry<Result, Live> {
  return { page, ...about };
}

/** By the name of the section's loader; in this order `todayChanged` lists them. */
export const TODAY_SECTIONS = {
  plan: section(planSection, { fields: ["plan", "nextAction"], live: "PLAN", events: ["plan."] }),
  calendarEvents: section(calendarEventsSection, { fields: ["calendarEvents"], live: "CALENDAR", events: ["calendar_event."] }),
  focus: section(focusSection, { fields: ["focus", "nextAction"], live: "FOCUS", events: ["focus."] }),
  habits: section(habitsSection, { fields: ["habits", "nextAction"], live: "HABITS", events: ["habit."] }),
  goals: section(goalsSection, { fields: ["goals"], live: "GOALS", events: ["goal.", "milestone."] }),
  quests: section(questsSection, { fields: ["quests", "nextAction"], live: "QUESTS", events: ["quest.", "universal_quest."] }),
  inbox: section(inboxSection, { fields: ["inbox"], live: "INBOX", events: ["inbox."] }),
  progress: section(progressSection, { fields: ["progress"], live: "PROGRESS", events: ["points.", "achievement.", "market."] }),
  // The user's name and settings: `todayChanged` does not report it (a settings change is
  // reported as a change of every section, src/projector/sections.ts).
  viewer: section(viewerSection, { fields: ["viewer", "settings"], live: null, events: [] }),
};

export type TodaySectionName = keyof typeof TODAY_SECTIONS;

/** The sections' names, in the order of TODAY_SECTIONS. */
export const TODAY_SECTION_NAMES = Object.keys(TODAY_SECTIONS) as TodaySectionName[];

/** A value of the `TodaySection` enum of `todayChanged`. */
export type LiveSection = NonNullable<(typeof TODAY_SECTIONS)[TodaySectionName]["live"]>;

/** The values of the `TodaySection` enum, in the order of TODAY_SECTIONS. */
export const LIVE_SECTIONS: readonly LiveSection[] = TODAY_SECTION_NAMES.flatMap((name) => {
  const live = TODAY_SECTIONS[name].live;
  return live === null ? [] : [live];
});
