/**
 * Deterministic demo data: one signed-in-able user with ~90 days of history across every
 * domain (habits, focus, goals, quests, plan, calendar, inbox, market, books, fitness,
 * learning, music reference, onboarding), whose points ledger, wallet, level and streaks
 * all agree with each other.
 *
 * Same options → same rows (ids aside): all randomness comes from a seeded PRNG with one
 * independent stream per part, and "today" is an option (default: today's date in the
 * user's time zone). The catalogue rows it links to come from migration 0013_seeds.
 *
 * Everything is written in one interactive transaction with `createMany` batches, so a
 * failure leaves nothing behind and a large benchmark user needs only a few dozen
 * statements.
 */
import { unlockMetAchievements } from "../../domain/rules.ts";
import { HABIT_COINS, HABIT_REWARDS_PER_DAY, HABIT_XP } from "../../domain/habits.ts";
import { ledgerKeys } from "../../domain/ledger-keys.ts";
import { OWN_QUEST_MAX_XP } from "../../domain/quests.ts";
import type { Prisma, PrismaClient } from "../../generated/prisma/client.ts";
import { hashPassword } from "../../auth/password.ts";
import { addDays, calendarDateToDb, daysBetween, isHabitDue, isoWeekStart, isoWeekday, isValidTimeZone, todayIn, zonedInstant } from "../../domain/calendar.ts";
import type { Tx } from "../../domain/transaction.ts";
import { levelForXp } from "./levels.ts";
import { Random } from "./random.ts";

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

type ResolvedOptions = Required<DemoOptions>;

const SIZE_KEYS = ["historyDays", "habits", "goals", "quests", "inboxItems", "calendarEvents", "planItems"] as const;
const MAX_SIZE = 100_000;
const MAX_HISTORY_DAYS = 3660;
const BATCH_ROWS = 1000;

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

// ---------------------------------------------------------------------------------------
// Time in the user's zone
// ---------------------------------------------------------------------------------------

function clampMinute(minute: number): number {
  return Math.min(Math.max(minute, 5 * 60), 23 * 60 + 50);
}

function plusSeconds(at: Date, seconds: number): Date {
  return new Date(at.getTime() + seconds * 1000);
}

// ---------------------------------------------------------------------------------------
// Catalogue-independent content
// ---------------------------------------------------------------------------------------

type Frequency = "DAILY" | "WEEKLY" | "INTERVAL";

interface HabitTemplate {
  name: string;
  description: string;
  icon: string;
  color: string;
  frequency: Frequency;
  daysOfWeek: number[];
  intervalDays: number | null;
  targetCount: number;
  xp: number;
  coins: number;
  /** Usual local time of day, in minutes after midnight. */
  minute: number;
  /** Days after the start of the history the habit was started. */
  startLag: number;
}

const HABITS: readonly HabitTemplate[] = [
  { name: "Morning pages", description: "Three pages of longhand writing before looking at the phone.", icon: "pen", color: "#F59E0B", frequency: "DAILY", daysOfWeek: [], intervalDays: null, targetCount: 1, xp: 10, coins: 2, minute: 7 * 60, startLag: 0 },
  { name: "Drink 8 glasses of water", description: "Spread over the day; the glass on the desk counts.", icon: "droplet", color: "#0EA5E9", frequency: "DAILY", daysOfWeek: [], intervalDays: null, targetCount: 8, xp: 10, coins: 1, minute: 20 * 60, startLag: 0 },
  { name: "Strength training", description: "Full Body A at the gym: squat, bench press, dumbbell row.", icon: "dumbbell", color: "#EF4444", frequency: "WEEKLY", daysOfWeek: [1, 3, 5], intervalDays: null, targetCount: 1, xp: 30, coins: 5, minute: 7 * 60 + 30, startLag: 4 },
  { name: "Read 20 pages", description: "In bed, paper book, no phone in the room.", icon: "book", color: "#8B5CF6", frequency: "DAILY", daysOfWeek: [], intervalDays: null, targetCount: 1, xp: 10, coins: 2, minute: 21 * 60 + 30, startLag: 9 },
  { name: "Ear training drill", description: "One interval or EQ drill from the Learn section.", icon: "headphones", color: "#10B981", frequency: "INTERVAL", daysOfWeek: [], intervalDays: 2, targetCount: 1, xp: 15, coins: 3, minute: 12 * 60 + 30, startLag: 14 },
  { name: "Weekly review", description: "Empty the inbox, look back at the week, pick three outcomes for the next one.", icon: "clipboard-check", color: "#6366F1", frequency: "WEEKLY", daysOfWeek: [5], intervalDays: null, targetCount: 1, xp: 25, coins: 5, minute: 16 * 60, startLag: 2 },
  { name: "Meditate for 10 minutes", description: "Guided or silent, sitting down, right after waking up.", icon: "lotus", color: "#14B8A6", frequency: "DAILY", daysOfWeek: [], intervalDays: null, targetCount: 1, xp: 10, coins: 2, minute: 6 * 60 + 40, startLag: 20 },
  { name: "Call family", description: "A proper call with Mum and Dad, not just a text.", icon: "phone", color: "#F97316", frequency: "WEEKLY", daysOfWeek: [7], intervalDays: null, targetCount: 1, xp: 15, coins: 3, minute: 18 * 60, startLag: 6 },
  { name: "Water the plants", description: "Balcony herbs and the monstera; skip after heavy rain.", icon: "sprout", color: "#22C55E", frequency: "INTERVAL", daysOfWeek: [], intervalDays: 3, targetCount: 1, xp: 5, coins: 1, minute: 8 * 60, startLag: 11 },
  { name: "Practise piano scales", description: "All major scales, hands together, metronome at 80 bpm.", icon: "music", color: "#EC4899", frequency: "WEEKLY", daysOfWeek: [2, 4, 6], intervalDays: null, targetCount: 1, xp: 15, coins: 3, minute: 19 * 60, startLag: 25 },
  { name: "Stretch for 5 minutes", description: "Hip flexors, hamstrings and the upper back.", icon: "stretch", color: "#84CC16", frequency: "DAILY", daysOfWeek: [], intervalDays: null, targetCount: 1, xp: 5, coins: 1, minute: 7 * 60 + 15, startLag: 30 },
  { name: "No screens after 22:00", description: "Laptop closed and phone on the charger in the hallway.", icon: "moon", color: "#64748B", frequency: "DAILY", daysOfWeek: [], intervalDays: null, targetCount: 1, xp: 10, coins: 2, minute: 22 * 60, startLag: 35 },
];

const FOCUS_LABELS = [
  "Mix-down: track 3 low end",
  "Write the grant application",
  "Study: Deep Work, chapter 4",
  "Code review backlog",
  "Sound design: pad textures",
  "Draft the blog post about the EP",
  "Prepare the client presentation",
  "Arrangement pass: breakdown of track 2",
  "Budget and invoices",
  "Inbox and email",
] as const;

/** Local start times (minutes) of the focus slots of a working day; at least 90 minutes apart. */
const FOCUS_SLOTS = [9 * 60, 10 * 60 + 30, 12 * 60, 14 * 60, 15 * 60 + 30, 17 * 60] as const;

interface MilestoneTemplate {
  title: string;
  /** Due date relative to today (negative = past). */
  dueIn: number;
  /** Days ago it was completed; null = open. */
  doneDaysAgo: number | null;
}

interface GoalTemplate {
  title: string;
  description: string;
  category: string;
  targetIn: number;
  milestones: MilestoneTemplate[];
}

