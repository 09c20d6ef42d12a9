// `npm run bench`: latency, SQL round trips and memory of the Today page's document,
// on embedded PGlite and (with BENCH_DATABASE_URL) on PostgreSQL. Every number is a
// median over the runs, beside a baseline measured in the same process and database:
// `{ viewer { id } }` (HTTP + session lookup + one field), so that ratios survive the
// machine's noise better than absolute milliseconds.
import { readFile } from "node:fs/promises";
import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import pg from "pg";
import { EMBEDDED_POOL_SIZE, startEmbeddedPostgres } from "../src/db/embedded.ts";
import { applyMigrations, formatApplyResult } from "../src/db/migrate.ts";
import { createDatabaseClient, type DatabaseClient } from "../src/db/client.ts";
import { useDatabase } from "../src/db/index.ts";
import { seedDemoUser, type DemoOptions } from "../src/db/seed/demo.ts";
import { newSessionToken, SESSION_TTL_MS } from "../src/auth/session.ts";
import { createGateway, type Gateway } from "../src/server.ts";
import { dayBoundsUtc, isoWeekStart } from "../src/domain/calendar.ts";
import { createServer } from "node:http";
import { listen, POSTGRAPHILE_TODAY_DOCUMENT, startPostGraphile } from "./postgraphile.ts";

const { values } = parseArgs({
  options: {
    runs: { type: "string", default: "40" },
    warmup: { type: "string", default: "5" },
    large: { type: "string", default: "200" },
    /** Comma-separated: pglite, postgres (postgres needs BENCH_DATABASE_URL). */
    targets: { type: "string", default: "pglite,postgres" },
  },
});
const RUNS = Number(values.runs);
const WARMUP = Number(values.warmup);
const LARGE = Number(values.large);

const TODAY_DOCUMENT = await readFile(new URL("../src/today/today.graphql", import.meta.url), "utf8");
const BASELINE_DOCUMENT = "query Baseline { viewer { id } }";

interface Target {
  name: string;
  url: string;
  poolSize?: number;
  close(): Promise<void>;
}

async function embeddedTarget(): Promise<Target> {
  const embedded = await startEmbeddedPostgres();
  return { name: "PGlite (embedded)", url: embedded.url, poolSize: EMBEDDED_POOL_SIZE, close: () => embedded.close() };
}

