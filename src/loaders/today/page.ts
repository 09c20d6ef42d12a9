import DataLoader from "dataloader";
import type { SessionCheck } from "../../auth/viewer.ts";
import type { SelectedFields } from "./rows.ts";
import { database } from "../../db/index.ts";
import { queryPrepared } from "../../db/prepared.ts";
import { addDays } from "../../domain/calendar.ts";
import { STREAK_LOOKBACK_DAYS } from "../../domain/habit-streak.ts";
import { questPeriodStart } from "../../domain/quests.ts";

/** One user's calendar day, with its instant bounds [start, end) in the user's time zone. */
export interface DayKey {
  userId: string;
  day: string;
  timezone: string;
  start: Date;
  end: Date;
  /**
   * Set when the viewer came from the session cache (src/auth/session-cache.ts): the page
   * statement re-checks that session (sessionSection), so a revoked session is refused by the
   * same statement that reads the page.
   */
  session?: SessionCheck;
}

export type { SessionCheck };

export const dayKeyId = (key: DayKey) => `${key.userId}|${key.day}|${key.timezone}`;

/**
 * One section of the Today page: a SQL expression that builds the section's JSON for the
 * key row `k` (columns below), and how that JSON becomes what the GraphQL field returns.
 * Every table a section reads is filtered by `k.user_id` (or by a key of a row that was),
 * so its cost depends on the viewer's rows only.
 */
export interface TodaySection<Result> {
  /** Column name of the section in the page statement ([a-z_]+). */
  name: string;
  /** The section's SQL, sending the on-demand columns of `selected` (rows.ts). */
  sql(selected: SelectedFields): string;
  decode(json: unknown, key: DayKey, selected: SelectedFields): Result;
  /**
   * Which of the page's statements reads the section (default 0). The statements of one
   * page run at the same time on two pool connections, so the server's two halves of the
   * work overlap: the habits (the dearest section), the plan and focus in one, the other lists
   * in the other (for the 200-item user, ~5 and ~6 ms).
   */
  statement?: 0 | 1;
}

/**
 * The key row `k` every section reads: the user, the day, its UTC bounds, the first day of
 * the quest periods containing it, and the first day a streak looks back to.
 */
const KEY_ROWS = `unnest($1::uuid[], $2::date[], $3::timestamptz[], $4::timestamptz[], $5::date[], $6::date[], $7::date[], $8::date[], $9::text[], $10::text[])
  WITH ORDINALITY AS k(user_id, day, starts_at, ends_at, daily_start, weekly_start, once_start, streak_from, token_hash, stored_timezone, idx)`;

export function keyParameters(keys: readonly DayKey[]): unknown[] {
  return [
    keys.map((key) => key.userId),
    keys.map((key) => key.day),
    keys.map((key) => key.start),
    keys.map((key) => key.end),
    keys.map((key) => questPeriodStart("DAILY", key.day)),
    keys.map((key) => questPeriodStart("WEEKLY", key.day)),
    keys.map((key) => questPeriodStart("ONCE", key.day)),
    keys.map((key) => addDays(key.day, -STREAK_LOOKBACK_DAYS)),
    keys.map((key) => key.session?.tokenHash ?? null),
    keys.map((key) => key.session?.storedTimezone ?? null),
  ];
}

/**
 * Whether the key's cached session still holds, as the uncached check (resolveViewer) would
 * find it: the token's session exists for this user, is neither revoked nor expired, and the
 * user's stored time zone is the one the page's day bounds were computed with. False for a
 * key without a session to check (never read then).
 */
export const sessionSection: TodaySection<boolean> = {
  name: "session_ok",
  sql: () => `SELECT EXISTS (SELECT 1 FROM sessions s
    WHERE s.token_hash = k.token_hash AND s.user_id = k.user_id AND s.revoked_at IS NULL AND s.expires_at > now()
      AND (SELECT us.timezone FROM user_settings us WHERE us.user_id = s.user_id) IS NOT DISTINCT FROM k.stored_timezone)`,
  decode: (json) => json === true,
};

/** The page statement for these sections (in name order, so equal sets give equal text). */
export function pageStatement(sections: ReadonlyArray<TodaySection<unknown>>, selected: SelectedFields = null): string {
  const columns = [...sections]
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((section) => `(${section.sql(selected)}) AS ${section.name}`);
  return `SELECT ${columns.join(",\n  ")}\nFROM ${KEY_ROWS}\nORDER BY k.idx`;
}

// The text of a group's statement per selection, built once: a document's selection is the
// same Set for each of its requests (src/today/schema.ts), so requests reuse the text.
const ALL_COLUMNS = {};
const statementTexts = new WeakMap<object, Map<string, string>>();
function statementText(group: ReadonlyArray<TodaySection<unknown>>, columns: SelectedFields): string {
  const owner = columns ?? ALL_COLUMNS;
  let texts = statementTexts.get(owner);
  if (!texts) statementTexts.set(owner, (texts = new Map()));
  const key = group
    .map((section) => section.name)
    .sort()
    .join(",");
  let text = texts.get(key);
  if (text === undefined) texts.set(key, (text = pageStatement(group, columns)));
  return text;
}

