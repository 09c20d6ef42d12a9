import { isObjectType, Kind, type FieldNode, type GraphQLResolveInfo, type GraphQLSchema, type SelectionSetNode } from "graphql";
import type { SessionCheck, Viewer } from "../auth/viewer.ts";
import type { Context } from "../graphql/context.ts";
import { builder } from "../graphql/builder.ts";
import { badInput, unauthenticated } from "../graphql/errors/index.ts";
import { createLoaders } from "../loaders/index.ts";
import { readWithRelations, selectionOfNames } from "../loaders/today/rows.ts";
import { TODAY_SECTION_NAMES, TODAY_SECTIONS } from "../loaders/today/sections.ts";
import { dayBoundsUtc, todayIn } from "../domain/calendar.ts";
import { xpForLevel } from "../domain/levels.ts";
import { HabitCompletionRef, HabitRef } from "../graphql/habits/habit.ts";
import { UserProgressRef, UserStreakRef, UserWalletRef } from "../graphql/gamification/progress.ts";
import { QuestRef, UserQuestProgressRef } from "../graphql/quests/user-quest.ts";
import { UniversalQuestRef } from "../graphql/quests/universal-quest.ts";
import type { DayKey, TodayHabitRow, TodayProgressRow, TodayQuestRow, TodaySectionName, TodayViewerRow } from "../loaders/today/index.ts";
import { NextActionRef } from "../graphql/behavior/decisions.ts";
import { nextAction } from "./next-action.ts";

/**
 * The cheap root of the aggregate: who and which day. Every section is its own field,
 * so a document that asks for fewer sections touches fewer tables.
 */
export type TodayRoot = DayKey;

const Today = builder.objectRef<TodayRoot>("Today");
const TodayFocus = builder.objectRef<DayKey>("TodayFocus");
const TodayHabit = builder.objectRef<TodayHabitRow>("TodayHabit");
const TodayQuest = builder.objectRef<TodayQuestRow>("TodayQuest");
const TodayProgress = builder.objectRef<TodayProgressRow>("TodayProgress");
const TodayViewer = builder.objectRef<TodayViewerRow>("TodayViewer");
const TodaySettings = builder.objectRef<{ timezone: string; settings: TodayViewerRow["settings"] }>("TodaySettings");

/** user_settings' column defaults, for a user without a settings row. */
const SETTINGS_DEFAULTS = { locale: "en-US", theme: "system", weekStartsOn: 1 } as const;

const TodayQuestKind = builder.enumType("TodayQuestKind", {
  description: "OWN: a quest of the user's (`Quest`); UNIVERSAL: a catalogue quest with the user's progress.",
  values: ["OWN", "UNIVERSAL"] as const,
});

builder.queryField("today", (t) =>
  t.withAuth({ signedIn: true }).field({
    type: Today,
    description: "The signed-in user's day. `date` defaults to today in the user's time zone (user_settings.timezone, UTC if unset).",
    args: { date: t.arg({ type: "Date", required: false }) },
    resolve: (_root, args, context, info) => resolveToday(context, args.date, info),
  }),
);

builder.mutationField("today", (t) =>
  t.withAuth({ signedIn: true }).field({
    type: Today,
    description:
      "The signed-in user's day, read after the mutation fields before it in the same document have committed (a " +
      "mutation's fields run one after another), from the primary: a page selects what its action changed in the " +
      "action's own request, e.g. `mutation { completeHabit(…) { becameDone } today(date: …) { habits { … } } }`. " +
      "Reads exactly as `Query.today`.",
    args: { date: t.arg({ type: "Date", required: false }) },
    resolve: (_root, args, context, info) => {
      // The request's loaders cache what they read: an earlier field of this document may have read
      // the day before a write. A mutation's fields run one after another, so new loaders here serve
      // this field's selection alone, and read after every write before it.
      context.loaders = createLoaders(context.config.loaders);
      return resolveToday(context, args.date, info);
    },
  }),
);

builder.mutationField("writtenEvents", (t) =>
  t.withAuth({ signedIn: true }).field({
    type: ["ID"],
    description:
      "The outbox sequences (`behavior_outbox` ids, as `TodayChanged.sequences`) of the events the mutation fields " +
      "before it in the same document wrote and committed, in order: a page that made a change ignores the " +
      "`todayChanged` message whose sequences are all its own. Reads nothing.",
    resolve: (_root, _args, context) => (context.written ?? []).map((id) => id.toString()),
  }),
);

