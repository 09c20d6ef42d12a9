// The reference point of the benchmark: PostGraphile 4 (the newest that runs on Node 20),
// schema generated from the same database, answering the closest equivalent of the
// Today document. It does less work than `today`: no due-date filtering, no per-habit
// streaks, no day's XP total, no plan-item ordering (the client would do those), and it
// trusts the userId variable instead of looking up a session. Both servers are measured
// over real HTTP on localhost (PostGraphile in a child process), against the same database.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";

const BY_POSITION = "[SORT_ORDER_ASC, CREATED_AT_ASC, ID_ASC]";

export const POSTGRAPHILE_TODAY_DOCUMENT = `
query Today($userId: UUID!, $date: Date!, $weekStart: Date!, $start: Datetime!, $end: Datetime!) {
  plan: allDailyPlansList(condition: {userId: $userId, date: $date}) { id date intention notes items }
  calendarEvents: allCalendarEventsList(
    filter: {userId: {equalTo: $userId}, or: [
      {allDay: {equalTo: true}, startDate: {lessThanOrEqualTo: $date}, endDate: {greaterThanOrEqualTo: $date}},
      {allDay: {equalTo: false}, startsAt: {lessThan: $end}, endsAt: {greaterThan: $start}}]}
    orderBy: [ALL_DAY_DESC, STARTS_AT_ASC, SORT_ORDER_ASC, CREATED_AT_ASC, ID_ASC]
  ) { id title location color allDay startsAt endsAt startDate endDate sortOrder }
  focus: allFocusSessionsList(
    filter: {userId: {equalTo: $userId}, or: [{status: {equalTo: ACTIVE}}, {startedAt: {greaterThanOrEqualTo: $start, lessThan: $end}}]}
    orderBy: [CREATED_AT_ASC, ID_ASC]
  ) {
    id mode status label plannedDurationSeconds actualDurationSeconds startedAt endedAt
    focusPauseStatesBySessionIdList { isPaused pausedAt resumedAt totalPausedSeconds }
  }
  habits: allHabitsList(condition: {userId: $userId, isArchived: false}, orderBy: ${BY_POSITION}) {
    id name icon color frequency daysOfWeek intervalDays startDate endDate targetCount xpReward sortOrder
    habitCompletionsByHabitIdList(condition: {completedOn: $date}) { id count completedAt note }
  }
  goals: allGoalsList(condition: {userId: $userId, status: ACTIVE}, orderBy: ${BY_POSITION}) {
    id title category targetDate sortOrder
    goalMilestonesByGoalIdList(orderBy: ${BY_POSITION}) { id title dueDate isCompleted sortOrder }
  }
  quests: allUserQuestsList(condition: {userId: $userId, status: ACTIVE}, orderBy: ${BY_POSITION}) {
    id title description status currentValue targetValue xpReward coinReward dueDate sortOrder
  }
  universalQuests: allUniversalQuestsList(condition: {isActive: true}, orderBy: ${BY_POSITION}) {
    id key title description cadence unit targetValue xpReward coinReward sortOrder
    userQuestProgressesByQuestIdList(filter: {userId: {equalTo: $userId}, periodStart: {in: [$date, $weekStart, "1970-01-01"]}}) {
      currentValue status periodStart
    }
  }
  inbox: allInboxItemsList(condition: {userId: $userId, archivedAt: null}, orderBy: ${BY_POSITION}) {
    id kind title body readAt sortOrder createdAt
  }
  progress: allUserProgressesList(condition: {userId: $userId}) { level totalXp }
  wallet: allUserWalletsList(condition: {userId: $userId}) { coins totalEarned totalSpent }
  streaks: allUserStreaksList(condition: {userId: $userId}, orderBy: [CREATED_AT_ASC, ID_ASC]) {
    streakType currentCount longestCount lastActivityDate
  }
}`;

export async function listen(server: Server): Promise<{ url: string; close(): Promise<void> }> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}

const SERVER = new URL("./postgraphile/server.js", import.meta.url);

/**
 * PostGraphile in a child process (its own dependency tree under bench/postgraphile,
 * installed by `npm run bench:setup`), or null when that is not installed.
 */
export async function startPostGraphile(databaseUrl: string): Promise<{ url: string; close(): Promise<void> } | null> {
  if (!existsSync(new URL("./postgraphile/node_modules/postgraphile", import.meta.url))) return null;
  const child = spawn(process.execPath, [fileURLToPath(SERVER), databaseUrl], { stdio: ["ignore", "pipe", "inherit"] });
  const url = await new Promise<string>((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`PostGraphile exited with ${code}`)));
    child.stdout.once("data", (chunk: Buffer) => resolve(chunk.toString().trim()));
  });
  return {
    url,
    close: () =>
      new Promise<void>((resolve) => {
        child.removeAllListeners("exit");
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
