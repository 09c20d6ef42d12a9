// The reference document for PostGraphile 5 (bench/postgraphile/server.js: amber preset,
// connection filter, list fields, no mutations), schema generated from the same database:
// the closest equivalent of the Today page's document. It does less than `today`:
// - no session: it trusts the userId variable (the gateway checks a bearer token first);
// - the client passes the day's bounds and the week's start (the gateway derives them from
//   the user's time zone) and would still have to filter due habits, compute streaks, merge
//   and sort the quests and plan items, and count the day's focus time itself;
// - no day's XP/coin totals (no ledger sum);
// - ids are its own node ids, not checked against the viewer.

const BY_POSITION = "[SORT_ORDER_ASC, CREATED_AT_ASC, ROW_ID_ASC]";

export const POSTGRAPHILE_TODAY_DOCUMENT = `
query Today($userId: UUID!, $date: Date!, $weekStart: Date!, $start: Datetime!, $end: Datetime!) {
  plan: allDailyPlansList(condition: {userId: $userId, date: $date}) { id date intention notes items }
  calendarEvents: allCalendarEventsList(
    filter: {userId: {equalTo: $userId}, or: [
      {allDay: {equalTo: true}, startDate: {lessThanOrEqualTo: $date}, endDate: {greaterThanOrEqualTo: $date}},
      {allDay: {equalTo: false}, startsAt: {lessThan: $end}, endsAt: {greaterThan: $start}}]}
    orderBy: [ALL_DAY_DESC, STARTS_AT_ASC, SORT_ORDER_ASC, CREATED_AT_ASC, ROW_ID_ASC]
  ) { id title location color allDay startsAt endsAt startDate endDate sortOrder }
  focus: allFocusSessionsList(
    filter: {userId: {equalTo: $userId}, or: [{status: {equalTo: ACTIVE}}, {startedAt: {greaterThanOrEqualTo: $start, lessThan: $end}}]}
    orderBy: [CREATED_AT_ASC, ROW_ID_ASC]
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
  streaks: allUserStreaksList(condition: {userId: $userId}, orderBy: [CREATED_AT_ASC, ROW_ID_ASC]) {
    streakType currentCount longestCount lastActivityDate
  }
}`;