/** `Query.today` and `Mutation.today`: the sections the selection needs, read at once (src/loaders/today). */
async function resolveToday(context: Context, date: string | null | undefined, info: GraphQLResolveInfo): Promise<TodayRoot> {
  const { sections, fields } = selectionOf(info);
  const session = context.session;
  let key = dayKey(context.viewer!, date, session?.check);
  // Every section the selection needs, read now in the page's statements; with a cached
  // session, those statements also check it, and nothing is answered before they have.
  if (await context.loaders.today.preload(key, sections, fields)) return key;
  // The cached session no longer holds as it was cached: the full check decides, as it
  // would have without the cache (signed out: the same error as the auth scope gives).
  context.session = null;
  const viewer = await session!.recheck();
  if (!viewer) throw unauthenticated();
  context.viewer = viewer;
  context.loaders = createLoaders(context.config.loaders);
  key = dayKey(viewer, date);
  void context.loaders.today.preload(key, sections, fields);
  return key;
}

function dayKey(viewer: Viewer, date: string | null | undefined, session?: SessionCheck): DayKey {
  const timezone = viewer.timezone;
  let day: string;
  let bounds: { start: Date; end: Date };
  try {
    day = date ?? todayIn(timezone);
    bounds = dayBoundsUtc(day, timezone);
  } catch {
    throw badInput(`Cannot compute the day ${date ?? ""} in time zone ${timezone}`);
  }
  return session ? { userId: viewer.userId, day, timezone, ...bounds, session } : { userId: viewer.userId, day, timezone, ...bounds };
}

/** The page sections each `Today` field reads (the others read none), from the sections' list. */
const SECTIONS_OF_FIELD: ReadonlyMap<string, readonly TodaySectionName[]> = (() => {
  const byField = new Map<string, TodaySectionName[]>();
  for (const name of TODAY_SECTION_NAMES) {
    for (const field of TODAY_SECTIONS[name].fields) byField.set(field, [...(byField.get(field) ?? []), name]);
  }
  return byField;
})();

/** What a `today` field's selection reads: its page sections, and every field name under it. */
interface TodaySelection {
  sections: ReadonlySet<TodaySectionName>;
  fields: ReadonlySet<string>;
}

// Per parsed document (Yoga caches the parse, so the field node is the same object for every
// request of the same document): walked once.
const selections = new WeakMap<FieldNode, TodaySelection>();

/**
 * The sections the `today` field's selection needs and the field names selected beneath it,
 * through fragments (the names decide which on-demand columns the page sends:
 * src/loaders/today/rows.ts). @skip/@include are not evaluated: a skipped field is still read
 * (a few columns more), never one missed.
 */
function selectionOf(info: GraphQLResolveInfo): TodaySelection {
  const node = info.fieldNodes[0];
  const known = info.fieldNodes.length === 1 ? selections.get(node) : undefined;
  if (known) return known;
  const sections = new Set<TodaySectionName>();
  const names = new Set<string>();
  const seen = new Set<string>();
  const walk = (selectionSet: SelectionSetNode | undefined, top: boolean) => {
    for (const selection of selectionSet?.selections ?? []) {
      if (selection.kind === Kind.FIELD) {
        const name = selection.name.value;
        if (top) for (const section of SECTIONS_OF_FIELD.get(name) ?? []) sections.add(section);
        names.add(name);
        walk(selection.selectionSet, false);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        walk(selection.selectionSet, top);
      } else if (!seen.has(selection.name.value)) {
        seen.add(selection.name.value);
        walk(info.fragments[selection.name.value]?.selectionSet, top);
      }
    }
  };
  for (const fieldNode of info.fieldNodes) walk(fieldNode.selectionSet, true);
  const selection = { sections, fields: selectionOfNames(names) };
  if (info.fieldNodes.length === 1) selections.set(node, selection);
  return selection;
}

/** The relations the page's sections nest into their rows (goals.ts, focus.ts), by type. */
const NESTED_RELATIONS: Readonly<Record<string, string>> = { Goal: "milestones", FocusSession: "pauseState" };
const answering = new WeakSet<GraphQLSchema>();

/**
 * The page's goals and focus sessions come with their milestones and pause state nested, so
 * those fields answer from the row. plugin-prisma's relation resolver would look for a loader
 * mapping by the field's path and plan a fallback query for every row first (with the same
 * answer): in the 200-item page's CPU profile, its 50 goals cost more than its 200 habits.
 * Rows from anywhere else keep plugin-prisma's resolver.
 */
