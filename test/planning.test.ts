import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { comparePlanItems, type PlanItem, sortPlanItems } from "../src/domain/planning.ts";
import { startTestGateway, type TestGateway, type TestUser } from "./support/gateway.ts";

let t: TestGateway;
let alice: TestUser;
let bob: TestUser;

beforeAll(async () => {
  t = await startTestGateway();
  alice = await t.createUser({ timezone: "Europe/Berlin" });
  bob = await t.createUser({ timezone: "UTC" });
});
afterAll(async () => {
  await t?.close();
});

function errorCode(response: { errors?: Array<{ extensions?: { code?: string } }> }): string | undefined {
  return response.errors?.[0]?.extensions?.code;
}

const EVENT_FIELDS = "id title allDay startsAt endsAt startDate endDate sortOrder";
const PLAN_FIELDS = "id date intention notes items { id title kind refId durationMinutes done sortOrder createdAt }";

async function createEvent(user: TestUser, input: Record<string, unknown>) {
  const data = await t.ok(
    `mutation($input: CreateCalendarEventInput!) { createCalendarEvent(input: $input) { ${EVENT_FIELDS} } }`,
    { input },
    { token: user.token },
  );
  return data.createCalendarEvent;
}

async function eventTitles(user: TestUser, args = "") {
  const data = await t.ok(`{ viewer { calendarEvents${args} { edges { node { title } } } } }`, {}, { token: user.token });
  return data.viewer.calendarEvents.edges.map((edge: any) => edge.node.title);
}

describe("plan item order", () => {
  it("sorts by sortOrder, then createdAt, then id — whatever the input order", () => {
    const base = { title: "x", kind: "TASK" as const, refId: null, durationMinutes: null, done: false };
    const items: PlanItem[] = [
      { ...base, id: "c", sortOrder: 1, createdAt: "2024-05-01T10:00:00.000Z" },
      { ...base, id: "b", sortOrder: 0, createdAt: "2024-05-01T11:00:00.000Z" },
      { ...base, id: "a", sortOrder: 1, createdAt: "2024-05-01T10:00:00.000Z" },
      { ...base, id: "d", sortOrder: 0, createdAt: "2024-05-01T09:00:00.000Z" },
    ];
    expect(sortPlanItems(items).map((item) => item.id)).toEqual(["d", "b", "a", "c"]);
    expect(items.map((item) => item.id)).toEqual(["c", "b", "a", "d"]);
    expect(comparePlanItems(items[2], items[0])).toBeLessThan(0);
  });
});

