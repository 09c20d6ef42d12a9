// Decisions, measured (seed section 6; the state machine is documented in docs/decisions.md):
// - the policy version and the holdout: which suggestions are shown and which are held out as
//   the control group, a deterministic function of (user, day, kind, policy version);
// - the suggestion ids of Today.nextAction (`<kind>:<target id>:<day>`), parsed;
// - the admin reads: acceptance per kind, and impact (acted-on rate shown vs held out, with a
//   95 % Newcombe interval of the difference).
import { createHash } from "node:crypto";
import { type DecisionOutcome, Prisma } from "../generated/prisma/client.ts";
import { newcombeDifference, wilson, type Interval } from "./decision-stats.ts";
import type { Tx } from "./transaction.ts";

/**
 * The version of Today.nextAction's priority rules (src/today/next-action.ts). Bump it when the
 * rules change: each decision records the version that made it, and the impact report is per
 * (kind, version), so two versions are compared the same way.
 */
export const NEXT_ACTION_POLICY_VERSION = "next-action/1";

/** The kinds of Today.nextAction, with the kind of row each one's id points at. */
export const SUGGESTION_KINDS = {
  resume_focus: "FocusSession",
  habit_streak_at_risk: "Habit",
  habit_due: "Habit",
  quest_one_step: "Quest",
  universal_quest_one_step: "UniversalQuest",
  plan_item: "PlanItem",
} as const;
export type SuggestionKind = keyof typeof SUGGESTION_KINDS;

export function isSuggestionKind(key: string): key is SuggestionKind {
  return Object.hasOwn(SUGGESTION_KINDS, key);
}

export interface ParsedSuggestion {
  kind: SuggestionKind;
  targetId: string;
  day: string;
}

/** `<kind>:<uuid>:<YYYY-MM-DD>` → its parts; null for anything else. */
export function parseSuggestionId(suggestionId: string): ParsedSuggestion | null {
  const match = /^([a-z_]+):([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}):(\d{4}-\d{2}-\d{2})$/.exec(suggestionId);
  if (!match || !isSuggestionKind(match[1])) return null;
  return { kind: match[1], targetId: match[2], day: match[3] };
}

/** A decision's outcome as of `now`: SHOWN/STARTED past its day's end reads EXPIRED (stored or not yet). */
export function effectiveOutcome(decision: { outcome: DecisionOutcome; expiresAt: Date | null }, now = new Date()): DecisionOutcome {
  const open = decision.outcome === "SHOWN" || decision.outcome === "STARTED";
  return open && decision.expiresAt !== null && decision.expiresAt <= now ? "EXPIRED" : decision.outcome;
}

/** The default share of (user, day, kind) cells held out as the control group. */
export const DEFAULT_HOLDOUT_SHARE = 0.1;

/**
 * The configured holdout share: `DECISION_HOLDOUT_SHARE` (a number in [0, 0.5]), else 10 %.
 * Read at each decision, so a deployment changes it without a release; an invalid value falls
 * back to the default rather than silently holding out everyone.
 */
export function holdoutShare(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.DECISION_HOLDOUT_SHARE;
  if (raw === undefined || raw.trim() === "") return DEFAULT_HOLDOUT_SHARE;
  const value = Number(raw);
  return Number.isFinite(value) && value >= 0 && value <= 0.5 ? value : DEFAULT_HOLDOUT_SHARE;
}

/**
 * The holdout bucket of (user, day, kind, policy version): a uniform number in [0, 1) from the
 * first 52 bits of its SHA-256. The same cell always gets the same bucket, on every instance.
 */
export function holdoutBucket(userId: string, day: string, kind: string, policyVersion: string): number {
  const digest = createHash("sha256").update(`${userId}|${day}|${kind}|${policyVersion}`).digest();
  return (digest.readUIntBE(0, 6) * 2 ** 4 + (digest[6] >> 4)) / 2 ** 52;
}

