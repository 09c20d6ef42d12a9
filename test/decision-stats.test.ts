// The impact estimator, proved on seeded synthetic populations: the holdout assignment
// (src/domain/decisions.ts, the same function the server uses) splits (user, day, kind) cells,
// each cell acts with a known probability per arm, and the 95 % Newcombe interval of the lift
// must cover the true effect in at least 90 of 100 runs and call a zero effect significant
// in at most 10 of 100.
import { describe, expect, it } from "vitest";
import { newcombeDifference, wilson } from "../src/domain/decision-stats.ts";
import { mulberry32 } from "../src/db/seed/random.ts";
import { holdoutBucket, holdoutShare, isHeldOut, NEXT_ACTION_POLICY_VERSION } from "../src/domain/decisions.ts";

function uuidFrom(random: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16)).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

interface Run {
  shown: number;
  acted: number;
  heldOut: number;
  heldOutActed: number;
}

/**
 * One synthetic population: `users` users over `days` days, one kind; each cell's base rate
 * varies by user (0.15–0.45), and showing the suggestion adds `effect` to it.
 */
function simulate(seed: number, effect: number, users = 600, days = 5): Run {
  const random = mulberry32(seed);
  const run: Run = { shown: 0, acted: 0, heldOut: 0, heldOutActed: 0 };
  for (let u = 0; u < users; u += 1) {
    const userId = uuidFrom(random);
    const base = 0.15 + 0.3 * random();
    for (let d = 0; d < days; d += 1) {
      const day = `2026-03-${String(d + 1).padStart(2, "0")}`;
      const control = isHeldOut(userId, day, "habit_due", NEXT_ACTION_POLICY_VERSION, 0.1);
      const acted = random() < base + (control ? 0 : effect);
      if (control) {
        run.heldOut += 1;
        if (acted) run.heldOutActed += 1;
      } else {
        run.shown += 1;
        if (acted) run.acted += 1;
      }
    }
  }
  return run;
}

describe("decision impact estimator", () => {
  it("Wilson and Newcombe agree with published values", () => {
    // Newcombe (1998), table II, example (a): 56/70 vs 48/80 → difference 0.2000, 95 % CI 0.0524 to 0.3339.
    const d = newcombeDifference(56, 70, 48, 80)!;
    expect(d.estimate).toBeCloseTo(0.2, 4);
    expect(d.low).toBeCloseTo(0.0524, 3);
    expect(d.high).toBeCloseTo(0.3339, 3);
    expect(d.significant).toBe(true);
    // Wilson for 0/10: [0, 0.2775].
    const w = wilson(0, 10);
    expect(w.low).toBe(0);
    expect(w.high).toBeCloseTo(0.2775, 3);
    expect(newcombeDifference(1, 0, 1, 2)).toBeNull();
  });

  it("the holdout is deterministic and holds out about the configured share", () => {
    const random = mulberry32(7);
    let held = 0;
    const cells = 20_000;
    for (let i = 0; i < cells; i += 1) {
      const userId = uuidFrom(random);
      if (isHeldOut(userId, "2026-03-01", "plan_item", NEXT_ACTION_POLICY_VERSION, 0.1)) held += 1;
      expect(holdoutBucket(userId, "2026-03-01", "plan_item", "v")).toBe(holdoutBucket(userId, "2026-03-01", "plan_item", "v"));
    }
    // 10 % of 20 000 = 2 000, sd ≈ 42: within 4 sd.
    expect(Math.abs(held - 2_000)).toBeLessThan(170);
    expect(holdoutShare({})).toBe(0.1);
    expect(holdoutShare({ DECISION_HOLDOUT_SHARE: "0.25" })).toBe(0.25);
    expect(holdoutShare({ DECISION_HOLDOUT_SHARE: "0.9" })).toBe(0.1);
    expect(holdoutShare({ DECISION_HOLDOUT_SHARE: "x" })).toBe(0.1);
  });

  it("covers a known effect (+8 points) in at least 90 of 100 seeded runs", () => {
    const effect = 0.08;
    let covered = 0;
    let significant = 0;
    const first = simulate(1, effect);
    for (let seed = 1; seed <= 100; seed += 1) {
      const run = simulate(seed, effect);
      const lift = newcombeDifference(run.acted, run.shown, run.heldOutActed, run.heldOut)!;
      if (lift.low <= effect && effect <= lift.high) covered += 1;
      if (lift.significant) significant += 1;
    }
    const lift = newcombeDifference(first.acted, first.shown, first.heldOutActed, first.heldOut)!;
    console.log(
      `simulated population (seed 1, true lift +0.08): shown ${first.shown} acted ${first.acted}, held out ${first.heldOut} acted ${first.heldOutActed}; ` +
        `lift ${lift.estimate.toFixed(4)} [${lift.low.toFixed(4)}, ${lift.high.toFixed(4)}]; covered in ${covered}/100, significant in ${significant}/100`,
    );
    expect(covered).toBeGreaterThanOrEqual(90);
  });

  it("calls a zero effect significant in at most 10 of 100 seeded runs", () => {
    let significant = 0;
    for (let seed = 1001; seed <= 1100; seed += 1) {
      const run = simulate(seed, 0);
      if (newcombeDifference(run.acted, run.shown, run.heldOutActed, run.heldOut)!.significant) significant += 1;
    }
    console.log(`zero effect: significant in ${significant}/100 runs`);
    expect(significant).toBeLessThanOrEqual(10);
  });
});
