// updateReadingSession (the book's progress follows its sessions) and addExerciseSet,
// updateExerciseSet, deleteExerciseSet (a set belongs to a session of the viewer):
// success, validation, tenancy and events.
import { describe, expect, it } from "vitest";
import { eventsOf, onlyEventOf, outboxCount } from "./support/event-assertions.ts";
import { codeOf, startGatewayWithUsers, type TestUser } from "./support/gateway.ts";
import { globalId, rawId } from "./support/graphqlIds.ts";

const { t } = await startGatewayWithUsers();

const exercises = await t.ok(`{ exercises(first: 100) { edges { node { id name } } } }`);
const exerciseByName = new Map<string, string>(exercises.exercises.edges.map((edge: any) => [edge.node.name, edge.node.id]));
const squat = exerciseByName.get("Barbell Back Squat") as string;
const bench = exerciseByName.get("Bench Press") as string;

// ---- Reading sessions

const BOOK = "id currentPage totalPages status startedOn finishedOn";
const LOG = `mutation($input: LogReadingSessionInput!) { logReadingSession(input: $input) { session { id } } }`;
const UPDATE_READING = `mutation($id: ID!, $input: UpdateReadingSessionInput!) {
  updateReadingSession(id: $id, input: $input) { id readOn startPage endPage pagesRead note book { ${BOOK} } } }`;

async function createBook(user: TestUser, totalPages: number | null = 100): Promise<string> {
  const data = await t.ok(
    `mutation($input: CreateBookInput!) { createBook(input: $input) { id } }`,
    { input: { title: "Dune", totalPages } },
    {
      token: user.token,
    },
  );
  return data.createBook.id;
}

async function logReading(user: TestUser, input: Record<string, unknown>): Promise<string> {
  return (await t.ok(LOG, { input }, { token: user.token })).logReadingSession.session.id;
}

function readingState(userId: string) {
  return Promise.all([
    t.prisma.book.findMany({ where: { userId }, orderBy: { id: "asc" } }),
    t.prisma.readingSession.findMany({ where: { userId }, orderBy: { id: "asc" } }),
    t.prisma.behaviorOutbox.count({ where: { userId } }),
  ]);
}

describe("updateReadingSession", () => {
  it("moves the book forward with a larger endPage, and back when the session that held the furthest page ends earlier", async () => {
    const user = await t.createUser();
    const bookId = await createBook(user);
    const first = await logReading(user, { bookId, readOn: "2026-03-01", startPage: 0, endPage: 20 });
    const second = await logReading(user, { bookId, readOn: "2026-03-02", startPage: 20, endPage: 40 });

    const longer = (await t.ok(UPDATE_READING, { id: second, input: { endPage: 55, note: "long night" } }, { token: user.token }))
      .updateReadingSession;
    expect(longer).toMatchObject({
      startPage: 20,
      endPage: 55,
      pagesRead: 35,
      note: "long night",
      book: { currentPage: 55, status: "READING" },
    });

    // pagesRead alone moves the end; the book falls back to the furthest page of its sessions.
    const shorter = (await t.ok(UPDATE_READING, { id: second, input: { pagesRead: 5 } }, { token: user.token })).updateReadingSession;
    expect(shorter).toMatchObject({ startPage: 20, endPage: 25, pagesRead: 5, book: { currentPage: 25 } });

    // Editing a session that did not hold the furthest page leaves the book where it is.
    const earlier = (await t.ok(UPDATE_READING, { id: first, input: { endPage: 10, readOn: "2026-02-27" } }, { token: user.token }))
      .updateReadingSession;
    expect(earlier).toMatchObject({
      readOn: "2026-02-27",
      startPage: 0,
      endPage: 10,
      pagesRead: 10,
      book: { currentPage: 25, startedOn: "2026-02-27" },
    });

    expect(await eventsOf(t.prisma, user.userId, "reading.updated")).toEqual([
      { sessionId: rawId(second), bookId: rawId(bookId), day: "2026-03-02", pages: 35, changed: ["endPage", "note"] },
      { sessionId: rawId(second), bookId: rawId(bookId), day: "2026-03-02", pages: 5, changed: ["pagesRead"] },
      { sessionId: rawId(first), bookId: rawId(bookId), day: "2026-02-27", pages: 10, changed: ["endPage", "readOn"] },
    ]);
  });

  it("finishes the book when an edit reaches its last page, and re-opens it when the edit is taken back", async () => {
    const user = await t.createUser();
    const bookId = await createBook(user, 50);
    const session = await logReading(user, { bookId, readOn: "2026-03-05", startPage: 0, endPage: 45 });
    const finished = (await t.ok(UPDATE_READING, { id: session, input: { endPage: 50 } }, { token: user.token })).updateReadingSession;
    expect(finished.book).toMatchObject({ currentPage: 50, status: "FINISHED", finishedOn: "2026-03-05" });
    expect(await onlyEventOf(t.prisma, user.userId, "book.finished")).toEqual({ bookId: rawId(bookId) });
    const reopened = (await t.ok(UPDATE_READING, { id: session, input: { endPage: 30 } }, { token: user.token })).updateReadingSession;
    expect(reopened.book).toMatchObject({ currentPage: 30, status: "READING", finishedOn: null });
  });

  it("refuses pages past the book, an end before the start, a mismatched pagesRead and nulls; nothing changes", async () => {
    const user = await t.createUser();
    const bookId = await createBook(user, 100);
    const session = await logReading(user, { bookId, startPage: 10, endPage: 20 });
    const before = await readingState(user.userId);
    for (const input of [
      { endPage: 101 },
      { startPage: 30 },
      { startPage: 5, endPage: 15, pagesRead: 3 },
      { endPage: null },
      { readOn: null },
      { durationMinutes: -1 },
      { note: "x".repeat(5001) },
    ]) {
      expect(
        codeOf(await t.graphql(UPDATE_READING, { id: session, input }, { token: user.token })),
        JSON.stringify(input).slice(0, 60),
      ).toBe("BAD_USER_INPUT");
    }
    expect(await readingState(user.userId)).toEqual(before);
  });

  it("reads another user's session as NOT_FOUND; neither user's books or sessions change", async () => {
    const owner = await t.createUser();
    const stranger = await t.createUser();
    const session = await logReading(owner, { bookId: await createBook(owner), startPage: 0, endPage: 10 });
    const ownerBefore = await readingState(owner.userId);
    const strangerBefore = await readingState(stranger.userId);
    expect(codeOf(await t.graphql(UPDATE_READING, { id: session, input: { endPage: 12 } }, { token: stranger.token }))).toBe("NOT_FOUND");
    expect(codeOf(await t.graphql(UPDATE_READING, { id: session, input: { endPage: 12 } }))).toBe("UNAUTHENTICATED");
    expect(await readingState(owner.userId)).toEqual(ownerBefore);
    expect(await readingState(stranger.userId)).toEqual(strangerBefore);
  });
});

