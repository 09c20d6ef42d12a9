/**
 * The catalogue rows the demo user links to (from migration 0013_seeds). A missing row is
 * not an error: the part of the demo that needs it is skipped.
 */
import type { Tx } from "../../domain/transaction.ts";

export async function loadCatalogue(tx: Tx) {
  // One statement at a time: a transaction is one connection.
  const userRole = await tx.role.findUnique({ where: { key: "user" } });
  const universalQuests = await tx.universalQuest.findMany({
    where: { key: { in: ["daily-three-habits", "daily-focus-50", "weekly-focus-5h", "weekly-ear-training"] } },
    orderBy: { key: "asc" },
  });
  const marketItems = await tx.marketItem.findMany({
    where: { key: { in: ["coffee-break", "theme-forest"] } },
    orderBy: { key: "asc" },
  });
  const exercises = await tx.exercise.findMany({
    where: { userId: null, name: { in: ["Barbell Back Squat", "Bench Press", "Dumbbell Row"] } },
    orderBy: [{ name: "asc" }, { createdAt: "asc" }, { id: "asc" }],
  });
  const lessons = await tx.learnLesson.findMany({
    where: { key: { in: ["intervals-101", "major-minor-scales"] } },
    orderBy: { key: "asc" },
  });
  const drill = await tx.learnDrill.findUnique({ where: { key: "name-the-interval" } });
  const flow = await tx.onboardingFlow.findUnique({
    where: { key: "welcome" },
    include: { steps: { orderBy: [{ sortOrder: "asc" }, { id: "asc" }] } },
  });
  const achievements = await tx.achievementDefinition.findMany({
    where: { key: { in: ["first-habit-check", "focus-first-session"] } },
    orderBy: { key: "asc" },
  });
  const questByKey = new Map(universalQuests.map((q) => [q.key, q]));
  const itemByKey = new Map(marketItems.map((item) => [item.key, item]));
  const exerciseByName = new Map<string, (typeof exercises)[number]>();
  for (const exercise of exercises) if (!exerciseByName.has(exercise.name)) exerciseByName.set(exercise.name, exercise);
  const lessonByKey = new Map(lessons.map((lesson) => [lesson.key, lesson]));
  const achievementByKey = new Map(achievements.map((a) => [a.key, a]));
  return { userRole, questByKey, itemByKey, exerciseByName, lessonByKey, drill, flow, achievementByKey };
}

export type Catalogue = Awaited<ReturnType<typeof loadCatalogue>>;
export type CatalogueMarketItem = Catalogue["itemByKey"] extends Map<string, infer V> ? V : never;
