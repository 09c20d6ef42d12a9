import { print } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemoUser } from "../src/db/seed/demo.ts";
import { TodayPageDocument } from "../src/generated/graphql/graphql.ts";
import { jitExecutions } from "../src/plugins/jit.ts";
import { createGateway, type Gateway } from "../src/server.ts";
import { startTestGateway, type TestGateway, type TestUser } from "./support/gateway.ts";

// The trusted queries (the Today page) run JIT-compiled (src/plugins/jit.ts); everything else
// keeps graphql-js. The compiled page must answer exactly what graphql-js answers.
const TODAY_DOCUMENT = print(TodayPageDocument);

let t: TestGateway;
let demo: TestUser;
let demoToday: string;

beforeAll(async () => {
  t = await startTestGateway();
  const seeded = await seedDemoUser(t.prisma, { email: "demo-jit@example.test", timezone: "Europe/Berlin", historyDays: 30 });
  const session = await t.createUser(); // only for a token: sign the demo user in directly
  await t.prisma.session.updateMany({ where: { userId: session.userId }, data: { userId: seeded.userId } });
  demo = { userId: seeded.userId, email: seeded.email, token: session.token };
  demoToday = seeded.today;
});
afterAll(async () => {
  await t?.close();
});

async function post(gateway: Gateway, query: string, variables: Record<string, unknown>, token?: string): Promise<string> {
  const response = await gateway.fetch("http://test.local/graphql", {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return response.text();
}

describe("JIT-compiled trusted queries", () => {
  it("answers the Today page with the same bytes as graphql-js, compiled", async () => {
    const before = jitExecutions();
    const compiled = await post(t.gateway, TODAY_DOCUMENT, { date: demoToday }, demo.token);
    expect(jitExecutions()).toBe(before + 1);
    const interpreted = await post(createGateway({ jit: false }), TODAY_DOCUMENT, { date: demoToday }, demo.token);
    expect(jitExecutions()).toBe(before + 1);
    expect(JSON.parse(compiled).errors).toBeUndefined();
    expect(JSON.parse(compiled).data.today.habits.length).toBeGreaterThan(0);
    expect(compiled).toBe(interpreted);
  });

  it("keeps errors, their codes and paths: signed out, and a bad date", async () => {
    for (const [variables, token] of [
      [{ date: demoToday }, undefined],
      [{ date: "2026-02-30" }, demo.token],
    ] as const) {
      const before = jitExecutions();
      const compiled = await post(t.gateway, TODAY_DOCUMENT, variables, token);
      const interpreted = await post(createGateway({ jit: false }), TODAY_DOCUMENT, variables, token);
      expect(JSON.parse(compiled).errors?.[0]?.extensions?.code).toBeDefined();
      expect(JSON.parse(compiled).errors?.[0]?.locations).toHaveLength(1);
      expect(compiled).toBe(interpreted);
      expect(jitExecutions()).toBeLessThanOrEqual(before + 1);
    }
  });

  it("leaves other documents to graphql-js", async () => {
    const before = jitExecutions();
    const answer = JSON.parse(await post(t.gateway, "query Mine { viewer { id } }", {}, demo.token));
    expect(answer.errors).toBeUndefined();
    expect(jitExecutions()).toBe(before);
  });

  it("still answers TIMEOUT when a compiled query outruns its time budget", async () => {
    const before = jitExecutions();
    const answer = JSON.parse(await post(createGateway({ queryTimeBudgetMs: 1 }), TODAY_DOCUMENT, { date: demoToday }, demo.token));
    expect(jitExecutions()).toBe(before + 1);
    expect(answer.errors?.[0]?.extensions?.code).toBe("TIMEOUT");
  });
});