const ACTIVE_GOALS: readonly GoalTemplate[] = [
  {
    title: "Run a 10K in under 55 minutes",
    description: "Three runs a week: one long, one tempo, one easy. Race in the spring.",
    category: "fitness",
    targetIn: 70,
    milestones: [
      { title: "Run 5K without walking", dueIn: -40, doneDaysAgo: 44 },
      { title: "Run 8K at an easy pace", dueIn: -10, doneDaysAgo: 12 },
      { title: "10K time trial under 58 minutes", dueIn: 35, doneDaysAgo: null },
      { title: "10K under 55 minutes", dueIn: 70, doneDaysAgo: null },
    ],
  },
  {
    title: "Release my first EP",
    description: "Four melodic house tracks, mixed by me, mastered externally, out on Bandcamp.",
    category: "music",
    targetIn: 120,
    milestones: [
      { title: "Finish four demos", dueIn: -30, doneDaysAgo: 33 },
      { title: "Final arrangements for all tracks", dueIn: 20, doneDaysAgo: null },
      { title: "Mix-down and send for mastering", dueIn: 75, doneDaysAgo: null },
      { title: "Artwork and upload to Bandcamp", dueIn: 120, doneDaysAgo: null },
    ],
  },
  {
    title: "Read 24 books this year",
    description: "Two a month, alternating fiction and non-fiction.",
    category: "reading",
    targetIn: 200,
    milestones: [
      { title: "6 books", dueIn: -60, doneDaysAgo: 58 },
      { title: "12 books", dueIn: 30, doneDaysAgo: null },
      { title: "18 books", dueIn: 115, doneDaysAgo: null },
      { title: "24 books", dueIn: 200, doneDaysAgo: null },
    ],
  },
  {
    title: "Play every major scale in all 12 keys",
    description: "Hands together at 100 bpm without mistakes.",
    category: "learning",
    targetIn: 90,
    milestones: [
      { title: "C, G, D and A major", dueIn: -5, doneDaysAgo: 7 },
      { title: "E, B, F-sharp and D-flat major", dueIn: 40, doneDaysAgo: null },
      { title: "The remaining flat keys", dueIn: 90, doneDaysAgo: null },
    ],
  },
  {
    title: "Save for a new audio interface",
    description: "Put aside 60 euros every month until the 4-in, 4-out interface is paid for.",
    category: "finance",
    targetIn: 150,
    milestones: [
      { title: "First 120 euros", dueIn: -15, doneDaysAgo: 16 },
      { title: "Half way: 240 euros", dueIn: 60, doneDaysAgo: null },
      { title: "Buy it", dueIn: 150, doneDaysAgo: null },
    ],
  },
];

const COMPLETED_GOAL: GoalTemplate = {
  title: "Build a morning routine",
  description: "Wake at 6:30, meditate, write morning pages, stretch. Four weeks in a row.",
  category: "habits",
  targetIn: -20,
  milestones: [
    { title: "Wake at 6:30 for a full week", dueIn: -60, doneDaysAgo: 62 },
    { title: "Add meditation", dueIn: -45, doneDaysAgo: 47 },
    { title: "Four weeks without breaking the chain", dueIn: -20, doneDaysAgo: 21 },
  ],
};

interface QuestTemplate {
  title: string;
  description: string;
  target: number;
  current: number;
  xp: number;
  coins: number;
  dueIn: number;
}

const USER_QUESTS: readonly QuestTemplate[] = [
  { title: "Declutter the flat", description: "One room per weekend: bedroom, kitchen, hallway, study.", target: 4, current: 2, xp: 80, coins: 20, dueIn: 14 },
  { title: "Write five blog posts about making the EP", description: "Short posts on process: sketching, sound design, arrangement, mixing, release.", target: 5, current: 2, xp: 100, coins: 25, dueIn: 30 },
  { title: "Learn ten chord progressions", description: "Play each one in three keys and write a four-bar loop with it.", target: 10, current: 6, xp: 70, coins: 15, dueIn: 21 },
  { title: "Run 100 km this month", description: "Every run counts, treadmill included.", target: 100, current: 37, xp: 120, coins: 30, dueIn: 18 },
  { title: "Cook something new every week", description: "A new recipe each weekend for two months.", target: 8, current: 3, xp: 60, coins: 15, dueIn: 40 },
];

interface EventTemplate {
  title: string;
  description: string | null;
  location: string | null;
  color: string;
  /** Day offset from today. */
  dayOffset: number;
  /** Local start/end minute; null = all-day. */
  start: number | null;
  end: number | null;
  /** For all-day events: number of days (inclusive span). */
  days?: number;
}

const TODAY_EVENTS: readonly EventTemplate[] = [
  { title: "Anna's birthday", description: "Call her in the evening; the present is in the hallway cupboard.", location: null, color: "#EC4899", dayOffset: 0, start: null, end: null, days: 1 },
  { title: "Team stand-up", description: "Yesterday, today, blockers. Fifteen minutes, cameras on.", location: "Video call", color: "#6366F1", dayOffset: 0, start: 9 * 60 + 30, end: 9 * 60 + 45 },
  { title: "Lunch with Sam", description: "Talk about the EP artwork.", location: "Markthalle Neun", color: "#F59E0B", dayOffset: 0, start: 12 * 60 + 30, end: 13 * 60 + 30 },
  { title: "Dentist appointment", description: "Yearly check-up and cleaning.", location: "Dr. Keller, Oranienstrasse 12", color: "#EF4444", dayOffset: 0, start: 16 * 60, end: 16 * 60 + 45 },
  { title: "Yoga class", description: null, location: "Studio Ost", color: "#14B8A6", dayOffset: 0, start: 18 * 60 + 30, end: 19 * 60 + 30 },
  { title: "Mix session: track 3", description: "Low end and the breakdown automation.", location: "Home studio", color: "#8B5CF6", dayOffset: 0, start: 20 * 60, end: 22 * 60 },
];

const NEARBY_EVENTS: readonly EventTemplate[] = [
  { title: "Physio appointment", description: "Left knee follow-up.", location: "Physio Kreuzberg", color: "#EF4444", dayOffset: -3, start: 8 * 60, end: 8 * 60 + 45 },
  { title: "Coffee with Lena", description: "She offered to listen to the EP demos.", location: "Cafe Fleury", color: "#F59E0B", dayOffset: -1, start: 10 * 60, end: 11 * 60 },
  { title: "Project review with the label", description: "Bring the rough mixes and the release timeline.", location: "Video call", color: "#6366F1", dayOffset: 1, start: 11 * 60, end: 12 * 60 },
  { title: "Piano lesson", description: "Scales in B and F-sharp; the Chopin prelude.", location: "Music school", color: "#EC4899", dayOffset: 2, start: 17 * 60, end: 18 * 60 },
  { title: "Weekend trip to Hamburg", description: "Train at 9:12 from the main station.", location: "Hamburg", color: "#0EA5E9", dayOffset: 4, start: null, end: null, days: 3 },
];

interface InboxTemplate {
  kind: "CAPTURE" | "REMINDER" | "SYSTEM";
  title: string;
  body: string | null;
  refType: string | null;
  refKey: string | null;
  daysAgo: number;
  minute: number;
  read: boolean;
  archived: boolean;
}

const INBOX: readonly InboxTemplate[] = [
  { kind: "CAPTURE", title: "Sidechain the pad to the kick in track 3", body: "Try a slower release, around 180 ms, so the pad breathes with the groove.", refType: null, refKey: null, daysAgo: 0, minute: 7 * 60 + 40, read: false, archived: false },
  { kind: "REMINDER", title: "Renew the gym membership before Friday", body: "The card on file expired last month.", refType: null, refKey: null, daysAgo: 1, minute: 18 * 60 + 5, read: false, archived: false },
  { kind: "CAPTURE", title: "Book tip from Sam: Four Thousand Weeks", body: "Oliver Burkeman, about time management and finitude.", refType: null, refKey: null, daysAgo: 2, minute: 13 * 60 + 20, read: true, archived: false },
  { kind: "SYSTEM", title: "New in the market: Rainy Cafe Soundscape", body: "Light rain and a quiet cafe murmur for your focus sessions.", refType: null, refKey: null, daysAgo: 3, minute: 10 * 60, read: true, archived: false },
  { kind: "REMINDER", title: "Call the landlord about the radiator", body: null, refType: null, refKey: null, daysAgo: 0, minute: 8 * 60 + 10, read: false, archived: false },
  { kind: "CAPTURE", title: "Buy new running shoes", body: "Size 44, neutral, something for long runs.", refType: null, refKey: null, daysAgo: 5, minute: 19 * 60 + 45, read: true, archived: true },
  { kind: "SYSTEM", title: "Welcome to Today", body: "Your habits, plan, focus timer and quests now live on one page.", refType: null, refKey: null, daysAgo: 9999, minute: 9 * 60 + 5, read: true, archived: true },
  { kind: "CAPTURE", title: "Ask Lena for the vocal stems", body: "WAV, 24-bit, dry and with the delay printed separately.", refType: null, refKey: null, daysAgo: 4, minute: 15 * 60 + 10, read: false, archived: false },
];

