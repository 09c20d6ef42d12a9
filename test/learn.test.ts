import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestGateway, type TestGateway, type TestUser } from "./support/gateway.ts";
import { globalId, rawId } from "./support/graphqlIds.ts";

let t: TestGateway;
let alice: TestUser;
let bob: TestUser;
let admin: TestUser;
let lesson: { id: string; xpReward: number };
let otherLesson: { id: string; xpReward: number };
let drill: { id: string; xpReward: number };

beforeAll(async () => {
  t = await startTestGateway();
  alice = await t.createUser();
  bob = await t.createUser();
  admin = await t.createUser({ admin: true });
  const data = await t.ok(`{ learnTopics { edges { node { lessons { id xpReward } drills { id xpReward } } } } }`);
  const topics = data.learnTopics.edges.map((edge: any) => edge.node);
  const lessons = topics.flatMap((topic: any) => topic.lessons);
  const drills = topics.flatMap((topic: any) => topic.drills);
  [lesson, otherLesson] = lessons;
  drill = drills.find((candidate: any) => candidate.xpReward > 0);
});
afterAll(async () => {
  await t?.close();
});

function errorCode(response: { errors?: Array<{ extensions?: { code?: string } }> }): string | undefined {
  return response.errors?.[0]?.extensions?.code;
}

const PROGRESS = `
  mutation($id: ID!, $percent: Int!) {
    updateLessonProgress(lessonId: $id, progressPercent: $percent) {
      xpAwarded
      progress { id status progressPercent startedAt completedAt lesson { id } }
    }
  }`;

const DRILL = `
  mutation($id: ID!, $score: Int!, $correct: Boolean!, $key: String) {
    recordDrillResult(drillId: $id, score: $score, correct: $correct, attemptKey: $key) {
      xpAwarded duplicate
      stats { id attempts correct accuracy bestScore lastScore currentStreak lastAttemptedAt drill { id } }
    }
  }`;

async function xpOf(userId: string) {
  return (await t.prisma.userProgress.findUnique({ where: { userId } }))?.totalXp ?? 0;
}

describe("lesson progress", () => {
  it("moves IN_PROGRESS → COMPLETED, never backwards, and awards the lesson XP once", async () => {
    expect(lesson.xpReward).toBeGreaterThan(0);
    const started = (await t.ok(PROGRESS, { id: lesson.id, percent: 40 }, { token: alice.token })).updateLessonProgress;
    expect(started.xpAwarded).toBe(0);
    expect(started.progress).toMatchObject({ status: "IN_PROGRESS", progressPercent: 40, completedAt: null, lesson: { id: lesson.id } });
    expect(started.progress.startedAt).not.toBeNull();

    const done = (await t.ok(PROGRESS, { id: lesson.id, percent: 100 }, { token: alice.token })).updateLessonProgress;
    expect(done.xpAwarded).toBe(lesson.xpReward);
    expect(done.progress).toMatchObject({
      id: started.progress.id,
      status: "COMPLETED",
      progressPercent: 100,
      startedAt: started.progress.startedAt,
    });
    expect(done.progress.completedAt).not.toBeNull();
    expect(await xpOf(alice.userId)).toBe(lesson.xpReward);

    const again = (await t.ok(PROGRESS, { id: lesson.id, percent: 100 }, { token: alice.token })).updateLessonProgress;
    expect(again.xpAwarded).toBe(0);
    const lower = (await t.ok(PROGRESS, { id: lesson.id, percent: 10 }, { token: alice.token })).updateLessonProgress;
    expect(lower.progress).toMatchObject({ status: "COMPLETED", progressPercent: 100, completedAt: done.progress.completedAt });
    expect(await xpOf(alice.userId)).toBe(lesson.xpReward);
    const ledger = await t.prisma.pointsLedger.findMany({ where: { userId: alice.userId, idempotencyKey: `lesson:${rawId(lesson.id)}` } });
    expect(ledger).toHaveLength(1);
    expect(ledger[0].xpDelta).toBe(lesson.xpReward);
  });

  it("validates the percent and the lesson", async () => {
    for (const percent of [-1, 101]) {
      expect(errorCode(await t.graphql(PROGRESS, { id: otherLesson.id, percent }, { token: alice.token }))).toBe("BAD_USER_INPUT");
    }
    const missing = globalId("LearnLesson", "00000000-0000-0000-0000-000000000009");
    expect(errorCode(await t.graphql(PROGRESS, { id: missing, percent: 5 }, { token: alice.token }))).toBe("NOT_FOUND");
    expect(errorCode(await t.graphql(PROGRESS, { id: drill.id, percent: 5 }, { token: alice.token }))).toBe("BAD_USER_INPUT");
    expect(errorCode(await t.graphql(PROGRESS, { id: lesson.id, percent: 5 }))).toBe("UNAUTHENTICATED");
    expect(await t.prisma.userLessonProgress.count({ where: { lessonId: rawId(otherLesson.id) } })).toBe(0);
  });
});

