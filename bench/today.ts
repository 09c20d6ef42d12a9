// `npm run bench`: the Today page's document under load, against the references that tell
// whether it is fast: PostGraphile 5 (a generic, zero-code GraphQL server over the same
// database) and a hand-written SQL floor (node-postgres, same data, same response bytes).
// Every server runs in its own process over HTTP on localhost; requests are interleaved
// (one of each per round at 1 client, alternating short runs under load) so that the
// machine's drifting load hits all alike. Prints a table with ratios and writes
// bench/results/<date>.md. See the README's Benchmark section.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { cpus } from "node:os";
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import pg from "pg";
import { newSessionToken, SESSION_TTL_MS } from "../src/auth/session.ts";
import { createDatabaseClient, type DatabaseClient } from "../src/db/client.ts";
import { startEmbeddedPostgres } from "../src/db/embedded.ts";
import { applyMigrations, formatApplyResult } from "../src/db/migrate.ts";
import { BENCH_CURSOR_SECRET, parseVariants, seedBenchUsers } from "./shared.ts";
import { dayBoundsUtc, isoWeekStart } from "../src/domain/calendar.ts";
import { POSTGRAPHILE_TODAY_DOCUMENT } from "./postgraphile.ts";
import { copyUser } from "./seed.ts";
import { loadPersistedDocuments } from "../src/persisted.ts";

const { values } = parseArgs({
  options: {
    /** Users of the demo's shape (the demo user and its copies). */
    users: { type: "string", default: "1000" },
    /** Size of the large user: habits, quests, inbox items and events. */
    large: { type: "string", default: "200" },
    /** Requests per server and user at 1 client. */
    requests: { type: "string", default: "200" },
    /** Seconds of each run under load; each server gets `rounds` runs per client count. */
    duration: { type: "string", default: "10" },
    rounds: { type: "string", default: "2" },
    clients: { type: "string", default: "10,50" },
    /**
     * Gateway variants measured side by side, `;`-separated, each `name`, `name:ENV=value,…`
     * (e.g. `gateway;development:NODE_ENV=development`) or `name@/path/to/a/checkout[:ENV=…]`
     * (another version of the gateway, with its node_modules, e.g. the one before a change).
     */
    variants: { type: "string", default: "gateway" },
    /** Taps of each kind in the browser part (bench/browser.ts); 0 skips it. */
    "browser-taps": { type: "string", default: "30" },
    /** Skip writing bench/results/<date>.md. */
    "no-write": { type: "boolean", default: false },
  },
});
const USERS = Number(values.users);
const LARGE = Number(values.large);
const REQUESTS = Number(values.requests);
const DURATION = Number(values.duration);
const ROUNDS = Number(values.rounds);
const CLIENTS = values.clients.split(",").map(Number);
const SMALL_POPULATION = 10;
const BROWSER_TAPS = Number(values["browser-taps"]);

/** bench/browser.ts's markdown section, run in its own process (its own database, its own gateway). */
function browserReport(taps: number): string {
  try {
    const out = execFileSync(process.execPath, ["--import", "tsx", here("./browser.ts"), "--json", "--taps", String(taps)], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "inherit"],
      env: { LOG_LEVEL: "warn", ...process.env },
    });
    const line = out.trim().split("\n").at(-1) ?? "{}";
    return (JSON.parse(line) as { report: string }).report;
  } catch (error) {
    return `## Today in the browser\n\nNot measured: ${(error as Error).message.split("\n")[0]}\n`;
  }
}

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

// ---------------------------------------------------------------- database

interface Database {
  kind: "postgres" | "pglite";
  url: string;
  close(): Promise<void>;
}

async function openDatabase(): Promise<Database> {
  const serverUrl = process.env.BENCH_DATABASE_URL;
  if (!serverUrl) {
    const embedded = await startEmbeddedPostgres();
    return { kind: "pglite", url: embedded.url, close: () => embedded.close() };
  }
  const url = new URL(serverUrl);
  const name = decodeURIComponent(url.pathname.slice(1));
  // The bench drops and recreates its database: never one that is not clearly a bench's.
  if (!/bench/.test(name)) throw new Error(`BENCH_DATABASE_URL must name a database containing "bench" (got "${name}")`);
  const adminUrl = new URL(serverUrl);
  adminUrl.pathname = "/postgres";
  const admin = new pg.Client({ connectionString: adminUrl.toString() });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  return { kind: "postgres", url: serverUrl, close: async () => {} };
}

