// The behavior graph: the Cypher each outbox event becomes. Pure (no driver, no I/O), so every
// event type's statements are unit-tested without a Neo4j server (test/neo4j-cypher.test.ts).
//
// Rules:
// - Values only ever travel as parameters ($name). Labels and relationship types are the
//   constants below; nothing from a payload is ever written into a statement's text.
// - Every write is a MERGE on a stable id (the outbox sequence for :Event nodes and for the
//   `eventId` of every per-event relationship, the row id for entities), so applying a batch
//   twice has the effect of applying it once (the ProjectorSink contract).
// - State that can flip (archived, completed) is set with a sequence guard: an older event
//   replayed after a newer one never overwrites the newer value.
import { parseSuggestionId, SUGGESTION_KINDS } from "../../domain/decisions.ts";
import { eventPayloads, type EventPayload, type EventType } from "../../domain/events.ts";
import type { OutboxEvent } from "../sink.ts";

export interface CypherStatement {
  statement: string;
  params: Record<string, unknown>;
}

/** The node labels of the graph (constants: never built from data). */
export const LABELS = [
  "User",
  "Day",
  "Event",
  "Habit",
  "Goal",
  "Milestone",
  "Quest",
  "UniversalQuest",
  "FocusSession",
  "Plan",
  "PlanItem",
  "CalendarEvent",
  "InboxItem",
  "Achievement",
  "MarketItem",
  "Lesson",
  "Drill",
  "Book",
  "Workout",
  "Track",
  "Region",
  "Decision",
] as const;
export type Label = (typeof LABELS)[number];

/** Relationship types (constants). */
export const RELATIONSHIPS = [
  "DID", // (User)-[:DID]->(Event)
  "ON", // (Event)-[:ON]->(Day)
  "OF", // (Day)-[:OF]->(User)
  "ABOUT", // (Event)-[:ABOUT]->(subject)
  "OWNS", // (User)-[:OWNS]->(Habit|Goal|Quest|FocusSession|Plan|Book|…)
  "PART_OF", // (Milestone)-[:PART_OF]->(Goal), (PlanItem)-[:PART_OF]->(Plan), (Region)-[:PART_OF]->(Track)
  "FOR_DAY", // (Plan)-[:FOR_DAY]->(Day)
  "INSTANCE_OF", // (Quest)-[:INSTANCE_OF]->(UniversalQuest)
  "COMPLETED_ON", // (Habit|Goal|Milestone|Quest|UniversalQuest|FocusSession|Lesson|Book|Workout)-[:COMPLETED_ON {eventId}]->(Day)
  "UNCOMPLETED_ON", // (Habit|Goal|Milestone)-[:UNCOMPLETED_ON {eventId}]->(Day)
  "ABANDONED_ON", // (FocusSession|Quest)-[:ABANDONED_ON {eventId}]->(Day)
  "READ_ON", // (Book)-[:READ_ON {eventId, pages}]->(Day)
  "STARTED", // (User)-[:STARTED {eventId}]->(FocusSession)
  "UNLOCKED", // (User)-[:UNLOCKED {eventId}]->(Achievement)
  "PURCHASED", // (User)-[:PURCHASED {eventId}]->(MarketItem)
  "REDEEMED", // (User)-[:REDEEMED {eventId}]->(MarketItem)
  "REFUNDED", // (User)-[:REFUNDED {eventId, purchaseId, coins}]->(MarketItem)
  "ATTEMPTED", // (User)-[:ATTEMPTED {eventId, score, correct}]->(Drill)
  "SHOWN", // (User)-[:SHOWN {eventId}]->(Decision)
  "SUGGESTS", // (Decision)-[:SUGGESTS]->(Habit|Quest|UniversalQuest|FocusSession|PlanItem)
  "LED_TO", // (Decision)-[:LED_TO {eventId, outcome}]->(what it suggested)
] as const;
export type Relationship = (typeof RELATIONSHIPS)[number];

// ---- Statement pieces. Every statement an event builds starts from its :Event node.

const EVENT = "MATCH (e:Event {id: $eventId})";
const USER = "MATCH (u:User {id: $userId})";

/** A scalar or a list of scalars: what a Neo4j property can hold. */
function isProperty(value: unknown): boolean {
  if (value === null || ["string", "number", "boolean"].includes(typeof value)) return true;
  return Array.isArray(value) && value.every((item) => ["string", "number", "boolean"].includes(typeof item));
}

