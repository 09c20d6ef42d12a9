/**
 * Calendar-day helpers in a user's IANA time zone, built on Intl.DateTimeFormat only.
 * A "day" is always a string `YYYY-MM-DD` (the user's calendar), never a timestamp.
 */

const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timezone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timezone);
  if (!formatter) {
    // Throws RangeError for an unknown zone.
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone: timezone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(timezone, formatter);
  }
  return formatter;
}

/** True when `timezone` is an IANA zone name this runtime knows. */
export function isValidTimeZone(timezone: string): boolean {
  if (typeof timezone !== "string" || timezone.length === 0) return false;
  try {
    formatterFor(timezone);
    return true;
  } catch {
    return false;
  }
}

// An IANA name (`Europe/Berlin`, `UTC`, `Etc/GMT+5`), not a raw offset like `+02:00`.
const IANA_NAME = /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/;

/**
 * The time zone to store for `input`, or null when it is not an IANA zone this runtime
 * knows. Only the spelling of case is canonicalised (`utc` → `UTC`); a valid alias such as
 * `Asia/Kolkata` is kept as the user wrote it rather than ICU's legacy canonical name.
 */
export function normalizeTimeZone(input: string): string | null {
  if (!IANA_NAME.test(input) || input.length > 64 || !isValidTimeZone(input)) return null;
  const resolved = formatterFor(input).resolvedOptions().timeZone;
  return resolved.toLowerCase() === input.toLowerCase() ? resolved : input;
}

/** `timezone` when the runtime knows it, else UTC (a bad stored value must not break "today"). */
export function timezoneOrUtc(timezone: string | null | undefined): string {
  return timezone && isValidTimeZone(timezone) ? timezone : "UTC";
}

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function wallClock(instant: Date, timezone: string): WallClock {
  const parts = formatterFor(timezone).formatToParts(instant);
  const value = (type: Intl.DateTimeFormatPartTypes): number => {
    const part = parts.find((p) => p.type === type);
    return part ? Number(part.value) : 0;
  };
  return {
    year: value("year"),
    month: value("month"),
    day: value("day"),
    hour: value("hour") % 24,
    minute: value("minute"),
    second: value("second"),
  };
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, "0");
}

function dayString(year: number, month: number, day: number): string {
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
}

/** Parses `YYYY-MM-DD` into UTC-midnight milliseconds; throws on anything that is not a real day. */
function dayToUtcMs(day: string): number {
  const match = DAY_PATTERN.exec(day);
  if (!match) throw new RangeError(`Invalid calendar day "${day}"`);
  const [, y, m, d] = match;
  const ms = Date.UTC(Number(y), Number(m) - 1, Number(d));
  const check = new Date(ms);
  if (check.getUTCFullYear() !== Number(y) || check.getUTCMonth() !== Number(m) - 1 || check.getUTCDate() !== Number(d)) {
    throw new RangeError(`Invalid calendar day "${day}"`);
  }
  return ms;
}

function utcMsToDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** The UTC-midnight Date Prisma expects for a `@db.Date` column. */
export function calendarDateToDb(day: string): Date {
  return new Date(`${day}T00:00:00.000Z`);
}

/** A `Date` (Prisma's UTC-midnight value of a `@db.Date` column) or a day string, as `YYYY-MM-DD`. */
export function toDay(value: Date | string): string {
  if (typeof value === "string") {
    dayToUtcMs(value);
    return value;
  }
  return value.toISOString().slice(0, 10);
}

/** The calendar day it is in `timezone` at `now` (default: the current instant). */
export function todayIn(timezone: string, now: Date = new Date()): string {
  const clock = wallClock(now, timezone);
  return dayString(clock.year, clock.month, clock.day);
}

/** `day` shifted by `n` calendar days (n may be negative). */
export function addDays(day: string, n: number): string {
  return utcMsToDay(dayToUtcMs(day) + n * MS_PER_DAY);
}

/** Whole calendar days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((dayToUtcMs(to) - dayToUtcMs(from)) / MS_PER_DAY);
}

/** ISO weekday of a calendar day: 1 = Monday … 7 = Sunday. */
export function isoWeekday(day: string): number {
  const weekday = new Date(dayToUtcMs(day)).getUTCDay();
  return weekday === 0 ? 7 : weekday;
}

/** The Monday of the ISO week that contains `day`. */
export function isoWeekStart(day: string): string {
  return addDays(day, 1 - isoWeekday(day));
}

/**
 * The first instant (whole second) at which the local calendar day in `timezone` is
 * `day` or later. Local dates never go backwards in practice, so a binary search over
 * the ±16 hours around UTC midnight of `day` is exact, including days that begin at
 * 01:00 because midnight was skipped by a DST change.
 */
function startOfDayUtc(day: string, timezone: string): Date {
  const midnightUtc = dayToUtcMs(day);
  let low = Math.floor((midnightUtc - 16 * 3_600_000) / 1000); // local day is surely earlier here
  let high = Math.floor((midnightUtc + 16 * 3_600_000) / 1000); // and surely `day` or later here
  while (high - low > 1) {
    const mid = Math.floor((low + high) / 2);
    if (todayIn(timezone, new Date(mid * 1000)) >= day) high = mid;
    else low = mid;
  }
  return new Date(high * 1000);
}

