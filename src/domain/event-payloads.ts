// The event catalogue (docs/architecture.md, "Events"): every change a projector, a rule or a live Today page
// needs is one `behavior_outbox` row of one of these types. The payload schemas below are the
// catalogue: `docs/events.md` is generated from them (`npm run events:doc`) and a test checks it
// is fresh. Writing an event is dispatch.ts's work (through `emit`/`record` in events.ts).
import { z } from "zod";

/** Bumped when a payload changes shape incompatibly; stored in every payload as `v`. */
export const EVENT_SCHEMA_VERSION = 1;

const id = z.string().uuid();
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const changed = z.array(z.string()).describe("names of the fields the edit set");

/** Content of the user's own: created, updated (with the changed fields) and deleted. */
function contentEvents<P extends string, K extends string>(prefix: P, key: K) {
  const ref = z.object({ [key]: id } as { [k in K]: typeof id });
  const updated = ref.extend({ changed });
  return {
    [`${prefix}.created`]: ref,
    [`${prefix}.updated`]: updated,
    [`${prefix}.deleted`]: ref,
  } as { [E in `${P}.created` | `${P}.deleted`]: typeof ref } & { [E in `${P}.updated`]: typeof updated };
}

export const eventPayloads = {
  // Habits
  ...contentEvents("habit", "habitId"),
  "habit.archived": z.object({ habitId: id, archived: z.boolean() }),
  "habit.completed": z.object({
    habitId: id,
    completionId: id,
    day,
    count: z.number().int(),
    targetCount: z.number().int(),
    done: z.boolean().describe("the day's count reached the target with this completion"),
  }),
  "habit.uncompleted": z.object({ habitId: id, day }),
  // Goals and milestones
  ...contentEvents("goal", "goalId"),
  "goal.completed": z.object({ goalId: id }),
  "goal.uncompleted": z.object({ goalId: id }),
  ...contentEvents("milestone", "milestoneId"),
  "milestone.completed": z.object({ milestoneId: id, goalId: id }),
  "milestone.uncompleted": z.object({ milestoneId: id, goalId: id }),
  "goal.archived": z.object({ goalId: id, archived: z.boolean() }),
  // Focus
  "focus.started": z.object({ sessionId: id, mode: z.string(), plannedSeconds: z.number().int() }),
  "focus.paused": z.object({ sessionId: id }),
  "focus.resumed": z.object({ sessionId: id, pausedSeconds: z.number().int() }),
  "focus.finished": z.object({ sessionId: id, mode: z.string(), focusedSeconds: z.number().int() }),
  "focus.abandoned": z.object({ sessionId: id, focusedSeconds: z.number().int() }),
  // Quests: the user's own, and catalogue quests per period
  ...contentEvents("quest", "questId"),
  "quest.progressed": z.object({ questId: id, value: z.number().int(), target: z.number().int() }),
  "quest.completed": z.object({ questId: id, sourceQuestId: id.nullable() }),
  "quest.abandoned": z.object({ questId: id }),
  "universal_quest.progressed": z.object({
    questId: id,
    questKey: z.string(),
    periodStart: day,
    value: z.number().int(),
    target: z.number().int(),
  }),
  "universal_quest.completed": z.object({ questId: id, questKey: z.string(), periodStart: day }),
  // Planning
  "plan.changed": z.object({
    planId: id,
    date: day,
    action: z.enum(["planned", "item_added", "item_updated", "item_removed", "reordered", "deleted"]),
    itemIds: z.array(z.string()),
  }),
  ...contentEvents("calendar_event", "eventId"),
  // Inbox
  "inbox.item_created": z.object({ itemId: id, kind: z.string() }),
  "inbox.item_read": z.object({ itemIds: z.array(id) }),
  "inbox.item_archived": z.object({ itemIds: z.array(id) }),
  "inbox.item_unarchived": z.object({ itemId: id }),
  "inbox.item_deleted": z.object({ itemId: id }),
  "inbox.item_updated": z.object({ itemId: id, changed }),
  "inbox.reordered": z.object({ itemIds: z.array(id).describe("the open inbox in its new order") }),
  // Economy
  "points.awarded": z.object({
    ledgerId: id,
    xp: z.number().int(),
    coins: z.number().int(),
    reason: z.string(),
    ledgerKey: z.string(),
  }),
  "achievement.unlocked": z.object({ achievementKey: z.string(), userAchievementId: id }),
  "market.purchased": z.object({ purchaseId: id, itemId: id, itemKey: z.string(), price: z.number().int() }),
  "market.redeemed": z.object({ purchaseId: id, itemId: id }),
  "market.refunded": z.object({ purchaseId: id, itemId: id, coins: z.number().int().describe("coins returned to the wallet") }),
  // Learning, reading, fitness
  "lesson.progressed": z.object({
    lessonId: id,
    lessonKey: z.string(),
    percent: z.number().int(),
    completed: z.boolean(),
  }),
  "drill.attempted": z.object({ drillId: id, drillKey: z.string(), score: z.number().int(), correct: z.boolean() }),
  "reading.logged": z.object({ sessionId: id, bookId: id, day, pages: z.number().int() }),
  "reading.deleted": z.object({ sessionId: id, bookId: id }),
  "reading.updated": z.object({ sessionId: id, bookId: id, day, pages: z.number().int(), changed }),
  "book.finished": z.object({ bookId: id }),
  ...contentEvents("book", "bookId"),
  "workout.logged": z.object({ sessionId: id, day, sets: z.number().int() }),
  "workout.updated": z.object({ sessionId: id, changed }),
  "workout.deleted": z.object({ sessionId: id }),
  "workout.set_added": z.object({ sessionId: id, setId: id }),
  "workout.set_updated": z.object({ sessionId: id, setId: id, changed }),
  "workout.set_deleted": z.object({ sessionId: id, setId: id }),
  "reference.region_added": z.object({ trackId: id, regionId: id }),
  // Platform
  "profile.updated": z.object({ changed }),
  "settings.changed": z.object({ changed }),
  "onboarding.completed": z.object({ flowKey: z.string(), skipped: z.boolean() }),
  "decision.shown": z.object({
    decisionId: id,
    decisionKey: z.string(),
    surface: z.string(),
    suggestionId: z.string().optional().describe("the suggestion's stable id (e.g. Today.nextAction.id), when it has one"),
    policyVersion: z.string().optional().describe("the priority rules' version that made a Today.nextAction suggestion"),
    heldOut: z.boolean().optional().describe("the holdout's control group: recorded, not shown"),
  }),
  "decision.outcome": z.object({
    decisionId: id,
    decisionKey: z.string(),
    outcome: z.string(),
    eventId: z.string().optional().describe("the outbox id of the event that acted on the target, when the server saw it"),
  }),
  // Accounts: written after the user's rows are gone, with no user on the row (the user id is
  // only in the payload), so projectors can remove what they hold of the user.
  "account.deleted": z.object({ userId: id }),
} as const;

export type EventType = keyof typeof eventPayloads;

/** The `changed` of an `*.updated` payload: the names of the fields an edit set (not undefined), sorted. */
export function changedFieldNames(input: object): string[] {
  return Object.entries(input)
    .filter(([, value]) => value !== undefined)
    .map(([name]) => name)
    .sort();
}
export type EventPayload<T extends EventType> = z.infer<(typeof eventPayloads)[T]>;

/** One event: its type, whose it is, and its payload. */
export type DomainEvent = { [T in EventType]: { type: T; userId: string; payload: EventPayload<T> } }[EventType];

/** The outbox key of an event: derived here and nowhere else. */
export function eventKey(event: Pick<DomainEvent, "type" | "userId">, once: string): string {
  return `${event.type}:${event.userId}:${once}`;
}