describe("drill results", () => {
  it("counts attempts, correct answers, scores and the streak; a correct answer earns XP once per drill and day", async () => {
    const xpBefore = await xpOf(alice.userId);
    const first = (await t.ok(DRILL, { id: drill.id, score: 80, correct: true }, { token: alice.token })).recordDrillResult;
    expect(first).toMatchObject({
      xpAwarded: drill.xpReward,
      duplicate: false,
      stats: { attempts: 1, correct: 1, accuracy: 1, bestScore: 80, lastScore: 80, currentStreak: 1, drill: { id: drill.id } },
    });
    const second = (await t.ok(DRILL, { id: drill.id, score: 95, correct: true }, { token: alice.token })).recordDrillResult;
    expect(second).toMatchObject({ xpAwarded: 0, stats: { attempts: 2, correct: 2, bestScore: 95, lastScore: 95, currentStreak: 2 } });
    const wrong = (await t.ok(DRILL, { id: drill.id, score: 30, correct: false }, { token: alice.token })).recordDrillResult;
    expect(wrong).toMatchObject({ xpAwarded: 0, stats: { attempts: 3, correct: 2, bestScore: 95, lastScore: 30, currentStreak: 0 } });
    expect(wrong.stats.accuracy).toBeCloseTo(2 / 3);
    expect(await xpOf(alice.userId)).toBe(xpBefore + drill.xpReward);
  });

  it("records an attempt once per attemptKey", async () => {
    const first = (await t.ok(DRILL, { id: drill.id, score: 70, correct: true, key: "attempt-1" }, { token: alice.token }))
      .recordDrillResult;
    const xp = await xpOf(alice.userId);
    const retry = (await t.ok(DRILL, { id: drill.id, score: 70, correct: true, key: "attempt-1" }, { token: alice.token }))
      .recordDrillResult;
    expect(retry).toMatchObject({ duplicate: true, xpAwarded: 0 });
    expect(retry.stats).toEqual(first.stats);
    expect(await xpOf(alice.userId)).toBe(xp);
    const other = (await t.ok(DRILL, { id: drill.id, score: 70, correct: true, key: "attempt-2" }, { token: alice.token }))
      .recordDrillResult;
    expect(other.stats.attempts).toBe(first.stats.attempts + 1);
  });

  it("validates the score", async () => {
    const before = await t.prisma.userDrillStat.findMany({ where: { userId: alice.userId } });
    for (const score of [-1, 101]) {
      expect(errorCode(await t.graphql(DRILL, { id: drill.id, score, correct: true }, { token: alice.token }))).toBe("BAD_USER_INPUT");
    }
    expect(await t.prisma.userDrillStat.findMany({ where: { userId: alice.userId } })).toEqual(before);
  });

  it("lists the viewer's progress and stats", async () => {
    await t.ok(PROGRESS, { id: otherLesson.id, percent: 20 }, { token: alice.token });
    const data = await t.ok(
      `{ viewer {
          all: lessonProgress { edges { node { status lesson { id } } } }
          completed: lessonProgress(status: COMPLETED) { edges { node { lesson { id } } } }
          drillStats { edges { node { attempts drill { id } } } }
        } }`,
      {},
      { token: alice.token },
    );
    expect(data.viewer.all.edges.map((edge: any) => edge.node.lesson.id)).toEqual([otherLesson.id, lesson.id]);
    expect(data.viewer.completed.edges.map((edge: any) => edge.node.lesson.id)).toEqual([lesson.id]);
    expect(data.viewer.drillStats.edges).toEqual([{ node: { attempts: 5, drill: { id: drill.id } } }]);
  });
});

