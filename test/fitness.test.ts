import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestGateway, type TestGateway, type TestUser } from "./support/gateway.ts";
import { rawId } from "./support/graphqlIds.ts";

let t: TestGateway;
let alice: TestUser;
let bob: TestUser;
let admin: TestUser;
let squatId: string;
let benchId: string;
let globalCount: number;

beforeAll(async () => {
  t = await startTestGateway();
  alice = await t.createUser();
  bob = await t.createUser();
  admin = await t.createUser({ admin: true });
  const data = await t.ok(`{ exercises(first: 100) { edges { node { id name isCustom } } } }`);
  const byName = new Map(data.exercises.edges.map((edge: any) => [edge.node.name, edge.node.id]));
  squatId = byName.get("Barbell Back Squat") as string;
  benchId = byName.get("Bench Press") as string;
  globalCount = data.exercises.edges.length;
});
afterAll(async () => {
  await t?.close();
});

function errorCode(response: { errors?: Array<{ extensions?: { code?: string } }> }): string | undefined {
  return response.errors?.[0]?.extensions?.code;
}

async function createExercise(user: TestUser, name: string) {
  const data = await t.ok(
    `mutation($input: ExerciseInput!) { createExercise(input: $input) { id name category isCustom } }`,
    { input: { name, category: "BODYWEIGHT", muscleGroup: "core" } },
    { token: user.token },
  );
  return data.createExercise;
}

const WORKOUT_FIELDS = "id name isArchived exercises { id sortOrder targetSets targetReps targetWeightKg exercise { id name } }";

async function createWorkout(user: TestUser, input: Record<string, unknown>) {
  return (
    await t.ok(
      `mutation($input: CreateWorkoutInput!) { createWorkout(input: $input) { ${WORKOUT_FIELDS} } }`,
      { input },
      { token: user.token },
    )
  ).createWorkout;
}

const RECORD = `
  mutation($input: RecordWorkoutSessionInput!) {
    recordWorkoutSession(input: $input) {
      id performedOn perceivedEffort notes workout { id }
      sets { id setNumber reps weightKg rpe exercise { id } }
    }
  }`;

async function fitnessCounts(userId: string) {
  const [sessions, sets, workouts, entries, programs, exercises] = await Promise.all([
    t.prisma.workoutSession.count({ where: { userId } }),
    t.prisma.exerciseSet.count({ where: { userId } }),
    t.prisma.workout.count({ where: { userId } }),
    t.prisma.workoutExercise.count({ where: { userId } }),
    t.prisma.trainingProgram.count({ where: { userId } }),
    t.prisma.exercise.count({ where: { userId } }),
  ]);
  return { sessions, sets, workouts, entries, programs, exercises };
}