describe("calendar events", () => {
  it("creates timed and all-day events and lists them by start (all-day at local midnight), then createdAt, id", async () => {
    // Europe/Berlin: 2024-06-10 starts at 2024-06-09T22:00Z.
    await createEvent(alice, { title: "Standup", startsAt: "2024-06-10T07:00:00Z", endsAt: "2024-06-10T07:15:00Z" });
    await createEvent(alice, { title: "Late night", startsAt: "2024-06-09T21:30:00Z", endsAt: "2024-06-09T23:00:00Z" });
    const allDay = await createEvent(alice, { title: "Conference", allDay: true, startDate: "2024-06-10", endDate: "2024-06-11" });
    await createEvent(alice, { title: "Same start B", startsAt: "2024-06-10T07:00:00Z", endsAt: "2024-06-10T08:00:00Z" });
    await createEvent(alice, { title: "Next week", startsAt: "2024-06-17T07:00:00Z", endsAt: "2024-06-17T08:00:00Z" });
    expect(allDay).toMatchObject({ allDay: true, startDate: "2024-06-10", endDate: "2024-06-11", startsAt: null, endsAt: null });

    expect(await eventTitles(alice)).toEqual(["Late night", "Conference", "Standup", "Same start B", "Next week"]);

    // [from, to) overlap: the Berlin day of 2024-06-11 holds only the second day of the conference.
    expect(await eventTitles(alice, `(from: "2024-06-10T22:00:00Z", to: "2024-06-11T22:00:00Z")`)).toEqual(["Conference"]);
    expect(await eventTitles(alice, `(from: "2024-06-10T07:10:00Z", to: "2024-06-12T00:00:00Z")`)).toEqual([
      "Conference",
      "Standup",
      "Same start B",
    ]);
  });

  it("pages with first/after without gaps or repeats", async () => {
    const all = await eventTitles(alice);
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 10; page += 1) {
      const data: any = await t.ok(
        `query($after: String) { viewer { calendarEvents(first: 2, after: $after) { edges { node { title } } pageInfo { hasNextPage endCursor } } } }`,
        { after },
        { token: alice.token },
      );
      const connection = data.viewer.calendarEvents;
      seen.push(...connection.edges.map((edge: any) => edge.node.title));
      if (!connection.pageInfo.hasNextPage) break;
      after = connection.pageInfo.endCursor;
    }
    expect(seen).toEqual(all);
    const bad = await t.graphql(`{ viewer { calendarEvents(after: "nope") { edges { node { id } } } } }`, {}, { token: alice.token });
    expect(errorCode(bad)).toBe("BAD_USER_INPUT");
  });

  it("refuses invalid spans and titles with BAD_USER_INPUT and creates nothing", async () => {
    const before = await t.prisma.calendarEvent.count();
    const cases: Array<Record<string, unknown>> = [
      { title: "Backwards", startsAt: "2024-06-10T08:00:00Z", endsAt: "2024-06-10T07:00:00Z" },
      { title: "Zero", startsAt: "2024-06-10T08:00:00Z", endsAt: "2024-06-10T08:00:00Z" },
      { title: "Too long", startsAt: "2024-06-01T00:00:00Z", endsAt: "2024-06-15T00:00:01Z" },
      { title: "No end", startsAt: "2024-06-10T08:00:00Z" },
      { title: "All-day backwards", allDay: true, startDate: "2024-06-10", endDate: "2024-06-09" },
      { title: "All-day without day", allDay: true },
      { title: "Mixed", allDay: true, startDate: "2024-06-10", startsAt: "2024-06-10T08:00:00Z" },
      { title: "Timed with date", startsAt: "2024-06-10T08:00:00Z", endsAt: "2024-06-10T09:00:00Z", startDate: "2024-06-10" },
      { title: "   ", startsAt: "2024-06-10T08:00:00Z", endsAt: "2024-06-10T09:00:00Z" },
      { title: "x".repeat(201), startsAt: "2024-06-10T08:00:00Z", endsAt: "2024-06-10T09:00:00Z" },
    ];
    for (const input of cases) {
      const response = await t.graphql(
        `mutation($input: CreateCalendarEventInput!) { createCalendarEvent(input: $input) { id } }`,
        { input },
        { token: alice.token },
      );
      expect(errorCode(response), JSON.stringify(input)).toBe("BAD_USER_INPUT");
    }
    // Exactly 14 days is allowed.
    await createEvent(alice, { title: "Two weeks", startsAt: "2024-07-01T00:00:00Z", endsAt: "2024-07-15T00:00:00Z" });
    expect(await t.prisma.calendarEvent.count()).toBe(before + 1);
  });

  it("updates (switching between timed and all-day) and deletes", async () => {
    const event = await createEvent(alice, { title: "Switch", startsAt: "2024-08-01T10:00:00Z", endsAt: "2024-08-01T11:00:00Z" });
    const toAllDay = await t.ok(
      `mutation($id: ID!) { updateCalendarEvent(id: $id, input: { allDay: true, startDate: "2024-08-01", title: " Switched " }) { ${EVENT_FIELDS} } }`,
      { id: event.id },
      { token: alice.token },
    );
    expect(toAllDay.updateCalendarEvent).toMatchObject({
      title: "Switched",
      allDay: true,
      startDate: "2024-08-01",
      endDate: "2024-08-01",
      startsAt: null,
      endsAt: null,
    });
    const badSwitch = await t.graphql(
      `mutation($id: ID!) { updateCalendarEvent(id: $id, input: { allDay: false }) { id } }`,
      { id: event.id },
      { token: alice.token },
    );
    expect(errorCode(badSwitch)).toBe("BAD_USER_INPUT");
    const deleted = await t.ok(`mutation($id: ID!) { deleteCalendarEvent(id: $id) }`, { id: event.id }, { token: alice.token });
    expect(deleted.deleteCalendarEvent).toBe(event.id);
    const again = await t.graphql(`mutation($id: ID!) { deleteCalendarEvent(id: $id) }`, { id: event.id }, { token: alice.token });
    expect(errorCode(again)).toBe("NOT_FOUND");
  });

  it("requires sign-in and rejects IDs of other types", async () => {
    const anonymous = await t.graphql(
      `mutation { createCalendarEvent(input: { title: "x", startsAt: "2024-06-10T08:00:00Z", endsAt: "2024-06-10T09:00:00Z" }) { id } }`,
    );
    expect(errorCode(anonymous)).toBe("UNAUTHENTICATED");
    const plan = await t.ok(`mutation { planDay(input: { date: "2024-01-01", items: [] }) { id } }`, {}, { token: alice.token });
    const wrongType = await t.graphql(
      `mutation($id: ID!) { deleteCalendarEvent(id: $id) }`,
      { id: plan.planDay.id },
      { token: alice.token },
    );
    expect(errorCode(wrongType)).toBe("BAD_USER_INPUT");
  });
});

