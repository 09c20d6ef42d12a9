// Fitness: workout.logged, workout.updated and workout.deleted through emit; refused and
// rolled-back actions leave no event.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordWorkoutSession } from "../src/domain/fitness.ts";
import { codeOf, startTestGateway, type TestGateway } from "./support/gateway.ts";
import { eventsOf } from "./support/event-rows.ts";
import { rawId } from "./support/graphqlIds.ts";

let t: TestGateway;
let exerciseId: string;

beforeAll(async () => {
  t = await startTestGateway();
  const data = await t.ok(`{ exercises(first: 5) { edges { node { id } } } }`);
  exerciseId = data.exercises.edges[0].node.id;
});
afterAll(async () => {
  await t?.close();
});

const RECORD = `mutation($input: RecordWorkoutSessionInput!) { recordWorkoutSession(input: $input) { id } }`;
const WORKOUT_EVENTS = ["workout.logged", "workout.updated", "workout.deleted"] as const;

describe("workout events", () => {
  it("record, update and delete emit workout.logged, workout.updated and workout.deleted", async () => {
    const user = await t.createUser();
    const sets = [1, 2, 3].map((setNumber) => ({ exerciseId, setNumber, reps: 5 }));
    const id = (await t.ok(RECORD, { input: { performedOn: "2026-03-04", sets } }, { token: user.token })).recordWorkoutSession.id;
    const sessionId = rawId(id);
    await t.ok(
      `mutation($id: ID!) { updateWorkoutSession(id: $id, input: { notes: "heavy", perceivedEffort: 8 }) { id } }`,
      { id },
      { token: user.token },
    );
    await t.ok(`mutation($id: ID!) { deleteWorkoutSession(id: $id) }`, { id }, { token: user.token });
    expect(codeOf(await t.graphql(`mutation($id: ID!) { deleteWorkoutSession(id: $id) }`, { id }, { token: user.token }))).toBe(
      "NOT_FOUND",
    );

    const events = await eventsOf(t.prisma, user.userId, WORKOUT_EVENTS);
    expect(events.map((e) => [e.eventType, e.payload])).toEqual([
      ["workout.logged", { v: 1, sessionId, day: "2026-03-04", sets: 3 }],
      ["workout.updated", { v: 1, sessionId, changed: ["notes", "perceivedEffort"] }],
      ["workout.deleted", { v: 1, sessionId }],
    ]);
  });

  it("refused and rolled-back actions leave no event", async () => {
    const user = await t.createUser();
    const stranger = await t.createUser();
    const set = { exerciseId, setNumber: 1, reps: 5 };
    // A set listed twice, an end before the start, someone else's session.
    expect(codeOf(await t.graphql(RECORD, { input: { performedOn: "2026-03-04", sets: [set, set] } }, { token: user.token }))).toBe(
      "BAD_USER_INPUT",
    );
    expect(
      codeOf(
        await t.graphql(
          RECORD,
          { input: { performedOn: "2026-03-04", startedAt: "2026-03-04T10:00:00Z", endedAt: "2026-03-04T09:00:00Z", sets: [set] } },
          { token: user.token },
        ),
      ),
    ).toBe("BAD_USER_INPUT");
    const id = (await t.ok(RECORD, { input: { performedOn: "2026-03-04", sets: [set] } }, { token: user.token })).recordWorkoutSession.id;
    const count = (await eventsOf(t.prisma, user.userId)).length;
    expect(
      codeOf(
        await t.graphql(
          `mutation($id: ID!) { updateWorkoutSession(id: $id, input: { notes: "x" }) { id } }`,
          { id },
          { token: stranger.token },
        ),
      ),
    ).toBe("NOT_FOUND");
    expect(codeOf(await t.graphql(`mutation($id: ID!) { deleteWorkoutSession(id: $id) }`, { id }, { token: stranger.token }))).toBe(
      "NOT_FOUND",
    );
    await expect(
      t.prisma.$transaction(async (tx) => {
        await recordWorkoutSession(
          tx,
          { userId: user.userId, timezone: "UTC" },
          { workoutId: null, performedOn: "2026-03-05", sets: [{ ...set, exerciseId: rawId(exerciseId) }] },
        );
        throw new Error("rolled back");
      }),
    ).rejects.toThrow("rolled back");
    expect(await eventsOf(t.prisma, user.userId)).toHaveLength(count);
    expect(await eventsOf(t.prisma, stranger.userId)).toHaveLength(0);
    expect(await t.prisma.workoutSession.count({ where: { userId: user.userId } })).toBe(1);
  });
});
