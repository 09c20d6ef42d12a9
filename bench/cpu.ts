// `npm run bench:cpu`: the gateway's own CPU time per Today request, variant against
// variant, in-process (no HTTP, no load tool): the quick, low-noise way to measure one
// lever at a time on a shared machine. Each variant (this checkout, an older one, or other
// environment settings) runs in its own process (bench/cpu-worker.ts); batches of requests
// alternate between them, the order rotating each round, and the report gives medians of
// CPU ms per request (the process's user + system time, which other processes' load
// hardly moves) and of wall ms, with ratios against the first variant. `npm run bench`
// is the end-to-end comparison with PostGraphile and the SQL floor.
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { newSessionToken, SESSION_TTL_MS } from "../src/auth/session.ts";
import { createDatabaseClient } from "../src/db/client.ts";
import { startEmbeddedPostgres } from "../src/db/embedded.ts";
import { applyMigrations, formatApplyResult } from "../src/db/migrate.ts";
import { resolveDemoOptions } from "../src/db/seed/demo.ts";
import { BENCH_CURSOR_SECRET, DEMO_EMAIL, LARGE_EMAIL, parseVariants, seedBenchUsers, type VariantSpec } from "./shared.ts";

const { values } = parseArgs({
  options: {
    /** `;`-separated: `name`, `name:ENV=value,…`, `name@/path/to/checkout[:ENV=…]`. */
    variants: { type: "string", default: "gateway" },
    large: { type: "string", default: "200" },
    /** Requests per batch. */
    requests: { type: "string", default: "40" },
    /** Batches per variant and user. */
    rounds: { type: "string", default: "9" },
    concurrency: { type: "string", default: "1" },
    /** `demo`, `large` or both (`demo,large`). */
    users: { type: "string", default: "demo,large" },
    /** Keep the database of an earlier run when it holds both users (BENCH_DATABASE_URL only). */
    reuse: { type: "boolean", default: false },
  },
});
const LARGE = Number(values.large);
const REQUESTS = Number(values.requests);
const ROUNDS = Number(values.rounds);
const CONCURRENCY = Number(values.concurrency);
const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const checkout = here("..");

// ---------------------------------------------------------------- database

const serverUrl = process.env.BENCH_DATABASE_URL;
let url: string;
let closeDatabase = async () => {};
let fresh = true;
if (serverUrl) {
  const name = decodeURIComponent(new URL(serverUrl).pathname.slice(1));
  if (!/bench/.test(name)) throw new Error(`BENCH_DATABASE_URL must name a database containing "bench" (got "${name}")`);
  url = serverUrl;
  const adminUrl = new URL(serverUrl);
  adminUrl.pathname = "/postgres";
  const admin = new pg.Client({ connectionString: adminUrl.toString() });
  await admin.connect();
  const exists = (await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [name])).rowCount === 1;
  if (values.reuse && exists) {
    const probe = new pg.Client({ connectionString: serverUrl });
    await probe.connect();
    const users = await probe
      .query("SELECT count(*)::int AS n FROM users WHERE email IN ($1, $2)", [DEMO_EMAIL, LARGE_EMAIL])
      .catch(() => null);
    await probe.end();
    fresh = users?.rows[0].n !== 2;
  }
  if (fresh) {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${name}"`);
  }
  await admin.end();
} else {
  const embedded = await startEmbeddedPostgres();
  url = embedded.url;
  closeDatabase = () => embedded.close();
}
const poolSize = serverUrl ? 10 : 1;
const db = createDatabaseClient(url, { max: poolSize });
if (fresh) {
  const migration = await applyMigrations(url);
  if (!migration.ok) throw new Error(formatApplyResult(migration));
  await seedBenchUsers(db.prisma, LARGE);
  await db.pool.query("ANALYZE");
}

interface Subject {
  label: string;
  token: string;
  date: string;
}
const subjects: Subject[] = [];
for (const [label, email] of [
  ["demo", DEMO_EMAIL],
  [`${LARGE}-item`, LARGE_EMAIL],
] as const) {
  if (!values.users.split(",").includes(label === "demo" ? "demo" : "large")) continue;
  const user = await db.prisma.user.findUniqueOrThrow({ where: { email } });
  const { token, tokenHash } = newSessionToken();
  await db.prisma.session.create({ data: { userId: user.id, tokenHash, expiresAt: new Date(Date.now() + SESSION_TTL_MS) } });
  // The day the demo generator centres its data on (today, unless the database is older).
  subjects.push({ label, token, date: resolveDemoOptions({ email }).today });
}