/** The payload's members that fit on a node as properties (all of the catalogue's do). */
function eventProperties(payload: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(payload).filter(([, value]) => value !== undefined && isProperty(value)));
}

/** The day an event belongs to: its payload's `day`/`date` when it has one, else its UTC date. */
export function eventDay(event: OutboxEvent): string {
  const { day, date } = event.payload as { day?: unknown; date?: unknown };
  for (const value of [day, date]) if (typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  return event.createdAt.toISOString().slice(0, 10);
}

/** The :Event node, and for a user's event its :User, its :Day and the DID/ON/OF edges. */
function coreStatements(event: OutboxEvent): CypherStatement[] {
  const params = {
    eventId: event.id.toString(),
    seq: Number(event.id),
    type: event.eventType,
    at: event.createdAt.toISOString(),
    day: eventDay(event),
    properties: eventProperties(event.payload),
  };
  const statements: CypherStatement[] = [
    {
      statement:
        "MERGE (e:Event {id: $eventId})\n" +
        "ON CREATE SET e.type = $type, e.seq = $seq, e.at = datetime($at), e.day = date($day)\n" +
        "SET e += $properties",
      params,
    },
  ];
  if (event.userId !== null) {
    statements.push({
      statement:
        `${EVENT}\n` +
        "MERGE (u:User {id: $userId})\n" +
        "MERGE (d:Day {userId: $userId, date: $day})\n" +
        "MERGE (d)-[:OF]->(u)\n" +
        "MERGE (u)-[:DID]->(e)\n" +
        "MERGE (e)-[:ON]->(d)",
      params: { eventId: params.eventId, userId: event.userId, day: params.day },
    });
  }
  return statements;
}

/** What a builder is given besides the payload. */
interface Context {
  eventId: string;
  seq: number;
  userId: string;
  day: string;
}

type Builder<T extends EventType> = (payload: EventPayload<T>, context: Context) => CypherStatement[];

function withContext(context: Context, params: Record<string, unknown>): Record<string, unknown> {
  return { eventId: context.eventId, userId: context.userId, ...params };
}

/** (Event)-[:ABOUT]->(n:label {id}), and (User)-[:OWNS]->(n) for the user's own things. */
function about(
  label: Label,
  id: string,
  context: Context,
  options: { owned?: boolean; props?: Record<string, unknown> } = {},
): CypherStatement {
  const owned = options.owned ?? true;
  const lines = [EVENT];
  if (owned) lines.push(USER);
  lines.push(`MERGE (n:${label} {id: $id})`);
  if (options.props) lines.push("SET n += $props");
  lines.push("MERGE (e)-[:ABOUT]->(n)");
  if (owned) lines.push("MERGE (u)-[:OWNS]->(n)");
  return { statement: lines.join("\n"), params: withContext(context, { id, ...(options.props ? { props: options.props } : {}) }) };
}

/** (n:label {id})-[:rel {eventId}]->(Day of `day`): an event-keyed edge, one per event. */
function toDay(
  label: Label,
  rel: Relationship,
  id: string,
  context: Context,
  day = context.day,
  props?: Record<string, unknown>,
): CypherStatement {
  return {
    statement:
      `${EVENT}\n` +
      `MATCH (n:${label} {id: $id})\n` +
      "MERGE (u:User {id: $userId})\n" +
      "MERGE (d:Day {userId: $userId, date: $targetDay})\n" +
      "MERGE (d)-[:OF]->(u)\n" +
      `MERGE (n)-[r:${rel} {eventId: $eventId}]->(d)` +
      (props ? "\nSET r += $props" : ""),
    params: withContext(context, { id, targetDay: day, ...(props ? { props } : {}) }),
  };
}

/** (User)-[:rel {eventId}]->(n:label {id}), e.g. STARTED a focus session, PURCHASED an item. */
function fromUser(label: Label, rel: Relationship, id: string, context: Context, props?: Record<string, unknown>): CypherStatement {
  return {
    statement:
      `${USER}\n` + `MATCH (n:${label} {id: $id})\n` + `MERGE (u)-[r:${rel} {eventId: $eventId}]->(n)` + (props ? "\nSET r += $props" : ""),
    params: withContext(context, { id, ...(props ? { props } : {}) }),
  };
}

/** (child)-[:PART_OF]->(parent), both merged on their ids. */
function partOf(child: Label, childId: string, parent: Label, parentId: string, context: Context): CypherStatement {
  return {
    statement: `MERGE (c:${child} {id: $childId})\nMERGE (p:${parent} {id: $parentId})\nMERGE (c)-[:PART_OF]->(p)`,
    params: withContext(context, { childId, parentId }),
  };
}

/** A state property that can flip, set only by an event newer than the one that set it last. */
function setState(
  label: Label,
  id: string,
  property: "archived" | "completed" | "deleted",
  value: boolean,
  context: Context,
): CypherStatement {
  const seqProperty = `${property}Seq`;
  return {
    statement:
      `MATCH (n:${label} {id: $id})\n` +
      `WITH n, coalesce(n.${seqProperty}, -1) < $seq AS newer\n` +
      `SET n.${property} = CASE WHEN newer THEN $value ELSE n.${property} END,\n` +
      `    n.${seqProperty} = CASE WHEN newer THEN $seq ELSE n.${seqProperty} END`,
    params: withContext(context, { id, value, seq: context.seq }),
  };
}

/** A user's own content: created/updated mark the node, deleted flags it (kept for history). */
function contentBuilders(label: Label) {
  const created = (id: string, context: Context) => [about(label, id, context)];
  const deleted = (id: string, context: Context) => [about(label, id, context), setState(label, id, "deleted", true, context)];
  return { created, updated: created, deleted };
}

const habit = contentBuilders("Habit");
const goal = contentBuilders("Goal");
const milestone = contentBuilders("Milestone");
const quest = contentBuilders("Quest");
const calendarEvent = contentBuilders("CalendarEvent");
const book = contentBuilders("Book");

/** The suggestion id of `Today.nextAction` (`<kind>:<target id>:<date>`), parsed to a graph target. */
export function suggestionTarget(suggestionId: string | null | undefined): { label: Label; id: string } | null {
  const suggestion = suggestionId ? parseSuggestionId(suggestionId) : null;
  return suggestion ? { label: SUGGESTION_KINDS[suggestion.kind], id: suggestion.targetId } : null;
}

/**
 * One builder per catalogued event type (the `satisfies` makes a new type without one a type
 * error; the test makes it a failing test too). Events listed in CORE_ONLY_EVENTS have no graph
 * meaning beyond "the user did this on that day": they make only the User, Day and Event nodes.
 */
const builders = {
  "habit.created": (p, c) => habit.created(p.habitId, c),
  "habit.updated": (p, c) => habit.updated(p.habitId, c),
  "habit.deleted": (p, c) => habit.deleted(p.habitId, c),
  "habit.archived": (p, c) => [about("Habit", p.habitId, c), setState("Habit", p.habitId, "archived", p.archived, c)],
  "habit.completed": (p, c) => [
    about("Habit", p.habitId, c),
    toDay("Habit", "COMPLETED_ON", p.habitId, c, p.day, { count: p.count, targetCount: p.targetCount, done: p.done }),
  ],
  "habit.uncompleted": (p, c) => [about("Habit", p.habitId, c), toDay("Habit", "UNCOMPLETED_ON", p.habitId, c, p.day)],
  "goal.created": (p, c) => goal.created(p.goalId, c),
  "goal.updated": (p, c) => goal.updated(p.goalId, c),
  "goal.deleted": (p, c) => goal.deleted(p.goalId, c),
  "goal.completed": (p, c) => [
    about("Goal", p.goalId, c),
    toDay("Goal", "COMPLETED_ON", p.goalId, c),
    setState("Goal", p.goalId, "completed", true, c),
  ],
  "goal.uncompleted": (p, c) => [
    about("Goal", p.goalId, c),
    toDay("Goal", "UNCOMPLETED_ON", p.goalId, c),
    setState("Goal", p.goalId, "completed", false, c),
  ],
  "goal.archived": (p, c) => [about("Goal", p.goalId, c), setState("Goal", p.goalId, "archived", p.archived, c)],
  "milestone.created": (p, c) => milestone.created(p.milestoneId, c),
  "milestone.updated": (p, c) => milestone.updated(p.milestoneId, c),
  "milestone.deleted": (p, c) => milestone.deleted(p.milestoneId, c),
  "milestone.completed": (p, c) => [
    about("Milestone", p.milestoneId, c),
    partOf("Milestone", p.milestoneId, "Goal", p.goalId, c),
    toDay("Milestone", "COMPLETED_ON", p.milestoneId, c),
  ],
  "milestone.uncompleted": (p, c) => [
    about("Milestone", p.milestoneId, c),
    partOf("Milestone", p.milestoneId, "Goal", p.goalId, c),
    toDay("Milestone", "UNCOMPLETED_ON", p.milestoneId, c),
  ],
  "focus.started": (p, c) => [
    about("FocusSession", p.sessionId, c, { props: { mode: p.mode, plannedSeconds: p.plannedSeconds } }),
    fromUser("FocusSession", "STARTED", p.sessionId, c),
  ],
  "focus.paused": (p, c) => [about("FocusSession", p.sessionId, c)],
  "focus.resumed": (p, c) => [about("FocusSession", p.sessionId, c)],
  "focus.finished": (p, c) => [
    about("FocusSession", p.sessionId, c, { props: { mode: p.mode, focusedSeconds: p.focusedSeconds } }),
    toDay("FocusSession", "COMPLETED_ON", p.sessionId, c),
  ],
  "focus.abandoned": (p, c) => [
    about("FocusSession", p.sessionId, c, { props: { focusedSeconds: p.focusedSeconds } }),
    toDay("FocusSession", "ABANDONED_ON", p.sessionId, c),
  ],
  "quest.created": (p, c) => quest.created(p.questId, c),
  "quest.updated": (p, c) => quest.updated(p.questId, c),
  "quest.deleted": (p, c) => quest.deleted(p.questId, c),
  "quest.progressed": (p, c) => [about("Quest", p.questId, c)],
  "quest.completed": (p, c) => [
    about("Quest", p.questId, c),
    toDay("Quest", "COMPLETED_ON", p.questId, c),
    ...(p.sourceQuestId === null
      ? []
      : [
          {
            statement: "MERGE (q:Quest {id: $questId})\nMERGE (t:UniversalQuest {id: $sourceQuestId})\nMERGE (q)-[:INSTANCE_OF]->(t)",
            params: withContext(c, { questId: p.questId, sourceQuestId: p.sourceQuestId }),
          },
        ]),
  ],
  "quest.abandoned": (p, c) => [about("Quest", p.questId, c), toDay("Quest", "ABANDONED_ON", p.questId, c)],
  "universal_quest.progressed": (p, c) => [about("UniversalQuest", p.questId, c, { owned: false, props: { key: p.questKey } })],
  "universal_quest.completed": (p, c) => [
    about("UniversalQuest", p.questId, c, { owned: false, props: { key: p.questKey } }),
    toDay("UniversalQuest", "COMPLETED_ON", p.questId, c, c.day, { periodStart: p.periodStart }),
  ],
  "plan.changed": (p, c) => [
    about("Plan", p.planId, c),
    {
      statement:
        "MATCH (n:Plan {id: $planId})\n" +
        "MERGE (u:User {id: $userId})\n" +
        "MERGE (d:Day {userId: $userId, date: $date})\n" +
        "MERGE (d)-[:OF]->(u)\n" +
        "MERGE (n)-[:FOR_DAY]->(d)",
      params: withContext(c, { planId: p.planId, date: p.date }),
    },
    ...(p.action === "deleted" || p.action === "item_removed"
      ? []
      : [
          {
            statement:
              "MATCH (n:Plan {id: $planId})\n" +
              "UNWIND $itemIds AS itemId\n" +
              "MERGE (i:PlanItem {id: itemId})\n" +
              "MERGE (i)-[:PART_OF]->(n)",
            params: withContext(c, { planId: p.planId, itemIds: p.itemIds }),
          },
        ]),
  ],
  "calendar_event.created": (p, c) => calendarEvent.created(p.eventId, c),
  "calendar_event.updated": (p, c) => calendarEvent.updated(p.eventId, c),
  "calendar_event.deleted": (p, c) => calendarEvent.deleted(p.eventId, c),
  "inbox.item_created": (p, c) => [about("InboxItem", p.itemId, c, { props: { kind: p.kind } })],
  "inbox.item_read": (p, c) => [aboutMany("InboxItem", p.itemIds, c)],
  "inbox.item_archived": (p, c) => [aboutMany("InboxItem", p.itemIds, c)],
  "inbox.item_unarchived": (p, c) => [about("InboxItem", p.itemId, c)],
  "inbox.item_deleted": (p, c) => [about("InboxItem", p.itemId, c), setState("InboxItem", p.itemId, "deleted", true, c)],
  "inbox.item_updated": (p, c) => [about("InboxItem", p.itemId, c)],
  "inbox.reordered": (p, c) => [aboutMany("InboxItem", p.itemIds, c)],
  "points.awarded": () => [],
  "achievement.unlocked": (p, c) => [
    about("Achievement", p.achievementKey, c, { owned: false }),
    fromUser("Achievement", "UNLOCKED", p.achievementKey, c),
  ],
  "market.purchased": (p, c) => [
    about("MarketItem", p.itemId, c, { owned: false, props: { key: p.itemKey } }),
    fromUser("MarketItem", "PURCHASED", p.itemId, c, { purchaseId: p.purchaseId, price: p.price }),
  ],
  "market.redeemed": (p, c) => [
    about("MarketItem", p.itemId, c, { owned: false }),
    fromUser("MarketItem", "REDEEMED", p.itemId, c, { purchaseId: p.purchaseId }),
  ],
  "market.refunded": (p, c) => [
    about("MarketItem", p.itemId, c, { owned: false }),
    fromUser("MarketItem", "REFUNDED", p.itemId, c, { purchaseId: p.purchaseId, coins: p.coins }),
  ],
  "lesson.progressed": (p, c) => [
    about("Lesson", p.lessonId, c, { owned: false, props: { key: p.lessonKey } }),
    ...(p.completed ? [toDay("Lesson", "COMPLETED_ON", p.lessonId, c)] : []),
  ],
  "drill.attempted": (p, c) => [
    about("Drill", p.drillId, c, { owned: false, props: { key: p.drillKey } }),
    fromUser("Drill", "ATTEMPTED", p.drillId, c, { score: p.score, correct: p.correct }),
  ],
  "reading.logged": (p, c) => [
    about("Book", p.bookId, c),
    toDay("Book", "READ_ON", p.bookId, c, p.day, { pages: p.pages, sessionId: p.sessionId }),
  ],
  "reading.deleted": (p, c) => [about("Book", p.bookId, c)],
  // An edit, not more reading: the logged session's READ_ON edge stays the one reading.logged made.
  "reading.updated": (p, c) => [about("Book", p.bookId, c)],
  "book.finished": (p, c) => [about("Book", p.bookId, c), toDay("Book", "COMPLETED_ON", p.bookId, c)],
  "book.created": (p, c) => book.created(p.bookId, c),
  "book.updated": (p, c) => book.updated(p.bookId, c),
  "book.deleted": (p, c) => book.deleted(p.bookId, c),
  "workout.logged": (p, c) => [
    about("Workout", p.sessionId, c, { props: { sets: p.sets } }),
    toDay("Workout", "COMPLETED_ON", p.sessionId, c, p.day),
  ],
  "workout.updated": (p, c) => [about("Workout", p.sessionId, c)],
  "workout.deleted": (p, c) => [about("Workout", p.sessionId, c), setState("Workout", p.sessionId, "deleted", true, c)],
  "workout.set_added": (p, c) => [about("Workout", p.sessionId, c)],
  "workout.set_updated": (p, c) => [about("Workout", p.sessionId, c)],
  "workout.set_deleted": (p, c) => [about("Workout", p.sessionId, c)],
  "reference.region_added": (p, c) => [about("Region", p.regionId, c), partOf("Region", p.regionId, "Track", p.trackId, c)],
  "settings.changed": () => [],
  "profile.updated": () => [],
  "onboarding.completed": () => [],
  "decision.shown": (p, c) => {
    const target = suggestionTarget(p.suggestionId);
    return [
      about("Decision", p.decisionId, c, {
        props: { key: p.decisionKey, surface: p.surface, suggestionId: p.suggestionId ?? null, heldOut: p.heldOut ?? false },
      }),
      // A held-out decision (the holdout's control group) was computed, not shown: no SHOWN edge.
      ...(p.heldOut ? [] : [fromUser("Decision", "SHOWN", p.decisionId, c)]),
      ...(target
        ? [
            {
              statement: `MATCH (n:Decision {id: $decisionId})\nMERGE (t:${target.label} {id: $targetId})\nMERGE (n)-[:SUGGESTS]->(t)`,
              params: withContext(c, { decisionId: p.decisionId, targetId: target.id }),
            },
          ]
        : []),
    ];
  },
  "decision.outcome": (p, c) => [
    about("Decision", p.decisionId, c, { props: { key: p.decisionKey } }),
    ...(p.outcome === "STARTED" || p.outcome === "COMPLETED"
      ? [
          {
            // The target is the one its decision.shown event linked (always earlier in the outbox).
            statement:
              "MATCH (n:Decision {id: $decisionId})-[:SUGGESTS]->(t)\n" +
              "MERGE (n)-[r:LED_TO {eventId: $eventId}]->(t)\n" +
              "SET r.outcome = $outcome",
            params: withContext(c, { decisionId: p.decisionId, outcome: p.outcome }),
          },
        ]
      : []),
  ],
  // Written with no user on the row (the account is gone): cypherFor answers it with eraseUser only.
  "account.deleted": (p) => eraseUser(p.userId),
} satisfies { [T in EventType]: Builder<T> };

/**
 * A deleted account leaves the graph: the user's plan items (reached through their plans),
 * everything they own (OWNS: habits, goals, quests, sessions, plans, books, decisions, …), their
 * events and days, then the user node; DETACH DELETE removes every edge with them. Catalogue
 * nodes (universal quests, achievements, market items, lessons, drills) are shared and stay,
 * without this user's edges. Each statement matches by the user's id, so applying it again
 * deletes nothing more.
 */
export function eraseUser(userId: string): CypherStatement[] {
  const params = { userId };
  return [
    { statement: "MATCH (:User {id: $userId})-[:OWNS]->(:Plan)<-[:PART_OF]-(i:PlanItem)\nDETACH DELETE i", params },
    { statement: "MATCH (:User {id: $userId})-[:OWNS]->(:Track)<-[:PART_OF]-(r:Region)\nDETACH DELETE r", params },
    { statement: "MATCH (:User {id: $userId})-[:OWNS]->(n)\nDETACH DELETE n", params },
    { statement: "MATCH (:User {id: $userId})-[:DID]->(e:Event)\nDETACH DELETE e", params },
    { statement: "MATCH (d:Day {userId: $userId})\nDETACH DELETE d", params },
    { statement: "MATCH (u:User {id: $userId})\nDETACH DELETE u", params },
  ];
}

function aboutMany(label: Label, ids: readonly string[], context: Context): CypherStatement {
  return {
    statement: `${EVENT}\n${USER}\nUNWIND $ids AS itemId\nMERGE (n:${label} {id: itemId})\nMERGE (e)-[:ABOUT]->(n)\nMERGE (u)-[:OWNS]->(n)`,
    params: withContext(context, { ids }),
  };
}

/** Event types that make only the User, Day and Event nodes (their payload is on the :Event). */
export const CORE_ONLY_EVENTS: readonly EventType[] = ["points.awarded", "settings.changed", "profile.updated", "onboarding.completed"];

/** Whether `type` has a builder (the test checks every catalogued type does). */
export function hasBuilder(type: string): boolean {
  return Object.hasOwn(builders, type);
}

/**
 * The statements that project one outbox event into the graph, in order. An event of an
 * unknown type, a payload the catalogue no longer parses, or an event without a user gets
 * only its :Event node (and User/Day when it has a user).
 */
export function cypherFor(event: OutboxEvent): CypherStatement[] {
  // No :Event node for it either: the graph keeps nothing of a deleted user, not even this.
  if (event.eventType === "account.deleted") {
    const parsed = eventPayloads["account.deleted"].safeParse(event.payload);
    return parsed.success ? eraseUser(parsed.data.userId) : [];
  }
  const statements = coreStatements(event);
  if (event.userId === null || !hasBuilder(event.eventType)) return statements;
  const type = event.eventType as EventType;
  const parsed = eventPayloads[type].safeParse(event.payload);
  if (!parsed.success) return statements;
  const context: Context = { eventId: event.id.toString(), seq: Number(event.id), userId: event.userId, day: eventDay(event) };
  const build = builders[type] as Builder<EventType>;
  return [...statements, ...build(parsed.data as EventPayload<EventType>, context)];
}

/** Uniqueness constraints the MERGEs rely on (one per label keyed by id; Day by user and date). */
export function schemaStatements(): string[] {
  return [
    ...LABELS.filter((label) => label !== "Day").map(
      (label) => `CREATE CONSTRAINT ${label.toLowerCase()}_id IF NOT EXISTS FOR (n:${label}) REQUIRE n.id IS UNIQUE`,
    ),
    "CREATE CONSTRAINT day_user_date IF NOT EXISTS FOR (n:Day) REQUIRE (n.userId, n.date) IS UNIQUE",
  ];
}