async function postgresTarget(serverUrl: string): Promise<Target> {
  const name = `today_bench_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  admin.on("error", (error) => console.warn(`admin connection: ${error.message}`));
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    name: "PostgreSQL",
    url: url.toString(),
    async close() {
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end();
    },
  };
}

async function signInDirectly(db: DatabaseClient, userId: string): Promise<string> {
  const { token, tokenHash } = newSessionToken();
  await db.prisma.session.create({ data: { userId, tokenHash, expiresAt: new Date(Date.now() + SESSION_TTL_MS) } });
  return token;
}

async function request(gateway: Gateway, query: string, token: string): Promise<void> {
  const response = await gateway.fetch("http://bench.local/graphql", {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify({ query }),
  });
  const body = (await response.json()) as { errors?: unknown[] };
  if (body.errors) throw new Error(`bench query failed: ${JSON.stringify(body.errors)}`);
}

function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function measure(gateway: Gateway, db: DatabaseClient, query: string, token: string) {
  for (let i = 0; i < WARMUP; i += 1) await request(gateway, query, token);
  let statements = 0;
  const stop = db.onQuery(() => {
    statements += 1;
  });
  await request(gateway, query, token);
  stop();
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i += 1) {
    const started = performance.now();
    await request(gateway, query, token);
    samples.push(performance.now() - started);
  }
  return { statements, median: median(samples), p95: percentile(samples, 95) };
}

async function benchTarget(target: Target) {
  const migration = await applyMigrations(target.url);
  if (!migration.ok) throw new Error(formatApplyResult(migration));
  const db = createDatabaseClient(target.url, { max: target.poolSize });
  useDatabase(db);
  const small: DemoOptions = { email: "demo@bench.test" };
  const large: DemoOptions = {
    email: "large@bench.test",
    habits: LARGE,
    quests: LARGE,
    inboxItems: LARGE,
    calendarEvents: LARGE,
    planItems: 100,
    goals: 50,
  };
  const seedStarted = performance.now();
  const demo = await seedDemoUser(db.prisma, small);
  const big = await seedDemoUser(db.prisma, large);
  const seedMs = performance.now() - seedStarted;
  const gateway = createGateway();
  const demoToken = await signInDirectly(db, demo.userId);
  const bigToken = await signInDirectly(db, big.userId);

  const baseline = await measure(gateway, db, BASELINE_DOCUMENT, demoToken);
  const todayDemo = await measure(gateway, db, TODAY_DOCUMENT, demoToken);
  const todayLarge = await measure(gateway, db, TODAY_DOCUMENT, bigToken);
  const memory = process.memoryUsage();
  const versus = target.name === "PostgreSQL" ? await versusPostGraphile(target.url, gateway, [
    { label: "demo user", token: demoToken, userId: demo.userId, day: demo.today, timezone: "Europe/Berlin" },
    { label: `${LARGE}-item user`, token: bigToken, userId: big.userId, day: big.today, timezone: "Europe/Berlin" },
  ]) : [];
  await db.close();
  return { seedMs, baseline, todayDemo, todayLarge, versus, heapMb: memory.heapUsed / 2 ** 20, rssMb: memory.rss / 2 ** 20 };
}

interface Subject {
  label: string;
  token: string;
  userId: string;
  day: string;
  timezone: string;
}

async function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<void> {
  const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });
  const json = (await response.json()) as { errors?: unknown[] };
  if (json.errors) throw new Error(`query failed at ${url}: ${JSON.stringify(json.errors).slice(0, 500)}`);
}

/**
 * Today Gateway and PostGraphile, both over HTTP on localhost, measured in alternation
 * (one request of each per round) so that drifting machine load hits both alike.
 */
async function versusPostGraphile(databaseUrl: string, gateway: Gateway, subjects: Subject[]) {
  const ours = await listen(createServer(gateway));
  const theirs = await startPostGraphile(databaseUrl);
  if (!theirs) {
    console.log("  (PostGraphile comparison skipped: run `npm run bench:setup` once to install it)");
    await ours.close();
    return [];
  }
  try {
    const results = [];
    for (const subject of subjects) {
      const { start, end } = dayBoundsUtc(subject.day, subject.timezone);
      const oursRequest = () =>
        post(ours.url, { query: TODAY_DOCUMENT, variables: { date: subject.day } }, { authorization: `Bearer ${subject.token}` });
      const theirsRequest = () =>
        post(theirs.url, {
          query: POSTGRAPHILE_TODAY_DOCUMENT,
          variables: { userId: subject.userId, date: subject.day, weekStart: isoWeekStart(subject.day), start, end },
        });
      for (let i = 0; i < WARMUP; i += 1) {
        await oursRequest();
        await theirsRequest();
      }
      const oursSamples: number[] = [];
      const theirSamples: number[] = [];
      for (let i = 0; i < RUNS; i += 1) {
        let started = performance.now();
        await oursRequest();
        oursSamples.push(performance.now() - started);
        started = performance.now();
        await theirsRequest();
        theirSamples.push(performance.now() - started);
      }
      results.push({ label: subject.label, ours: median(oursSamples), theirs: median(theirSamples) });
    }
    return results;
  } finally {
    await ours.close();
    await theirs.close();
  }
}

function row(label: string, m: { statements: number; median: number; p95: number }, baseline: number) {
  return `  ${label.padEnd(34)} ${String(m.statements).padStart(4)} stmts  median ${m.median.toFixed(2).padStart(7)} ms  p95 ${m.p95
    .toFixed(2)
    .padStart(7)} ms  ×${(m.median / baseline).toFixed(2)} baseline`;
}

const wanted = new Set(values.targets.split(","));
const targets: Array<() => Promise<Target>> = wanted.has("pglite") ? [embeddedTarget] : [];
if (process.env.BENCH_DATABASE_URL && wanted.has("postgres")) {
  const serverUrl = process.env.BENCH_DATABASE_URL;
  targets.push(() => postgresTarget(serverUrl));
}

console.log(`Today document benchmark: ${RUNS} runs after ${WARMUP} warm-up runs, large user = ${LARGE} habits/quests/inbox items/events`);
for (const open of targets) {
  const target = await open();
  try {
    const result = await benchTarget(target);
    console.log(`\n${target.name} (seeding both users: ${(result.seedMs / 1000).toFixed(1)} s)`);
    console.log(row("baseline { viewer { id } }", result.baseline, result.baseline.median));
    console.log(row("today, demo user", result.todayDemo, result.baseline.median));
    console.log(row(`today, ${LARGE}-item user`, result.todayLarge, result.baseline.median));
    for (const pair of result.versus) {
      console.log(
        `  over HTTP, ${pair.label.padEnd(16)} Today Gateway median ${pair.ours.toFixed(2)} ms, PostGraphile 4 median ${pair.theirs.toFixed(2)} ms (×${(pair.ours / pair.theirs).toFixed(2)})`,
      );
    }
    console.log(`  memory after the runs: rss ${result.rssMb.toFixed(0)} MiB (includes the embedded database), JS heap ${result.heapMb.toFixed(0)} MiB`);
  } finally {
    await target.close();
  }
}
process.exit(0);
