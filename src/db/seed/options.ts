/**
 * The demo seed's options: sizes, seed, user and "today", with their defaults and the
 * checks that turn bad values into a RangeError before anything is written.
 */
import { addDays, isValidTimeZone, todayIn } from "../../domain/calendar.ts";

export interface DemoOptions {
  /** PRNG seed; default 42. */
  seed?: number;
  email?: string;
  displayName?: string;
  password?: string;
  /** IANA zone of the user; default Europe/Berlin. */
  timezone?: string;
  /** YYYY-MM-DD in the user's time zone; default: today's date in `timezone`. */
  today?: string;
  /** Days of history before today; default 90. */
  historyDays?: number;
  /** Number of habits; default 6. */
  habits?: number;
  /** Number of ACTIVE goals (one COMPLETED goal is added when > 0); default 3. */
  goals?: number;
  /** Number of the user's own quests in progress (plus one adopted from the catalogue and one completed); default 3. */
  quests?: number;
  /** Number of inbox items; default 7. */
  inboxItems?: number;
  /** Number of calendar events on today (the first is an all-day event); default 4. A few more lie on nearby days. */
  calendarEvents?: number;
  /** Number of items in today's plan; default 7. */
  planItems?: number;
}

export interface DemoUser {
  userId: string;
  email: string;
  password: string;
  today: string;
}

export const DEMO_DEFAULTS = {
  seed: 42,
  email: "demo@today.dev",
  displayName: "Demo User",
  password: "today-demo",
  timezone: "Europe/Berlin",
  historyDays: 90,
  habits: 6,
  goals: 3,
  quests: 3,
  inboxItems: 7,
  calendarEvents: 4,
  planItems: 7,
} as const;

export type ResolvedOptions = Required<DemoOptions>;

const SIZE_KEYS = ["historyDays", "habits", "goals", "quests", "inboxItems", "calendarEvents", "planItems"] as const;
const MAX_SIZE = 100_000;
const MAX_HISTORY_DAYS = 3660;

export function resolveDemoOptions(options: DemoOptions = {}): ResolvedOptions {
  const timezone = options.timezone ?? DEMO_DEFAULTS.timezone;
  if (!isValidTimeZone(timezone)) throw new RangeError(`Unknown time zone "${timezone}"`);
  const today = options.today ?? todayIn(timezone);
  addDays(today, 0); // throws RangeError unless a real YYYY-MM-DD day
  const seed = options.seed ?? DEMO_DEFAULTS.seed;
  if (!Number.isInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`);
  const email = (options.email ?? DEMO_DEFAULTS.email).trim().toLowerCase();
  if (!/^[^\s@]+@[^\s@]+$/.test(email)) throw new RangeError(`Invalid email "${email}"`);
  const resolved: ResolvedOptions = {
    seed,
    email,
    displayName: options.displayName ?? DEMO_DEFAULTS.displayName,
    password: options.password ?? DEMO_DEFAULTS.password,
    timezone,
    today,
    historyDays: options.historyDays ?? DEMO_DEFAULTS.historyDays,
    habits: options.habits ?? DEMO_DEFAULTS.habits,
    goals: options.goals ?? DEMO_DEFAULTS.goals,
    quests: options.quests ?? DEMO_DEFAULTS.quests,
    inboxItems: options.inboxItems ?? DEMO_DEFAULTS.inboxItems,
    calendarEvents: options.calendarEvents ?? DEMO_DEFAULTS.calendarEvents,
    planItems: options.planItems ?? DEMO_DEFAULTS.planItems,
  };
  for (const key of SIZE_KEYS) {
    const value = resolved[key];
    const max = key === "historyDays" ? MAX_HISTORY_DAYS : MAX_SIZE;
    if (!Number.isInteger(value) || value < 0 || value > max) {
      throw new RangeError(`${key} must be an integer between 0 and ${max}, got ${value}`);
    }
  }
  return resolved;
}