export function answerNestedRelations(schema: GraphQLSchema): GraphQLSchema {
  if (answering.has(schema)) return schema;
  answering.add(schema);
  for (const [typename, name] of Object.entries(NESTED_RELATIONS)) {
    const type = schema.getType(typename);
    const field = isObjectType(type) ? type.getFields()[name] : undefined;
    const resolve = field?.resolve;
    if (!field || !resolve) throw new Error(`${typename}.${name} is not a resolved field`);
    field.resolve = (row, args, context, info) =>
      readWithRelations.has(row) ? (row as Record<string, unknown>)[name] : resolve(row, args, context, info);
  }
  return schema;
}

// The section fields ignore plugin-prisma's derived `query`: a section is one column of the
// page statement (src/loaders/today/), returning whole rows in Prisma's shape with the
// relations the page reads (plan items, pause states, milestones) already nested, so the
// nested fields resolve from the parent without another query.
Today.implement({
  description: "Everything the Today page shows, for one user and one calendar day.",
  fields: (t) => ({
    date: t.field({ type: "Date", resolve: (root) => root.day }),
    timezone: t.string({ resolve: (root) => root.timezone }),
    startsAt: t.field({
      type: "DateTime",
      description: "First instant of the day in the user's time zone.",
      resolve: (root) => root.start,
    }),
    endsAt: t.field({ type: "DateTime", description: "First instant of the next day.", resolve: (root) => root.end }),
    plan: t.prismaField({
      type: "DailyPlan",
      nullable: true,
      resolve: (_query, root, _args, context) => context.loaders.today.plan.load(root),
    }),
    calendarEvents: t.prismaField({
      type: ["CalendarEvent"],
      description: "Events overlapping the day in the user's time zone: all-day events first, then by start time.",
      resolve: (_query, root, _args, context) => context.loaders.today.calendarEvents.load(root),
    }),
    focus: t.field({ type: TodayFocus, resolve: (root) => root }),
    habits: t.field({
      type: [TodayHabit],
      description: "Habits due that day, each with that day's completion and its current streak.",
      resolve: (root, _args, context) => context.loaders.today.habits.load(root),
    }),
    goals: t.prismaField({
      type: ["Goal"],
      description: "Active goals (with their milestones).",
      resolve: (_query, root, _args, context) => context.loaders.today.goals.load(root),
    }),
    quests: t.field({
      type: [TodayQuest],
      description: "The user's open quests (and those completed that day) and the catalogue quests available that day.",
      resolve: (root, _args, context) => context.loaders.today.quests.load(root),
    }),
    inbox: t.prismaField({
      type: ["InboxItem"],
      description: "Open (not archived) inbox items.",
      resolve: (_query, root, _args, context) => context.loaders.today.inbox.load(root),
    }),
    progress: t.field({
      type: TodayProgress,
      resolve: (root, _args, context) => context.loaders.today.progress.load(root),
    }),
    nextAction: t.field({
      type: NextActionRef,
      nullable: true,
      description:
        "The one suggested next step (src/today/next-action.ts), from the habits, quests, focus and plan sections: " +
        "read in the page statement with them, so it adds no query.",
      resolve: async (root, _args, { loaders: { today } }) => {
        const [habits, quests, focus, plan] = await Promise.all([
          today.habits.load(root),
          today.quests.load(root),
          today.focus.load(root),
          today.plan.load(root),
        ]);
        return nextAction({ day: root.day, habits, quests, focus, plan });
      },
    }),
    viewer: t.field({
      type: TodayViewer,
      description: "Who the page is for: name and avatar (read in the page statement, no extra round trip).",
      resolve: (root, _args, context) => context.loaders.today.viewer.load(root),
    }),
    settings: t.field({
      type: TodaySettings,
      description: "The settings the page renders with (read in the page statement; defaults when the user has none).",
      resolve: async (root, _args, context) => ({
        timezone: root.timezone,
        settings: (await context.loaders.today.viewer.load(root)).settings,
      }),
    }),
  }),
});

TodayViewer.implement({
  fields: (t) => ({
    displayName: t.string({ resolve: (row) => row.displayName }),
    avatarUrl: t.string({ nullable: true, resolve: (row) => row.avatarUrl }),
  }),
});

