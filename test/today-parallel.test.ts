// The Today page's two statements run at once only while the pool has a connection for each
// (TODAY_PARALLEL=auto, the default): when every connection is taken, the page is read in one
// statement on one connection, so a request never holds one connection while it waits for another.
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { poolHasRoomFor } from "../src/loaders/today/page.ts";
import { seedSignedInDemo, startTestGateway, type TestGateway } from "./support/gateway.ts";

const DOCUMENT = /* GraphQL */ `
  query ($date: Date) {
    today(date: $date) {
      habits { completed streak habit { id } }
      plan { id }
      inbox { id }
      quests { __typename }
    }
  }
`;

let t: TestGateway;
let token: string;
const DAY = "2026-06-10";

beforeAll(async () => {
  t = await startTestGateway();
  token = await seedSignedInDemo(t, "parallel@example.test", DAY);
}, 120_000);
afterAll(async () => {
  await t?.close();
});

/** The page's statements (those that build the sections), and the answer. */
async function todayStatements() {
  const { result, statements } = await t.countQueries(() => t.graphql(DOCUMENT, { date: DAY }, { token }));
  expect(result.errors).toBeUndefined();
  return {
    data: result.data as { today: Record<string, unknown[]> },
    // Every statement but the session lookup.
    page: statements.filter((sql) => !/FROM sessions s\b/.test(sql)),
  };
}

describe("TODAY_PARALLEL=auto", () => {
  it("sends two statements at once while the pool has room, one when every connection is taken, with the same answer", async () => {
    const idle = await todayStatements();
    expect(idle.page).toHaveLength(2);
    expect(idle.data.today.habits.length).toBeGreaterThan(0);

    const pool = t.db.pool;
    const max = pool.options.max ?? 10;
    // Embedded PGlite: one connection, one backend; the two statements run one after the other.
    if (max < 2) return;
    // Take every connection but one: the session lookup and the page then share the last one.
    const held: pg.PoolClient[] = [];
    while (held.length < max - 1) held.push(await pool.connect());
    try {
      expect(poolHasRoomFor(pool, 2)).toBe(false);
      const busy = await todayStatements();
      expect(busy.page).toHaveLength(1);
      expect(busy.data).toEqual(idle.data);
    } finally {
      for (const client of held) client.release();
    }
  });

  it("counts an unopened connection as room, and anyone waiting as none", () => {
    const pool = (idleCount: number, totalCount: number, waitingCount: number) => ({
      idleCount,
      totalCount,
      waitingCount,
      options: { max: 4 },
    });
    expect(poolHasRoomFor(pool(0, 2, 0), 2)).toBe(true);
    expect(poolHasRoomFor(pool(1, 4, 0), 2)).toBe(false);
    expect(poolHasRoomFor(pool(2, 4, 0), 2)).toBe(true);
    expect(poolHasRoomFor(pool(4, 4, 1), 2)).toBe(false);
  });
});