describe("daily plans", () => {
  it("planDay creates the plan with ids, createdAt and positional sortOrder, and returns items sorted", async () => {
    const data = await t.ok(
      `mutation($input: PlanDayInput!) { planDay(input: $input) { ${PLAN_FIELDS} } }`,
      {
        input: {
          date: "2024-06-10",
          intention: "Ship it",
          items: [
            { title: "Write", kind: "TASK", durationMinutes: 60 },
            { title: "Focus", kind: "FOCUS", refId: "Rm9jdXNTZXNzaW9uOjE=", sortOrder: -1 },
            { title: "Run", kind: "HABIT", done: true },
          ],
        },
      },
      { token: alice.token },
    );
    const plan = data.planDay;
    expect(plan).toMatchObject({ date: "2024-06-10", intention: "Ship it", notes: null });
    expect(plan.items.map((item: any) => [item.title, item.sortOrder])).toEqual([
      ["Focus", -1],
      ["Write", 0],
      ["Run", 2],
    ]);
    expect(plan.items[0]).toMatchObject({ kind: "FOCUS", refId: "Rm9jdXNTZXNzaW9uOjE=", done: false });
    expect(plan.items[2]).toMatchObject({ kind: "HABIT", done: true });
    for (const item of plan.items) expect(item.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("planDay again keeps existing items' ids and createdAt, removes left-out items, keeps intention when omitted", async () => {
    const first = (await t.ok(`{ viewer { dailyPlan(date: "2024-06-10") { ${PLAN_FIELDS} } } }`, {}, { token: alice.token })).viewer
      .dailyPlan;
    const write = first.items.find((item: any) => item.title === "Write");
    await new Promise((resolve) => setTimeout(resolve, 5));
    const data = await t.ok(
      `mutation($input: PlanDayInput!) { planDay(input: $input) { ${PLAN_FIELDS} } }`,
      {
        input: {
          date: "2024-06-10",
          notes: "short day",
          items: [
            { title: "New", kind: "QUEST" },
            { id: write.id, title: "Write more", kind: "TASK", done: true },
          ],
        },
      },
      { token: alice.token },
    );
    const plan = data.planDay;
    expect(plan.id).toBe(first.id);
    expect(plan.intention).toBe("Ship it");
    expect(plan.notes).toBe("short day");
    expect(plan.items.map((item: any) => item.title)).toEqual(["New", "Write more"]);
    const kept = plan.items[1];
    expect(kept).toMatchObject({ id: write.id, createdAt: write.createdAt, done: true, sortOrder: 1 });
    expect(plan.items[0].createdAt > write.createdAt).toBe(true);
    expect(await t.prisma.dailyPlan.count({ where: { userId: alice.userId } })).toBe(2);
  });

  it("refuses unknown or repeated item ids and more than 100 items, changing nothing", async () => {
    const before = await t.prisma.dailyPlan.findFirstOrThrow({ where: { userId: alice.userId, date: new Date("2024-06-10") } });
    const cases = [
      { date: "2024-06-10", items: [{ id: randomUUID(), title: "Ghost", kind: "TASK" }] },
      { date: "2024-06-10", items: Array.from({ length: 101 }, (_, i) => ({ title: `Item ${i}`, kind: "TASK" })) },
      { date: "2024-06-10", items: [{ title: "", kind: "TASK" }] },
      { date: "2024-06-10", items: [{ title: "x", kind: "TASK", durationMinutes: -5 }] },
    ];
    const existingId = (before.items as any[])[0].id;
    cases.push({
      date: "2024-06-10",
      items: [
        { id: existingId, title: "a", kind: "TASK" },
        { id: existingId, title: "b", kind: "TASK" },
      ],
    } as any);
    for (const input of cases) {
      const response = await t.graphql(
        `mutation($input: PlanDayInput!) { planDay(input: $input) { id } }`,
        { input },
        { token: alice.token },
      );
      expect(errorCode(response)).toBe("BAD_USER_INPUT");
    }
    const invalidDate = await t.graphql(
      `mutation { planDay(input: { date: "2024-02-30", items: [] }) { id } }`,
      {},
      { token: alice.token },
    );
    expect(errorCode(invalidDate)).toBe("BAD_USER_INPUT");
    const after = await t.prisma.dailyPlan.findFirstOrThrow({ where: { id: before.id } });
    expect(after.items).toEqual(before.items);
    expect(after.updatedAt).toEqual(before.updatedAt);
  });

  it("returns items in (sortOrder, createdAt, id) order even when the stored JSON is shuffled", async () => {
    const ids = Array.from({ length: 6 }, () => randomUUID()).sort();
    const stored = [
      {
        id: ids[5],
        title: "F",
        kind: "TASK",
        refId: null,
        durationMinutes: null,
        done: false,
        sortOrder: 2,
        createdAt: "2024-06-01T08:00:00.000Z",
      },
      {
        id: ids[2],
        title: "C",
        kind: "EVENT",
        refId: null,
        durationMinutes: 30,
        done: false,
        sortOrder: 1,
        createdAt: "2024-06-01T08:00:00.000Z",
      },
      {
        id: ids[0],
        title: "A",
        kind: "HABIT",
        refId: null,
        durationMinutes: null,
        done: true,
        sortOrder: 0,
        createdAt: "2024-06-01T09:00:00.000Z",
      },
      {
        id: ids[4],
        title: "E",
        kind: "TASK",
        refId: null,
        durationMinutes: null,
        done: false,
        sortOrder: 1,
        createdAt: "2024-06-01T09:30:00.000Z",
      },
      {
        id: ids[3],
        title: "D",
        kind: "TASK",
        refId: null,
        durationMinutes: null,
        done: false,
        sortOrder: 1,
        createdAt: "2024-06-01T08:00:00.000Z",
      },
      {
        id: ids[1],
        title: "B",
        kind: "QUEST",
        refId: null,
        durationMinutes: null,
        done: false,
        sortOrder: 0,
        createdAt: "2024-06-01T10:00:00.000Z",
      },
    ];
    await t.prisma.$executeRawUnsafe(
      `INSERT INTO daily_plans (user_id, date, items) VALUES ($1::uuid, '2024-06-20', $2::jsonb)`,
      alice.userId,
      JSON.stringify(stored),
    );
    const raw = await t.prisma.$queryRawUnsafe<Array<{ titles: string[] }>>(
      `SELECT array_agg(e.item->>'title' ORDER BY e.ord) AS titles FROM daily_plans, jsonb_array_elements(items) WITH ORDINALITY AS e(item, ord) WHERE user_id = $1::uuid AND date = '2024-06-20'`,
      alice.userId,
    );
    expect(raw[0].titles).toEqual(["F", "C", "A", "E", "D", "B"]);

    const data = await t.ok(`{ viewer { dailyPlan(date: "2024-06-20") { items { title } } } }`, {}, { token: alice.token });
    expect(data.viewer.dailyPlan.items.map((item: any) => item.title)).toEqual(["A", "B", "C", "D", "E", "F"]);
    const viaNode = await t.ok(
      `query($id: ID!) { node(id: $id) { ... on DailyPlan { items { title } } } }`,
      { id: (await t.ok(`{ viewer { dailyPlan(date: "2024-06-20") { id } } }`, {}, { token: alice.token })).viewer.dailyPlan.id },
      { token: alice.token },
    );
    expect(viaNode.node.items.map((item: any) => item.title)).toEqual(["A", "B", "C", "D", "E", "F"]);
  });

  it("adds, updates, removes and reorders items", async () => {
    const added = await t.ok(
      `mutation { addPlanItem(date: "2024-06-20", input: { title: "G", kind: TASK }) { items { id title sortOrder } } }`,
      {},
      { token: alice.token },
    );
    const items = added.addPlanItem.items;
    expect(items.map((item: any) => item.title)).toEqual(["A", "B", "C", "D", "E", "F", "G"]);
    expect(items[6].sortOrder).toBe(3);

    const g = items[6];
    const updated = await t.ok(
      `mutation($id: ID!) { updatePlanItem(date: "2024-06-20", itemId: $id, input: { done: true, sortOrder: -5, durationMinutes: 25 }) { items { id title done sortOrder durationMinutes } } }`,
      { id: g.id },
      { token: alice.token },
    );
    expect(updated.updatePlanItem.items[0]).toMatchObject({ id: g.id, title: "G", done: true, sortOrder: -5, durationMinutes: 25 });

    const removed = await t.ok(
      `mutation($id: ID!) { removePlanItem(date: "2024-06-20", itemId: $id) { items { title } } }`,
      { id: g.id },
      { token: alice.token },
    );
    expect(removed.removePlanItem.items.map((item: any) => item.title)).toEqual(["A", "B", "C", "D", "E", "F"]);

    const current = (await t.ok(`{ viewer { dailyPlan(date: "2024-06-20") { items { id title } } } }`, {}, { token: alice.token })).viewer
      .dailyPlan.items;
    const reversed = [...current].reverse();
    const reordered = await t.ok(
      `mutation($ids: [ID!]!) { reorderPlanItems(date: "2024-06-20", ids: $ids) { items { title sortOrder } } }`,
      { ids: reversed.map((item: any) => item.id) },
      { token: alice.token },
    );
    expect(reordered.reorderPlanItems.items.map((item: any) => [item.title, item.sortOrder])).toEqual([
      ["F", 0],
      ["E", 1],
      ["D", 2],
      ["C", 3],
      ["B", 4],
      ["A", 5],
    ]);

    const partial = await t.graphql(
      `mutation($ids: [ID!]!) { reorderPlanItems(date: "2024-06-20", ids: $ids) { id } }`,
      { ids: reversed.slice(1).map((item: any) => item.id) },
      { token: alice.token },
    );
    expect(errorCode(partial)).toBe("BAD_USER_INPUT");
    const missingItem = await t.graphql(
      `mutation($id: ID!) { updatePlanItem(date: "2024-06-20", itemId: $id, input: { done: true }) { id } }`,
      { id: randomUUID() },
      { token: alice.token },
    );
    expect(errorCode(missingItem)).toBe("NOT_FOUND");
    const missingPlan = await t.graphql(
      `mutation($id: ID!) { removePlanItem(date: "1999-01-01", itemId: $id) { id } }`,
      { id: current[0].id },
      { token: alice.token },
    );
    expect(errorCode(missingPlan)).toBe("NOT_FOUND");
  });

  it("lists plans newest date first", async () => {
    const data = await t.ok(`{ viewer { dailyPlans { edges { node { date } } } } }`, {}, { token: alice.token });
    expect(data.viewer.dailyPlans.edges.map((edge: any) => edge.node.date)).toEqual(["2024-06-20", "2024-06-10", "2024-01-01"]);
    const bounded = await t.ok(
      `{ viewer { dailyPlans(from: "2024-06-01", to: "2024-06-15") { edges { node { date } } } } }`,
      {},
      {
        token: alice.token,
      },
    );
    expect(bounded.viewer.dailyPlans.edges.map((edge: any) => edge.node.date)).toEqual(["2024-06-10"]);
  });

  it("two concurrent addPlanItem calls on the same day both land", async () => {
    const results = await Promise.all(
      ["P", "Q"].map((title) =>
        t.graphql(
          `mutation($title: String!) { addPlanItem(date: "2024-09-01", input: { title: $title, kind: TASK }) { id } }`,
          { title },
          {
            token: alice.token,
          },
        ),
      ),
    );
    for (const result of results) expect(result.errors).toBeUndefined();
    const plan = await t.prisma.dailyPlan.findFirstOrThrow({ where: { userId: alice.userId, date: new Date("2024-09-01") } });
    expect((plan.items as any[]).map((item) => item.title).sort()).toEqual(["P", "Q"]);
  });
});

describe("tenancy", () => {
  it("never shows or changes another user's events and plans", async () => {
    const bobEvent = await createEvent(bob, { title: "Bob private", startsAt: "2024-06-10T09:00:00Z", endsAt: "2024-06-10T10:00:00Z" });
    const bobPlan = (
      await t.ok(
        `mutation { planDay(input: { date: "2024-06-10", intention: "Bob's", items: [{ title: "Bob item", kind: TASK }] }) { ${PLAN_FIELDS} } }`,
        {},
        { token: bob.token },
      )
    ).planDay;
    const bobItemId = bobPlan.items[0].id;

    // Reads: node lookups, lists, the per-day plan.
    const nodes = await t.ok(`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids: [bobEvent.id, bobPlan.id] }, { token: alice.token });
    expect(nodes.nodes).toEqual([null, null]);
    expect(await eventTitles(alice)).not.toContain("Bob private");
    expect(await eventTitles(bob)).toEqual(["Bob private"]);
    const alicePlan = (await t.ok(`{ viewer { dailyPlan(date: "2024-06-10") { intention items { title } } } }`, {}, { token: alice.token }))
      .viewer.dailyPlan;
    expect(alicePlan.intention).toBe("Ship it");
    expect(alicePlan.items.map((item: any) => item.title)).not.toContain("Bob item");
    const anonymous = await t.graphql(`query($id: ID!) { node(id: $id) { id } }`, { id: bobPlan.id });
    expect(anonymous.data?.node ?? null).toBeNull();

    // Writes on Bob's ids: NOT_FOUND, nothing changes.
    const eventBefore = await t.prisma.calendarEvent.findUniqueOrThrow({
      where: { id: (await t.prisma.calendarEvent.findFirstOrThrow({ where: { userId: bob.userId } })).id },
    });
    const update = await t.graphql(
      `mutation($id: ID!) { updateCalendarEvent(id: $id, input: { title: "hacked" }) { id } }`,
      { id: bobEvent.id },
      { token: alice.token },
    );
    expect(errorCode(update)).toBe("NOT_FOUND");
    const del = await t.graphql(`mutation($id: ID!) { deleteCalendarEvent(id: $id) }`, { id: bobEvent.id }, { token: alice.token });
    expect(errorCode(del)).toBe("NOT_FOUND");
    expect(await t.prisma.calendarEvent.findUniqueOrThrow({ where: { id: eventBefore.id } })).toEqual(eventBefore);

    // Bob's item id in Alice's plan of the same day is unknown to Alice.
    const planBefore = await t.prisma.dailyPlan.findFirstOrThrow({ where: { userId: bob.userId } });
    for (const mutation of [
      `mutation($id: ID!) { updatePlanItem(date: "2024-06-10", itemId: $id, input: { done: true }) { id } }`,
      `mutation($id: ID!) { removePlanItem(date: "2024-06-10", itemId: $id) { id } }`,
    ]) {
      expect(errorCode(await t.graphql(mutation, { id: bobItemId }, { token: alice.token }))).toBe("NOT_FOUND");
    }
    const reuse = await t.graphql(
      `mutation($id: ID!) { planDay(input: { date: "2024-06-10", items: [{ id: $id, title: "steal", kind: TASK }] }) { id } }`,
      { id: bobItemId },
      { token: alice.token },
    );
    expect(errorCode(reuse)).toBe("BAD_USER_INPUT");
    expect(await t.prisma.dailyPlan.findUniqueOrThrow({ where: { id: planBefore.id } })).toEqual(planBefore);
  });
});
