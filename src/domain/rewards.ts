// The rules run on demand rather than after an event: re-measuring one catalogue quest (the
// user's refresh), unlocking one achievement (an admin grant) and every achievement met now
// (the demo seed). Each runs the rule (rules.ts) and dispatches the effects it returns.
import { dispatch } from "./dispatch.ts";
import type { AwardResult } from "./ledger.ts";
import {
  achievementCriteriaSchema,
  achievementUnlock,
  criteriaMet,
  lockedAchievements,
  measureCatalogueQuest,
  type CatalogueQuest,
  type CatalogueQuestMeasure,
  type RuleContext,
} from "./rules.ts";
import { todayIn } from "./calendar.ts";
import type { Tx } from "./transaction.ts";

export interface CatalogueQuestOutcome extends Omit<CatalogueQuestMeasure, "effects"> {
  /** The period's reward, when this measurement paid it. */
  award: AwardResult | null;
}

/**
 * Measures one catalogue quest for the period containing `context.day`, records the progress
 * and what follows from it (the reward once per period); null when the quest has no valid criteria.
 */
export async function refreshCatalogueQuest(tx: Tx, context: RuleContext, quest: CatalogueQuest): Promise<CatalogueQuestOutcome | null> {
  const measured = await measureCatalogueQuest(tx, context, quest);
  if (!measured) return null;
  const { effects, ...outcome } = measured;
  const award = (await dispatch(tx, effects)).find((result): result is AwardResult => typeof result === "object") ?? null;
  return { ...outcome, award: award && !award.duplicate ? award : null };
}

/** Unlocks one achievement for the user and pays its reward, once (the admin grant's path). */
export async function unlockAchievement(tx: Tx, userId: string, achievementKey: string, now = new Date()) {
  const { effects, ...unlock } = await achievementUnlock(tx, userId, achievementKey, now);
  const award = (await dispatch(tx, effects)).find((result): result is AwardResult => typeof result === "object") ?? null;
  return { ...unlock, award };
}

/**
 * Unlocks every achievement whose criteria the user's data meets now, whatever event would
 * have triggered it (the demo seed's history, a criteria change), dated `at`.
 */
export async function unlockMetAchievements(tx: Tx, userId: string, timezone: string, at: Date): Promise<string[]> {
  const context: RuleContext = { userId, timezone, day: todayIn(timezone, at), now: at };
  const unlocked: string[] = [];
  // Unlocking pays XP, which can meet a level criterion: repeat until nothing more unlocks.
  for (let round = 0; round < 5; round += 1) {
    let more = false;
    for (const definition of await lockedAchievements(tx, userId)) {
      const criteria = achievementCriteriaSchema.safeParse(definition.criteria);
      if (!criteria.success || criteria.data.type === "focus_started_after") continue;
      if (!(await criteriaMet(tx, context, criteria.data))) continue;
      if ((await unlockAchievement(tx, userId, definition.key, at)).newlyUnlocked) {
        unlocked.push(definition.key);
        more = true;
      }
    }
    if (!more) break;
  }
  return unlocked;
}
