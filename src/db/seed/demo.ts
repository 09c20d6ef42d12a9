/**
 * Deterministic demo data: one signed-in-able user with ~90 days of history across every
 * domain (habits, focus, goals, quests, plan, calendar, inbox, market, books, fitness,
 * learning, music reference, onboarding), whose points ledger, wallet, level and streaks
 * all agree with each other.
 *
 * Same options → same rows (ids aside): all randomness comes from a seeded PRNG with one
 * independent stream per part, and "today" is an option (default: today's date in the
 * user's time zone). The catalogue rows it links to come from migration 0013_seeds.
 *
 * Everything is written in one interactive transaction with `createMany` batches, so a
 * failure leaves nothing behind and a large benchmark user needs only a few dozen
 * statements.
 */
import { zonedInstant } from "../../domain/calendar.ts";
import { unlockMetAchievements } from "../../domain/rewards.ts";
import type { PrismaClient } from "../../generated/prisma/client.ts";
import { hashPassword } from "../../auth/password.ts";
import type { Tx } from "../../domain/transaction.ts";
import { loadCatalogue } from "./catalogue.ts";
import { createDemoContext, type LedgerDraft, type UserContext } from "./context.ts";
import { resolveDemoOptions, type DemoOptions, type DemoUser, type ResolvedOptions } from "./options.ts";
import { writeUser } from "./writers/auth.ts";
import { writeBooks } from "./writers/books.ts";
import { writeCalendar } from "./writers/calendar.ts";
import { writeFitness } from "./writers/fitness.ts";
import { writeFocus } from "./writers/focus.ts";
import { writeAchievements, writeLedger, writeStreaks } from "./writers/gamification.ts";
import { writeGoals } from "./writers/goals.ts";
import { writeHabits } from "./writers/habits.ts";
import { writeInbox } from "./writers/inbox.ts";
import { writeLearning } from "./writers/learn.ts";
import { writeMarket } from "./writers/market.ts";
import { writeNotes } from "./writers/notes.ts";
import { writeOnboarding } from "./writers/onboarding.ts";
import { writePlan } from "./writers/planning.ts";
import { writeQuests } from "./writers/quests.ts";
import { writeReference } from "./writers/reference.ts";

export { DEMO_DEFAULTS, resolveDemoOptions, type DemoOptions, type DemoUser, type ResolvedOptions } from "./options.ts";

/**
 * Writes the whole demo user. The order is part of the output: later writers read what
 * earlier ones return (the quests measure the habits and focus sessions, the market pays
 * from the ledger so far, the plan points at habits, a quest and an event), and one
 * statement runs at a time in the transaction. Each PRNG stream belongs to one writer.
 */
async function writeDemo(tx: Tx, o: ResolvedOptions, passwordHash: string): Promise<string> {
  const base = createDemoContext(tx, o);
  const catalogue = await loadCatalogue(tx);
  const userId = await writeUser(base, passwordHash, catalogue.userRole);
  const ctx: UserContext = { ...base, userId };

  const ledger: LedgerDraft[] = [];
  const earn = (rewards: readonly LedgerDraft[]) => {
    for (const reward of rewards) ledger.push(reward);
  };
  const habits = await writeHabits(ctx);
  earn(habits.rewards);
  const focus = await writeFocus(ctx);
  earn(focus.rewards);
  await writeGoals(ctx);
  // Books before quests: the completed quest is about the finished book.
  const books = await writeBooks(ctx);
  const quests = await writeQuests(ctx, catalogue, {
    finishedOn: books.finishedOn,
    doneTodayTimes: habits.doneTodayTimes,
    completedFocus: focus.completedFocus,
  });
  earn(quests.rewards);
  earn(await writeLearning(ctx, catalogue));
  earn(await writeAchievements(ctx, catalogue, { habitDrafts: habits.habitDrafts, completedFocus: focus.completedFocus }));
  earn(await writeMarket(ctx, catalogue, ledger));
  await writeLedger(ctx, ledger);
  await writeStreaks(ctx, {
    doneHabitDays: habits.doneHabitDays,
    habitDrafts: habits.habitDrafts,
    completedFocus: focus.completedFocus,
    readingSessions: books.readingSessions,
  });

  const calendar = await writeCalendar(ctx);
  await writeInbox(ctx);
  await writePlan(ctx, {
    habitDrafts: habits.habitDrafts,
    habitId: habits.habitId,
    focusDrafts: focus.focusDrafts,
    firstQuestId: quests.firstQuestId,
    eventId: calendar.eventId,
  });
  await writeFitness(ctx, catalogue);
  await writeReference(ctx);
  await writeNotes(ctx);
  await writeOnboarding(ctx, catalogue);
  return userId;
}

/**
 * Creates the demo user with its whole history in one transaction and returns how to
 * sign in. Fails (and writes nothing) if the email is taken; see seedDemoIfMissing.
 */
export async function seedDemoUser(prisma: PrismaClient, options: DemoOptions = {}): Promise<DemoUser> {
  const resolved = resolveDemoOptions(options);
  // scrypt is slow on purpose: hash before the transaction opens.
  const passwordHash = await hashPassword(resolved.password);
  const userId = await prisma.$transaction(
    async (tx) => {
      const id = await writeDemo(tx, resolved, passwordHash);
      // The history meets more achievements' criteria than the writers unlocked: the rules
      // unlock (and pay) them as the API would, dated at the start of today.
      await unlockMetAchievements(tx, id, resolved.timezone, zonedInstant(resolved.today, 0, resolved.timezone));
      return id;
    },
    { timeout: 120_000, maxWait: 30_000 },
  );
  return { userId, email: resolved.email, password: resolved.password, today: resolved.today };
}

/**
 * Idempotent: when a user with the email exists already, nothing is written and that
 * user's id is returned (the password returned is the one asked for, not verified).
 */
export async function seedDemoIfMissing(prisma: PrismaClient, options: DemoOptions = {}): Promise<DemoUser & { created: boolean }> {
  const resolved = resolveDemoOptions(options);
  const existing = await prisma.user.findUnique({ where: { email: resolved.email }, select: { id: true } });
  if (existing) {
    return { userId: existing.id, email: resolved.email, password: resolved.password, today: resolved.today, created: false };
  }
  try {
    return { ...(await seedDemoUser(prisma, resolved)), created: true };
  } catch (error) {
    // Another process created the same user meanwhile: that counts as present.
    const raced = await prisma.user.findUnique({ where: { email: resolved.email }, select: { id: true } });
    if (raced) return { userId: raced.id, email: resolved.email, password: resolved.password, today: resolved.today, created: false };
    throw error;
  }
}
