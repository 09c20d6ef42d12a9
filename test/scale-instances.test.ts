// Nothing assumes one process: what two gateway instances over one database must get right
// (docs/scale-audit.md lists every per-process state and the test that covers it).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { preparedStatementsFor } from "../src/db/prepared.ts";
import { applyMigrations, readMigrationsFromDisk } from "../src/db/migrate.ts";
import { createDatabaseClient } from "../src/db/client.ts";
import { EMBEDDED_POOL_SIZE } from "../src/db/embedded.ts";
import { seedDemoIfMissing } from "../src/db/seed/demo.ts";
import { loadPersistedDocuments } from "../src/persisted.ts";
import { createGateway, type Gateway } from "../src/server.ts";
import { createTestDatabase } from "./support/database.ts";
import { createMigratedDatabase } from "./support/migrated.ts";
import { startTestGateway, type TestGateway } from "./support/gateway.ts";
import pg from "pg";
import { deliverMail, type OutgoingMail } from "../src/mail/mailer.ts";
import { newSessionToken, SESSION_TTL_MS } from "../src/auth/session.ts";

const DATE = "2026-06-10";
const TODAY_HASH = [...loadPersistedDocuments()].find(([, document]) => document.includes("query TodayPage"))![0];

type DatabaseClient = ReturnType<typeof createDatabaseClient>;

/**
 * Runs `body` with two instances' database clients (pools of `poolSize`) over one fresh, migrated
 * database, then closes them and it. The embedded database is served to one process, so there
 * both are the one client; on PostgreSQL each instance has its own pool.
 */
async function withTwoInstances(poolSize: number, body: (one: DatabaseClient, two: DatabaseClient) => Promise<void>) {
  const database = await createMigratedDatabase();
  const pglite = database.kind === "pglite";
  const one = createDatabaseClient(database.url, { max: pglite ? EMBEDDED_POOL_SIZE : poolSize });
  const two = pglite ? one : createDatabaseClient(database.url, { max: poolSize });
  try {
    await body(one, two);
  } finally {
    if (two !== one) await two.close();
    await one.close();
    await database.close();
  }
}

describe("named prepared statements (DATABASE_PREPARED)", () => {
  const direct = "postgresql://app@db:5432/today";
  const pooled = "postgresql://app@pgbouncer:6432/today";
  it("are used on a direct connection and never through a transaction-mode pooler", () => {
    expect(preparedStatementsFor(direct, { DATABASE_URL: direct })).toBe(true);
    expect(preparedStatementsFor(direct, { DATABASE_URL: direct, DATABASE_DIRECT_URL: direct })).toBe(true);
    // DATABASE_DIRECT_URL naming another server: DATABASE_URL is the pooler's.
    expect(preparedStatementsFor(pooled, { DATABASE_URL: pooled, DATABASE_DIRECT_URL: direct })).toBe(false);
    // The direct URL itself (migrations, LISTEN) is direct.
    expect(preparedStatementsFor(direct, { DATABASE_URL: pooled, DATABASE_DIRECT_URL: direct })).toBe(true);
    expect(preparedStatementsFor(`${pooled}?pgbouncer=true`, {})).toBe(false);
    expect(preparedStatementsFor(pooled, { DATABASE_URL: pooled, DATABASE_DIRECT_URL: direct, DATABASE_PREPARED: "on" })).toBe(true);
    expect(preparedStatementsFor(direct, { DATABASE_PREPARED: "off" })).toBe(false);
    expect(() => preparedStatementsFor(direct, { DATABASE_PREPARED: "sometimes" })).toThrow(/DATABASE_PREPARED/);
  });
});

