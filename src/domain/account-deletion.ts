// Deleting an account (docs/architecture.md, "Deletes"): every row the user owns, in order, in
// one transaction — their decision telemetry and their events included — then one
// `account.deleted` event with no user on its row, so the projectors remove what they hold of
// the user (the Neo4j sink: the user's nodes and edges, src/projector/neo4j/cypher.ts), and the
// audit row.
import type { Actor } from "./actor.ts";
import { recordAudit } from "./audit.ts";
import { emit } from "./events.ts";
import type { Tx } from "./transaction.ts";

type DeleteStep = readonly [table: string, run: (tx: Tx, userId: string) => Promise<{ count: number }>];

/**
 * Every table holding a user's rows, children before parents, so that no RESTRICT foreign
 * key (core content: habits, goals, books, workouts, tracks, ideas, …) refuses a delete.
 * Cascading children are deleted explicitly too: the order, not the FK actions, is the
 * contract (docs/architecture.md, "Deletes"). `audit_log` is not here: its rows outlive the user with
 * `user_id` set null by the foreign key.
 */
const DELETE_ORDER: readonly DeleteStep[] = [
  // behavior
  ["decision_telemetry", (tx, userId) => tx.decisionTelemetry.deleteMany({ where: { userId } })],
  ["behavior_outbox", (tx, userId) => tx.behaviorOutbox.deleteMany({ where: { userId } })],
  // platform
  ["user_onboarding_responses", (tx, userId) => tx.userOnboardingResponse.deleteMany({ where: { userId } })],
  ["user_onboarding_state", (tx, userId) => tx.userOnboardingState.deleteMany({ where: { userId } })],
  ["inbox_items", (tx, userId) => tx.inboxItem.deleteMany({ where: { userId } })],
  ["user_references", (tx, userId) => tx.userReference.deleteMany({ where: { userId } })],
  ["infobase_entries", (tx, userId) => tx.infobaseEntry.deleteMany({ where: { userId } })],
  ["ideas", (tx, userId) => tx.idea.deleteMany({ where: { userId } })],
  ["feedback", (tx, userId) => tx.feedback.deleteMany({ where: { userId } })],
  ["user_settings", (tx, userId) => tx.userSettings.deleteMany({ where: { userId } })],
  // reference tracks: analysis children, then analyses, annotations, regions, then tracks
  ["analysis_events", (tx, userId) => tx.analysisEvent.deleteMany({ where: { userId } })],
  ["analysis_frame_data", (tx, userId) => tx.analysisFrameData.deleteMany({ where: { userId } })],
  ["analysis_frame_manifests", (tx, userId) => tx.analysisFrameManifest.deleteMany({ where: { userId } })],
  ["track_regions", (tx, userId) => tx.trackRegion.deleteMany({ where: { userId } })],
  ["track_annotations", (tx, userId) => tx.trackAnnotation.deleteMany({ where: { userId } })],
  ["track_analyses", (tx, userId) => tx.trackAnalysis.deleteMany({ where: { userId } })],
  ["reference_tracks", (tx, userId) => tx.referenceTrack.deleteMany({ where: { userId } })],
  // learn
  ["user_drill_stats", (tx, userId) => tx.userDrillStat.deleteMany({ where: { userId } })],
  ["user_lesson_progress", (tx, userId) => tx.userLessonProgress.deleteMany({ where: { userId } })],
  // fitness: sets and workout exercises reference exercises (RESTRICT); sessions reference workouts (RESTRICT)
  ["exercise_sets", (tx, userId) => tx.exerciseSet.deleteMany({ where: { userId } })],
  ["workout_sessions", (tx, userId) => tx.workoutSession.deleteMany({ where: { userId } })],
  ["workout_exercises", (tx, userId) => tx.workoutExercise.deleteMany({ where: { userId } })],
  ["workouts", (tx, userId) => tx.workout.deleteMany({ where: { userId } })],
  ["training_programs", (tx, userId) => tx.trainingProgram.deleteMany({ where: { userId } })],
  ["exercises", (tx, userId) => tx.exercise.deleteMany({ where: { userId } })],
  // market: a purchase references its transaction (RESTRICT)
  ["user_purchases", (tx, userId) => tx.userPurchase.deleteMany({ where: { userId } })],
  ["market_transactions", (tx, userId) => tx.marketTransaction.deleteMany({ where: { userId } })],
  // books
  ["reading_sessions", (tx, userId) => tx.readingSession.deleteMany({ where: { userId } })],
  ["books", (tx, userId) => tx.book.deleteMany({ where: { userId } })],
  // planning
  ["daily_plans", (tx, userId) => tx.dailyPlan.deleteMany({ where: { userId } })],
  ["calendar_events", (tx, userId) => tx.calendarEvent.deleteMany({ where: { userId } })],
  // quests
  ["user_quest_progress", (tx, userId) => tx.userQuestProgress.deleteMany({ where: { userId } })],
  ["user_quests", (tx, userId) => tx.userQuest.deleteMany({ where: { userId } })],
  // habits and goals
  ["habit_completions", (tx, userId) => tx.habitCompletion.deleteMany({ where: { userId } })],
  ["habits", (tx, userId) => tx.habit.deleteMany({ where: { userId } })],
  ["goal_milestones", (tx, userId) => tx.goalMilestone.deleteMany({ where: { userId } })],
  ["goals", (tx, userId) => tx.goal.deleteMany({ where: { userId } })],
  // focus
  ["focus_pause_state", (tx, userId) => tx.focusPauseState.deleteMany({ where: { userId } })],
  ["focus_sessions", (tx, userId) => tx.focusSession.deleteMany({ where: { userId } })],
  ["focus_library_tracks", (tx, userId) => tx.focusLibraryTrack.deleteMany({ where: { userId } })],
  ["focus_libraries", (tx, userId) => tx.focusLibrary.deleteMany({ where: { userId } })],
  // gamification
  ["user_achievements", (tx, userId) => tx.userAchievement.deleteMany({ where: { userId } })],
  ["user_streaks", (tx, userId) => tx.userStreak.deleteMany({ where: { userId } })],
  ["points_ledger", (tx, userId) => tx.pointsLedger.deleteMany({ where: { userId } })],
  ["user_wallet", (tx, userId) => tx.userWallet.deleteMany({ where: { userId } })],
  ["user_progress", (tx, userId) => tx.userProgress.deleteMany({ where: { userId } })],
  // auth (audit_log rows stay, their user_id and session_id set null by the foreign keys)
  ["email_verifications", (tx, userId) => tx.emailVerification.deleteMany({ where: { userId } })],
  // Mail to the user's address (sent or queued) holds the address: it goes with the account.
  [
    "mail_outbox",
    async (tx, userId) => {
      const user = await tx.user.findUnique({ where: { id: userId }, select: { email: true } });
      return user ? tx.mailOutbox.deleteMany({ where: { toAddress: user.email } }) : { count: 0 };
    },
  ],
  ["user_roles", (tx, userId) => tx.userRole.deleteMany({ where: { userId } })],
  ["sessions", (tx, userId) => tx.session.deleteMany({ where: { userId } })],
  ["accounts", (tx, userId) => tx.account.deleteMany({ where: { userId } })],
  ["users", (tx, userId) => tx.user.deleteMany({ where: { id: userId } })],
];