// ---------------------------------------------------------------- variants

interface Variant {
  name: string;
  child: ChildProcess;
  ask<T>(command: object): Promise<T>;
}

async function startVariant({ name, checkout: root = checkout, env }: VariantSpec): Promise<Variant> {
  const child = spawn(process.execPath, ["--import", "tsx", here("./cpu-worker.ts"), root, url, String(poolSize)], {
    stdio: ["ignore", "ignore", "inherit", "ipc"],
    env: { ...process.env, NODE_ENV: "production", CURSOR_SECRET: BENCH_CURSOR_SECRET, ...env },
  });
  const next = () =>
    new Promise<unknown>((resolve, reject) => {
      const exited = () => reject(new Error(`${name} exited`));
      child.once("exit", exited);
      child.once("message", (message) => {
        child.off("exit", exited);
        resolve(message);
      });
    });
  if ((await next()) !== "ready") throw new Error(`${name} did not start`);
  return {
    name,
    child,
    ask: async <T>(command: object) => {
      const answer = next();
      child.send(command);
      return (await answer) as T;
    },
  };
}

const variants: Variant[] = [];
for (const spec of parseVariants(values.variants)) variants.push(await startVariant(spec));

function peakRss(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}
const median = (list: number[]) => {
  const sorted = [...list].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

interface Batch {
  cpuMs: number;
  wallMs: number;
  rssMiB: number;
  heapMiB: number;
}

try {
  for (const subject of subjects) {
    const answers: Array<{ body: string; statements: number }> = [];
    for (const variant of variants)
      answers.push(await variant.ask<{ body: string; statements: number }>({ ...subject, requests: 1, body: true }));
    answers.forEach((answer, index) => {
      if (answer.body !== answers[0].body)
        throw new Error(`${variants[index].name} answers other bytes than ${variants[0].name} for ${subject.label}`);
    });
    console.log(`${subject.label}: ${answers[0].body.length} bytes, statements ${answers.map((a) => a.statements).join("/")}`);
  }
  const results = new Map<string, Map<string, { cpu: number[]; wall: number[] }>>();
  for (const subject of subjects) {
    const perVariant = new Map(variants.map((variant) => [variant.name, { cpu: [] as number[], wall: [] as number[] }]));
    results.set(subject.label, perVariant);
    const command = { ...subject, requests: REQUESTS, concurrency: CONCURRENCY };
    for (const variant of variants) await variant.ask<Batch>(command); // warm-up
    for (let round = 0; round < ROUNDS; round += 1) {
      for (let j = 0; j < variants.length; j += 1) {
        const variant = variants[(round + j) % variants.length];
        const batch = await variant.ask<Batch>(command);
        perVariant.get(variant.name)!.cpu.push(batch.cpuMs / REQUESTS);
        perVariant.get(variant.name)!.wall.push(batch.wallMs / REQUESTS);
      }
    }
  }
  console.log(
    `\n${ROUNDS} batches of ${REQUESTS} requests per variant and user, concurrency ${CONCURRENCY}; medians per request; ratio = first variant's / this one's (>1: this one is faster)`,
  );
  console.log(`| user | variant | CPU ms | ratio | wall ms | ratio |`);
  console.log(`|---|---|---|---|---|---|`);
  for (const [label, perVariant] of results) {
    const base = perVariant.get(variants[0].name)!;
    for (const [name, { cpu, wall }] of perVariant) {
      console.log(
        `| ${label} | ${name} | ${median(cpu).toFixed(2)} | ×${(median(base.cpu) / median(cpu)).toFixed(3)} | ${median(wall).toFixed(2)} | ×${(median(base.wall) / median(wall)).toFixed(3)} |`,
      );
    }
  }
  console.log(`peak RSS: ${variants.map((variant) => `${variant.name} ${peakRss(variant.child.pid!).toFixed(0)} MiB`).join(", ")}`);
} finally {
  for (const variant of variants) if (variant.child.connected) variant.child.disconnect();
  await db.close();
  await closeDatabase();
}
process.exit(0);