describe("exercises", () => {
  it("lists the global catalogue plus the viewer's own custom exercises", async () => {
    expect(globalCount).toBeGreaterThan(5);
    const plank = await createExercise(alice, "Alice Plank");
    expect(plank).toMatchObject({ name: "Alice Plank", category: "BODYWEIGHT", isCustom: true });
    await createExercise(bob, "Bob Secret Move");

    const mine = await t.ok(`{ exercises(first: 100) { edges { node { name isCustom } } } }`, {}, { token: alice.token });
    const names = mine.exercises.edges.map((edge: any) => edge.node.name);
    expect(names).toContain("Alice Plank");
    expect(names).not.toContain("Bob Secret Move");
    expect(names.length).toBe(globalCount + 1);
    expect([...names].sort((a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0))).toEqual(names);

    const custom = await t.ok(
      `{ exercises(customOnly: true) { edges { node { name } } } viewer { customExercises { edges { node { name } } } } }`,
      {},
      {
        token: alice.token,
      },
    );
    expect(custom.exercises.edges.map((edge: any) => edge.node.name)).toEqual(["Alice Plank"]);
    expect(custom.viewer.customExercises.edges.map((edge: any) => edge.node.name)).toEqual(["Alice Plank"]);

    const search = await t.ok(`{ exercises(search: "squat", category: STRENGTH) { edges { node { name } } } }`);
    expect(search.exercises.edges.map((edge: any) => edge.node.name)).toContain("Barbell Back Squat");
    for (const edge of search.exercises.edges) expect(edge.node.name.toLowerCase()).toContain("squat");
  });

  it("lets users edit only their own custom exercises and admins the global ones (audited)", async () => {
    const move = await createExercise(alice, "Temp Move");
    const renamed = await t.ok(
      `mutation($id: ID!) { updateExercise(id: $id, input: { name: "Temp Move 2", equipment: "mat" }) { name equipment } }`,
      {
        id: move.id,
      },
      { token: alice.token },
    );
    expect(renamed.updateExercise).toEqual({ name: "Temp Move 2", equipment: "mat" });
    const onGlobal = await t.graphql(
      `mutation($id: ID!) { updateExercise(id: $id, input: { name: "Mine now" }) { id } }`,
      { id: squatId },
      {
        token: alice.token,
      },
    );
    expect(errorCode(onGlobal)).toBe("NOT_FOUND");
    expect((await t.ok(`mutation($id: ID!) { deleteExercise(id: $id) }`, { id: move.id }, { token: alice.token })).deleteExercise).toBe(
      move.id,
    );

    const input = { name: "Nordic Curl", category: "STRENGTH", muscleGroup: "hamstrings" };
    const forbidden = await t.graphql(
      `mutation($input: ExerciseInput!) { createGlobalExercise(input: $input) { id } }`,
      { input },
      { token: alice.token },
    );
    expect(errorCode(forbidden)).toBe("FORBIDDEN");
    const created = await t.ok(
      `mutation($input: ExerciseInput!) { createGlobalExercise(input: $input) { id isCustom } }`,
      { input },
      { token: admin.token },
    );
    expect(created.createGlobalExercise.isCustom).toBe(false);
    const id = created.createGlobalExercise.id;
    await t.ok(
      `mutation($id: ID!) { updateGlobalExercise(id: $id, input: { equipment: "bench" }) { id } }`,
      { id },
      { token: admin.token },
    );
    const customViaAdmin = await t.graphql(
      `mutation($id: ID!) { updateGlobalExercise(id: $id, input: { name: "x" }) { id } }`,
      {
        id: (await createExercise(bob, "Bob Other")).id,
      },
      { token: admin.token },
    );
    expect(errorCode(customViaAdmin)).toBe("NOT_FOUND");
    await t.ok(`mutation($id: ID!) { deleteGlobalExercise(id: $id) }`, { id }, { token: admin.token });
    const audit = await t.prisma.auditLog.findMany({
      where: { userId: admin.userId, targetType: "exercise" },
      orderBy: { createdAt: "asc" },
    });
    expect(audit.map((row) => row.action).sort()).toEqual(["catalogue.create", "catalogue.delete", "catalogue.update"]);

    const invalid = await t.graphql(
      `mutation { createExercise(input: { name: "", category: CARDIO }) { id } }`,
      {},
      { token: alice.token },
    );
    expect(errorCode(invalid)).toBe("BAD_USER_INPUT");
  });
});