/**
 * The database at rest before a measurement: statistics and visibility map up to date and the
 * seeding's dirty pages written, so that neither an autovacuum of the freshly copied rows nor a
 * checkpoint runs during it (on two cores, either would slow the run after the big copy, which
 * would read as cost depending on the other users).
 */
async function settle(): Promise<void> {
  await db.pool.query("VACUUM ANALYZE");
  await db.pool.query("CHECKPOINT");
}

async function signIn(db: DatabaseClient, userId: string): Promise<string> {
  const { token, tokenHash } = newSessionToken();
  await db.prisma.session.create({ data: { userId, tokenHash, expiresAt: new Date(Date.now() + SESSION_TTL_MS) } });
  return token;
}

// ---------------------------------------------------------------- servers

interface Server {
  name: string;
  url: string;
  child: ChildProcess;
  /** The request a Today page costs this server, for a subject. */
  request(subject: Subject): { body: string; headers: Record<string, string> };
  statements(): Promise<number>;
  close(): Promise<void>;
}

interface Subject {
  label: string;
  userId: string;
  token: string;
  day: string;
  timezone: string;
}

async function startServer(name: string, args: string[], env: Record<string, string>, request: Server["request"]): Promise<Server> {
  // Production mode for every server (Grafast, PostGraphile 5's engine, defaults to it).
  const child = spawn(process.execPath, args, {
    stdio: ["ignore", "pipe", "inherit"],
    env: { ...process.env, NODE_ENV: "production", CURSOR_SECRET: BENCH_CURSOR_SECRET, ...env },
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`${name} exited with ${code}`)));
    let buffered = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      buffered += chunk.toString();
      const line = buffered.split("\n").find((candidate) => candidate.startsWith("http://"));
      if (line) resolve(line.trim());
    });
  });
  const statsUrl = url.replace(/\/graphql$/, "/stats");
  return {
    name,
    url,
    child,
    request,
    statements: async () => ((await (await fetch(statsUrl)).json()) as { statements: number }).statements,
    close: () =>
      new Promise<void>((resolve) => {
        child.removeAllListeners("exit");
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

// The gateway runs in production mode, where only trusted documents run: the page is sent as
// the web client sends it, by its hash in codegen's manifest.
const TODAY_HASH = [...loadPersistedDocuments()].find(([, document]) => document.includes("query TodayPage"))![0];
const ourRequest = (subject: Subject) => ({
  body: JSON.stringify({ variables: { date: subject.day }, extensions: { persistedQuery: { version: 1, sha256Hash: TODAY_HASH } } }),
  headers: { "content-type": "application/json", authorization: `Bearer ${subject.token}` },
});

function postgraphileRequest(subject: Subject) {
  const { start, end } = dayBoundsUtc(subject.day, subject.timezone);
  return {
    body: JSON.stringify({
      query: POSTGRAPHILE_TODAY_DOCUMENT,
      variables: { userId: subject.userId, date: subject.day, weekStart: isoWeekStart(subject.day), start, end },
    }),
    headers: { "content-type": "application/json" },
  };
}

/** Peak and current resident memory of a process, MiB (Linux /proc). */
function memoryOf(pid: number): { peak: number; now: number } {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { peak: kb("VmHWM") / 1024, now: kb("VmRSS") / 1024 };
}

// ---------------------------------------------------------------- measuring

async function send(server: Server, subject: Subject): Promise<string> {
  const { body, headers } = server.request(subject);
  const response = await fetch(server.url, { method: "POST", headers, body });
  const text = await response.text();
  if (!response.ok || text.includes('"errors"')) throw new Error(`${server.name} failed: ${response.status} ${text.slice(0, 400)}`);
  return text;
}

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}
const median = (samples: number[]) => percentile(samples, 50);

/** Sequential requests, one per server per round, the order rotating each round. */
async function oneClient(servers: Server[], subject: Subject, requests: number) {
  const samples = new Map(servers.map((server) => [server.name, [] as number[]]));
  for (let i = 0; i < 30; i += 1) for (const server of servers) await send(server, subject);
  for (let i = 0; i < requests; i += 1) {
    for (let j = 0; j < servers.length; j += 1) {
      const server = servers[(i + j) % servers.length];
      const started = performance.now();
      await send(server, subject);
      samples.get(server.name)!.push(performance.now() - started);
    }
  }
  return new Map(
    [...samples].map(([name, list]) => [name, { p50: percentile(list, 50), p95: percentile(list, 95), p99: percentile(list, 99) }]),
  );
}

interface LoadRun {
  p50: number;
  p95: number;
  p99: number;
  rps: number;
  errors: number;
}

/**
 * Requests sent in a run's first second are left out of its percentiles: a run opens all its
 * connections at once, and the first request of each waits behind the others' (on two cores,
 * ~1–3 s for the last of 50, for every server). What is measured is the steady state of
 * `connections` clients, each sending its next request when the last is answered.
 */
const WARM_UP_MS = 1_000;

/**
 * One autocannon run. Its summary has p97.5 and p99 but no p95, rounds to whole ms and counts the
 * warm-up: every response's time is kept instead (autocannon's `response` event), and the
 * percentiles taken from those sent after WARM_UP_MS.
 */
async function load(server: Server, subject: Subject, connections: number): Promise<LoadRun> {
  const { body, headers } = server.request(subject);
  const times: number[] = [];
  const steadyFrom = performance.now() + WARM_UP_MS;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon({ url: server.url, method: "POST", headers, body, connections, duration: DURATION }, (error, done) =>
      error ? reject(error) : resolve(done),
    );
    instance.on("response", (_client, _status, _bytes, time) => {
      if (performance.now() - time >= steadyFrom) times.push(time);
    });
  });
  return {
    p50: percentile(times, 50),
    p95: percentile(times, 95),
    p99: percentile(times, 99),
    rps: result.requests.average,
    errors: result.errors + result.non2xx,
  };
}

