// Awarding points: the ledger rows and balances (ledger.ts) and the award's `points.awarded`
// event, through the dispatcher (dispatch.ts) so the rules it triggers (levels) run after it.
import { pay } from "./dispatch.ts";
import type { Award, AwardResult } from "./ledger.ts";
import type { Tx } from "./transaction.ts";

export {
  BALANCE_LIMIT,
  ensureProgress,
  ensureWallet,
  lockWallet,
  type Award,
  type AwardResult,
} from "./ledger.ts";

/**
 * Writes one ledger row and the matching progress/wallet change in the caller's transaction,
 * then records `points.awarded` (unless the key had been used: then nothing changes and the
 * first entry is returned, `duplicate`). The ledger insert is `ON CONFLICT DO NOTHING` on
 * (user_id, idempotency_key): a concurrent duplicate waits on the unique index and then
 * inserts nothing, so exactly one award takes effect.
 *
 * For an award an event of the action causes (a habit day's reward), pass it to
 * `record(tx, event, { awards })` instead, so the event is recorded before it.
 */
export function awardPoints(tx: Tx, award: Award): Promise<AwardResult> {
  return pay(tx, award);
}