// ---- Exercise sets

const RECORD = `mutation($input: RecordWorkoutSessionInput!) { recordWorkoutSession(input: $input) { id sets { id } } }`;
const SET = "id setNumber reps weightKg rpe exercise { id } session { id }";
const ADD = `mutation($sessionId: ID!, $input: AddExerciseSetInput!) { addExerciseSet(sessionId: $sessionId, input: $input) { ${SET} } }`;
const UPDATE_SET = `mutation($id: ID!, $input: UpdateExerciseSetInput!) { updateExerciseSet(id: $id, input: $input) { ${SET} } }`;
const DELETE_SET = `mutation($id: ID!) { deleteExerciseSet(id: $id) }`;

async function recordSession(user: TestUser, sets: Array<Record<string, unknown>> = []) {
  return (await t.ok(RECORD, { input: { performedOn: "2026-03-10", sets } }, { token: user.token })).recordWorkoutSession as {
    id: string;
    sets: Array<{ id: string }>;
  };
}

function fitnessState(userId: string) {
  return Promise.all([
    t.prisma.workoutSession.findMany({ where: { userId }, orderBy: { id: "asc" } }),
    t.prisma.exerciseSet.findMany({ where: { userId }, orderBy: { id: "asc" } }),
    t.prisma.behaviorOutbox.count({ where: { userId } }),
  ]);
}