describe("workouts", () => {
  it("creates a workout with exercises by position and edits its exercise list", async () => {
    const plank = (await t.ok(`{ viewer { customExercises { edges { node { id } } } } }`, {}, { token: alice.token })).viewer
      .customExercises.edges[0].node.id;
    const workout = await createWorkout(alice, {
      name: "Leg day",
      exercises: [
        { exerciseId: squatId, targetSets: 5, targetReps: 5, targetWeightKg: 102.5 },
        { exerciseId: plank, targetSets: 3 },
      ],
    });
    expect(workout.exercises.map((entry: any) => [entry.exercise.id, entry.sortOrder, entry.targetWeightKg])).toEqual([
      [squatId, 0, 102.5],
      [plank, 1, null],
    ]);

    const added = await t.ok(
      `mutation($w: ID!, $e: ID!) { addWorkoutExercise(workoutId: $w, input: { exerciseId: $e, targetReps: 8 }) { id sortOrder targetSets workout { id } } }`,
      { w: workout.id, e: benchId },
      { token: alice.token },
    );
    expect(added.addWorkoutExercise).toMatchObject({ sortOrder: 2, targetSets: 3, workout: { id: workout.id } });

    const updated = await t.ok(
      `mutation($id: ID!) { updateWorkoutExercise(id: $id, input: { targetWeightKg: 60.25, notes: "pause reps" }) { targetWeightKg notes } }`,
      { id: added.addWorkoutExercise.id },
      { token: alice.token },
    );
    expect(updated.updateWorkoutExercise).toEqual({ targetWeightKg: 60.25, notes: "pause reps" });

    const ids = [added.addWorkoutExercise.id, workout.exercises[1].id, workout.exercises[0].id];
    const reordered = await t.ok(
      `mutation($w: ID!, $ids: [ID!]!) { reorderWorkoutExercises(workoutId: $w, ids: $ids) { exercises { id sortOrder } } }`,
      {
        w: workout.id,
        ids,
      },
      { token: alice.token },
    );
    expect(reordered.reorderWorkoutExercises.exercises.map((entry: any) => entry.id)).toEqual(ids);
    const badOrder = await t.graphql(
      `mutation($w: ID!, $ids: [ID!]!) { reorderWorkoutExercises(workoutId: $w, ids: $ids) { id } }`,
      {
        w: workout.id,
        ids: ids.slice(1),
      },
      { token: alice.token },
    );
    expect(errorCode(badOrder)).toBe("BAD_USER_INPUT");

    await t.ok(`mutation($id: ID!) { removeWorkoutExercise(id: $id) }`, { id: workout.exercises[1].id }, { token: alice.token });
    const after = await t.ok(`query($id: ID!) { workout(id: $id) { exercises { id } } }`, { id: workout.id }, { token: alice.token });
    expect(after.workout.exercises.map((entry: any) => entry.id)).toEqual([ids[0], ids[2]]);

    const archived = await t.ok(
      `mutation($id: ID!) { updateWorkout(id: $id, input: { isArchived: true }) { isArchived } }`,
      { id: workout.id },
      { token: alice.token },
    );
    expect(archived.updateWorkout.isArchived).toBe(true);
    const lists = await t.ok(
      `{ viewer { active: workouts { edges { node { id } } } all: workouts(includeArchived: true) { edges { node { id } } } } }`,
      {},
      {
        token: alice.token,
      },
    );
    expect(lists.viewer.active.edges).toEqual([]);
    expect(lists.viewer.all.edges.map((edge: any) => edge.node.id)).toEqual([workout.id]);
    await t.ok(
      `mutation($id: ID!) { updateWorkout(id: $id, input: { isArchived: false }) { id } }`,
      { id: workout.id },
      { token: alice.token },
    );
  });

  it("refuses another user's custom exercise (NOT_FOUND) and bad targets (BAD_USER_INPUT), creating nothing", async () => {
    const bobMove = (await t.ok(`{ viewer { customExercises { edges { node { id } } } } }`, {}, { token: bob.token })).viewer
      .customExercises.edges[0].node.id;
    const before = await fitnessCounts(alice.userId);
    const foreign = await t.graphql(
      `mutation($input: CreateWorkoutInput!) { createWorkout(input: $input) { id } }`,
      {
        input: { name: "Sneaky", exercises: [{ exerciseId: squatId }, { exerciseId: bobMove }] },
      },
      { token: alice.token },
    );
    expect(errorCode(foreign)).toBe("NOT_FOUND");
    const negative = await t.graphql(
      `mutation($input: CreateWorkoutInput!) { createWorkout(input: $input) { id } }`,
      {
        input: { name: "Heavy", exercises: [{ exerciseId: squatId, targetWeightKg: -5 }] },
      },
      { token: alice.token },
    );
    expect(errorCode(negative)).toBe("BAD_USER_INPUT");
    expect(await fitnessCounts(alice.userId)).toEqual(before);
  });
});

