// Decision acceptance: how often each kind of suggestion (decision_telemetry.decision_key,
// e.g. a Today.nextAction kind) was shown, started, completed and dismissed. A read for admins.
import type { Tx } from "./transaction.ts";

export interface DecisionAcceptance {
  decisionKey: string;
  shown: number;
  /** Decisions the user started (outcome STARTED at some point, whatever came after). */
  started: number;
  completed: number;
  dismissed: number;
  /** started / shown, completed / shown, dismissed / shown (0 when nothing was shown). */
  startedRate: number;
  completedRate: number;
  dismissedRate: number;
}

export interface DecisionAcceptanceFilter {
  /** Only decisions shown at or after this instant. */
  since?: Date | null;
  surface?: string | null;
}

const rate = (part: number, whole: number) => (whole === 0 ? 0 : Math.round((part / whole) * 10_000) / 10_000);

/** One row per decision kind, by kind; every user's decisions (admin). */
export async function decisionAcceptance(tx: Tx, filter: DecisionAcceptanceFilter = {}): Promise<DecisionAcceptance[]> {
  const where = {
    ...(filter.since ? { shownAt: { gte: filter.since } } : {}),
    ...(filter.surface ? { surface: filter.surface } : {}),
  };
  const [shown, started, outcomes] = await Promise.all([
    tx.decisionTelemetry.groupBy({ by: ["decisionKey"], where, _count: { _all: true }, orderBy: { decisionKey: "asc" } }),
    tx.decisionTelemetry.groupBy({
      by: ["decisionKey"],
      where: { ...where, startedAt: { not: null } },
      _count: { _all: true },
      orderBy: { decisionKey: "asc" },
    }),
    tx.decisionTelemetry.groupBy({
      by: ["decisionKey", "outcome"],
      where: { ...where, outcome: { in: ["COMPLETED", "DISMISSED"] } },
      _count: { _all: true },
      orderBy: [{ decisionKey: "asc" }, { outcome: "asc" }],
    }),
  ]);
  const startedOf = new Map(started.map((row) => [row.decisionKey, row._count._all]));
  const outcomeOf = new Map(outcomes.map((row) => [`${row.decisionKey}|${row.outcome}`, row._count._all]));
  return shown.map((row) => {
    const total = row._count._all;
    const startedCount = startedOf.get(row.decisionKey) ?? 0;
    const completed = outcomeOf.get(`${row.decisionKey}|COMPLETED`) ?? 0;
    const dismissed = outcomeOf.get(`${row.decisionKey}|DISMISSED`) ?? 0;
    return {
      decisionKey: row.decisionKey,
      shown: total,
      started: startedCount,
      completed,
      dismissed,
      startedRate: rate(startedCount, total),
      completedRate: rate(completed, total),
      dismissedRate: rate(dismissed, total),
    };
  });
}