describe("two gateways on one database", () => {
  let t: TestGateway;
  let b: Gateway;
  beforeAll(async () => {
    t = await startTestGateway();
    // A second instance: its own session cache, its own Yoga, the same database.
    b = createGateway();
  });
  afterAll(async () => {
    await b?.dispose();
    await t?.close();
  });

  async function todayPage(gateway: Gateway, token: string) {
    const response = await gateway.fetch("http://test.local/graphql", {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify({ variables: { date: DATE }, extensions: { persistedQuery: { version: 1, sha256Hash: TODAY_HASH } } }),
    });
    return (await response.json()) as {
      data?: { today: { habits: unknown[] } } | null;
      errors?: Array<{ extensions?: { code?: string } }>;
    };
  }

  async function viewerOn(gateway: Gateway, token: string) {
    const response = await gateway.fetch("http://test.local/graphql", {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: "{ viewer { id } }" }),
    });
    return (await response.json()) as {
      data?: { viewer: { id: string } | null } | null;
      errors?: Array<{ extensions?: { code?: string } }>;
    };
  }

  it("a session signed out through A is refused by B on its next request, though B had it cached", async () => {
    const user = await t.createUser();
    await t.prisma.habit.create({ data: { userId: user.userId, name: "Read", startDate: new Date(`${DATE}T00:00:00Z`) } });
    // B checks the session fully once and caches it; its next Today page skips the session statement.
    expect((await todayPage(b, user.token)).data?.today.habits).toHaveLength(1);
    const warm = await t.countQueries(() => todayPage(b, user.token));
    expect(warm.result.data?.today.habits).toHaveLength(1);
    expect(warm.statements.some((sql) => /SELECT s\.id::text/.test(sql))).toBe(false);

    const signOut = await t.graphql("mutation { signOut { id revokedAt } }", undefined, { token: user.token });
    expect(signOut.errors).toBeUndefined();
    expect(signOut.data.signOut.revokedAt).not.toBeNull();

    const refused = await todayPage(b, user.token);
    expect(refused.data ?? null).toBeNull();
    expect(refused.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    expect(JSON.stringify(refused)).not.toContain("Read");
    expect((await viewerOn(b, user.token)).data?.viewer ?? null).toBeNull();
  });

  it("signing out everywhere through B ends the session A had cached", async () => {
    const user = await t.createUser();
    const { token, tokenHash } = newSessionToken();
    await t.prisma.session.create({ data: { userId: user.userId, tokenHash, expiresAt: new Date(Date.now() + SESSION_TTL_MS) } });
    expect((await todayPage(t.gateway, token)).errors).toBeUndefined(); // cached on A
    const response = await b.fetch("http://test.local/graphql", {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${user.token}` },
      body: JSON.stringify({ query: "mutation { signOutEverywhere }" }),
    });
    expect(((await response.json()) as { errors?: unknown }).errors).toBeUndefined();
    expect((await todayPage(t.gateway, token)).errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    expect((await todayPage(t.gateway, user.token)).errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
  });

  it("a cursor from A is accepted by B with the same CURSOR_SECRET, refused by an instance with another", async () => {
    const user = await t.createUser();
    await t.prisma.habit.createMany({
      data: ["One", "Two"].map((name) => ({ userId: user.userId, name, startDate: new Date(`${DATE}T00:00:00Z`) })),
    });
    const first = await t.ok("{ viewer { habits(first: 1) { pageInfo { endCursor } } } }", undefined, { token: user.token });
    const after = first.viewer.habits.pageInfo.endCursor as string;
    const next = (gateway: Gateway) =>
      Promise.resolve(
        gateway.fetch("http://test.local/graphql", {
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${user.token}` },
          body: JSON.stringify({
            query: "query($after: String) { viewer { habits(first: 1, after: $after) { edges { node { name } } } } }",
            variables: { after },
          }),
        }),
      ).then((response) => response.json() as Promise<{ data?: any; errors?: unknown[] }>);
    const onB = await next(b);
    expect(onB.errors).toBeUndefined();
    expect(onB.data.viewer.habits.edges).toHaveLength(1);
    const other = createGateway({ cursorSecret: Buffer.from("another key, another deployment, 32+ chars") });
    try {
      expect((await next(other)).errors?.length).toBeGreaterThan(0);
    } finally {
      await other.dispose();
    }
  });
});

describe("two instances starting at once", () => {
  it("migrate a fresh database once, both succeeding (the runner's advisory lock)", async () => {
    const database = await createTestDatabase({ prefix: "scale_migrate_test" });
    try {
      const onDisk = await readMigrationsFromDisk();
      // On PostgreSQL as two instances would: two URLs (so nothing in this process orders the runs),
      // only the server's advisory lock between them. The embedded database has one process.
      const other =
        database.kind === "pglite" ? database.url : `${database.url}${database.url.includes("?") ? "&" : "?"}application_name=second`;
      const [first, second] = await Promise.all([applyMigrations(database.url), applyMigrations(other)]);
      expect(first.ok).toBe(true);
      expect(second.ok).toBe(true);
      // Each migration applied by exactly one of them; the other found it applied.
      expect(first.applied.length + second.applied.length).toBe(onDisk.length);
      expect(new Set([...first.applied, ...second.applied].map((m) => m.name)).size).toBe(onDisk.length);
      const client = new pg.Client({ connectionString: database.url });
      await client.connect();
      try {
        const { rows } = await client.query<{ n: number; finished: number }>(
          `SELECT count(*)::int AS n, count(finished_at)::int AS finished FROM "_prisma_migrations"`,
        );
        expect(rows[0]).toEqual({ n: onDisk.length, finished: onDisk.length });
      } finally {
        await client.end();
      }
    } finally {
      await database.close();
    }
  });

  it("seed the demo user once, both succeeding", async () => {
    await withTwoInstances(4, async (one, two) => {
      const results = await Promise.all([seedDemoIfMissing(one.prisma, { habits: 3 }), seedDemoIfMissing(two.prisma, { habits: 3 })]);
      expect(results.map((result) => result.created).sort()).toEqual([false, true]);
      expect(results[0].userId).toBe(results[1].userId);
      expect(await one.prisma.user.count({ where: { email: results[0].email } })).toBe(1);
      expect(await one.prisma.habit.count({ where: { userId: results[0].userId } })).toBeGreaterThan(0);
    });
  });

  it("two mailers deliver each queued mail once between them", async () => {
    await withTwoInstances(2, async (one, two) => {
      await one.prisma.mailOutbox.createMany({
        data: Array.from({ length: 12 }, (_, index) => ({
          toAddress: `to${index}@example.test`,
          template: "test",
          subject: "s",
          body: "b",
        })),
      });
      const sent: string[] = [];
      // A slow transport, so the two mailers' batches overlap.
      const transport = {
        async send(mail: OutgoingMail) {
          sent.push(mail.id);
          await new Promise((resolve) => setTimeout(resolve, 10));
        },
      };
      const results = await Promise.all([
        deliverMail(one.prisma, transport, 5),
        deliverMail(two.prisma, transport, 5),
        deliverMail(one.prisma, transport, 5),
        deliverMail(two.prisma, transport, 5),
      ]);
      expect(results.reduce((total, result) => total + result.sent, 0)).toBe(12);
      expect(sent).toHaveLength(12);
      expect(new Set(sent).size).toBe(12);
      expect(await one.prisma.mailOutbox.count({ where: { sentAt: null } })).toBe(0);
      expect(await one.prisma.mailOutbox.count({ where: { attempts: { not: 1 } } })).toBe(0);
    });
  });
});
