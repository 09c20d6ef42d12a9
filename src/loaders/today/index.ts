import { calendarEventsSection } from "./calendar-events.ts";
import { focusSection } from "./focus.ts";
import { goalsSection } from "./goals.ts";
import { habitsSection } from "./habits.ts";
import { inboxSection } from "./inbox.ts";
import { createTodayPage, sectionLoader, sessionSection, type DayKey, type TodayPageOptions, type TodaySection } from "./page.ts";
import { planSection } from "./plan.ts";
import { progressSection } from "./progress.ts";
import { questsSection } from "./quests.ts";
import { viewerSection } from "./viewer.ts";

export type { DayKey, SessionCheck } from "./page.ts";
export type { TodayHabitRow } from "./habits.ts";
export type { TodayQuestRow } from "./quests.ts";
export type { TodayProgressRow } from "./progress.ts";
export type { TodayFocusRows } from "./focus.ts";
export type { TodayViewerRow } from "./viewer.ts";

// One small factory per section; they share the request's page loader, so every section a
// document asks for is read in the same statement.
export const createPlanLoader = (page: ReturnType<typeof createTodayPage>) => sectionLoader(page, planSection);
export const createCalendarEventsLoader = (page: ReturnType<typeof createTodayPage>) => sectionLoader(page, calendarEventsSection);
export const createFocusLoader = (page: ReturnType<typeof createTodayPage>) => sectionLoader(page, focusSection);
export const createHabitsLoader = (page: ReturnType<typeof createTodayPage>) => sectionLoader(page, habitsSection);
export const createGoalsLoader = (page: ReturnType<typeof createTodayPage>) => sectionLoader(page, goalsSection);
export const createQuestsLoader = (page: ReturnType<typeof createTodayPage>) => sectionLoader(page, questsSection);
export const createInboxLoader = (page: ReturnType<typeof createTodayPage>) => sectionLoader(page, inboxSection);
export const createProgressLoader = (page: ReturnType<typeof createTodayPage>) => sectionLoader(page, progressSection);
export const createViewerLoader = (page: ReturnType<typeof createTodayPage>) => sectionLoader(page, viewerSection);

/** The sections of the page, by the name the `Today` fields use for them. */
export const TODAY_SECTIONS = {
  plan: planSection,
  calendarEvents: calendarEventsSection,
  focus: focusSection,
  habits: habitsSection,
  goals: goalsSection,
  quests: questsSection,
  inbox: inboxSection,
  progress: progressSection,
  viewer: viewerSection,
} as const satisfies Record<string, TodaySection<unknown>>;

export type TodaySectionName = keyof typeof TODAY_SECTIONS;

/** The Today loaders of one request. */
export function createTodayLoaders(options: TodayPageOptions = {}) {
  const page = createTodayPage(options);
  return {
    /**
     * Asks for these sections of the key's page now, so that they are read together (the
     * `today` field calls it with every section its selection needs, and the field names it
     * selects, which decide the on-demand columns: rows.ts) and whether the key's cached
     * session still holds. Later loads of the same sections are answered from the cache.
     */
    preload(key: DayKey, sections: Iterable<TodaySectionName>, fields: ReadonlySet<string>): Promise<boolean> {
      page.select(fields);
      for (const name of sections) page.load({ key, section: TODAY_SECTIONS[name] }).catch(() => undefined);
      return key.session ? (page.load({ key, section: sessionSection }) as Promise<boolean>) : Promise.resolve(true);
    },
    plan: createPlanLoader(page),
    calendarEvents: createCalendarEventsLoader(page),
    focus: createFocusLoader(page),
    habits: createHabitsLoader(page),
    goals: createGoalsLoader(page),
    quests: createQuestsLoader(page),
    inbox: createInboxLoader(page),
    progress: createProgressLoader(page),
    viewer: createViewerLoader(page),
  };
}

export type TodayLoaders = ReturnType<typeof createTodayLoaders>;
