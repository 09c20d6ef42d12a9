// The resolvers of the goals, learn, market, books, fitness and account-deletion families write
// neither the outbox nor the ledger themselves: their domain modules (src/domain/*) do, via
// emit and awardPoints. (A check over all of src/graphql belongs with the last family moved.)
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const FILES = [
  "src/graphql/habits/goal.ts",
  "src/graphql/learn/progress.ts",
  "src/graphql/market/purchase.ts",
  "src/graphql/market/market-item.ts",
  "src/graphql/books/book.ts",
  "src/graphql/fitness/session.ts",
  "src/graphql/fitness/workout.ts",
  "src/graphql/fitness/exercise.ts",
  "src/graphql/auth/account-deletion.ts",
];

describe("thin resolvers", () => {
  it.each(FILES)("%s calls no behaviorOutbox, pointsLedger or awardPoints", (file) => {
    const source = readFileSync(new URL(`../${file}`, import.meta.url), "utf8");
    expect(source).not.toMatch(/\.behaviorOutbox\.|\.pointsLedger\.|\bawardPoints\b|\bbehavior_outbox\b|\bpoints_ledger\b/);
  });
});