describe("workout sessions", () => {
  it("records a session with its sets in one transaction, sets by setNumber", async () => {
    const workout = (await t.ok(`{ viewer { workouts { edges { node { id } } } } }`, {}, { token: alice.token })).viewer.workouts.edges[0]
      .node.id;
    const result = await t.ok(
      RECORD,
      {
        input: {
          workoutId: workout,
          performedOn: "2024-06-01",
          perceivedEffort: 8,
          sets: [
            { exerciseId: squatId, setNumber: 2, reps: 5, weightKg: 102.5 },
            { exerciseId: benchId, setNumber: 1, reps: 8, weightKg: 60.25, rpe: 7 },
            { exerciseId: squatId, setNumber: 1, reps: 5, weightKg: 100 },
          ],
        },
      },
      { token: alice.token },
    );
    const session = result.recordWorkoutSession;
    expect(session).toMatchObject({ performedOn: "2024-06-01", perceivedEffort: 8, workout: { id: workout } });
    expect(session.sets.map((set: any) => set.setNumber)).toEqual([1, 1, 2]);
    expect(session.sets.map((set: any) => set.weightKg).sort()).toEqual([100, 102.5, 60.25].sort());
    expect(session.sets.find((set: any) => set.setNumber === 2)).toMatchObject({ reps: 5, weightKg: 102.5, exercise: { id: squatId } });

    await t.ok(
      RECORD,
      { input: { performedOn: "2024-06-03", sets: [{ exerciseId: benchId, setNumber: 1, reps: 10 }] } },
      { token: alice.token },
    );
    const list = await t.ok(`{ viewer { workoutSessions { edges { node { performedOn workout { id } } } } } }`, {}, { token: alice.token });
    expect(list.viewer.workoutSessions.edges.map((edge: any) => edge.node.performedOn)).toEqual(["2024-06-03", "2024-06-01"]);
    expect(list.viewer.workoutSessions.edges[0].node.workout).toBeNull();

    const history = await t.ok(
      `query($id: ID!) { node(id: $id) { ... on Exercise { mySets { edges { node { reps } } } } } }`,
      { id: benchId },
      {
        token: alice.token,
      },
    );
    expect(history.node.mySets.edges.map((edge: any) => edge.node.reps)).toEqual([10, 8]);
  });

  it("refuses duplicate sets, foreign exercises and foreign workouts, writing nothing", async () => {
    const bobMove = (await t.ok(`{ viewer { customExercises { edges { node { id } } } } }`, {}, { token: bob.token })).viewer
      .customExercises.edges[0].node.id;
    const bobWorkout = await createWorkout(bob, { name: "Bob's", exercises: [{ exerciseId: bobMove }] });
    const before = await fitnessCounts(alice.userId);
    const recordAsAlice = (input: object) => t.graphql(RECORD, { input }, { token: alice.token });
    const twoSets = (second: string) => [
      { exerciseId: squatId, setNumber: 1 },
      { exerciseId: second, setNumber: 1 },
    ];
    const dup = await recordAsAlice({ performedOn: "2024-06-05", sets: twoSets(squatId) });
    expect(errorCode(dup)).toBe("BAD_USER_INPUT");
    const foreignExercise = await recordAsAlice({ performedOn: "2024-06-05", sets: twoSets(bobMove) });
    expect(errorCode(foreignExercise)).toBe("NOT_FOUND");
    const foreignWorkout = await recordAsAlice({ workoutId: bobWorkout.id, performedOn: "2024-06-05", sets: [] });
    expect(errorCode(foreignWorkout)).toBe("NOT_FOUND");
    for (const input of [
      { performedOn: "2024-06-05", perceivedEffort: 11, sets: [] },
      { performedOn: "2024-06-05", startedAt: "2024-06-05T10:00:00Z", endedAt: "2024-06-05T09:00:00Z", sets: [] },
      { performedOn: "2024-06-05", sets: [{ exerciseId: squatId, setNumber: 0 }] },
      { performedOn: "2024-06-05", sets: [{ exerciseId: squatId, setNumber: 1, rpe: 0 }] },
    ]) {
      expect(errorCode(await recordAsAlice(input)), JSON.stringify(input)).toBe("BAD_USER_INPUT");
    }
    expect(await fitnessCounts(alice.userId)).toEqual(before);
  });

  it("updates and deletes sessions; deleting a workout keeps its sessions as ad-hoc ones", async () => {
    const workout = await createWorkout(alice, { name: "Temporary", exercises: [{ exerciseId: squatId }] });
    const session = (
      await t.ok(
        RECORD,
        { input: { workoutId: workout.id, performedOn: "2024-06-07", sets: [{ exerciseId: squatId, setNumber: 1 }] } },
        {
          token: alice.token,
        },
      )
    ).recordWorkoutSession;
    const updated = await t.ok(
      `mutation($id: ID!) { updateWorkoutSession(id: $id, input: { notes: "felt strong", perceivedEffort: 6 }) { notes perceivedEffort } }`,
      {
        id: session.id,
      },
      { token: alice.token },
    );
    expect(updated.updateWorkoutSession).toEqual({ notes: "felt strong", perceivedEffort: 6 });
    await t.ok(`mutation($id: ID!) { deleteWorkout(id: $id) }`, { id: workout.id }, { token: alice.token });
    const kept = await t.ok(
      `query($id: ID!) { node(id: $id) { ... on WorkoutSession { workout { id } sets { id } } } }`,
      { id: session.id },
      {
        token: alice.token,
      },
    );
    expect(kept.node).toEqual({ workout: null, sets: [{ id: session.sets[0].id }] });
    await t.ok(`mutation($id: ID!) { deleteWorkoutSession(id: $id) }`, { id: session.id }, { token: alice.token });
    expect(await t.prisma.exerciseSet.count({ where: { sessionId: rawId(session.id) } })).toBe(0);
  });

  it("will not delete an exercise that is in use", async () => {
    const move = await createExercise(alice, "In use");
    await t.ok(RECORD, { input: { performedOn: "2024-06-08", sets: [{ exerciseId: move.id, setNumber: 1 }] } }, { token: alice.token });
    expect(errorCode(await t.graphql(`mutation($id: ID!) { deleteExercise(id: $id) }`, { id: move.id }, { token: alice.token }))).toBe(
      "CONFLICT",
    );
    expect(
      errorCode(await t.graphql(`mutation($id: ID!) { deleteGlobalExercise(id: $id) }`, { id: squatId }, { token: admin.token })),
    ).toBe("CONFLICT");
  });
});

