// The demo seed and the API agree on rewards: the seed writes through the domain's rules and
// ledger keys, so replaying what the seeded history did, through the API, pays nothing more.
import { describe, expect, it } from "vitest";
import { newSessionToken, SESSION_TTL_MS } from "../src/auth/session.ts";
import { toDay } from "../src/domain/calendar.ts";
import { seedDemoUser } from "../src/db/seed/demo.ts";
import { startTestGateway } from "./support/gateway.ts";
import { globalId } from "./support/graphqlIds.ts";
import { afterAll } from "vitest";

const t = await startTestGateway();
afterAll(() => t.close());

describe("demo seed vs API", () => {
  it("replaying the seeded rewards through the API pays nothing", async () => {
    const demo = await seedDemoUser(t.prisma, { email: "replay@today.dev" });
    const { token, tokenHash } = newSessionToken();
    await t.prisma.session.create({ data: { userId: demo.userId, tokenHash, expiresAt: new Date(Date.now() + SESSION_TTL_MS) } });
    const as = { token };
    const state = async () => {
      const [wallet, progress, ledger, achievements] = await Promise.all([
        t.prisma.userWallet.findUniqueOrThrow({ where: { userId: demo.userId } }),
        t.prisma.userProgress.findUniqueOrThrow({ where: { userId: demo.userId } }),
        t.prisma.pointsLedger.count({ where: { userId: demo.userId } }),
        t.prisma.userAchievement.count({ where: { userId: demo.userId } }),
      ]);
      return { coins: wallet.coins, earned: wallet.totalEarned, xp: progress.totalXp, ledger, achievements };
    };
    const before = await state();
    expect(before.ledger).toBeGreaterThan(100);

    // Today's done habits, completed again.
    const done = await t.prisma.habitCompletion.findMany({
      where: { userId: demo.userId, completedOn: new Date(`${demo.today}T00:00:00Z`) },
      include: { habit: true },
    });
    const doneToday = done.filter((c) => c.count >= c.habit.targetCount);
    expect(doneToday.length).toBeGreaterThan(0);
    for (const completion of doneToday) {
      const response = await t.ok(
        `mutation($id: ID!) { completeHabit(habitId: $id) { becameDone award { entry { id } } } }`,
        { id: globalId("Habit", completion.habitId) },
        as,
      );
      expect(response.completeHabit).toEqual({ becameDone: false, award: null });
    }

    // Completed lessons, completed again.
    const lessons = await t.prisma.userLessonProgress.findMany({ where: { userId: demo.userId, status: "COMPLETED" } });
    expect(lessons.length).toBeGreaterThan(0);
    for (const lesson of lessons) {
      const response = await t.ok(
        `mutation($id: ID!) { updateLessonProgress(lessonId: $id, progressPercent: 100) { xpAwarded } }`,
        { id: globalId("LearnLesson", lesson.lessonId) },
        as,
      );
      expect(response.updateLessonProgress.xpAwarded).toBe(0);
    }

    // Every catalogue quest the seed completed, measured again for its period.
    const periods = await t.prisma.userQuestProgress.findMany({ where: { userId: demo.userId }, include: { quest: true } });
    for (const period of periods) {
      const day = toDay(period.periodStart) === "1970-01-01" ? demo.today : null;
      const response = await t.graphql(
        `mutation($id: ID!, $day: Date) { progressUniversalQuest(questId: $id, day: $day) { completed award { entry { id } } } }`,
        { id: globalId("UniversalQuest", period.questId), day },
        as,
      );
      if (!response.errors) expect(response.data.progressUniversalQuest).toMatchObject({ award: null });
    }

    // The seeded completed own quest, completed again.
    const ownDone = await t.prisma.userQuest.findFirstOrThrow({ where: { userId: demo.userId, status: "COMPLETED", sourceQuestId: null } });
    const again = await t.graphql(`mutation($id: ID!) { completeQuest(id: $id) { completed } }`, { id: globalId("Quest", ownDone.id) }, as);
    expect(again.errors?.[0]?.extensions?.code).toBe("CONFLICT");

    expect(await state()).toEqual(before);
  });
});