// ---------------------------------------------------------------------------------------
// In-memory plan of the rows, before ids exist
// ---------------------------------------------------------------------------------------

interface LedgerDraft {
  xp: number;
  coins: number;
  reason: string;
  sourceType: string | null;
  sourceId: string | null;
  idempotencyKey: string;
  at: Date;
  metadata: Prisma.InputJsonValue;
}

interface HabitDraft {
  index: number;
  template: HabitTemplate;
  name: string;
  startDay: string;
  completions: { day: string; at: Date; count: number }[];
}

interface FocusDraft {
  day: string;
  label: string;
  startedAt: Date;
  endedAt: Date;
  plannedSeconds: number;
  actualSeconds: number;
  completed: boolean;
  xp: number;
  coins: number;
}

interface StreakSummary {
  current: number;
  longest: number;
  last: string | null;
}

/** Runs of consecutive days in a sorted list of distinct days. */
function summarizeStreak(days: readonly string[]): StreakSummary {
  let longest = 0;
  let run = 0;
  let previous: string | null = null;
  for (const day of days) {
    run = previous !== null && daysBetween(previous, day) === 1 ? run + 1 : 1;
    longest = Math.max(longest, run);
    previous = day;
  }
  return { current: previous === null ? 0 : run, longest, last: previous };
}

function uniqueSorted(days: Iterable<string>): string[] {
  return [...new Set(days)].sort();
}

function cycled<T>(list: readonly T[], index: number): { item: T; round: number } {
  return { item: list[index % list.length], round: Math.floor(index / list.length) };
}

function withRound(title: string, round: number): string {
  return round === 0 ? title : `${title} (${round + 1})`;
}

function chunks<T>(rows: readonly T[], size = BATCH_ROWS): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

async function insertMany<T>(rows: readonly T[], insert: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (const chunk of chunks(rows)) await insert(chunk);
}

async function insertManyReturning<T, R>(rows: readonly T[], insert: (chunk: T[]) => Promise<R[]>): Promise<R[]> {
  const out: R[] = [];
  for (const chunk of chunks(rows)) out.push(...(await insert(chunk)));
  return out;
}

function dayKey(id: string, day: Date | string): string {
  return `${id}|${typeof day === "string" ? day : day.toISOString().slice(0, 10)}`;
}

// ---------------------------------------------------------------------------------------
// The writer
// ---------------------------------------------------------------------------------------