describe("training programs", () => {
  it("creates, updates and deletes programs with a validated schedule", async () => {
    const workout = (await t.ok(`{ viewer { workouts { edges { node { id name } } } } }`, {}, { token: alice.token })).viewer.workouts
      .edges[0].node;
    const created = await t.ok(
      `mutation($input: CreateTrainingProgramInput!) { createTrainingProgram(input: $input) { id name weeks daysPerWeek isActive schedule { week day workoutId notes workout { name } } } }`,
      {
        input: {
          name: "Strength block",
          weeks: 2,
          isActive: true,
          schedule: [
            { week: 2, day: 1, workoutId: workout.id },
            { week: 1, day: 3, workoutId: workout.id, notes: "light" },
            { week: 1, day: 1, workoutId: workout.id },
          ],
        },
      },
      { token: alice.token },
    );
    const program = created.createTrainingProgram;
    expect(program).toMatchObject({ name: "Strength block", weeks: 2, daysPerWeek: 3, isActive: true });
    expect(program.schedule.map((entry: any) => [entry.week, entry.day, entry.notes])).toEqual([
      [1, 1, null],
      [1, 3, "light"],
      [2, 1, null],
    ]);
    expect(program.schedule[0]).toMatchObject({ workoutId: workout.id, workout: { name: workout.name } });

    const bobWorkout = (await t.ok(`{ viewer { workouts { edges { node { id } } } } }`, {}, { token: bob.token })).viewer.workouts.edges[0]
      .node.id;
    const before = await t.prisma.trainingProgram.findMany({ where: { userId: alice.userId } });
    const foreign = await t.graphql(
      `mutation($id: ID!, $w: ID!) { updateTrainingProgram(id: $id, input: { schedule: [{ week: 1, day: 1, workoutId: $w }] }) { id } }`,
      {
        id: program.id,
        w: bobWorkout,
      },
      { token: alice.token },
    );
    expect(errorCode(foreign)).toBe("NOT_FOUND");
    const tooLate = await t.graphql(
      `mutation($id: ID!, $w: ID!) { updateTrainingProgram(id: $id, input: { schedule: [{ week: 3, day: 1, workoutId: $w }] }) { id } }`,
      {
        id: program.id,
        w: workout.id,
      },
      { token: alice.token },
    );
    expect(errorCode(tooLate)).toBe("BAD_USER_INPUT");
    const shrink = await t.graphql(
      `mutation($id: ID!) { updateTrainingProgram(id: $id, input: { weeks: 1 }) { id } }`,
      { id: program.id },
      { token: alice.token },
    );
    expect(errorCode(shrink)).toBe("BAD_USER_INPUT");
    const badDay = await t.graphql(
      `mutation($w: ID!) { createTrainingProgram(input: { name: "x", schedule: [{ week: 1, day: 8, workoutId: $w }] }) { id } }`,
      {
        w: workout.id,
      },
      { token: alice.token },
    );
    expect(errorCode(badDay)).toBe("BAD_USER_INPUT");
    expect(await t.prisma.trainingProgram.findMany({ where: { userId: alice.userId } })).toEqual(before);

    const renamed = await t.ok(
      `mutation($id: ID!) { updateTrainingProgram(id: $id, input: { name: "Block A", weeks: 4 }) { name weeks schedule { week } } }`,
      {
        id: program.id,
      },
      { token: alice.token },
    );
    expect(renamed.updateTrainingProgram).toEqual({ name: "Block A", weeks: 4, schedule: [{ week: 1 }, { week: 1 }, { week: 2 }] });
    const list = await t.ok(`{ viewer { trainingPrograms(activeOnly: true) { edges { node { id } } } } }`, {}, { token: alice.token });
    expect(list.viewer.trainingPrograms.edges.map((edge: any) => edge.node.id)).toEqual([program.id]);
    await t.ok(`mutation($id: ID!) { deleteTrainingProgram(id: $id) }`, { id: program.id }, { token: alice.token });
    expect(await t.prisma.trainingProgram.count({ where: { userId: alice.userId } })).toBe(0);
  });
});