/** `rounds` short runs per server, alternating servers; medians of the runs. */
async function underLoad(servers: Server[], subject: Subject, connections: number) {
  const runs = new Map(servers.map((server) => [server.name, [] as LoadRun[]]));
  for (let round = 0; round < ROUNDS; round += 1) {
    for (let j = 0; j < servers.length; j += 1) {
      const server = servers[(round + j) % servers.length];
      runs.get(server.name)!.push(await load(server, subject, connections));
    }
  }
  return new Map(
    [...runs].map(([name, list]) => [
      name,
      {
        p50: median(list.map((r) => r.p50)),
        p95: median(list.map((r) => r.p95)),
        p99: median(list.map((r) => r.p99)),
        rps: median(list.map((r) => r.rps)),
        errors: list.reduce((n, r) => n + r.errors, 0),
      },
    ]),
  );
}

// ---------------------------------------------------------------- the run

const started = new Date();
const database = await openDatabase();
const poolSize = database.kind === "pglite" ? 1 : 10;
console.log(`Today benchmark on ${database.kind}: ${USERS} demo-shaped users + one ${LARGE}-item user, ${cpus().length} CPUs`);
const migration = await applyMigrations(database.url);
if (!migration.ok) throw new Error(formatApplyResult(migration));
const db = createDatabaseClient(database.url, { max: poolSize });
let seedMs = performance.now();
const { demo, big } = await seedBenchUsers(db.prisma, LARGE);
await copyUser(db.pool, demo.userId, 1, SMALL_POPULATION - 1);
await settle();
seedMs = performance.now() - seedMs;
const subjects: Subject[] = [
  { label: "demo", userId: demo.userId, token: await signIn(db, demo.userId), day: demo.today, timezone: "Europe/Berlin" },
  { label: `${LARGE}-item`, userId: big.userId, token: await signIn(db, big.userId), day: big.today, timezone: "Europe/Berlin" },
];

const tsx = ["--import", "tsx"];
const HEAP_OPTIONS = (JSON.parse(readFileSync(here("../package.json"), "utf8")) as { config: { heap: string } }).config.heap;
// This checkout's gateway runs as `npm start` runs it: bundled by `npm run build` (plain node,
// no TypeScript loader thread: ~50 MiB less memory). Another checkout runs its own bundle when it
// has one (`npm run build` there), so that both are measured alike; else under tsx.
execFileSync("npm", ["run", "build", "--silent"], { cwd: here(".."), stdio: "inherit" });
const variants = parseVariants(values.variants).map(({ name, checkout, env }) => ({
  name,
  args: checkout
    ? existsSync(`${checkout}/dist/bench/servers/gateway.js`)
      ? [`${checkout}/dist/bench/servers/gateway.js`]
      : [...tsx, `${checkout}/bench/servers/gateway.ts`]
    : [here("../dist/bench/servers/gateway.js")],
  env,
}));
const gateways: Server[] = [];
for (const variant of variants) {
  // The heap settings `npm start` uses (package.json's config.heap); a variant may set its own NODE_OPTIONS.
  const env = { NODE_OPTIONS: HEAP_OPTIONS, ...variant.env };
  gateways.push(await startServer(variant.name, [...variant.args, database.url, String(poolSize)], env, ourRequest));
}

