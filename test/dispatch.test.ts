// The dispatcher (src/domain/dispatch.ts): one action's events reach behavior_outbox cause
// before effect — the action's event, the awards paid with it, then its rules' events and
// awards, breadth first — and a chain of causes longer than MAX_EVENT_DEPTH is refused.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { todayIn } from "../src/domain/calendar.ts";
import { dispatch, EventChainTooDeepError, MAX_EVENT_DEPTH } from "../src/domain/dispatch.ts";
import type { DomainEvent } from "../src/domain/events.ts";
import { ledgerKeys } from "../src/domain/ledger-keys.ts";
import type { RuleStep } from "../src/domain/rules.ts";
import { startTestGateway, type TestGateway, type TestUser } from "./support/gateway.ts";
import { eventsOf, type EventRow } from "./support/event-rows.ts";
import { rawId } from "./support/graphqlIds.ts";

let t: TestGateway;
beforeAll(async () => {
  t = await startTestGateway();
});
afterAll(async () => {
  await t?.close();
});

const CREATE_HABIT = `mutation($input: CreateHabitInput!) { createHabit(input: $input) { id } }`;
const COMPLETE = `mutation($habitId: ID!) { completeHabit(habitId: $habitId) { becameDone award { entry { idempotencyKey } } } }`;
const UNCOMPLETE = `mutation($habitId: ID!) { uncompleteHabit(habitId: $habitId) { reversal { entry { idempotencyKey } } } }`;

async function habitOf(user: TestUser, name: string): Promise<string> {
  return (await t.ok(CREATE_HABIT, { input: { name } }, { token: user.token })).createHabit.id;
}

/** The events one call wrote for the user, in outbox order, as `type` or `type (detail)`. */
async function eventsDuring(user: TestUser, action: () => Promise<unknown>): Promise<string[]> {
  const before = (await eventsOf(t.prisma, user.userId)).length;
  await action();
  return (await eventsOf(t.prisma, user.userId)).slice(before).map(describeEvent);
}

function describeEvent(row: EventRow): string {
  const payload = row.payload;
  switch (row.eventType) {
    case "points.awarded":
      return `points.awarded (${String(payload.ledgerKey)})`;
    case "achievement.unlocked":
      return `achievement.unlocked (${String(payload.achievementKey)})`;
    case "universal_quest.progressed":
      return `universal_quest.progressed (${String(payload.questKey)} ${String(payload.value)}/${String(payload.target)})`;
    case "universal_quest.completed":
      return `universal_quest.completed (${String(payload.questKey)})`;
    default:
      return row.eventType;
  }
}

async function questId(key: string): Promise<string> {
  return (await t.prisma.universalQuest.findUniqueOrThrow({ where: { key } })).id;
}

describe("one action's events, in order", () => {
  it("completeHabit: habit.completed, its reward, then what the rules make of both", async () => {
    const user = await t.createUser();
    const day = todayIn("UTC");
    const habits = [await habitOf(user, "Water"), await habitOf(user, "Read"), await habitOf(user, "Walk")];
    const habitKey = (id: string) => ledgerKeys.habitDay(rawId(id), day);

    // The first completion ever: a quest moves and the first-habit achievement unlocks and pays.
    const first = await eventsDuring(user, () => t.ok(COMPLETE, { habitId: habits[0] }, { token: user.token }));
    expect(first).toEqual([
      "habit.completed",
      `points.awarded (${habitKey(habits[0])})`,
      "universal_quest.progressed (daily-three-habits 1/3)",
      "achievement.unlocked (first-habit-check)",
      `points.awarded (${ledgerKeys.achievement("first-habit-check")})`,
    ]);

    await t.ok(COMPLETE, { habitId: habits[1] }, { token: user.token });

    // The third completes 'Three for Today': its reward and completion follow the progress, and
    // the first-quest achievement (a rule of universal_quest.completed) comes one level later.
    const third = await eventsDuring(user, () => t.ok(COMPLETE, { habitId: habits[2] }, { token: user.token }));
    const questDay = ledgerKeys.universalQuestPeriod(await questId("daily-three-habits"), day);
    expect(third).toEqual([
      "habit.completed",
      `points.awarded (${habitKey(habits[2])})`,
      "universal_quest.progressed (daily-three-habits 3/3)",
      `points.awarded (${questDay})`,
      "universal_quest.completed (daily-three-habits)",
      "achievement.unlocked (quest-first-complete)",
      `points.awarded (${ledgerKeys.achievement("quest-first-complete")})`,
    ]);
  });

  it("uncompleteHabit: habit.uncompleted, then the reward taken back", async () => {
    const user = await t.createUser();
    const habit = await habitOf(user, "Stretch");
    await t.ok(COMPLETE, { habitId: habit }, { token: user.token });
    let undoKey = "";
    const undo = await eventsDuring(user, async () => {
      undoKey = (await t.ok(UNCOMPLETE, { habitId: habit }, { token: user.token })).uncompleteHabit.reversal.entry.idempotencyKey;
    });
    expect(undo).toEqual(["habit.uncompleted", `points.awarded (${undoKey})`, "universal_quest.progressed (daily-three-habits 0/3)"]);
  });

  it("a repeated action records nothing and pays nothing twice", async () => {
    const user = await t.createUser();
    const habit = await habitOf(user, "Floss");
    await t.ok(COMPLETE, { habitId: habit }, { token: user.token });
    // The day is done: another completion writes its event but no reward, and no rule moves.
    const again = await eventsDuring(user, () => t.ok(COMPLETE, { habitId: habit }, { token: user.token }));
    expect(again).toEqual(["habit.completed"]);
  });
});

describe("the depth bound", () => {
  // A rule that answers each `settings.changed` with another one, `levels` deep.
  const chainOf =
    (levels: number): RuleStep =>
    async (_tx, event) => {
      if (event.type !== "settings.changed") return [];
      const level = Number(event.payload.changed[0]);
      return level < levels ? [{ event: { ...event, payload: { changed: [String(level + 1)] } } }] : [];
    };
  const start = (userId: string): DomainEvent => ({ type: "settings.changed", userId, payload: { changed: ["1"] } });

  it(`a chain of ${MAX_EVENT_DEPTH} events is recorded, in order`, async () => {
    const user = await t.createUser();
    await t.prisma.$transaction((tx) => dispatch(tx, [{ event: start(user.userId) }], chainOf(MAX_EVENT_DEPTH)));
    const rows = await eventsOf(t.prisma, user.userId, ["settings.changed"]);
    expect(rows.map((row) => (row.payload.changed as string[])[0])).toEqual(
      Array.from({ length: MAX_EVENT_DEPTH }, (_, index) => String(index + 1)),
    );
  });

  it("one level more is refused with the chain named, and the transaction writes nothing", async () => {
    const user = await t.createUser();
    const attempt = t.prisma.$transaction((tx) => dispatch(tx, [{ event: start(user.userId) }], chainOf(MAX_EVENT_DEPTH + 1)));
    await expect(attempt).rejects.toThrow(EventChainTooDeepError);
    await expect(attempt).rejects.toThrow(
      `Event chain deeper than ${MAX_EVENT_DEPTH} levels (a rule loop?): ${Array(MAX_EVENT_DEPTH + 1)
        .fill("settings.changed")
        .join(" → ")}`,
    );
    expect(await eventsOf(t.prisma, user.userId, ["settings.changed"])).toEqual([]);
  });
});