describe("exercise sets of a recorded session", () => {
  it("adds (numbering after the exercise's last set), updates and deletes sets, each with its event", async () => {
    const user = await t.createUser();
    const session = await recordSession(user, [{ exerciseId: squat, setNumber: 1, reps: 5, weightKg: 100 }]);
    const added = (
      await t.ok(ADD, { sessionId: session.id, input: { exerciseId: squat, reps: 5, weightKg: 102.5 } }, { token: user.token })
    ).addExerciseSet;
    expect(added).toMatchObject({ setNumber: 2, reps: 5, weightKg: 102.5, exercise: { id: squat }, session: { id: session.id } });
    const other = (await t.ok(ADD, { sessionId: session.id, input: { exerciseId: bench, setNumber: 3, reps: 8 } }, { token: user.token }))
      .addExerciseSet;
    expect(other).toMatchObject({ setNumber: 3, exercise: { id: bench } });

    const updated = (await t.ok(UPDATE_SET, { id: added.id, input: { reps: 4, rpe: 9, weightKg: null } }, { token: user.token }))
      .updateExerciseSet;
    expect(updated).toMatchObject({ id: added.id, setNumber: 2, reps: 4, rpe: 9, weightKg: null });

    expect(await t.ok(DELETE_SET, { id: other.id }, { token: user.token })).toEqual({ deleteExerciseSet: other.id });
    const sets = await t.ok(
      `query($id: ID!) { node(id: $id) { ... on WorkoutSession { sets { setNumber reps } } } }`,
      { id: session.id },
      { token: user.token },
    );
    expect(sets.node.sets).toEqual([
      { setNumber: 1, reps: 5 },
      { setNumber: 2, reps: 4 },
    ]);

    const sessionId = rawId(session.id);
    expect(await eventsOf(t.prisma, user.userId, "workout.set_added")).toEqual([
      { sessionId, setId: rawId(added.id) },
      { sessionId, setId: rawId(other.id) },
    ]);
    expect(await onlyEventOf(t.prisma, user.userId, "workout.set_updated")).toEqual({
      sessionId,
      setId: rawId(added.id),
      changed: ["reps", "rpe", "weightKg"],
    });
    expect(await onlyEventOf(t.prisma, user.userId, "workout.set_deleted")).toEqual({ sessionId, setId: rawId(other.id) });
  });

  it("refuses a taken set number (CONFLICT) and bad values (BAD_USER_INPUT); nothing changes", async () => {
    const user = await t.createUser();
    const session = await recordSession(user, [
      { exerciseId: squat, setNumber: 1, reps: 5 },
      { exerciseId: squat, setNumber: 2, reps: 5 },
    ]);
    const before = await fitnessState(user.userId);
    expect(codeOf(await t.graphql(ADD, { sessionId: session.id, input: { exerciseId: squat, setNumber: 2 } }, { token: user.token }))).toBe(
      "CONFLICT",
    );
    expect(codeOf(await t.graphql(UPDATE_SET, { id: session.sets[0].id, input: { setNumber: 2 } }, { token: user.token }))).toBe(
      "CONFLICT",
    );
    for (const input of [
      { exerciseId: squat, rpe: 11 },
      { exerciseId: squat, reps: -1 },
      { exerciseId: squat, setNumber: 0 },
      { exerciseId: squat, weightKg: 10_000 },
    ]) {
      expect(codeOf(await t.graphql(ADD, { sessionId: session.id, input }, { token: user.token })), JSON.stringify(input)).toBe(
        "BAD_USER_INPUT",
      );
    }
    for (const input of [{ setNumber: null }, { exerciseId: null }, { rpe: 0 }]) {
      expect(codeOf(await t.graphql(UPDATE_SET, { id: session.sets[0].id, input }, { token: user.token })), JSON.stringify(input)).toBe(
        "BAD_USER_INPUT",
      );
    }
    expect(await fitnessState(user.userId)).toEqual(before);
  });

  it("reads another user's session, set or custom exercise as NOT_FOUND; nobody's sets change", async () => {
    const owner = await t.createUser();
    const stranger = await t.createUser();
    const ownerSession = await recordSession(owner, [{ exerciseId: squat, setNumber: 1, reps: 5 }]);
    const strangerSession = await recordSession(stranger);
    const secret = (
      await t.ok(
        `mutation($input: ExerciseInput!) { createExercise(input: $input) { id } }`,
        { input: { name: "Owner's move", category: "BODYWEIGHT", muscleGroup: "core" } },
        {
          token: owner.token,
        },
      )
    ).createExercise.id;
    const ownerBefore = await fitnessState(owner.userId);
    const strangerBefore = await fitnessState(stranger.userId);
    const attempts: Array<[string, Record<string, unknown>]> = [
      [ADD, { sessionId: ownerSession.id, input: { exerciseId: squat } }],
      [ADD, { sessionId: strangerSession.id, input: { exerciseId: secret } }],
      [ADD, { sessionId: globalId("WorkoutSession", "00000000-0000-4000-8000-000000000000"), input: { exerciseId: squat } }],
      [UPDATE_SET, { id: ownerSession.sets[0].id, input: { reps: 1 } }],
      [DELETE_SET, { id: ownerSession.sets[0].id }],
    ];
    for (const [query, variables] of attempts) {
      expect(codeOf(await t.graphql(query, variables, { token: stranger.token })), JSON.stringify(variables)).toBe("NOT_FOUND");
    }
    expect(codeOf(await t.graphql(DELETE_SET, { id: ownerSession.sets[0].id }))).toBe("UNAUTHENTICATED");
    expect(await fitnessState(owner.userId)).toEqual(ownerBefore);
    expect(await fitnessState(stranger.userId)).toEqual(strangerBefore);
    expect(await outboxCount(t.prisma, stranger.userId)).toBe(strangerBefore[2]);
  });
});
