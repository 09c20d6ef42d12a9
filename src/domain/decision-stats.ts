// The estimators behind the admin's decision report: a proportion's interval (Wilson score)
// and the interval of a difference of two independent proportions (Newcombe's hybrid score
// method, "method 10" of Newcombe 1998, built from the two Wilson intervals). Pure functions:
// test/decision-stats.test.ts checks their coverage on seeded synthetic populations.

/** The normal quantile of a two-sided 95 % interval. */
export const Z_95 = 1.959963984540054;

export interface Interval {
  low: number;
  high: number;
}

/** Wilson score interval of `successes` out of `trials`; [0, 1] when there are no trials. */
export function wilson(successes: number, trials: number, z = Z_95): Interval {
  if (trials <= 0) return { low: 0, high: 1 };
  const p = successes / trials;
  const z2 = z * z;
  const denominator = 1 + z2 / trials;
  const center = (p + z2 / (2 * trials)) / denominator;
  const half = (z / denominator) * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials));
  return { low: Math.max(0, center - half), high: Math.min(1, center + half) };
}

export interface Difference extends Interval {
  /** p1 − p2. */
  estimate: number;
  /** The interval excludes 0. */
  significant: boolean;
}

/**
 * Newcombe's hybrid score interval for p1 − p2 (x1 of n1 against x2 of n2), or null when a
 * group is empty (no difference to estimate).
 */
export function newcombeDifference(x1: number, n1: number, x2: number, n2: number, z = Z_95): Difference | null {
  if (n1 <= 0 || n2 <= 0) return null;
  const p1 = x1 / n1;
  const p2 = x2 / n2;
  const a = wilson(x1, n1, z);
  const b = wilson(x2, n2, z);
  const estimate = p1 - p2;
  const low = estimate - Math.sqrt((p1 - a.low) ** 2 + (b.high - p2) ** 2);
  const high = estimate + Math.sqrt((a.high - p1) ** 2 + (p2 - b.low) ** 2);
  return { estimate, low, high, significant: low > 0 || high < 0 };
}