// Cost independent of other users: the demo user's p50 with 10 users, then with all of them.
const smallPopulation = await oneClient(gateways, subjects[0], REQUESTS);
let copyMs = performance.now();
for (let first = SMALL_POPULATION; first < USERS; first += 250) {
  await copyUser(db.pool, demo.userId, first, Math.min(250, USERS - first));
}
await settle();
copyMs = performance.now() - copyMs;
// The same measurement with every user: only the population differs (both runs are the
// gateways alone, right after seeding; the main runs below interleave the references too).
const fullPopulation = await oneClient(gateways, subjects[0], REQUESTS);
const size = (await db.pool.query<{ size: string }>("SELECT pg_size_pretty(pg_database_size(current_database())) AS size")).rows[0].size;
console.log(`seeded in ${((seedMs + copyMs) / 1000).toFixed(0)} s; database ${size}`);

const servers: Server[] = [...gateways];
const references: string[] = [];
if (database.kind === "postgres") {
  servers.push(await startServer("SQL floor", [...tsx, here("./servers/floor.ts"), database.url, String(poolSize)], {}, ourRequest));
  references.push("SQL floor");
  if (existsSync(here("./postgraphile/node_modules/postgraphile"))) {
    servers.push(
      await startServer(
        "PostGraphile 5",
        ["--require", here("./postgraphile/with-resolvers.cjs"), here("./postgraphile/server.js"), database.url, String(poolSize)],
        {},
        postgraphileRequest,
      ),
    );
    references.push("PostGraphile 5");
  } else {
    console.log("(PostGraphile skipped: run `npm run bench:setup` once to install it)");
  }
} else {
  console.log("(PGlite serves one connection: the references run on PostgreSQL only, with BENCH_DATABASE_URL)");
}