async function writeDemo(tx: Tx, o: ResolvedOptions, passwordHash: string): Promise<string> {
  const { today, timezone: tz, historyDays, seed } = o;
  const at = (day: string, minute: number) => zonedInstant(day, minute, tz);
  /** A day `daysAgo` before today, but never before the first day of the history. */
  const past = (daysAgo: number) => addDays(today, -Math.min(daysAgo, historyDays));
  const historyStart = addDays(today, -historyDays);
  const historyDaysList: string[] = [];
  for (let d = historyStart; d < today; d = addDays(d, 1)) historyDaysList.push(d);
  const joinedAt = at(addDays(historyStart, -1), 9 * 60);
  // A long weekend away and a sick day: nothing gets done, so the streaks have gaps.
  const offDays = new Set([41, 40, 39, 17].filter((n) => n <= historyDays).map((n) => addDays(today, -n)));
  const ledger: LedgerDraft[] = [];

  // --- catalogue rows this user links to (from 0013_seeds); missing ones are skipped ---
  // One statement at a time: a transaction is one connection.
  const userRole = await tx.role.findUnique({ where: { key: "user" } });
  const universalQuests = await tx.universalQuest.findMany({
    where: { key: { in: ["daily-three-habits", "daily-focus-50", "weekly-focus-5h", "weekly-ear-training"] } },
    orderBy: { key: "asc" },
  });
  const marketItems = await tx.marketItem.findMany({
    where: { key: { in: ["coffee-break", "theme-forest"] } },
    orderBy: { key: "asc" },
  });
  const exercises = await tx.exercise.findMany({
    where: { userId: null, name: { in: ["Barbell Back Squat", "Bench Press", "Dumbbell Row"] } },
    orderBy: [{ name: "asc" }, { createdAt: "asc" }, { id: "asc" }],
  });
  const lessons = await tx.learnLesson.findMany({
    where: { key: { in: ["intervals-101", "major-minor-scales"] } },
    orderBy: { key: "asc" },
  });
  const drill = await tx.learnDrill.findUnique({ where: { key: "name-the-interval" } });
  const flow = await tx.onboardingFlow.findUnique({
    where: { key: "welcome" },
    include: { steps: { orderBy: [{ sortOrder: "asc" }, { id: "asc" }] } },
  });
  const achievements = await tx.achievementDefinition.findMany({
    where: { key: { in: ["first-habit-check", "focus-first-session"] } },
    orderBy: { key: "asc" },
  });
  const questByKey = new Map(universalQuests.map((q) => [q.key, q]));
  const itemByKey = new Map(marketItems.map((item) => [item.key, item]));
  const exerciseByName = new Map<string, (typeof exercises)[number]>();
  for (const exercise of exercises) if (!exerciseByName.has(exercise.name)) exerciseByName.set(exercise.name, exercise);
  const lessonByKey = new Map(lessons.map((lesson) => [lesson.key, lesson]));
  const achievementByKey = new Map(achievements.map((a) => [a.key, a]));

  // --- the user ---
  const user = await tx.user.create({
    data: {
      email: o.email,
      displayName: o.displayName,
      emailVerifiedAt: plusSeconds(joinedAt, 300),
      createdAt: joinedAt,
      accounts: { create: { provider: "credentials", providerAccountId: o.email, passwordHash, createdAt: joinedAt } },
      settings: {
        create: {
          timezone: tz,
          locale: "en-GB",
          theme: "dark",
          weekStartsOn: 1,
          dailyXpGoal: 120,
          focusMinutes: 25,
          breakMinutes: 5,
          notifications: { dailyPlanReminder: "07:30", habitReminders: true, weeklyReview: { weekday: 5, time: "16:00" } },
          createdAt: joinedAt,
        },
      },
      ...(userRole ? { userRoles: { create: { roleId: userRole.id, createdAt: joinedAt } } } : {}),
    },
    select: { id: true },
  });
  const userId = user.id;

  // --- habits and their completions ---
  const habitDrafts: HabitDraft[] = [];
  for (let i = 0; i < o.habits; i += 1) {
    const { item: template, round } = cycled(HABITS, i);
    const rng = Random.stream(seed, `habit:${i}`);
    const lag = round === 0 ? template.startLag : rng.int(0, Math.floor(historyDays / 2));
    const startDay = addDays(today, -Math.max(0, historyDays - lag));
    const draft: HabitDraft = { index: i, template, name: withRound(template.name, round), startDay, completions: [] };
    const schedule = {
      frequency: template.frequency,
      daysOfWeek: template.daysOfWeek,
      intervalDays: template.intervalDays,
      startDate: startDay,
      endDate: null,
      isArchived: false,
    };
    const adherence = 0.7 + rng.float() * 0.15;
    for (const day of historyDaysList) {
      if (day < startDay || offDays.has(day) || !isHabitDue(schedule, day)) continue;
      const minute = clampMinute(template.minute + rng.int(-20, 25));
      if (rng.chance(adherence)) {
        draft.completions.push({ day, at: at(day, minute), count: template.targetCount });
      } else if (template.targetCount > 1 && rng.chance(0.5)) {
        draft.completions.push({ day, at: at(day, minute), count: rng.int(1, template.targetCount - 1) });
      }
    }
    if (isHabitDue(schedule, today)) {
      if (template.targetCount > 1) {
        draft.completions.push({ day: today, at: at(today, 9 * 60 + 30), count: Math.max(1, Math.floor(template.targetCount * 0.4)) });
      } else if (template.minute < 10 * 60 && (i === 0 || rng.chance(0.85))) {
        draft.completions.push({ day: today, at: at(today, clampMinute(template.minute + rng.int(0, 15))), count: 1 });
      }
    }
    habitDrafts.push(draft);
  }
  const habits = await insertManyReturning(habitDrafts, (chunk) =>
    tx.habit.createManyAndReturn({
      data: chunk.map((h) => ({
        userId,
        name: h.name,
        description: h.template.description,
        icon: h.template.icon,
        color: h.template.color,
        frequency: h.template.frequency,
        daysOfWeek: h.template.daysOfWeek,
        intervalDays: h.template.intervalDays,
        targetCount: h.template.targetCount,
        startDate: calendarDateToDb(h.startDay),
        xpReward: HABIT_XP,
        coinReward: HABIT_COINS,
        sortOrder: (h.index + 1) * 10,
        createdAt: at(h.startDay, 8 * 60 + (h.index % 60)),
      })),
      select: { id: true, sortOrder: true },
    }),
  );
  const habitIdBySort = new Map(habits.map((h) => [h.sortOrder, h.id]));
  const habitId = (draft: HabitDraft) => habitIdBySort.get((draft.index + 1) * 10)!;

  const completionRows = habitDrafts.flatMap((h) =>
    h.completions.map((c) => ({
      habitId: habitId(h),
      userId,
      completedOn: calendarDateToDb(c.day),
      completedAt: c.at,
      count: c.count,
      createdAt: c.at,
    })),
  );
  const completions = await insertManyReturning(completionRows, (chunk) =>
    tx.habitCompletion.createManyAndReturn({ data: chunk, select: { id: true, habitId: true, completedOn: true } }),
  );
  const completionId = new Map(completions.map((c) => [dayKey(c.habitId, c.completedOn), c.id]));
  /** Fully done (count reached the target): day → local instants, for streaks and quests. */
  const doneHabitDays: string[] = [];
  const doneTodayTimes: Date[] = [];
  const habitRewards: LedgerDraft[] = [];
  for (const h of habitDrafts) {
    const id = habitId(h);
    for (const c of h.completions) {
      if (c.count < h.template.targetCount) continue;
      doneHabitDays.push(c.day);
      if (c.day === today) doneTodayTimes.push(c.at);
      habitRewards.push({
        xp: HABIT_XP,
        coins: HABIT_COINS,
        reason: "habit.complete",
        sourceType: "habit_completion",
        sourceId: completionId.get(dayKey(id, c.day)) ?? null,
        idempotencyKey: ledgerKeys.habitDay(id, c.day),
        at: c.at,
        metadata: { habit: h.name, day: c.day },
      });
    }
  }
  // The same rule as completeHabit: the first HABIT_REWARDS_PER_DAY habit days of a day are paid.
  const paidPerDay = new Map<string, number>();
  for (const reward of habitRewards.sort((x, y) => x.at.getTime() - y.at.getTime() || (x.idempotencyKey < y.idempotencyKey ? -1 : 1))) {
    const day = (reward.metadata as { day: string }).day;
    const paid = paidPerDay.get(day) ?? 0;
    if (paid >= HABIT_REWARDS_PER_DAY) continue;
    paidPerDay.set(day, paid + 1);
    ledger.push(reward);
  }
  doneTodayTimes.sort((a, b) => a.getTime() - b.getTime());

  // --- focus sessions ---
  const focusDrafts: FocusDraft[] = [];
  const focusRng = Random.stream(seed, "focus");
  const addFocus = (day: string, startMinute: number, minutes: number, label: string, completed: boolean, fraction = 1) => {
    const startedAt = at(day, startMinute);
    const plannedSeconds = minutes * 60;
    const actualSeconds = completed ? plannedSeconds : Math.floor(plannedSeconds * fraction);
    const xp = completed ? minutes : 0;
    focusDrafts.push({
      day,
      label,
      startedAt,
      endedAt: plusSeconds(startedAt, actualSeconds),
      plannedSeconds,
      actualSeconds,
      completed,
      xp,
      coins: completed ? Math.floor(minutes / 10) : 0,
    });
  };
  for (const day of historyDaysList) {
    if (offDays.has(day)) continue;
    const weekend = isoWeekday(day) >= 6;
    if (!focusRng.chance(weekend ? 0.35 : 0.8)) continue;
    const count = focusRng.int(1, weekend ? 2 : 4);
    const first = focusRng.int(0, FOCUS_SLOTS.length - count);
    for (let s = 0; s < count; s += 1) {
      const start = FOCUS_SLOTS[first + s] + focusRng.int(0, 10);
      const minutes = focusRng.pick([25, 25, 25, 45, 50]);
      const label = focusRng.pick(FOCUS_LABELS);
      const abandoned = focusRng.chance(0.06);
      addFocus(day, start, minutes, label, !abandoned, 0.3 + focusRng.float() * 0.5);
    }
  }
  addFocus(today, 8 * 60, 25, "Plan the day and clear the inbox", true);
  addFocus(today, 8 * 60 + 40, 50, "Mix-down: track 3 low end", true);
  const focusSessions = await insertManyReturning(focusDrafts, (chunk) =>
    tx.focusSession.createManyAndReturn({
      data: chunk.map((f) => ({
        userId,
        mode: "FOCUS" as const,
        status: f.completed ? ("COMPLETED" as const) : ("ABANDONED" as const),
        label: f.label,
        plannedDurationSeconds: f.plannedSeconds,
        actualDurationSeconds: f.actualSeconds,
        startedAt: f.startedAt,
        endedAt: f.endedAt,
        xpAwarded: f.xp,
        createdAt: f.startedAt,
      })),
      select: { id: true, startedAt: true },
    }),
  );
  const focusIdByStart = new Map(focusSessions.map((f) => [f.startedAt.getTime(), f.id]));
  for (const f of focusDrafts) {
    if (!f.completed) continue;
    const id = focusIdByStart.get(f.startedAt.getTime())!;
    ledger.push({
      xp: f.xp,
      coins: f.coins,
      reason: "focus.finish",
      sourceType: "focus_session",
      sourceId: id,
      idempotencyKey: ledgerKeys.focusSession(id),
      at: f.endedAt,
      metadata: { minutes: f.plannedSeconds / 60, label: f.label },
    });
  }
  const completedFocus = focusDrafts.filter((f) => f.completed);

  // --- goals and milestones ---
  if (o.goals > 0) {
    const goalTemplates: { template: GoalTemplate; title: string; completed: boolean }[] = [];
    for (let i = 0; i < o.goals; i += 1) {
      const { item, round } = cycled(ACTIVE_GOALS, i);
      goalTemplates.push({ template: item, title: withRound(item.title, round), completed: false });
    }
    goalTemplates.push({ template: COMPLETED_GOAL, title: COMPLETED_GOAL.title, completed: true });
    const goals = await tx.goal.createManyAndReturn({
      data: goalTemplates.map((g, i) => ({
        userId,
        title: g.title,
        description: g.template.description,
        category: g.template.category,
        status: g.completed ? ("COMPLETED" as const) : ("ACTIVE" as const),
        targetDate: calendarDateToDb(addDays(today, g.template.targetIn)),
        completedAt: g.completed ? at(past(-g.template.targetIn), 20 * 60) : null,
        sortOrder: (i + 1) * 10,
        createdAt: at(past(80 - (i % 20)), 21 * 60),
      })),
      select: { id: true, sortOrder: true },
    });
    const goalIdBySort = new Map(goals.map((g) => [g.sortOrder, g.id]));
    await insertMany(
      goalTemplates.flatMap((g, i) =>
        g.template.milestones.map((m, j) => ({
          goalId: goalIdBySort.get((i + 1) * 10)!,
          userId,
          title: m.title,
          dueDate: calendarDateToDb(addDays(today, m.dueIn)),
          isCompleted: m.doneDaysAgo !== null,
          completedAt: m.doneDaysAgo !== null ? at(past(m.doneDaysAgo), 19 * 60 + j) : null,
          sortOrder: (j + 1) * 10,
          createdAt: at(past(80 - (i % 20)), 21 * 60 + j + 1),
        })),
      ),
      (chunk) => tx.goalMilestone.createMany({ data: chunk }),
    );
  }

  // --- books and reading sessions (before quests: the completed quest is about the finished book) ---
  const readingRng = Random.stream(seed, "reading");
  const finishedStart = past(70);
  const finishedOn = past(38);
  const readingStart = past(24);
  const readingSessions: { day: string; at: Date; minutes: number; startPage: number; endPage: number }[] = [];
  let page = 0;
  for (let day = readingStart; day < today; day = addDays(day, 1)) {
    if (!readingRng.chance(0.6)) continue;
    const pages = readingRng.int(8, 24);
    if (page + pages >= 296) break;
    readingSessions.push({ day, at: at(day, 21 * 60 + 30 + readingRng.int(-15, 20)), minutes: pages * 2 + readingRng.int(0, 6), startPage: page, endPage: page + pages });
    page += pages;
  }
  const books = await tx.book.createManyAndReturn({
    data: [
      {
        userId,
        title: "Deep Work",
        author: "Cal Newport",
        isbn: "9781455586691",
        totalPages: 296,
        currentPage: page,
        status: "READING" as const,
        startedOn: calendarDateToDb(readingStart),
        notes: "Rule 2, embrace boredom: schedule internet time instead of focus time.",
        sortOrder: 10,
        createdAt: at(readingStart, 21 * 60),
      },
      {
        userId,
        title: "The Creative Act: A Way of Being",
        author: "Rick Rubin",
        isbn: "9780593652886",
        totalPages: 432,
        currentPage: 432,
        status: "FINISHED" as const,
        rating: 5,
        startedOn: calendarDateToDb(finishedStart),
        finishedOn: calendarDateToDb(finishedOn),
        notes: "Read a chapter before every studio session. Re-read the part on finishing.",
        sortOrder: 20,
        createdAt: at(finishedStart, 21 * 60),
      },
    ],
    select: { id: true, sortOrder: true },
  });
  const readingBookId = books.find((b) => b.sortOrder === 10)!.id;
  await tx.readingSession.createMany({
    data: readingSessions.map((r) => ({
      userId,
      bookId: readingBookId,
      readOn: calendarDateToDb(r.day),
      startedAt: r.at,
      durationMinutes: r.minutes,
      startPage: r.startPage,
      endPage: r.endPage,
      pagesRead: r.endPage - r.startPage,
      createdAt: plusSeconds(r.at, r.minutes * 60),
    })),
  });

  // --- the user's quests: in progress, one adopted from the catalogue, one completed ---
  const questRows: Prisma.UserQuestCreateManyInput[] = [];
  for (let i = 0; i < o.quests; i += 1) {
    const { item, round } = cycled(USER_QUESTS, i);
    questRows.push({
      userId,
      title: withRound(item.title, round),
      description: item.description,
      status: "ACTIVE",
      targetValue: item.target,
      currentValue: item.current,
      xpReward: Math.min(item.xp, OWN_QUEST_MAX_XP),
      coinReward: 0,
      dueDate: calendarDateToDb(addDays(today, item.dueIn)),
      sortOrder: (i + 1) * 10,
      createdAt: at(past(20 + (i % 10)), 20 * 60 + (i % 60)),
    });
  }
  const adopted = questByKey.get("weekly-ear-training");
  if (adopted) {
    questRows.push({
      userId,
      sourceQuestId: adopted.id,
      title: adopted.title,
      description: adopted.description,
      status: "ACTIVE",
      targetValue: adopted.targetValue,
      currentValue: Math.min(1, adopted.targetValue - 1),
      xpReward: adopted.xpReward,
      coinReward: adopted.coinReward,
      dueDate: calendarDateToDb(addDays(isoWeekStart(today), 6)),
      sortOrder: (o.quests + 1) * 10,
      createdAt: at(isoWeekStart(today), 8 * 60 + 30),
    });
  }
  const questCompletedAt = at(finishedOn, 22 * 60);
  questRows.push({
    userId,
    title: "Finish a book this month",
    description: "Any book, cover to cover.",
    status: "COMPLETED",
    targetValue: 1,
    currentValue: 1,
    xpReward: 50,
    coinReward: 0,
    dueDate: calendarDateToDb(addDays(finishedOn, 5)),
    completedAt: questCompletedAt,
    sortOrder: (o.quests + 2) * 10,
    createdAt: at(past(60), 20 * 60),
  });
  const quests = await insertManyReturning(questRows, (chunk) =>
    tx.userQuest.createManyAndReturn({ data: chunk, select: { id: true, sortOrder: true, status: true } }),
  );
  const questIdBySort = new Map(quests.map((q) => [q.sortOrder, q.id]));
  const completedQuestId = questIdBySort.get((o.quests + 2) * 10)!;
  ledger.push({
    xp: 50,
    coins: 0,
    reason: "quest.complete",
    sourceType: "user_quest",
    sourceId: completedQuestId,
    idempotencyKey: ledgerKeys.ownQuest(completedQuestId),
    at: questCompletedAt,
    metadata: { title: "Finish a book this month" },
  });

  // --- progress on catalogue quests for today's period ---
  const weekStart = isoWeekStart(today);
  const progressDrafts: { key: string; periodStart: string; value: number; completedAt: Date | null }[] = [];
  const threeHabits = questByKey.get("daily-three-habits");
  if (threeHabits) {
    const reached = doneTodayTimes.length >= threeHabits.targetValue ? doneTodayTimes[threeHabits.targetValue - 1] : null;
    progressDrafts.push({ key: threeHabits.key, periodStart: today, value: doneTodayTimes.length, completedAt: reached });
  }
  const minutesUntil = (quest: { targetValue: number } | undefined, fromDay: string) => {
    if (!quest) return null;
    let total = 0;
    let reached: Date | null = null;
    for (const f of completedFocus) {
      if (f.day < fromDay || f.day > today) continue;
      total += f.plannedSeconds / 60;
      if (reached === null && total >= quest.targetValue) reached = f.endedAt;
    }
    return { total, reached };
  };
  const focus50 = questByKey.get("daily-focus-50");
  const focus50Progress = minutesUntil(focus50, today);
  if (focus50 && focus50Progress) {
    progressDrafts.push({ key: focus50.key, periodStart: today, value: focus50Progress.total, completedAt: focus50Progress.reached });
  }
  const focusWeek = questByKey.get("weekly-focus-5h");
  const focusWeekProgress = minutesUntil(focusWeek, weekStart);
  if (focusWeek && focusWeekProgress) {
    progressDrafts.push({ key: focusWeek.key, periodStart: weekStart, value: focusWeekProgress.total, completedAt: focusWeekProgress.reached });
  }
  if (progressDrafts.length > 0) {
    const rows = await tx.userQuestProgress.createManyAndReturn({
      data: progressDrafts.map((p) => ({
        userId,
        questId: questByKey.get(p.key)!.id,
        periodStart: calendarDateToDb(p.periodStart),
        currentValue: p.value,
        status: p.completedAt ? ("COMPLETED" as const) : ("ACTIVE" as const),
        completedAt: p.completedAt,
        createdAt: at(p.periodStart, 7 * 60),
      })),
      select: { id: true, questId: true },
    });
    for (const p of progressDrafts) {
      if (!p.completedAt) continue;
      const quest = questByKey.get(p.key)!;
      const row = rows.find((r) => r.questId === quest.id)!;
      ledger.push({
        xp: quest.xpReward,
        coins: quest.coinReward,
        reason: "universal_quest.complete",
        sourceType: "user_quest_progress",
        sourceId: row.id,
        idempotencyKey: ledgerKeys.universalQuestPeriod(quest.id, p.periodStart),
        at: p.completedAt,
        metadata: { quest: quest.key, periodStart: p.periodStart },
      });
    }
  }

  // --- learning ---
  const completedLesson = lessonByKey.get("intervals-101");
  const startedLesson = lessonByKey.get("major-minor-scales");
  const lessonDone = at(past(10), 19 * 60 + 8);
  const lessonRows: Prisma.UserLessonProgressCreateManyInput[] = [];
  if (completedLesson) {
    lessonRows.push({
      userId,
      lessonId: completedLesson.id,
      status: "COMPLETED",
      progressPercent: 100,
      startedAt: at(past(10), 19 * 60),
      completedAt: lessonDone,
      createdAt: at(past(10), 19 * 60),
    });
  }
  if (startedLesson) {
    lessonRows.push({
      userId,
      lessonId: startedLesson.id,
      status: "IN_PROGRESS",
      progressPercent: 40,
      startedAt: at(past(3), 12 * 60 + 35),
      createdAt: at(past(3), 12 * 60 + 35),
    });
  }
  if (lessonRows.length > 0) {
    const rows = await tx.userLessonProgress.createManyAndReturn({ data: lessonRows, select: { id: true, lessonId: true } });
    if (completedLesson) {
      const row = rows.find((r) => r.lessonId === completedLesson.id)!;
      ledger.push({
        xp: completedLesson.xpReward,
        coins: 0,
        reason: "lesson.complete",
        sourceType: "user_lesson_progress",
        sourceId: row.id,
        idempotencyKey: ledgerKeys.lesson(completedLesson.id),
        at: lessonDone,
        metadata: { lesson: completedLesson.key },
      });
    }
  }
  if (drill) {
    await tx.userDrillStat.create({
      data: {
        userId,
        drillId: drill.id,
        attempts: 12,
        correct: 9,
        bestScore: 100,
        lastScore: 67,
        currentStreak: 2,
        lastAttemptedAt: at(past(1), 12 * 60 + 40),
        createdAt: at(past(10), 19 * 60 + 10),
      },
    });
  }

  // --- achievements (first habit, first focus session) ---
  const firstHabitDone = habitDrafts
    .flatMap((h) => h.completions.filter((c) => c.count >= h.template.targetCount).map((c) => c.at))
    .sort((a, b) => a.getTime() - b.getTime())[0];
  const firstFocusDone = completedFocus[0]?.endedAt;
  const unlocks: { key: string; at: Date }[] = [];
  if (achievementByKey.has("first-habit-check") && firstHabitDone) unlocks.push({ key: "first-habit-check", at: firstHabitDone });
  if (achievementByKey.has("focus-first-session") && firstFocusDone) unlocks.push({ key: "focus-first-session", at: firstFocusDone });
  if (unlocks.length > 0) {
    const rows = await tx.userAchievement.createManyAndReturn({
      data: unlocks.map((u) => ({ userId, achievementKey: u.key, unlockedAt: u.at, createdAt: u.at })),
      select: { id: true, achievementKey: true },
    });
    for (const u of unlocks) {
      const definition = achievementByKey.get(u.key)!;
      ledger.push({
        xp: definition.xpReward,
        coins: definition.coinReward,
        reason: "achievement.unlock",
        sourceType: "user_achievement",
        sourceId: rows.find((r) => r.achievementKey === u.key)!.id,
        idempotencyKey: ledgerKeys.achievement(u.key),
        at: u.at,
        metadata: { achievement: u.key },
      });
    }
  }

  // --- market purchases, paid from the balance earned so far ---
  const byTime = (a: LedgerDraft, b: LedgerDraft) =>
    a.at.getTime() - b.at.getTime() || (a.idempotencyKey < b.idempotencyKey ? -1 : a.idempotencyKey > b.idempotencyKey ? 1 : 0);
  const purchasePlan = [
    { key: "coffee-break", at: at(past(Math.max(1, Math.round(historyDays * 0.25))), 20 * 60 + 15), redeem: true },
    { key: "theme-forest", at: at(past(Math.max(1, Math.round(historyDays * 0.1))), 21 * 60), redeem: false },
  ];
  const purchases: { item: (typeof marketItems)[number]; at: Date; balanceAfter: number; redeem: boolean }[] = [];
  for (const plan of purchasePlan) {
    const item = itemByKey.get(plan.key);
    if (!item || plan.at.getTime() >= at(today, 0).getTime()) continue;
    const balance =
      ledger.filter((e) => e.at.getTime() <= plan.at.getTime()).reduce((sum, e) => sum + e.coins, 0) -
      purchases.reduce((sum, p) => sum + p.item.priceCoins, 0);
    if (balance < item.priceCoins) continue;
    purchases.push({ item, at: plan.at, balanceAfter: balance - item.priceCoins, redeem: plan.redeem });
  }
  if (purchases.length > 0) {
    const transactions = await tx.marketTransaction.createManyAndReturn({
      data: purchases.map((p) => ({
        userId,
        itemId: p.item.id,
        type: "PURCHASE" as const,
        coins: -p.item.priceCoins,
        balanceAfter: p.balanceAfter,
        description: `Bought ${p.item.name}`,
        createdAt: p.at,
      })),
      select: { id: true, itemId: true },
    });
    const transactionId = (itemId: string) => transactions.find((t) => t.itemId === itemId)!.id;
    await tx.userPurchase.createMany({
      data: purchases.map((p) => {
        const redeemedAt = plusSeconds(p.at, 14 * 3600);
        return {
          userId,
          itemId: p.item.id,
          transactionId: transactionId(p.item.id),
          quantity: 1,
          priceCoins: p.item.priceCoins,
          redeemedAt: p.redeem && redeemedAt.getTime() < at(today, 0).getTime() ? redeemedAt : null,
          createdAt: p.at,
        };
      }),
    });
    for (const p of purchases) {
      const id = transactionId(p.item.id);
      ledger.push({
        xp: 0,
        coins: -p.item.priceCoins,
        reason: "market.purchase",
        sourceType: "market_transaction",
        sourceId: id,
        idempotencyKey: ledgerKeys.purchase(id),
        at: p.at,
        metadata: { item: p.item.key, price: p.item.priceCoins },
      });
    }
  }

  // --- the ledger, then progress and wallet that add up to it ---
  ledger.sort(byTime);
  await insertMany(ledger, (chunk) =>
    tx.pointsLedger.createMany({
      data: chunk.map((e) => ({
        userId,
        xpDelta: e.xp,
        coinDelta: e.coins,
        reason: e.reason,
        sourceType: e.sourceType,
        sourceId: e.sourceId,
        idempotencyKey: e.idempotencyKey,
        metadata: e.metadata,
        createdAt: e.at,
      })),
    }),
  );
  const totalXp = ledger.reduce((sum, e) => sum + e.xp, 0);
  const totalEarned = ledger.reduce((sum, e) => sum + Math.max(e.coins, 0), 0);
  const totalSpent = ledger.reduce((sum, e) => sum + Math.max(-e.coins, 0), 0);
  await tx.userProgress.create({ data: { userId, totalXp, level: levelForXp(totalXp), createdAt: joinedAt } });
  await tx.userWallet.create({
    data: { userId, coins: totalEarned - totalSpent, totalEarned, totalSpent, createdAt: joinedAt },
  });

  // --- streaks ---
  const focusDays = uniqueSorted(completedFocus.map((f) => f.day));
  const activityDays = uniqueSorted([...doneHabitDays, ...focusDays]);
  const habitDays: string[] = [];
  const doneCount = new Map<string, number>();
  for (const day of doneHabitDays) doneCount.set(day, (doneCount.get(day) ?? 0) + 1);
  for (const day of [...historyDaysList, today]) {
    let due = 0;
    for (const h of habitDrafts) {
      const t = h.template;
      const schedule = { frequency: t.frequency, daysOfWeek: t.daysOfWeek, intervalDays: t.intervalDays, startDate: h.startDay, endDate: null, isArchived: false };
      if (isHabitDue(schedule, day)) due += 1;
    }
    if (due > 0 && (doneCount.get(day) ?? 0) >= Math.ceil(due * 0.6)) habitDays.push(day);
  }
  const readingDays = uniqueSorted(readingSessions.map((r) => r.day));
  const streaks: [string, StreakSummary][] = [
    ["daily_activity", summarizeStreak(activityDays)],
    ["habits", summarizeStreak(habitDays)],
    ["focus", summarizeStreak(focusDays)],
    ["reading", summarizeStreak(readingDays)],
  ];
  await tx.userStreak.createMany({
    data: streaks.map(([streakType, s]) => ({
      userId,
      streakType,
      currentCount: s.current,
      longestCount: s.longest,
      lastActivityDate: s.last ? calendarDateToDb(s.last) : null,
      createdAt: joinedAt,
    })),
  });

  // --- calendar ---
  const eventRows: Prisma.CalendarEventCreateManyInput[] = [];
  const pushEvent = (e: EventTemplate, title: string, sortOrder: number) => {
    const day = addDays(today, e.dayOffset);
    const created = at(addDays(day, -7), 19 * 60);
    if (e.start === null || e.end === null) {
      eventRows.push({
        userId, title, description: e.description, location: e.location, color: e.color, allDay: true,
        startDate: calendarDateToDb(day), endDate: calendarDateToDb(addDays(day, (e.days ?? 1) - 1)), sortOrder, createdAt: created,
      });
    } else {
      eventRows.push({
        userId, title, description: e.description, location: e.location, color: e.color, allDay: false,
        startsAt: at(day, e.start), endsAt: at(day, e.end), sortOrder, createdAt: created,
      });
    }
  };
  for (let i = 0; i < o.calendarEvents; i += 1) {
    if (i < TODAY_EVENTS.length) {
      pushEvent(TODAY_EVENTS[i], TODAY_EVENTS[i].title, 0);
    } else {
      const start = 6 * 60 + ((i - TODAY_EVENTS.length) * 25) % (16 * 60);
      pushEvent(
        { title: "", description: "Blocked for focused work.", location: null, color: "#94A3B8", dayOffset: 0, start, end: start + 20 },
        `Focus block ${i - TODAY_EVENTS.length + 1}`,
        0,
      );
    }
  }
  for (const e of NEARBY_EVENTS) pushEvent(e, e.title, 0);
  const events = await insertManyReturning(eventRows, (chunk) =>
    tx.calendarEvent.createManyAndReturn({ data: chunk, select: { id: true, title: true } }),
  );
  const eventId = (title: string) => events.find((e) => e.title === title)?.id ?? null;

  // --- inbox ---
  const inboxRows: Prisma.InboxItemCreateManyInput[] = [];
  for (let i = 0; i < o.inboxItems; i += 1) {
    const template: InboxTemplate =
      i < INBOX.length
        ? INBOX[i]
        : { kind: "CAPTURE", title: `Quick note ${i - INBOX.length + 1}: follow up on the weekly review`, body: null, refType: null, refKey: null, daysAgo: i % 7, minute: 7 * 60 + (i % 600), read: i % 3 === 0, archived: i % 5 === 0 };
    const created = at(past(template.daysAgo), template.minute);
    inboxRows.push({
      userId,
      kind: template.kind,
      title: template.title,
      body: template.body,
      refType: template.refType,
      refId: template.refKey,
      readAt: template.read ? plusSeconds(created, 3600) : null,
      archivedAt: template.archived ? plusSeconds(created, 7200) : null,
      sortOrder: (i + 1) * 10,
      createdAt: created,
    });
  }
  await insertMany(inboxRows, (chunk) => tx.inboxItem.createMany({ data: chunk }));

  // --- today's plan ---
  const planRng = Random.stream(seed, `plan:${o.email}`);
  const firstQuestId = o.quests > 0 ? questIdBySort.get(10)! : null;
  const morningHabit = habitDrafts[0];
  const eveningHabit = habitDrafts[3] ?? null;
  const focusToday = focusDrafts.some((f) => f.day === today && f.completed);
  const standup = o.calendarEvents > 1 ? eventId("Team stand-up") : null;
  interface PlanDraft {
    title: string;
    kind: "HABIT" | "FOCUS" | "TASK" | "EVENT" | "QUEST";
    refId: string | null;
    durationMinutes: number | null;
    done: boolean;
    sortOrder: number;
    minute: number;
  }
  const planDrafts: PlanDraft[] = [
    morningHabit
      ? { title: morningHabit.name, kind: "HABIT", refId: habitId(morningHabit), durationMinutes: 15, done: morningHabit.completions.some((c) => c.day === today), sortOrder: 10, minute: 7 * 60 + 5 }
      : { title: "Write three pages", kind: "TASK", refId: null, durationMinutes: 15, done: true, sortOrder: 10, minute: 7 * 60 + 5 },
    { title: "Deep work: mix-down of track 3", kind: "FOCUS", refId: null, durationMinutes: 50, done: focusToday, sortOrder: 20, minute: 7 * 60 + 6 },
    // Two items share sortOrder 30: the one created first (the email, stored second) comes first.
    standup
      ? { title: "Team stand-up", kind: "EVENT", refId: standup, durationMinutes: 15, done: false, sortOrder: 30, minute: 7 * 60 + 8 }
      : { title: "Prepare notes for the stand-up", kind: "TASK", refId: null, durationMinutes: 15, done: false, sortOrder: 30, minute: 7 * 60 + 8 },
    { title: "Reply to the label's email", kind: "TASK", refId: null, durationMinutes: 20, done: false, sortOrder: 30, minute: 7 * 60 + 2 },
    firstQuestId
      ? { title: "Declutter the flat: the kitchen", kind: "QUEST", refId: firstQuestId, durationMinutes: 60, done: false, sortOrder: 40, minute: 7 * 60 + 10 }
      : { title: "Clear the kitchen counter", kind: "TASK", refId: null, durationMinutes: 30, done: false, sortOrder: 40, minute: 7 * 60 + 10 },
    eveningHabit
      ? { title: eveningHabit.name, kind: "HABIT", refId: habitId(eveningHabit), durationMinutes: 30, done: false, sortOrder: 50, minute: 7 * 60 + 11 }
      : { title: "Read before bed", kind: "TASK", refId: null, durationMinutes: 30, done: false, sortOrder: 50, minute: 7 * 60 + 11 },
    { title: "Buy new running shoes", kind: "TASK", refId: null, durationMinutes: 30, done: false, sortOrder: 60, minute: 7 * 60 + 12 },
  ];
  const planItems: Prisma.InputJsonObject[] = [];
  for (let i = 0; i < o.planItems; i += 1) {
    const draft: PlanDraft =
      i < planDrafts.length
        ? planDrafts[i]
        : { title: `Follow-up task ${i - planDrafts.length + 1}`, kind: "TASK", refId: null, durationMinutes: 15, done: false, sortOrder: (i + 1) * 10, minute: 7 * 60 + 13 + (i % 600) };
    planItems.push({
      id: planRng.uuid(),
      title: draft.title,
      kind: draft.kind,
      refId: draft.refId,
      durationMinutes: draft.durationMinutes,
      done: draft.done,
      sortOrder: draft.sortOrder,
      createdAt: at(today, draft.minute).toISOString(),
    });
  }
  await tx.dailyPlan.create({
    data: {
      userId,
      date: calendarDateToDb(today),
      intention: "Finish the low end of track 3 and leave the desk by six.",
      notes: "Stand-up is short today; lunch with Sam is about the artwork.",
      items: planItems,
      createdAt: at(today, 7 * 60),
    },
  });

  // --- fitness: a template workout and its last session ---
  const squat = exerciseByName.get("Barbell Back Squat");
  const bench = exerciseByName.get("Bench Press");
  const row = exerciseByName.get("Dumbbell Row");
  if (squat && bench && row) {
    const lineup = [
      { exercise: squat, sets: 3, reps: 8, weight: 60, rest: 150, done: [8, 8, 7], rpe: [7, 8, 9], note: "Belt on the last set." },
      { exercise: bench, sets: 3, reps: 8, weight: 50, rest: 120, done: [8, 7, 6], rpe: [7, 8, 9], note: null },
      { exercise: row, sets: 3, reps: 10, weight: 22.5, rest: 90, done: [10, 10, 10], rpe: [6, 7, 7], note: "Each arm." },
    ];
    const workout = await tx.workout.create({
      data: {
        userId,
        name: "Full Body A",
        description: "Monday, Wednesday and Friday: squat, bench press and rows, 3 sets each.",
        sortOrder: 10,
        createdAt: at(past(80), 20 * 60),
        exercises: {
          createMany: {
            data: lineup.map((l, i) => ({
              exerciseId: l.exercise.id,
              userId,
              targetSets: l.sets,
              targetReps: l.reps,
              targetWeightKg: l.weight,
              restSeconds: l.rest,
              notes: l.note,
              sortOrder: (i + 1) * 10,
              createdAt: at(past(80), 20 * 60 + i + 1),
            })),
          },
        },
      },
      select: { id: true },
    });
    let sessionDay = addDays(today, -1);
    while (![1, 3, 5].includes(isoWeekday(sessionDay))) sessionDay = addDays(sessionDay, -1);
    const startedAt = at(sessionDay, 7 * 60 + 30);
    await tx.workoutSession.create({
      data: {
        userId,
        workoutId: workout.id,
        performedOn: calendarDateToDb(sessionDay),
        startedAt,
        endedAt: plusSeconds(startedAt, 55 * 60),
        perceivedEffort: 7,
        notes: "Squats felt solid; add 2.5 kg next time.",
        createdAt: startedAt,
        sets: {
          createMany: {
            data: lineup.flatMap((l, i) =>
              l.done.map((reps, s) => ({
                exerciseId: l.exercise.id,
                userId,
                setNumber: s + 1,
                reps,
                weightKg: l.weight,
                rpe: l.rpe[s],
                createdAt: plusSeconds(startedAt, (i * 15 + s * 4 + 5) * 60),
              })),
            ),
          },
        },
      },
    });
  }

  // --- music reference: one track, its analysis, annotations and regions ---
  const trackCreated = at(past(6), 20 * 60);
  const track = await tx.referenceTrack.create({
    data: {
      userId,
      title: "Night Drive (Extended Mix)",
      artist: "Lumen Park",
      durationSeconds: 412.5,
      bpm: 122,
      musicalKey: "A minor",
      genre: "Melodic House",
      notes: "Reference for the low end and for how long the breakdown is allowed to breathe.",
      sortOrder: 10,
      createdAt: trackCreated,
      annotations: {
        createMany: {
          data: [
            { userId, timeSeconds: 15.7, body: "Kick and sub share the low end; the sub is mono and sits under 60 Hz.", category: "mixing" },
            { userId, timeSeconds: 62.9, body: "Open hi-hat on the offbeat lifts the energy without adding level.", category: "arrangement" },
            { userId, timeSeconds: 125.9, body: "Low-pass filter opens over 16 bars before the breakdown.", category: "arrangement" },
            { userId, timeSeconds: 188.8, body: "Breakdown: pad and vocal chop only, no kick for 32 bars.", category: "arrangement" },
            { userId, timeSeconds: 251.8, body: "Lead comes back an octave higher and much wider in stereo.", category: "sound-design" },
          ].map((a, i) => ({ ...a, createdAt: plusSeconds(trackCreated, 600 + i * 60) })),
        },
      },
      regions: {
        createMany: {
          data: [
            { label: "Intro", startSeconds: 0, endSeconds: 31.5, color: "#94A3B8" },
            { label: "Groove", startSeconds: 31.5, endSeconds: 125.9, color: "#0EA5E9" },
            { label: "Build", startSeconds: 125.9, endSeconds: 188.8, color: "#F59E0B" },
            { label: "Breakdown", startSeconds: 188.8, endSeconds: 251.8, color: "#8B5CF6" },
            { label: "Drop", startSeconds: 251.8, endSeconds: 346.2, color: "#EF4444" },
            { label: "Outro", startSeconds: 346.2, endSeconds: 412.5, color: "#94A3B8" },
          ].map((r, i) => ({ ...r, userId, sortOrder: (i + 1) * 10, createdAt: plusSeconds(trackCreated, 1200 + i * 30) })),
        },
      },
    },
    select: { id: true },
  });
  await tx.trackAnalysis.create({
    data: {
      trackId: track.id,
      userId,
      status: "COMPLETED",
      analyzerVersion: "1.4.0",
      summary: { tempoBpm: 122, key: "A minor", integratedLufs: -8.4, truePeakDbtp: -0.7, loudnessRange: 5.9, durationSeconds: 412.5 },
      completedAt: plusSeconds(trackCreated, 45),
      createdAt: plusSeconds(trackCreated, 2),
      events: {
        createMany: {
          data: [31.5, 125.9, 188.8, 251.8, 346.2].map((time, i) => ({
            userId,
            eventType: "section_change",
            timeSeconds: time,
            confidence: [0.94, 0.88, 0.97, 0.99, 0.91][i],
            payload: { bar: Math.round((time * 122) / 240) + 1 },
            createdAt: plusSeconds(trackCreated, 45),
          })),
        },
      },
    },
  });

  // --- one idea, one infobase entry ---
  await tx.idea.create({
    data: {
      userId,
      title: "Rain recording as the EP intro pad",
      body: "Record the rain on the balcony, time-stretch it 8x and band-pass it around 1 kHz for the opening of track 1.",
      tags: ["music", "sound-design", "ep"],
      isPinned: true,
      sortOrder: 10,
      createdAt: at(past(12), 22 * 60 + 10),
    },
  });
  await tx.infobaseEntry.create({
    data: {
      userId,
      title: "Mix-down checklist",
      content: [
        "## Before the mix",
        "",
        "- Gain-stage every channel to around -18 dBFS average.",
        "- Load the reference track on its own bus, level-matched.",
        "",
        "## Low end",
        "",
        "1. Decide who owns the sub: kick or bass.",
        "2. High-pass everything else, listen in mono.",
        "",
        "## Before bouncing",
        "",
        "- Peaks below -1 dBTP, no limiter on the master for the mastering engineer.",
      ].join("\n"),
      category: "music",
      tags: ["mixing", "checklist"],
      sortOrder: 10,
      createdAt: at(past(30), 21 * 60),
    },
  });

  // --- onboarding, completed on the first day ---
  if (flow) {
    const answers: Record<string, Prisma.InputJsonValue> = {
      "focus-areas": ["habits", "focus", "music", "fitness"],
      chronotype: "early",
      "focus-length": "25",
      "first-habit": "Write morning pages",
    };
    const started = plusSeconds(joinedAt, 60);
    const lastStep = flow.steps[flow.steps.length - 1];
    await tx.userOnboardingState.create({
      data: {
        userId,
        flowId: flow.id,
        status: "COMPLETED",
        currentStepKey: lastStep?.key ?? null,
        startedAt: started,
        completedAt: plusSeconds(started, 180),
        createdAt: started,
      },
    });
    const responses = flow.steps
      .filter((step) => step.key in answers)
      .map((step, i) => ({ userId, stepId: step.id, response: answers[step.key], createdAt: plusSeconds(started, 30 * (i + 1)) }));
    if (responses.length > 0) await tx.userOnboardingResponse.createMany({ data: responses });
  }

  return userId;
}

