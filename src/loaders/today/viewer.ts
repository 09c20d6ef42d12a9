import type { TodaySection } from "./page.ts";

/** What the page shows of the user: name and avatar, and the settings it renders with. */
export interface TodayViewerRow {
  displayName: string;
  avatarUrl: string | null;
  /** Null when the user has no settings row yet (the column defaults apply). */
  settings: { timezone: string; locale: string; theme: string; weekStartsOn: number } | null;
}

/** The user row and its settings row (both by primary or unique key). */
export const viewerSection: TodaySection<TodayViewerRow> = {
  name: "viewer",
  sql: () => `SELECT json_build_object(
      'displayName', u.display_name,
      'avatarUrl', u.avatar_url,
      'settings', (SELECT json_build_object('timezone', s.timezone, 'locale', s.locale, 'theme', s.theme, 'weekStartsOn', s.week_starts_on)
                   FROM user_settings s WHERE s.user_id = k.user_id))
    FROM users u WHERE u.id = k.user_id`,
  decode: (json) => json as TodayViewerRow,
};
