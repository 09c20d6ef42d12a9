// Planning family on the domain layer: every plan change emits `plan.changed` with its
// action, calendar edits emit `calendar_event.*`, and a rolled-back action leaves no event.
import { describe, expect, it } from "vitest";
import { addPlanItem, createCalendarEvent, deleteDailyPlan, planDay } from "../src/domain/planning.ts";
import { eventsOf, expectRolledBackLeavesNoEvent, onlyEventOf, outboxCount } from "./support/event-assertions.ts";
import { codeOf, startGatewayWithUsers, type TestUser } from "./support/gateway.ts";
import { rawId } from "./support/graphqlIds.ts";

const { t } = await startGatewayWithUsers();

const PLAN = "id date items { id title sortOrder }";
const DAY = "2026-03-02";

async function plan(user: TestUser, items: Array<Record<string, unknown>>, date = DAY) {
  const data = await t.ok(
    `mutation($input: PlanDayInput!) { planDay(input: $input) { ${PLAN} } }`,
    { input: { date, items } },
    { token: user.token },
  );
  return data.planDay as { id: string; items: Array<{ id: string; title: string }> };
}

describe("plan.changed", () => {
  it("each plan action emits plan.changed with its action and the items it touched", async () => {
    const user = await t.createUser();
    const planned = await plan(user, [
      { title: "A", kind: "TASK" },
      { title: "B", kind: "HABIT" },
    ]);
    const planId = rawId(planned.id);
    const [a, b] = planned.items;

    const added = (
      await t.ok(`mutation { addPlanItem(date: "${DAY}", input: { title: "C", kind: TASK }) { ${PLAN} } }`, {}, { token: user.token })
    ).addPlanItem;
    const c = added.items.find((item: { title: string }) => item.title === "C");
    await t.ok(
      `mutation($id: ID!) { updatePlanItem(date: "${DAY}", itemId: $id, input: { done: true }) { id } }`,
      { id: a.id },
      { token: user.token },
    );
    await t.ok(
      `mutation($ids: [ID!]!) { reorderPlanItems(date: "${DAY}", ids: $ids) { id } }`,
      { ids: [c.id, b.id, a.id] },
      { token: user.token },
    );
    await t.ok(`mutation($id: ID!) { removePlanItem(date: "${DAY}", itemId: $id) { id } }`, { id: b.id }, { token: user.token });
    await t.ok(`mutation { deleteDailyPlan(date: "${DAY}") }`, {}, { token: user.token });

    expect(await eventsOf(t.prisma, user.userId, "plan.changed")).toEqual([
      { planId, date: DAY, action: "planned", itemIds: [a.id, b.id] },
      { planId, date: DAY, action: "item_added", itemIds: [c.id] },
      { planId, date: DAY, action: "item_updated", itemIds: [a.id] },
      { planId, date: DAY, action: "reordered", itemIds: [c.id, b.id, a.id] },
      { planId, date: DAY, action: "item_removed", itemIds: [b.id] },
      { planId, date: DAY, action: "deleted", itemIds: [c.id, a.id] },
    ]);
  });

  it("a refused plan change emits nothing", async () => {
    const user = await t.createUser();
    await plan(user, [{ title: "Only", kind: "TASK" }]);
    const before = await outboxCount(t.prisma, user.userId);
    const refused = [
      await t.graphql(`mutation { reorderPlanItems(date: "${DAY}", ids: []) { id } }`, {}, { token: user.token }),
      await t.graphql(
        `mutation { removePlanItem(date: "${DAY}", itemId: "00000000-0000-4000-8000-000000000000") { id } }`,
        {},
        { token: user.token },
      ),
      await t.graphql(`mutation { deleteDailyPlan(date: "2026-03-03") }`, {}, { token: user.token }),
    ];
    expect(refused.map(codeOf)).toEqual(["BAD_USER_INPUT", "NOT_FOUND", "NOT_FOUND"]);
    expect(await outboxCount(t.prisma, user.userId)).toBe(before);
  });

  it("rolled-back plan actions leave no event and no plan", async () => {
    const user = await t.createUser();
    const actor = { userId: user.userId, timezone: "UTC" };
    await expectRolledBackLeavesNoEvent(t.prisma, user.userId, (tx) =>
      planDay(tx, actor, { date: DAY, items: [{ title: "x", kind: "TASK" }] }),
    );
    await expectRolledBackLeavesNoEvent(t.prisma, user.userId, (tx) => addPlanItem(tx, actor, DAY, { title: "y", kind: "TASK" }));
    expect(await t.prisma.dailyPlan.count({ where: { userId: user.userId } })).toBe(0);
    await plan(user, [{ title: "kept", kind: "TASK" }]);
    await expectRolledBackLeavesNoEvent(t.prisma, user.userId, (tx) => deleteDailyPlan(tx, actor, DAY));
    expect(await t.prisma.dailyPlan.count({ where: { userId: user.userId } })).toBe(1);
  });
});

