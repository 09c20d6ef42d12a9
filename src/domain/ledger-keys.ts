// The idempotency keys of `points_ledger` (unique per user): one helper per reward path,
// used by the domain actions and by the demo seed alike, so a reward the seed wrote is a
// reward the API will not pay again. Catalogue rows are keyed by id, which admins cannot
// change (a `key` can be renamed).
export const ledgerKeys = {
  /** A habit's reward for one calendar day; a redo after an undo is `…:redo:n`, the undo `…:undo:n`. */
  habitDay: (habitId: string, day: string) => `habit:${habitId}:${day}`,
  habitRedo: (base: string, n: number) => `${base}:redo:${n}`,
  habitUndo: (base: string, n: number) => `${base}:undo:${n}`,
  focusSession: (sessionId: string) => `focus:${sessionId}`,
  ownQuest: (questId: string) => `quest:${questId}`,
  universalQuestPeriod: (questId: string, periodStart: string) => `universal_quest:${questId}:${periodStart}`,
  lesson: (lessonId: string) => `lesson:${lessonId}`,
  /** A drill pays its XP once per calendar day, however many correct attempts. */
  drillDay: (drillId: string, day: string) => `drill:${drillId}:${day}`,
  achievement: (achievementKey: string) => `achievement:${achievementKey}`,
  purchase: (purchaseId: string) => `market:${purchaseId}`,
  /** The coins of a purchase given back: once per purchase. */
  refund: (purchaseId: string) => `market:${purchaseId}:refund`,
  /** An admin grant (audited); the admin's own key makes it safe to retry. */
  adminGrant: (grantKey: string) => `grant:${grantKey}`,
} as const;