describe("learn catalogue (admin)", () => {
  it("creates, updates and deletes topics, lessons and drills — admins only, validated and audited", async () => {
    const topicInput = { key: "test-topic", title: "Test topic", description: "For tests" };
    const forbidden = await t.graphql(
      `mutation($input: CreateLearnTopicInput!) { createLearnTopic(input: $input) { id } }`,
      { input: topicInput },
      {
        token: alice.token,
      },
    );
    expect(errorCode(forbidden)).toBe("FORBIDDEN");
    const topic = (
      await t.ok(
        `mutation($input: CreateLearnTopicInput!) { createLearnTopic(input: $input) { id key } }`,
        { input: topicInput },
        {
          token: admin.token,
        },
      )
    ).createLearnTopic;
    const duplicate = await t.graphql(
      `mutation($input: CreateLearnTopicInput!) { createLearnTopic(input: $input) { id } }`,
      { input: topicInput },
      {
        token: admin.token,
      },
    );
    expect(errorCode(duplicate)).toBe("CONFLICT");

    const newLesson = (
      await t.ok(
        `mutation($input: CreateLearnLessonInput!) { createLearnLesson(input: $input) { id xpReward estimatedMinutes topic { id } } }`,
        { input: { topicId: topic.id, key: "test-lesson", title: "Lesson", summary: "s", content: "# Hi", xpReward: 25 } },
        { token: admin.token },
      )
    ).createLearnLesson;
    expect(newLesson).toMatchObject({ xpReward: 25, estimatedMinutes: 5, topic: { id: topic.id } });
    const badDrill = await t.graphql(
      `mutation($input: CreateLearnDrillInput!) { createLearnDrill(input: $input) { id } }`,
      {
        input: { topicId: topic.id, key: "bad-drill", title: "Drill", prompt: "?", drillType: "recall", difficulty: 6 },
      },
      { token: admin.token },
    );
    expect(errorCode(badDrill)).toBe("BAD_USER_INPUT");
    const badConfig = await t.graphql(
      `mutation($input: CreateLearnDrillInput!) { createLearnDrill(input: $input) { id } }`,
      {
        input: { topicId: topic.id, key: "bad-drill", title: "Drill", prompt: "?", drillType: "recall", config: [1, 2] },
      },
      { token: admin.token },
    );
    expect(errorCode(badConfig)).toBe("BAD_USER_INPUT");
    const newDrill = (
      await t.ok(
        `mutation($input: CreateLearnDrillInput!) { createLearnDrill(input: $input) { id difficulty config } }`,
        {
          input: {
            topicId: topic.id,
            key: "test-drill",
            title: "Drill",
            prompt: "?",
            drillType: "multiple_choice",
            difficulty: 3,
            config: { choices: ["a", "b"] },
          },
        },
        { token: admin.token },
      )
    ).createLearnDrill;
    expect(newDrill).toEqual({ id: newDrill.id, difficulty: 3, config: { choices: ["a", "b"] } });

    await t.ok(
      `mutation($id: ID!) { updateLearnTopic(id: $id, input: { title: "Renamed" }) { title } }`,
      { id: topic.id },
      { token: admin.token },
    );
    await t.ok(
      `mutation($id: ID!) { updateLearnLesson(id: $id, input: { xpReward: 30 }) { xpReward } }`,
      { id: newLesson.id },
      { token: admin.token },
    );
    await t.ok(
      `mutation($id: ID!) { updateLearnDrill(id: $id, input: { difficulty: 2 }) { difficulty } }`,
      { id: newDrill.id },
      { token: admin.token },
    );

    // Content a learner has progress on is not deleted.
    await t.ok(PROGRESS, { id: newLesson.id, percent: 10 }, { token: bob.token });
    expect(
      errorCode(await t.graphql(`mutation($id: ID!) { deleteLearnLesson(id: $id) }`, { id: newLesson.id }, { token: admin.token })),
    ).toBe("CONFLICT");
    expect(errorCode(await t.graphql(`mutation($id: ID!) { deleteLearnTopic(id: $id) }`, { id: topic.id }, { token: admin.token }))).toBe(
      "CONFLICT",
    );
    await t.prisma.userLessonProgress.deleteMany({ where: { lessonId: rawId(newLesson.id) } });

    await t.ok(`mutation($id: ID!) { deleteLearnDrill(id: $id) }`, { id: newDrill.id }, { token: admin.token });
    await t.ok(`mutation($id: ID!) { deleteLearnLesson(id: $id) }`, { id: newLesson.id }, { token: admin.token });
    await t.ok(`mutation($id: ID!) { deleteLearnTopic(id: $id) }`, { id: topic.id }, { token: admin.token });
    const audit = await t.prisma.auditLog.findMany({ where: { userId: admin.userId }, orderBy: { createdAt: "asc" } });
    expect(audit.map((row) => `${row.action} ${row.targetType}`).sort()).toEqual([
      "catalogue.create learn_drill",
      "catalogue.create learn_lesson",
      "catalogue.create learn_topic",
      "catalogue.delete learn_drill",
      "catalogue.delete learn_lesson",
      "catalogue.delete learn_topic",
      "catalogue.update learn_drill",
      "catalogue.update learn_lesson",
      "catalogue.update learn_topic",
    ]);
  });
});