describe("tenancy", () => {
  it("never reads or changes another user's fitness data", async () => {
    const bobMove = (await t.ok(`{ viewer { customExercises { edges { node { id } } } } }`, {}, { token: bob.token })).viewer
      .customExercises.edges[0].node.id;
    const bobWorkout = await createWorkout(bob, { name: "Bob private", exercises: [{ exerciseId: squatId }] });
    const bobSession = (
      await t.ok(
        RECORD,
        { input: { workoutId: bobWorkout.id, performedOn: "2024-06-09", sets: [{ exerciseId: squatId, setNumber: 1, reps: 99 }] } },
        {
          token: bob.token,
        },
      )
    ).recordWorkoutSession;
    const bobProgram = (
      await t.ok(
        `mutation($w: ID!) { createTrainingProgram(input: { name: "Bob plan", schedule: [{ week: 1, day: 1, workoutId: $w }] }) { id } }`,
        {
          w: bobWorkout.id,
        },
        { token: bob.token },
      )
    ).createTrainingProgram;
    const bobIds = [bobMove, bobWorkout.id, bobWorkout.exercises[0].id, bobSession.id, bobSession.sets[0].id, bobProgram.id];

    const nodes = await t.ok(`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids: bobIds }, { token: alice.token });
    expect(nodes.nodes).toEqual(bobIds.map(() => null));
    const anonymous = await t.ok(`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids: bobIds });
    expect(anonymous.nodes).toEqual(bobIds.map(() => null));

    const aliceView = await t.ok(
      `query($w: ID!, $squat: ID!) {
        workout(id: $w) { id }
        exercises(first: 50) { edges { node { id } } }
        node(id: $squat) { ... on Exercise { mySets(first: 50) { edges { node { id reps } } } } }
        viewer {
          workouts(first: 10, includeArchived: true) { edges { node { id sessions(first: 10) { edges { node { id } } } } } }
          workoutSessions(first: 10) { edges { node { id sets { id } } } }
          trainingPrograms(first: 20) { edges { node { id } } }
          customExercises(first: 20) { edges { node { id } } }
        }
      }`,
      { w: bobWorkout.id, squat: squatId },
      { token: alice.token },
    );
    expect(aliceView.workout).toBeNull();
    const visible = JSON.stringify(aliceView);
    for (const id of bobIds) expect(visible).not.toContain(id);
    expect(aliceView.node.mySets.edges.map((edge: any) => edge.node.reps)).not.toContain(99);

    const before = await fitnessCounts(bob.userId);
    const bobWorkoutRow = await t.prisma.workout.findFirstOrThrow({ where: { userId: bob.userId, name: "Bob private" } });
    const attempts: Array<[string, Record<string, unknown>]> = [
      [`mutation($id: ID!) { updateExercise(id: $id, input: { name: "x" }) { id } }`, { id: bobMove }],
      [`mutation($id: ID!) { deleteExercise(id: $id) }`, { id: bobMove }],
      [`mutation($id: ID!) { updateWorkout(id: $id, input: { name: "x" }) { id } }`, { id: bobWorkout.id }],
      [`mutation($id: ID!) { deleteWorkout(id: $id) }`, { id: bobWorkout.id }],
      [
        `mutation($id: ID!, $e: ID!) { addWorkoutExercise(workoutId: $id, input: { exerciseId: $e }) { id } }`,
        { id: bobWorkout.id, e: squatId },
      ],
      [`mutation($id: ID!) { updateWorkoutExercise(id: $id, input: { targetSets: 9 }) { id } }`, { id: bobWorkout.exercises[0].id }],
      [`mutation($id: ID!) { removeWorkoutExercise(id: $id) }`, { id: bobWorkout.exercises[0].id }],
      [
        `mutation($id: ID!, $ids: [ID!]!) { reorderWorkoutExercises(workoutId: $id, ids: $ids) { id } }`,
        { id: bobWorkout.id, ids: [bobWorkout.exercises[0].id] },
      ],
      [`mutation($id: ID!) { updateWorkoutSession(id: $id, input: { notes: "x" }) { id } }`, { id: bobSession.id }],
      [`mutation($id: ID!) { deleteWorkoutSession(id: $id) }`, { id: bobSession.id }],
      [`mutation($id: ID!) { updateTrainingProgram(id: $id, input: { name: "x" }) { id } }`, { id: bobProgram.id }],
      [`mutation($id: ID!) { deleteTrainingProgram(id: $id) }`, { id: bobProgram.id }],
    ];
    for (const [query, variables] of attempts) {
      expect(errorCode(await t.graphql(query, variables, { token: alice.token })), query).toBe("NOT_FOUND");
    }
    expect(await fitnessCounts(bob.userId)).toEqual(before);
    expect(await t.prisma.workout.findUniqueOrThrow({ where: { id: bobWorkoutRow.id } })).toEqual(bobWorkoutRow);
  });
});
