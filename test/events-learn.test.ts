// Learning: lesson.progressed and drill.attempted events, the lesson's XP once (the seed's key
// included), drill XP once per drill and calendar day, and no event from a rolled-back action.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { todayIn } from "../src/domain/calendar.ts";
import { recordDrillResult, updateLessonProgress } from "../src/domain/learn.ts";
import { ledgerKeys } from "../src/domain/ledger-keys.ts";
import { awardPoints } from "../src/domain/points.ts";
import { startTestGateway, type TestGateway } from "./support/gateway.ts";
import { eventsOf } from "./support/event-rows.ts";
import { rawId } from "./support/graphqlIds.ts";

let t: TestGateway;
let lessons: Array<{ id: string; key: string; xpReward: number }>;
let drills: Array<{ id: string; key: string; xpReward: number }>;

beforeAll(async () => {
  t = await startTestGateway();
  const data = await t.ok(`{ learnTopics { edges { node { lessons { id key xpReward } drills { id key xpReward } } } } }`);
  const topics = data.learnTopics.edges.map((edge: any) => edge.node);
  lessons = topics.flatMap((topic: any) => topic.lessons).filter((lesson: any) => lesson.xpReward > 0);
  drills = topics.flatMap((topic: any) => topic.drills).filter((drill: any) => drill.xpReward > 0);
  expect(lessons.length).toBeGreaterThanOrEqual(2);
  expect(drills.length).toBeGreaterThanOrEqual(2);
});
afterAll(async () => {
  await t?.close();
});

const PROGRESS = `mutation($id: ID!, $percent: Int!) { updateLessonProgress(lessonId: $id, progressPercent: $percent) { xpAwarded } }`;
const DRILL = `mutation($id: ID!, $score: Int!, $correct: Boolean!, $key: String) {
  recordDrillResult(drillId: $id, score: $score, correct: $correct, attemptKey: $key) { xpAwarded duplicate stats { attempts } } }`;

async function xpOf(userId: string): Promise<number> {
  return (await t.prisma.userProgress.findUnique({ where: { userId } }))?.totalXp ?? 0;
}

describe("lesson.progressed", () => {
  it("is emitted when progress moves, with the XP paid once under ledgerKeys.lesson", async () => {
    const user = await t.createUser();
    const lesson = lessons[0];
    const lessonId = rawId(lesson.id);
    expect((await t.ok(PROGRESS, { id: lesson.id, percent: 40 }, { token: user.token })).updateLessonProgress.xpAwarded).toBe(0);
    expect((await t.ok(PROGRESS, { id: lesson.id, percent: 100 }, { token: user.token })).updateLessonProgress.xpAwarded).toBe(
      lesson.xpReward,
    );
    // Neither a repeat nor a lower percent moves anything.
    expect((await t.ok(PROGRESS, { id: lesson.id, percent: 100 }, { token: user.token })).updateLessonProgress.xpAwarded).toBe(0);
    await t.ok(PROGRESS, { id: lesson.id, percent: 10 }, { token: user.token });

    const events = await eventsOf(t.prisma, user.userId, ["lesson.progressed", "points.awarded"]);
    // Cause before effect: the completing lesson.progressed, then the XP it pays.
    expect(events.map((e) => [e.eventType, e.payload])).toEqual([
      ["lesson.progressed", { v: 1, lessonId, lessonKey: lesson.key, percent: 40, completed: false }],
      ["lesson.progressed", { v: 1, lessonId, lessonKey: lesson.key, percent: 100, completed: true }],
      ["points.awarded", expect.objectContaining({ xp: lesson.xpReward, coins: 0, ledgerKey: ledgerKeys.lesson(lessonId) })],
    ]);
    expect(await xpOf(user.userId)).toBe(lesson.xpReward);
  });

  it("pays nothing for a lesson whose reward the seed already wrote under the same key", async () => {
    const user = await t.createUser();
    const lesson = lessons[1];
    const lessonId = rawId(lesson.id);
    await t.prisma.$transaction((tx) =>
      awardPoints(tx, {
        userId: user.userId,
        xp: lesson.xpReward,
        coins: 0,
        reason: "lesson.complete",
        idempotencyKey: ledgerKeys.lesson(lessonId),
      }),
    );
    const result = await t.ok(PROGRESS, { id: lesson.id, percent: 100 }, { token: user.token });
    expect(result.updateLessonProgress.xpAwarded).toBe(0);
    expect(await xpOf(user.userId)).toBe(lesson.xpReward);
    expect(await t.prisma.pointsLedger.count({ where: { userId: user.userId } })).toBe(1);
  });

  it("a rolled-back update leaves no event, progress or XP", async () => {
    const user = await t.createUser();
    const lessonId = rawId(lessons[0].id);
    await expect(
      t.prisma.$transaction(async (tx) => {
        await updateLessonProgress(tx, { userId: user.userId, timezone: "UTC" }, { lessonId, progressPercent: 100 });
        throw new Error("rolled back");
      }),
    ).rejects.toThrow("rolled back");
    expect(await eventsOf(t.prisma, user.userId)).toHaveLength(0);
    expect(await t.prisma.userLessonProgress.count({ where: { userId: user.userId } })).toBe(0);
    expect(await xpOf(user.userId)).toBe(0);
  });
});