describe("tenancy", () => {
  it("shows each user only their own progress and stats, also through the catalogue", async () => {
    await t.ok(PROGRESS, { id: lesson.id, percent: 60 }, { token: bob.token });
    const bobDrill = (await t.ok(DRILL, { id: drill.id, score: 11, correct: false }, { token: bob.token })).recordDrillResult;
    const bobProgress = await t.prisma.userLessonProgress.findFirstOrThrow({ where: { userId: bob.userId, lessonId: rawId(lesson.id) } });
    const bobIds = [globalId("UserLessonProgress", bobProgress.id), bobDrill.stats.id];

    const nodes = await t.ok(`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids: bobIds }, { token: alice.token });
    expect(nodes.nodes).toEqual([null, null]);

    const CATALOGUE = `query($lesson: ID!, $drill: ID!) {
      lesson: node(id: $lesson) { ... on LearnLesson { myProgress { id progressPercent status } } }
      drill: node(id: $drill) { ... on LearnDrill { myStats { id attempts lastScore } } }
      learnTopics { edges { node { lessons { myProgress { id } } drills { myStats { id } } } } }
    }`;
    const aliceView = await t.ok(CATALOGUE, { lesson: lesson.id, drill: drill.id }, { token: alice.token });
    expect(aliceView.lesson.myProgress).toMatchObject({ progressPercent: 100, status: "COMPLETED" });
    expect(aliceView.drill.myStats).toMatchObject({ attempts: 5 });
    const bobView = await t.ok(CATALOGUE, { lesson: lesson.id, drill: drill.id }, { token: bob.token });
    expect(bobView.lesson.myProgress).toMatchObject({ progressPercent: 60, status: "IN_PROGRESS" });
    expect(bobView.drill.myStats).toMatchObject({ attempts: 1, lastScore: 11 });
    for (const id of bobIds) expect(JSON.stringify(aliceView)).not.toContain(id);
    const anonymous = await t.ok(CATALOGUE, { lesson: lesson.id, drill: drill.id });
    expect(anonymous.lesson.myProgress).toBeNull();
    expect(anonymous.drill.myStats).toBeNull();
    expect(JSON.stringify(anonymous.learnTopics)).not.toMatch(/"id"/);

    const aliceLists = await t.ok(
      `{ viewer { lessonProgress { edges { node { id } } } drillStats { edges { node { id } } } } }`,
      {},
      { token: alice.token },
    );
    for (const id of bobIds) expect(JSON.stringify(aliceLists)).not.toContain(id);
    expect((await t.prisma.userLessonProgress.findUniqueOrThrow({ where: { id: bobProgress.id } })).progressPercent).toBe(60);
  });
});
