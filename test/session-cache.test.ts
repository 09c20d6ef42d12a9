// The Today page as the web client sends it (by its hash) skips the session statement once the
// session is cached: the page's statements check the session themselves. Whatever happens to
// the session meanwhile (revoked, expired, time zone changed), the answer is the one the full
// check gives, in the same request.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadPersistedDocuments } from "../src/persisted.ts";
import { todayOnlyDocuments } from "../src/server.ts";
import { startTestGateway, type TestGateway, type TestUser } from "./support/gateway.ts";

const DATE = "2026-06-10";
const trusted = loadPersistedDocuments();
const TODAY_HASH = [...trusted].find(([, document]) => document.includes("query TodayPage"))![0];

let t: TestGateway;

beforeAll(async () => {
  t = await startTestGateway();
});
afterAll(async () => {
  await t?.close();
});

/** The page by hash, as the web client asks for it: the raw response text. */
async function page(token: string, date = DATE): Promise<string> {
  const response = await t.gateway.fetch("http://test.local/graphql", {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify({ variables: { date }, extensions: { persistedQuery: { version: 1, sha256Hash: TODAY_HASH } } }),
  });
  return response.text();
}

async function userWithHabit(timezone = "UTC"): Promise<TestUser> {
  const user = await t.createUser({ timezone });
  await t.prisma.habit.create({ data: { userId: user.userId, name: "Read", startDate: new Date(`${DATE}T00:00:00Z`) } });
  return user;
}

describe("session cache (Today page by hash)", () => {
  it("takes the cached path only for documents whose only work is `today`", () => {
    const only = todayOnlyDocuments(
      new Map([
        ["a", "query A($d: Date) { today(date: $d) { date } other: today { timezone } }"],
        ["b", "query B { today { date } viewer { id } }"],
        ["c", "query C { ...F } fragment F on Query { today { date } }"],
        ["d", "mutation D { signOut }"],
        ["e", "query E { today { date } } query E2 { today { date } }"],
      ]),
    );
    expect([...only]).toEqual(["query A($d: Date) { today(date: $d) { date } other: today { timezone } }"]);
    expect(todayOnlyDocuments(trusted).has(trusted.get(TODAY_HASH)!)).toBe(true);
  });

  it("skips the session statement once the session is cached, with the same bytes", async () => {
    const user = await userWithHabit();
    const cold = await t.countQueries(() => page(user.token));
    const warm = await t.countQueries(() => page(user.token));
    expect(JSON.parse(cold.result).errors).toBeUndefined();
    expect(JSON.parse(cold.result).data.today.habits).toHaveLength(1);
    expect(warm.result).toBe(cold.result);
    expect(cold.count).toBe(3); // session, then the page's two statements
    expect(warm.count).toBe(2); // the page's two statements, one of them checking the session
    expect(warm.statements.some((sql) => /FROM sessions s/.test(sql))).toBe(true);
    expect(warm.statements.every((sql) => !/viewer_of_session|SELECT s\.id::text/.test(sql))).toBe(true);
  });

  it("refuses a cached session revoked meanwhile, as an unknown token is refused", async () => {
    const user = await userWithHabit();
    await page(user.token); // cached
    await t.prisma.session.updateMany({ where: { userId: user.userId }, data: { revokedAt: new Date() } });
    const revoked = await page(user.token);
    const unknown = await page("tgw_not-a-session-token");
    expect(JSON.parse(revoked).errors[0].extensions.code).toBe("UNAUTHENTICATED");
    expect(revoked).toBe(unknown);
    expect(revoked).not.toContain("Read");
    // And it stays refused (the entry is gone, the full check runs).
    const again = await t.countQueries(() => page(user.token));
    expect(again.result).toBe(unknown);
    expect(again.count).toBe(1);
  });

  it("refuses a cached session that expired meanwhile", async () => {
    const user = await userWithHabit();
    await page(user.token);
    const past = Date.now() - 60_000;
    await t.prisma.session.updateMany({
      where: { userId: user.userId },
      data: { createdAt: new Date(past - 1000), expiresAt: new Date(past) },
    });
    expect(await page(user.token)).toBe(await page("tgw_not-a-session-token"));
  });

  it("answers in the new time zone when it changed since the session was cached", async () => {
    const user = await userWithHabit("UTC");
    const utc = JSON.parse(await page(user.token)).data.today;
    expect(utc.startsAt).toBe(`${DATE}T00:00:00.000Z`);
    await t.prisma.userSettings.update({ where: { userId: user.userId }, data: { timezone: "Asia/Tokyo" } });
    const changed = await t.countQueries(() => page(user.token));
    const tokyo = JSON.parse(changed.result).data.today;
    expect(tokyo.timezone).toBe("Asia/Tokyo");
    expect(tokyo.startsAt).toBe("2026-06-09T15:00:00.000Z");
    // The cached try (2), the full check (1), the page again in the new zone (2).
    expect(changed.count).toBe(5);
    // The same answer as a request that never saw the cache (a document sent as text).
    const warm = await t.countQueries(() => page(user.token));
    expect(warm.result).toBe(changed.result);
    expect(warm.count).toBe(2);
  });

  it("never serves one user's page to another user's token", async () => {
    const a = await userWithHabit();
    const b = await t.createUser({ timezone: "UTC" });
    await page(a.token);
    await page(b.token);
    const bPage = JSON.parse(await page(b.token)).data.today;
    expect(bPage.habits).toHaveLength(0);
    const aPage = JSON.parse(await page(a.token)).data.today;
    expect(aPage.habits).toHaveLength(1);
  });
});
