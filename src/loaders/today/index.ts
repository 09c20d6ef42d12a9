import {
  createTodayPage,
  sectionLoader,
  sessionSection,
  type DayKey,
  type SectionLoader,
  type TodayPage,
  type TodayPageOptions,
  type TodaySection,
} from "./page.ts";
import { TODAY_SECTION_NAMES, TODAY_SECTIONS, type TodaySectionName } from "./sections.ts";

export type { DayKey, SessionCheck } from "./page.ts";
export type { TodayHabitRow } from "./habits.ts";
export type { TodayQuestRow } from "./quests.ts";
export type { TodayProgressRow } from "./progress.ts";
export type { TodayFocusRows } from "./focus.ts";
export type { TodayViewerRow } from "./viewer.ts";

export type { TodaySectionName } from "./sections.ts";

/** One loader per section, by the section's name (TODAY_SECTIONS). */
export type TodaySectionLoaders = {
  [Name in TodaySectionName]: SectionLoader<(typeof TODAY_SECTIONS)[Name]["page"] extends TodaySection<infer Result> ? Result : never>;
};

// The section loaders share the request's page loader, so every section a document asks for is
// read in the same statement.
function sectionLoaders(page: TodayPage): TodaySectionLoaders {
  const loaders = {} as Record<TodaySectionName, SectionLoader<unknown>>;
  for (const name of TODAY_SECTION_NAMES) loaders[name] = sectionLoader<unknown>(page, TODAY_SECTIONS[name].page);
  // Each name's loader loads its own section, so it answers with that section's result.
  return loaders as TodaySectionLoaders;
}

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
      for (const name of sections) page.load({ key, section: TODAY_SECTIONS[name].page }).catch(() => undefined);
      return key.session ? (page.load({ key, section: sessionSection }) as Promise<boolean>) : Promise.resolve(true);
    },
    ...sectionLoaders(page),
  };
}

export type TodayLoaders = ReturnType<typeof createTodayLoaders>;
