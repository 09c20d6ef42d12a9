// Goals and milestones: each action emits its goal.* / milestone.* event (payload checked against
// the catalogue), and a refused or rolled-back action leaves no event.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGoal, setMilestoneCompleted } from "../src/domain/goals.ts";
import { codeOf, startTestGateway, type TestGateway } from "./support/gateway.ts";
import { eventsOf } from "./support/event-rows.ts";
import { rawId } from "./support/graphqlIds.ts";

let t: TestGateway;

beforeAll(async () => {
  t = await startTestGateway();
});
afterAll(async () => {
  await t?.close();
});

describe("goal events", () => {
  it("create, update, status transitions, complete and delete each emit their event", async () => {
    const user = await t.createUser();
    const created = (
      await t.ok(
        `mutation { createGoal(input: { title: "Marathon", milestones: [{ title: "5k" }, { title: "10k" }] }) { id milestones { id } } }`,
        {},
        { token: user.token },
      )
    ).createGoal;
    const goalId = rawId(created.id);
    let events = await eventsOf(t.prisma, user.userId);
    expect(events.map((e) => e.eventType)).toEqual(["goal.created", "milestone.created", "milestone.created"]);
    expect(events[0].payload).toMatchObject({ goalId });
    expect(
      events
        .slice(1)
        .map((e) => e.payload.milestoneId)
        .sort(),
    ).toEqual(created.milestones.map((m: any) => rawId(m.id)).sort());

    const vars = { id: created.id };
    await t.ok(`mutation($id: ID!) { updateGoal(id: $id, input: { title: "Marathon 2026", category: "sport" }) { id } }`, vars, {
      token: user.token,
    });
    await t.ok(`mutation($id: ID!) { updateGoal(id: $id, input: { status: COMPLETED }) { id } }`, vars, { token: user.token });
    await t.ok(`mutation($id: ID!) { updateGoal(id: $id, input: { status: ACTIVE }) { id } }`, vars, { token: user.token });
    await t.ok(`mutation($id: ID!) { updateGoal(id: $id, input: { status: ARCHIVED }) { id } }`, vars, { token: user.token });
    await t.ok(`mutation($id: ID!) { updateGoal(id: $id, input: { status: ACTIVE }) { id } }`, vars, { token: user.token });
    await t.ok(`mutation($id: ID!) { completeGoal(id: $id) { status } }`, vars, { token: user.token });
    events = (await eventsOf(t.prisma, user.userId)).slice(3);
    expect(events.map((e) => [e.eventType, e.payload])).toEqual([
      ["goal.updated", { v: 1, goalId, changed: ["category", "title"] }],
      ["goal.updated", { v: 1, goalId, changed: ["status"] }],
      ["goal.completed", { v: 1, goalId }],
      ["goal.updated", { v: 1, goalId, changed: ["status"] }],
      ["goal.uncompleted", { v: 1, goalId }],
      ["goal.updated", { v: 1, goalId, changed: ["status"] }],
      ["goal.archived", { v: 1, goalId, archived: true }],
      ["goal.updated", { v: 1, goalId, changed: ["status"] }],
      ["goal.archived", { v: 1, goalId, archived: false }],
      ["goal.completed", { v: 1, goalId }],
    ]);

    // Refused: completing a completed goal, and someone else deleting it.
    const before = (await eventsOf(t.prisma, user.userId)).length;
    expect(codeOf(await t.graphql(`mutation($id: ID!) { completeGoal(id: $id) { id } }`, vars, { token: user.token }))).toBe("CONFLICT");
    const stranger = await t.createUser();
    expect(codeOf(await t.graphql(`mutation($id: ID!) { deleteGoal(id: $id) }`, vars, { token: stranger.token }))).toBe("NOT_FOUND");
    expect(
      codeOf(await t.graphql(`mutation($id: ID!) { updateGoal(id: $id, input: { title: "x" }) { id } }`, vars, { token: stranger.token })),
    ).toBe("NOT_FOUND");
    expect(await eventsOf(t.prisma, user.userId)).toHaveLength(before);
    expect(await eventsOf(t.prisma, stranger.userId)).toHaveLength(0);

    await t.ok(`mutation($id: ID!) { deleteGoal(id: $id) }`, vars, { token: user.token });
    const last = (await eventsOf(t.prisma, user.userId)).at(-1);
    expect(last).toMatchObject({ eventType: "goal.deleted", payload: { goalId } });
  });

  it("milestone create, update, complete, uncomplete and delete emit their events; a no-op completion emits nothing", async () => {
    const user = await t.createUser();
    const goal = (await t.ok(`mutation { createGoal(input: { title: "Read more" }) { id } }`, {}, { token: user.token })).createGoal;
    const goalId = rawId(goal.id);
    const milestone = (
      await t.ok(
        `mutation($id: ID!) { createGoalMilestone(goalId: $id, input: { title: "Ten books" }) { id } }`,
        { id: goal.id },
        { token: user.token },
      )
    ).createGoalMilestone;
    const milestoneId = rawId(milestone.id);
    const vars = { id: milestone.id };
    await t.ok(`mutation($id: ID!) { updateGoalMilestone(id: $id, input: { dueDate: "2027-01-01" }) { id } }`, vars, { token: user.token });
    await t.ok(`mutation($id: ID!) { completeMilestone(id: $id) { id } }`, vars, { token: user.token });
    await t.ok(`mutation($id: ID!) { completeMilestone(id: $id) { id } }`, vars, { token: user.token });
    await t.ok(`mutation($id: ID!) { uncompleteMilestone(id: $id) { id } }`, vars, { token: user.token });
    await t.ok(`mutation($id: ID!) { uncompleteMilestone(id: $id) { id } }`, vars, { token: user.token });
    await t.ok(`mutation($id: ID!) { deleteGoalMilestone(id: $id) }`, vars, { token: user.token });
    expect(codeOf(await t.graphql(`mutation($id: ID!) { deleteGoalMilestone(id: $id) }`, vars, { token: user.token }))).toBe("NOT_FOUND");

    const events = (await eventsOf(t.prisma, user.userId)).slice(1);
    expect(events.map((e) => [e.eventType, e.payload])).toEqual([
      ["milestone.created", { v: 1, milestoneId }],
      ["milestone.updated", { v: 1, milestoneId, changed: ["dueDate"] }],
      ["milestone.completed", { v: 1, milestoneId, goalId }],
      ["milestone.uncompleted", { v: 1, milestoneId, goalId }],
      ["milestone.deleted", { v: 1, milestoneId }],
    ]);
  });

  it("a rolled-back action leaves neither its rows nor its events", async () => {
    const user = await t.createUser();
    const actor = { userId: user.userId, timezone: "UTC" };
    await expect(
      t.prisma.$transaction(async (tx) => {
        await createGoal(tx, actor, { title: "Doomed", milestones: [{ title: "m" }] });
        throw new Error("rolled back");
      }),
    ).rejects.toThrow("rolled back");
    expect(await t.prisma.goal.count({ where: { userId: user.userId } })).toBe(0);
    expect(await eventsOf(t.prisma, user.userId)).toHaveLength(0);

    const goal = await t.prisma.$transaction((tx) => createGoal(tx, actor, { title: "Kept", milestones: [{ title: "m" }] }));
    const milestone = await t.prisma.goalMilestone.findFirstOrThrow({ where: { goalId: goal.id } });
    const count = (await eventsOf(t.prisma, user.userId)).length;
    await expect(
      t.prisma.$transaction(async (tx) => {
        await setMilestoneCompleted(tx, actor, milestone.id, true);
        throw new Error("rolled back");
      }),
    ).rejects.toThrow("rolled back");
    expect(await eventsOf(t.prisma, user.userId)).toHaveLength(count);
    expect((await t.prisma.goalMilestone.findUniqueOrThrow({ where: { id: milestone.id } })).isCompleted).toBe(false);
  });
});