/**
 * The instant at which clocks in `timezone` show `day` at `minuteOfDay` minutes past
 * midnight (local wall time → UTC instant). Each step moves the guess by the zone's UTC
 * offset at the previous guess, so it converges in two steps, on DST-change days too; a
 * wall time that a fall-back repeats gets one of its two instants, and one skipped by a
 * spring-forward gap an instant next to the gap.
 */
export function zonedInstant(day: string, minuteOfDay: number, timezone: string): Date {
  const target = dayToUtcMs(day) + minuteOfDay * 60_000;
  let guess = target;
  for (let i = 0; i < 4; i += 1) {
    const clock = wallClock(new Date(guess), timezone);
    const offset = Date.UTC(clock.year, clock.month - 1, clock.day, clock.hour, clock.minute, clock.second) - guess;
    const next = target - offset;
    if (next === guess) break;
    guess = next;
  }
  return new Date(guess);
}

/**
 * The half-open instant range [start, end) of calendar day `day` in `timezone`.
 * DST-correct: a spring-forward day lasts 23 hours, a fall-back day 25.
 */
export function dayBoundsUtc(day: string, timezone: string): { start: Date; end: Date } {
  const key = `${day}|${timezone}`;
  let bounds = boundsCache.get(key);
  if (bounds === undefined) {
    formatterFor(timezone);
    bounds = [startOfDayUtc(day, timezone).getTime(), startOfDayUtc(addDays(day, 1), timezone).getTime()];
    // A pure function of (day, zone): ~34 Intl calls saved per Today request. Bounded: a
    // client choosing many dates only empties the cache.
    if (boundsCache.size >= BOUNDS_CACHE_SIZE) boundsCache.clear();
    boundsCache.set(key, bounds);
  }
  // New Dates each call: callers own what they get.
  return { start: new Date(bounds[0]), end: new Date(bounds[1]) };
}

const BOUNDS_CACHE_SIZE = 10_000;
const boundsCache = new Map<string, readonly [number, number]>();

export type HabitFrequencyValue = "DAILY" | "WEEKLY" | "INTERVAL";

/** The scheduling columns of a habit (Prisma's `Habit` satisfies this). */
export interface HabitSchedule {
  frequency: HabitFrequencyValue;
  daysOfWeek: readonly number[];
  intervalDays: number | null;
  startDate: Date | string;
  endDate: Date | string | null;
  isArchived: boolean;
}

/**
 * Whether a habit is due on `day`: never when archived, before `startDate` or after
 * `endDate`; DAILY every day; WEEKLY on its ISO `daysOfWeek`; INTERVAL every
 * `intervalDays` days counted from `startDate` (the start day itself is due).
 */
export function isHabitDue(habit: HabitSchedule, day: string): boolean {
  return compileSchedule(habit).isDueOn(epochDay(day));
}

/** Days since 1970-01-01 of a calendar day: arithmetic on days without Date objects. */
export function epochDay(day: Date | string): number {
  return Math.round((typeof day === "string" ? dayToUtcMs(day) : day.getTime()) / MS_PER_DAY);
}

export interface CompiledSchedule {
  /** Whether the habit is due on the given epoch day (see `epochDay`). */
  isDueOn(day: number): boolean;
}

/**
 * A habit's schedule prepared for many checks (e.g. walking back a streak): the dates
 * are converted once, each check is integer arithmetic. ISO weekday of epoch day n is
 * ((n + 3) mod 7) + 1, since 1970-01-01 was a Thursday.
 */
export function compileSchedule(habit: HabitSchedule): CompiledSchedule {
  const start = epochDay(habit.startDate);
  const end = habit.endDate === null ? Number.POSITIVE_INFINITY : epochDay(habit.endDate);
  const weekdays = new Set(habit.daysOfWeek);
  const every = habit.intervalDays !== null && habit.intervalDays >= 1 ? habit.intervalDays : 1;
  return {
    isDueOn(day) {
      if (habit.isArchived || day < start || day > end) return false;
      switch (habit.frequency) {
        case "DAILY":
          return true;
        case "WEEKLY":
          return weekdays.has(((((day + 3) % 7) + 7) % 7) + 1);
        case "INTERVAL":
          return (day - start) % every === 0;
        default:
          return false;
      }
    },
  };
}

/** How many days back an action may be dated (a habit day, a quest period, a rule's day). */
export const GRACE_DAYS = 1;

/**
 * The first calendar day an action of the user may be dated: today minus the grace window,
 * never before the account existed (its creation day in the user's zone).
 */
export function earliestActionDay(today: string, accountCreatedAt: Date, timezone: string): string {
  const grace = addDays(today, -GRACE_DAYS);
  const created = todayIn(timezone, accountCreatedAt);
  // YYYY-MM-DD days compare as text.
  if (created > grace) return created;
  return grace;
}