/**
 * Creates the demo user with its whole history in one transaction and returns how to
 * sign in. Fails (and writes nothing) if the email is taken; see seedDemoIfMissing.
 */
export async function seedDemoUser(prisma: PrismaClient, options: DemoOptions = {}): Promise<DemoUser> {
  const resolved = resolveDemoOptions(options);
  // scrypt is slow on purpose: hash before the transaction opens.
  const passwordHash = await hashPassword(resolved.password);
  const userId = await prisma.$transaction(
    async (tx) => {
      const id = await writeDemo(tx, resolved, passwordHash);
      // The history meets more achievements' criteria than the writers unlocked: the rules
      // unlock (and pay) them as the API would, dated at the start of today.
      await unlockMetAchievements(tx, id, resolved.timezone, zonedInstant(resolved.today, 0, resolved.timezone));
      return id;
    },
    { timeout: 120_000, maxWait: 30_000 },
  );
  return { userId, email: resolved.email, password: resolved.password, today: resolved.today };
}

/**
 * Idempotent: when a user with the email exists already, nothing is written and that
 * user's id is returned (the password returned is the one asked for, not verified).
 */
export async function seedDemoIfMissing(
  prisma: PrismaClient,
  options: DemoOptions = {},
): Promise<DemoUser & { created: boolean }> {
  const resolved = resolveDemoOptions(options);
  const existing = await prisma.user.findUnique({ where: { email: resolved.email }, select: { id: true } });
  if (existing) {
    return { userId: existing.id, email: resolved.email, password: resolved.password, today: resolved.today, created: false };
  }
  try {
    return { ...(await seedDemoUser(prisma, resolved)), created: true };
  } catch (error) {
    // Another process created the same user meanwhile: that counts as present.
    const raced = await prisma.user.findUnique({ where: { email: resolved.email }, select: { id: true } });
    if (raced) return { userId: raced.id, email: resolved.email, password: resolved.password, today: resolved.today, created: false };
    throw error;
  }
}