// Names of prepared page statements, one per distinct statement text (a few per trusted
// document: the sections and columns it asks for). Past PREPARED_TEXTS (only arbitrary
// documents, outside production, get there) statements are sent unnamed.
const PREPARED_TEXTS = 256;
const statementNames = new Map<string, string>();
function statementName(text: string): string | null {
  let name = statementNames.get(text);
  if (!name) {
    if (statementNames.size >= PREPARED_TEXTS) return null;
    statementNames.set(text, (name = `today_page_${statementNames.size + 1}`));
  }
  return name;
}

export interface PageRequest {
  key: DayKey;
  section: TodaySection<unknown>;
}

export interface TodayPageOptions {
  /**
   * Server-side prepared statements, named per set of sections (default): the server
   * parses and plans the page statement once per connection (the benchmark: ~15 % at 1 client).
   */
  prepared?: boolean;
  /**
   * The page's sections in two statements run at once on two connections (`on`), or all in one
   * statement (`off`). `auto` (default): two when the pool has an idle connection for each and
   * nobody waits for one, else one. At one client, two at once answer sooner; under load, a
   * request holding one connection while it waits for a second one only makes every request wait
   * longer (the 50-client bench: most of a slow request's time was spent waiting for its second
   * connection), and one statement costs the server one round trip less.
   */
  parallel?: boolean | "auto";
}

/** Whether the pool can take `statements` at once without anyone queueing. */
export function poolHasRoomFor(
  pool: { idleCount: number; totalCount: number; waitingCount: number; options: { max?: number } },
  statements: number,
): boolean {
  // A one-connection pool (embedded PGlite, one backend) runs the two statements one after the
  // other whatever this says: it keeps the two, the page's shape everywhere else.
  if ((pool.options.max ?? 10) < statements) return true;
  if (pool.waitingCount > 0) return false;
  const unopened = Math.max(0, (pool.options.max ?? 10) - pool.totalCount);
  return pool.idleCount + unopened >= statements;
}

/**
 * Every section asked for in one tick, for every (user, day) asked, in one SQL statement:
 * the sections a document selects are the columns, the keys are the rows. Answers are
 * cached per (key, section), so a section read by several fields is decoded once.
 */
export type TodayPage = DataLoader<PageRequest, unknown, string> & {
  /** Adds a `today` field's selection (a document may hold several). */
  select(fields: ReadonlySet<string>): void;
};

export function createTodayPage(options: TodayPageOptions = {}): TodayPage {
  let selected: ReadonlySet<string> | null = null;
  let any = false;
  const page = new DataLoader<PageRequest, unknown, string>(
    async (requests) => {
      const keys = new Map<string, DayKey>();
      const sections = new Map<string, TodaySection<unknown>>();
      for (const { key, section } of requests) {
        keys.set(dayKeyId(key), key);
        sections.set(section.name, section);
      }
      const keyList = [...keys.values()];
      const values = keyParameters(keyList);
      const db = database();
      // One statement per group of sections, sent at once: on two connections PostgreSQL
      // works on both at the same time. Every answer waits for all of them.
      // Loads no `today` field announced (select) read every column.
      const columns: SelectedFields = any ? selected : null;
      const groups: Array<Array<TodaySection<unknown>>> = [[], []];
      for (const section of sections.values()) groups[section.statement ?? 0].push(section);
      const parallel = options.parallel ?? "auto";
      if (parallel === false || (parallel === "auto" && groups.every((group) => group.length > 0) && !poolHasRoomFor(db.pool, 2))) {
        groups[0].push(...groups[1].splice(0));
      }
      // Each statement's sections are decoded as soon as its rows arrive, while the other
      // statement may still be running; every answer waits for both.
      const decoded = new Map<string, unknown>();
      await Promise.all(
        groups
          .filter((group) => group.length > 0)
          .map(async (group) => {
            const text = statementText(group, columns);
            const name = options.prepared === false || !db.prepared ? null : statementName(text);
            const { rows } =
              name === null
                ? await db.pool.query<Record<string, unknown>>(text, values)
                : await queryPrepared<Record<string, unknown>>(db, name, text, values);
            keyList.forEach((key, index) => {
              for (const section of group)
                decoded.set(`${dayKeyId(key)}|${section.name}`, section.decode(rows[index]?.[section.name] ?? null, key, columns));
            });
            // The parsed JSON is decoded: emptied here, it cannot be kept by whatever keeps node-postgres'
            // finished query (src/plugins/release-loaders.ts: ~24 KB of the demo page per request).
            rows.length = 0;
          }),
      );
      return requests.map(({ key, section }) => decoded.get(`${dayKeyId(key)}|${section.name}`));
    },
    { cacheKeyFn: ({ key, section }) => `${dayKeyId(key)}|${section.name}` },
  ) as TodayPage;
  page.select = (fields) => {
    if (!any) {
      any = true;
      selected = fields;
    } else if (selected !== fields && selected !== null) {
      selected = new Set([...selected, ...fields]);
    }
  };
  return page;
}

/** A section's loader: what its GraphQL fields call. */
export interface SectionLoader<Result> {
  load(key: DayKey): Promise<Result>;
}

export function sectionLoader<Result>(page: TodayPage, section: TodaySection<Result>): SectionLoader<Result> {
  return { load: (key) => page.load({ key, section }) as Promise<Result> };
}
