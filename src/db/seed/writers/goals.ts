/** Active goals (cycled templates) and one completed goal, with their milestones. */
import { addDays, calendarDateToDb } from "../../../domain/calendar.ts";
import { cycled, insertMany, withRound, type UserContext } from "../context.ts";

interface MilestoneTemplate {
  title: string;
  /** Due date relative to today (negative = past). */
  dueIn: number;
  /** Days ago it was completed; null = open. */
  doneDaysAgo: number | null;
}

interface GoalTemplate {
  title: string;
  description: string;
  category: string;
  targetIn: number;
  milestones: MilestoneTemplate[];
}

const ACTIVE_GOALS: readonly GoalTemplate[] = [
  {
    title: "Run a 10K in under 55 minutes",
    description: "Three runs a week: one long, one tempo, one easy. Race in the spring.",
    category: "fitness",
    targetIn: 70,
    milestones: [
      { title: "Run 5K without walking", dueIn: -40, doneDaysAgo: 44 },
      { title: "Run 8K at an easy pace", dueIn: -10, doneDaysAgo: 12 },
      { title: "10K time trial under 58 minutes", dueIn: 35, doneDaysAgo: null },
      { title: "10K under 55 minutes", dueIn: 70, doneDaysAgo: null },
    ],
  },
  {
    title: "Release my first EP",
    description: "Four melodic house tracks, mixed by me, mastered externally, out on Bandcamp.",
    category: "music",
    targetIn: 120,
    milestones: [
      { title: "Finish four demos", dueIn: -30, doneDaysAgo: 33 },
      { title: "Final arrangements for all tracks", dueIn: 20, doneDaysAgo: null },
      { title: "Mix-down and send for mastering", dueIn: 75, doneDaysAgo: null },
      { title: "Artwork and upload to Bandcamp", dueIn: 120, doneDaysAgo: null },
    ],
  },
  {
    title: "Read 24 books this year",
    description: "Two a month, alternating fiction and non-fiction.",
    category: "reading",
    targetIn: 200,
    milestones: [
      { title: "6 books", dueIn: -60, doneDaysAgo: 58 },
      { title: "12 books", dueIn: 30, doneDaysAgo: null },
      { title: "18 books", dueIn: 115, doneDaysAgo: null },
      { title: "24 books", dueIn: 200, doneDaysAgo: null },
    ],
  },
  {
    title: "Play every major scale in all 12 keys",
    description: "Hands together at 100 bpm without mistakes.",
    category: "learning",
    targetIn: 90,
    milestones: [
      { title: "C, G, D and A major", dueIn: -5, doneDaysAgo: 7 },
      { title: "E, B, F-sharp and D-flat major", dueIn: 40, doneDaysAgo: null },
      { title: "The remaining flat keys", dueIn: 90, doneDaysAgo: null },
    ],
  },
  {
    title: "Save for a new audio interface",
    description: "Put aside 60 euros every month until the 4-in, 4-out interface is paid for.",
    category: "finance",
    targetIn: 150,
    milestones: [
      { title: "First 120 euros", dueIn: -15, doneDaysAgo: 16 },
      { title: "Half way: 240 euros", dueIn: 60, doneDaysAgo: null },
      { title: "Buy it", dueIn: 150, doneDaysAgo: null },
    ],
  },
];

const COMPLETED_GOAL: GoalTemplate = {
  title: "Build a morning routine",
  description: "Wake at 6:30, meditate, write morning pages, stretch. Four weeks in a row.",
  category: "habits",
  targetIn: -20,
  milestones: [
    { title: "Wake at 6:30 for a full week", dueIn: -60, doneDaysAgo: 62 },
    { title: "Add meditation", dueIn: -45, doneDaysAgo: 47 },
    { title: "Four weeks without breaking the chain", dueIn: -20, doneDaysAgo: 21 },
  ],
};

export async function writeGoals(ctx: UserContext): Promise<void> {
  const { tx, o, userId, today, at, past } = ctx;
  if (o.goals > 0) {
    const goalTemplates: { template: GoalTemplate; title: string; completed: boolean }[] = [];
    for (let i = 0; i < o.goals; i += 1) {
      const { item, round } = cycled(ACTIVE_GOALS, i);
      goalTemplates.push({ template: item, title: withRound(item.title, round), completed: false });
    }
    goalTemplates.push({ template: COMPLETED_GOAL, title: COMPLETED_GOAL.title, completed: true });
    const goals = await tx.goal.createManyAndReturn({
      data: goalTemplates.map((g, i) => ({
        userId,
        title: g.title,
        description: g.template.description,
        category: g.template.category,
        status: g.completed ? ("COMPLETED" as const) : ("ACTIVE" as const),
        targetDate: calendarDateToDb(addDays(today, g.template.targetIn)),
        completedAt: g.completed ? at(past(-g.template.targetIn), 20 * 60) : null,
        sortOrder: (i + 1) * 10,
        createdAt: at(past(80 - (i % 20)), 21 * 60),
      })),
      select: { id: true, sortOrder: true },
    });
    const goalIdBySort = new Map(goals.map((g) => [g.sortOrder, g.id]));
    await insertMany(
      goalTemplates.flatMap((g, i) =>
        g.template.milestones.map((m, j) => ({
          goalId: goalIdBySort.get((i + 1) * 10)!,
          userId,
          title: m.title,
          dueDate: calendarDateToDb(addDays(today, m.dueIn)),
          isCompleted: m.doneDaysAgo !== null,
          completedAt: m.doneDaysAgo !== null ? at(past(m.doneDaysAgo), 19 * 60 + j) : null,
          sortOrder: (j + 1) * 10,
          createdAt: at(past(80 - (i % 20)), 21 * 60 + j + 1),
        })),
      ),
      (chunk) => tx.goalMilestone.createMany({ data: chunk }),
    );
  }
}