describe("calendar_event.*", () => {
  const CREATE = `mutation($input: CreateCalendarEventInput!) { createCalendarEvent(input: $input) { id } }`;

  it("create, update and delete emit their events; the update names the fields it set", async () => {
    const user = await t.createUser();
    const { id } = (
      await t.ok(
        CREATE,
        { input: { title: "Standup", startsAt: "2026-03-02T09:00:00Z", endsAt: "2026-03-02T09:15:00Z" } },
        { token: user.token },
      )
    ).createCalendarEvent;
    const eventId = rawId(id);
    await t.ok(
      `mutation($id: ID!) { updateCalendarEvent(id: $id, input: { title: "Sync", location: null }) { id } }`,
      { id },
      { token: user.token },
    );
    await t.ok(`mutation($id: ID!) { deleteCalendarEvent(id: $id) }`, { id }, { token: user.token });

    expect(await onlyEventOf(t.prisma, user.userId, "calendar_event.created")).toEqual({ eventId });
    expect(await onlyEventOf(t.prisma, user.userId, "calendar_event.updated")).toEqual({ eventId, changed: ["location", "title"] });
    expect(await onlyEventOf(t.prisma, user.userId, "calendar_event.deleted")).toEqual({ eventId });
  });

  it("refused edits (bad span, another user's event) emit nothing", async () => {
    const owner = await t.createUser();
    const stranger = await t.createUser();
    const { id } = (await t.ok(CREATE, { input: { title: "Mine", allDay: true, startDate: "2026-03-02" } }, { token: owner.token }))
      .createCalendarEvent;
    const before = await outboxCount(t.prisma, owner.userId);
    const bad = await t.graphql(
      CREATE,
      { input: { title: "Backwards", startsAt: "2026-03-02T10:00:00Z", endsAt: "2026-03-02T09:00:00Z" } },
      { token: owner.token },
    );
    expect(codeOf(bad)).toBe("BAD_USER_INPUT");
    expect(codeOf(await t.graphql(`mutation($id: ID!) { deleteCalendarEvent(id: $id) }`, { id }, { token: stranger.token }))).toBe(
      "NOT_FOUND",
    );
    expect(
      codeOf(
        await t.graphql(
          `mutation($id: ID!) { updateCalendarEvent(id: $id, input: { title: "x" }) { id } }`,
          { id },
          { token: stranger.token },
        ),
      ),
    ).toBe("NOT_FOUND");
    expect(await outboxCount(t.prisma, owner.userId)).toBe(before);
    expect(await outboxCount(t.prisma, stranger.userId)).toBe(0);
  });

  it("a rolled-back create leaves no event and no row", async () => {
    const user = await t.createUser();
    await expectRolledBackLeavesNoEvent(t.prisma, user.userId, (tx) =>
      createCalendarEvent(tx, { userId: user.userId, timezone: "UTC" }, { title: "Ghost", allDay: true, startDate: DAY }),
    );
    expect(await t.prisma.calendarEvent.count({ where: { userId: user.userId } })).toBe(0);
  });
});