TodaySettings.implement({
  fields: (t) => ({
    timezone: t.string({ description: "The IANA zone the day is computed in (as `Today.timezone`).", resolve: (row) => row.timezone }),
    weekStartsOn: t.int({
      description: "ISO weekday: 1 = Monday … 7 = Sunday.",
      resolve: (row) => row.settings?.weekStartsOn ?? SETTINGS_DEFAULTS.weekStartsOn,
    }),
    locale: t.string({ resolve: (row) => row.settings?.locale ?? SETTINGS_DEFAULTS.locale }),
    theme: t.string({ description: "`system`, `light` or `dark`.", resolve: (row) => row.settings?.theme ?? SETTINGS_DEFAULTS.theme }),
  }),
});

TodayFocus.implement({
  fields: (t) => ({
    activeSession: t.prismaField({
      type: "FocusSession",
      nullable: true,
      description: "The running session (any day), with its pause state.",
      resolve: async (_query, key, _args, context) => (await context.loaders.today.focus.load(key)).active,
    }),
    sessions: t.prismaField({
      type: ["FocusSession"],
      description: "Sessions started that day, oldest first.",
      resolve: async (_query, key, _args, context) => (await context.loaders.today.focus.load(key)).ofDay,
    }),
    completedCount: t.int({
      resolve: async (key, _args, context) =>
        (await context.loaders.today.focus.load(key)).ofDay.filter((s) => s.status === "COMPLETED").length,
    }),
    focusedSeconds: t.int({
      description: "Seconds focused in the day's completed sessions.",
      resolve: async (key, _args, context) =>
        (await context.loaders.today.focus.load(key)).ofDay
          .filter((session) => session.status === "COMPLETED")
          .reduce((total, session) => total + (session.actualDurationSeconds ?? 0), 0),
    }),
  }),
});

// Both wrapper types only read properties their loader worked out (TodayHabitRow, TodayQuestRow):
// a field without a resolver of its own is a property read for the executor, where a resolver
// costs a call, an info object and a path for each of the page's hundreds of rows.
TodayHabit.implement({
  fields: (t) => ({
    habit: t.expose("habit", { type: HabitRef }),
    completion: t.expose("completion", { type: HabitCompletionRef, nullable: true, description: "That day's completion, if any." }),
    count: t.exposeInt("count", { description: "Completions counted that day." }),
    targetCount: t.exposeInt("targetCount"),
    completed: t.exposeBoolean("completed", { description: "The day's count reached the habit's target." }),
    streak: t.exposeInt("streak", { description: "Consecutive due days done, up to that day (an unfinished day does not break it)." }),
  }),
});

TodayQuest.implement({
  fields: (t) => ({
    kind: t.expose("kind", { type: TodayQuestKind }),
    title: t.exposeString("title"),
    description: t.exposeString("description", { nullable: true }),
    currentValue: t.exposeInt("currentValue"),
    targetValue: t.exposeInt("targetValue"),
    completed: t.exposeBoolean("completed"),
    xpReward: t.exposeInt("xpReward"),
    coinReward: t.exposeInt("coinReward"),
    periodStart: t.expose("periodStart", {
      type: "Date",
      nullable: true,
      description: "For a universal quest: the first day of the period its progress counts for.",
    }),
    sortOrder: t.exposeInt("sortOrder"),
    quest: t.expose("quest", { type: QuestRef, nullable: true }),
    universalQuest: t.expose("universalQuest", { type: UniversalQuestRef, nullable: true }),
    progress: t.expose("progress", { type: UserQuestProgressRef, nullable: true }),
  }),
});

TodayProgress.implement({
  fields: (t) => ({
    level: t.int({ resolve: (row) => row.progress?.level ?? 1 }),
    totalXp: t.int({ resolve: (row) => row.progress?.totalXp ?? 0 }),
    xpForNextLevel: t.int({
      description: "Total XP at which the next level starts.",
      resolve: (row) => xpForLevel((row.progress?.level ?? 1) + 1),
    }),
    xpToday: t.int({ description: "XP earned that day (ledger entries created that day).", resolve: (row) => row.xpToday }),
    coinsToday: t.int({ description: "Net coins of that day's ledger entries.", resolve: (row) => row.coinsToday }),
    coins: t.int({ resolve: (row) => row.wallet?.coins ?? 0 }),
    progress: t.field({ type: UserProgressRef, nullable: true, resolve: (row) => row.progress }),
    wallet: t.field({ type: UserWalletRef, nullable: true, resolve: (row) => row.wallet }),
    streaks: t.field({ type: [UserStreakRef], resolve: (row) => row.streaks }),
  }),
});