try {
  // Same bytes: the floor must answer exactly what the gateway answers.
  const floor = servers.find((server) => server.name === "SQL floor");
  for (const subject of subjects) {
    const ours = await send(gateways[0], subject);
    for (const other of [...gateways.slice(1), ...(floor ? [floor] : [])]) {
      const theirs = await send(other, subject);
      if (theirs !== ours) {
        let at = 0;
        while (at < ours.length && ours[at] === theirs[at]) at += 1;
        throw new Error(
          `${other.name} answers other bytes than ${gateways[0].name} for ${subject.label}, from byte ${at}:\n  ${gateways[0].name}: …${ours.slice(Math.max(0, at - 120), at + 80)}\n  ${other.name}: …${theirs.slice(Math.max(0, at - 120), at + 80)}`,
        );
      }
    }
  }
  const statements = new Map<string, number[]>();
  for (const server of servers) {
    const counts: number[] = [];
    for (const subject of subjects) {
      const before = await server.statements();
      await send(server, subject);
      counts.push((await server.statements()) - before);
    }
    statements.set(server.name, counts);
  }

  const single = new Map<string, Map<string, { p50: number; p95: number; p99: number }>>();
  for (const subject of subjects) {
    console.log(`1 client, ${subject.label} user…`);
    single.set(subject.label, await oneClient(servers, subject, REQUESTS));
  }
  const loaded = new Map<string, Map<string, LoadRun>>();
  const memory = new Map<number, Map<string, { peak: number; now: number }>>();
  for (const connections of CLIENTS) {
    for (const subject of subjects) {
      console.log(`${connections} clients, ${subject.label} user…`);
      loaded.set(`${connections}|${subject.label}`, await underLoad(servers, subject, connections));
    }
    memory.set(connections, new Map(servers.map((server) => [server.name, memoryOf(server.child.pid!)])));
  }

  // ---------------------------------------------------------------- report
  const ms = (value: number) => `${value.toFixed(1)} ms`;
  const ratio = (ours: number, theirs: number) => `×${(theirs / ours).toFixed(2)}`;
  const lines: string[] = [];
  const date = started.toISOString().slice(0, 10);
  lines.push(`# Today benchmark, ${date}`, "");
  lines.push(
    `${database.kind === "postgres" ? "PostgreSQL" : "PGlite"}, ${USERS} users of the demo's shape + one ${LARGE}-item user (database ${size}), ` +
      `${cpus().length} CPUs shared with other work (numbers are noisy: medians, and ratios within this run). ` +
      `1 client: ${REQUESTS} requests per server and user, interleaved. Under load: autocannon, ${ROUNDS} runs of ${DURATION} s per server, alternating; percentiles of the requests sent after each run's first ${WARM_UP_MS / 1000} s (all connections open at once), medians of the runs.`,
    "",
  );
  lines.push(
    `Ratios: how many times the reference's number the gateway's is better (×1.20 = the gateway is 20 % faster; < ×1 = slower).`,
    "",
  );
  const head = ["user", "measure", ...servers.map((server) => server.name)];
  lines.push(`| ${head.join(" | ")} |`, `|${head.map(() => "---").join("|")}|`);
  const first = servers[0].name;
  const cell = (name: string, value: number, better: number, format: (v: number) => string, lowerIsBetter: boolean) =>
    name === first ? format(value) : `${format(value)} (${lowerIsBetter ? ratio(better, value) : ratio(value, better)})`;
  for (const subject of subjects) {
    const one = single.get(subject.label)!;
    for (const key of ["p50", "p95", "p99"] as const) {
      const base = one.get(first)![key];
      lines.push(
        `| ${subject.label} | 1 client ${key} | ${servers.map((s) => cell(s.name, one.get(s.name)![key], base, ms, true)).join(" | ")} |`,
      );
    }
    for (const connections of CLIENTS) {
      const run = loaded.get(`${connections}|${subject.label}`)!;
      const base = run.get(first)!;
      for (const key of ["p50", "p95", "p99"] as const) {
        lines.push(
          `| ${subject.label} | ${connections} clients ${key} | ${servers.map((s) => cell(s.name, run.get(s.name)![key], base[key], ms, true)).join(" | ")} |`,
        );
      }
      lines.push(
        `| ${subject.label} | ${connections} clients req/s | ${servers.map((s) => cell(s.name, run.get(s.name)!.rps, base.rps, (v) => v.toFixed(0), false)).join(" | ")} |`,
      );
    }
    lines.push(
      `| ${subject.label} | statements per request | ${servers.map((s) => String(statements.get(s.name)![subjects.indexOf(subject)])).join(" | ")} |`,
    );
  }
  for (const connections of CLIENTS) {
    const peaks = memory.get(connections)!;
    lines.push(
      `| all | peak RSS after ${connections} clients | ${servers.map((s) => `${peaks.get(s.name)!.peak.toFixed(0)} MiB`).join(" | ")} |`,
    );
  }
  const errors = [...loaded.values()].flatMap((run) => [...run].filter(([, r]) => r.errors > 0).map(([name, r]) => `${name}: ${r.errors}`));
  lines.push("");
  for (const gateway of gateways) {
    const atTen = smallPopulation.get(gateway.name)!.p50;
    const atAll = fullPopulation.get(gateway.name)!.p50;
    lines.push(
      `Cost independent of other users (${gateway.name}, demo user, 1 client p50): ${ms(atTen)} with ${SMALL_POPULATION} users, ${ms(atAll)} with ${USERS} (×${(atAll / atTen).toFixed(2)}).`,
    );
  }
  if (errors.length > 0) lines.push("", `Errors or non-2xx under load: ${errors.join(", ")}.`);
  lines.push("", `Command: \`${["npm run bench --", ...process.argv.slice(2)].join(" ")}\``);
  // What a person feels in the browser, beside the server's numbers (bench/browser.ts), once
  // the servers above have stopped loading the machine.
  if (BROWSER_TAPS > 0) {
    for (const server of servers) await server.close();
    servers.length = 0;
    console.log(`Today in the browser: ${BROWSER_TAPS} taps of each kind…`);
    lines.push("", browserReport(BROWSER_TAPS));
  }
  const report = `${lines.join("\n")}\n`;
  console.log(`\n${report}`);
  if (!values["no-write"]) {
    await mkdir(here("./results"), { recursive: true });
    const file = here(`./results/${date}.md`);
    await writeFile(file, report);
    console.log(`written ${file}`);
  }
} finally {
  for (const server of servers) await server.close();
  await db.close();
  await database.close();
}
process.exit(0);