describe("drill.attempted", () => {
  it("records every attempt as an event; XP once per drill and calendar day in the viewer's zone", async () => {
    // UTC+14: the viewer's day is often not UTC's, so the key must use the viewer's zone.
    const user = await t.createUser({ timezone: "Pacific/Kiritimati" });
    const [drill, other] = drills;
    const drillId = rawId(drill.id);
    const results = [];
    for (const [id, correct] of [
      [drill.id, true],
      [drill.id, true],
      [drill.id, false],
      [drill.id, true],
      [other.id, true],
    ] as const) {
      results.push((await t.ok(DRILL, { id, score: correct ? 90 : 10, correct }, { token: user.token })).recordDrillResult);
    }
    expect(results.map((r) => r.xpAwarded)).toEqual([drill.xpReward, 0, 0, 0, other.xpReward]);

    const attempts = await eventsOf(t.prisma, user.userId, ["drill.attempted"]);
    expect(attempts.map((e) => e.payload)).toEqual([
      { v: 1, drillId, drillKey: drill.key, score: 90, correct: true },
      { v: 1, drillId, drillKey: drill.key, score: 90, correct: true },
      { v: 1, drillId, drillKey: drill.key, score: 10, correct: false },
      { v: 1, drillId, drillKey: drill.key, score: 90, correct: true },
      { v: 1, drillId: rawId(other.id), drillKey: other.key, score: 90, correct: true },
    ]);
    const day = todayIn("Pacific/Kiritimati");
    // (The rules step may pay catalogue quests or achievements besides; only drill rewards are counted here.)
    const ledger = await t.prisma.pointsLedger.findMany({ where: { userId: user.userId, reason: "drill.correct" } });
    expect(ledger.map((entry) => [entry.idempotencyKey, entry.xpDelta, entry.coinDelta]).sort()).toEqual(
      [
        [ledgerKeys.drillDay(drillId, day), drill.xpReward, 0],
        [ledgerKeys.drillDay(rawId(other.id), day), other.xpReward, 0],
      ].sort(),
    );
  });

  it("an attemptKey records the attempt once per drill", async () => {
    const user = await t.createUser();
    const [drill, other] = drills;
    const first = (await t.ok(DRILL, { id: drill.id, score: 50, correct: true, key: "k1" }, { token: user.token })).recordDrillResult;
    const retry = (await t.ok(DRILL, { id: drill.id, score: 50, correct: true, key: "k1" }, { token: user.token })).recordDrillResult;
    expect(first).toMatchObject({ duplicate: false, xpAwarded: drill.xpReward, stats: { attempts: 1 } });
    expect(retry).toMatchObject({ duplicate: true, xpAwarded: 0, stats: { attempts: 1 } });
    const elsewhere = (await t.ok(DRILL, { id: other.id, score: 50, correct: false, key: "k1" }, { token: user.token })).recordDrillResult;
    expect(elsewhere).toMatchObject({ duplicate: false, stats: { attempts: 1 } });
    expect(await eventsOf(t.prisma, user.userId, ["drill.attempted"])).toHaveLength(2);
  });

  it("a rolled-back attempt leaves no event, so the same attemptKey still records later", async () => {
    const user = await t.createUser();
    const actor = { userId: user.userId, timezone: "UTC" };
    const drillId = rawId(drills[0].id);
    await expect(
      t.prisma.$transaction(async (tx) => {
        await recordDrillResult(tx, actor, { drillId, score: 80, correct: true, attemptKey: "once" });
        throw new Error("rolled back");
      }),
    ).rejects.toThrow("rolled back");
    expect(await eventsOf(t.prisma, user.userId)).toHaveLength(0);
    expect(await xpOf(user.userId)).toBe(0);
    const outcome = await t.prisma.$transaction((tx) =>
      recordDrillResult(tx, actor, { drillId, score: 80, correct: true, attemptKey: "once" }),
    );
    expect(outcome).toMatchObject({ duplicate: false, xpAwarded: drills[0].xpReward });
  });
});
