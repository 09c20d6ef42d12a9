import { parse } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { schema } from "../src/graphql/schema.ts";
import { costOf } from "../src/plugins/pagination-cost.ts";
import { LIMITS, LIMIT_CODE } from "../src/plugins/document-limits.ts";
import { createGateway } from "../src/server.ts";
import { codeOf, startTestGateway, type TestGateway, type TestUser } from "./support/gateway.ts";

let t: TestGateway;
let user: TestUser;

beforeAll(async () => {
  t = await startTestGateway();
  user = await t.createUser();
  await t.prisma.pointsLedger.createMany({
    data: Array.from({ length: 120 }, (_, i) => ({
      userId: user.userId,
      reason: `budget ${i}`,
      xpDelta: 1,
      idempotencyKey: `budget-${i}`,
    })),
  });
});
afterAll(async () => {
  await t?.close();
});

const ledgerPage = (alias: number) =>
  `l${alias}: pointsLedger(first: 100) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id reason xpDelta createdAt } } }`;
const ledgerDocument = (aliases: number) => `{ viewer { ${Array.from({ length: aliases }, (_, i) => ledgerPage(i)).join(" ")} } }`;

/**
 * The most expensive document the limits let through: as many full pages (100 rows, every
 * field) of the viewer's largest connection as the cost limit allows, aliased.
 */
function worstAllowedDocument(): { query: string; aliases: number } {
  let aliases = 1;
  while (aliases < LIMITS.maxAliases && costOf(schema, parse(ledgerDocument(aliases + 1)), {}) === null) aliases += 1;
  return { query: ledgerDocument(aliases), aliases };
}

async function timed<T>(work: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const started = performance.now();
  const result = await work();
  return { result, ms: performance.now() - started };
}

describe("time budget", () => {
  it("answers the worst allowed document in well under a second while a trivial request keeps its latency", async () => {
    const { query, aliases } = worstAllowedDocument();
    expect(aliases).toBeGreaterThan(1);
    // One alias more is refused.
    expect(codeOf(await t.graphql(ledgerDocument(aliases + 1), {}, { token: user.token }))).toBe(LIMIT_CODE);

    await t.graphql(query, {}, { token: user.token }); // warm-up (first-use compilation)
    const runs: { worstMs: number; trivialMaxMs: number }[] = [];
    // Up to five runs, stopping at the first within both bounds: a burst of load from elsewhere on
    // a shared box must not decide, a real regression fails every run.
    const within = (run: { worstMs: number; trivialMaxMs: number }) => run.worstMs < 1_000 && run.trivialMaxMs < 100;
    for (let run = 0; run < 5 && !runs.some(within); run += 1) {
      const trivialLatencies: number[] = [];
      let done = false;
      const worst = timed(() => t.graphql(query, {}, { token: user.token })).finally(() => (done = true));
      const trivial = (async () => {
        while (!done) {
          const { result, ms } = await timed(() => t.graphql("{ __typename }"));
          expect(result.data).toEqual({ __typename: "Query" });
          trivialLatencies.push(ms);
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
      })();
      const { result, ms } = await worst;
      await trivial;
      expect(result.errors).toBeUndefined();
      expect(result.data.viewer.l0.edges).toHaveLength(100);
      runs.push({ worstMs: ms, trivialMaxMs: Math.max(0, ...trivialLatencies) });
    }
    const best = runs.find(within) ?? runs.reduce((a, b) => (a.worstMs + a.trivialMaxMs * 10 <= b.worstMs + b.trivialMaxMs * 10 ? a : b));
    const { worstMs, trivialMaxMs } = best;
    console.log(
      `worst allowed document (${aliases} × 100 rows): ${worstMs.toFixed(0)} ms; { __typename } meanwhile: max ${trivialMaxMs.toFixed(0)} ms`,
    );
    expect(worstMs).toBeLessThan(1_000);
    expect(trivialMaxMs).toBeLessThan(100);
  });

  it("stops a query that outruns its time budget with TIMEOUT", async () => {
    const gateway = createGateway({ queryTimeBudgetMs: 1 });
    const response = await gateway.fetch("http://test.local/graphql", {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${user.token}` },
      body: JSON.stringify({ query: ledgerDocument(2) }),
    });
    const body = (await response.json()) as { errors?: { extensions?: { code?: string } }[] };
    expect(body.errors?.[0].extensions?.code).toBe("TIMEOUT");
  });
});