/** Whether the cell is in the control group: its suggestion is recorded HELD_OUT and not shown. */
export function isHeldOut(
  userId: string,
  day: string,
  kind: string,
  policyVersion = NEXT_ACTION_POLICY_VERSION,
  share = holdoutShare(),
): boolean {
  return holdoutBucket(userId, day, kind, policyVersion) < share;
}

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
    outcome: { not: "HELD_OUT" as const },
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
      where: { ...where, outcome: { in: ["COMPLETED" as const, "DISMISSED" as const] } },
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

// ---- Impact: the acted-on rate of shown suggestions against the held-out group's.

export interface DecisionImpact {
  decisionKey: string;
  policyVersion: string;
  /** Decisions shown (the treatment group). */
  shown: number;
  /** Shown decisions whose target the server saw acted on that day (acted_at). */
  acted: number;
  actedRate: number;
  actedRateInterval: Interval;
  /** Shown decisions the user dismissed or snoozed (their own report). */
  dismissed: number;
  /** Shown decisions whose day ended with no action (EXPIRED, stored or due). */
  expired: number;
  /** Decisions held out (the control group): computed, recorded, never shown. */
  heldOut: number;
  heldOutActed: number;
  heldOutActedRate: number;
  heldOutActedRateInterval: Interval;
  /** actedRate − heldOutActedRate, with its 95 % Newcombe interval; null without both groups. */
  lift: { estimate: number; low: number; high: number; significant: boolean } | null;
}

export interface DecisionImpactFilter {
  since?: Date | null;
  policyVersion?: string | null;
}

const rate4 = (value: number) => Math.round(value * 10_000) / 10_000;

/** One row per (kind, policy version) that has decisions with a version, by kind then version (admin). */
export async function decisionImpact(tx: Tx, filter: DecisionImpactFilter = {}, now = new Date()): Promise<DecisionImpact[]> {
  const since = filter.since ?? new Date(0);
  const rows = await tx.$queryRaw<
    Array<{
      decision_key: string;
      policy_version: string;
      shown: number;
      acted: number;
      dismissed: number;
      expired: number;
      held_out: number;
      held_out_acted: number;
    }>
  >`
    SELECT decision_key, policy_version,
      count(*) FILTER (WHERE outcome <> 'HELD_OUT')::int AS shown,
      count(*) FILTER (WHERE outcome <> 'HELD_OUT' AND acted_at IS NOT NULL)::int AS acted,
      count(*) FILTER (WHERE outcome IN ('DISMISSED', 'SNOOZED'))::int AS dismissed,
      count(*) FILTER (WHERE outcome = 'EXPIRED' OR (outcome IN ('SHOWN', 'STARTED') AND expires_at <= ${now}))::int AS expired,
      count(*) FILTER (WHERE outcome = 'HELD_OUT')::int AS held_out,
      count(*) FILTER (WHERE outcome = 'HELD_OUT' AND acted_at IS NOT NULL)::int AS held_out_acted
    FROM decision_telemetry
    WHERE policy_version IS NOT NULL AND shown_at >= ${since}
      ${filter.policyVersion ? Prisma.sql`AND policy_version = ${filter.policyVersion}` : Prisma.empty}
    GROUP BY decision_key, policy_version
    ORDER BY decision_key, policy_version`;
  return rows.map((row) => {
    const lift = newcombeDifference(row.acted, row.shown, row.held_out_acted, row.held_out);
    return {
      decisionKey: row.decision_key,
      policyVersion: row.policy_version,
      shown: row.shown,
      acted: row.acted,
      actedRate: rate(row.acted, row.shown),
      actedRateInterval: wilson(row.acted, row.shown),
      dismissed: row.dismissed,
      expired: row.expired,
      heldOut: row.held_out,
      heldOutActed: row.held_out_acted,
      heldOutActedRate: rate(row.held_out_acted, row.held_out),
      heldOutActedRateInterval: wilson(row.held_out_acted, row.held_out),
      lift: lift && { estimate: rate4(lift.estimate), low: rate4(lift.low), high: rate4(lift.high), significant: lift.significant },
    };
  });
}