/** The tables `deleteUserData` clears, in order (exported for tests and docs). */
export const ACCOUNT_DELETION_TABLES: readonly string[] = DELETE_ORDER.map(([table]) => table);

/**
 * Deletes everything `userId` owns, in the caller's transaction, and returns how many
 * rows each table lost. Run it inside one transaction: a failure part-way rolls it all back.
 */
export async function deleteUserData(tx: Tx, userId: string): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const [table, run] of DELETE_ORDER) {
    const { count } = await run(tx, userId);
    if (count > 0) counts[table] = count;
  }
  return counts;
}

/**
 * Deletes the actor's account (the caller has re-checked their password): their rows, then the
 * `account.deleted` event and the audit row. The event keeps only the user's id, as the audit
 * row does (`targetId`), which the graph needs to find the user's subgraph; nothing else of
 * the user is in it. Returns the rows deleted per table.
 */
export async function deleteAccount(tx: Tx, actor: Actor): Promise<Record<string, number>> {
  const { userId } = actor;
  const deleted = await deleteUserData(tx, userId);
  await emit(tx, { type: "account.deleted", userId, payload: { userId } }, { once: userId });
  // Written after the user is gone, so nothing links the entry back to a user row.
  await recordAudit(tx, {
    userId: null,
    action: "account.delete",
    targetType: "User",
    targetId: userId,
    metadata: { deletedRows: deleted },
    requestInfo: actor.requestInfo,
  });
  return deleted;
}
