// `npm run bench:live`: commit → `todayChanged` message latency, as a second device feels it.
// One gateway in process (yoga.fetch) with the projectors running as `npm start` runs them, a
// subscriber open over SSE, and N habit completions (ticked and unticked in turn) through
// GraphQL, one at a time: for each, the time from the mutation's response (its transaction has
// committed) to the subscriber's message carrying that event type. Then the same with a write
// transaction held open in ANOTHER database of the same server, renewed every `hold` seconds
// (so one is always open). Prints median, p95, p99 and max per phase.
//
//   LIVE_BENCH_URL=postgresql://postgres@127.0.0.1:5432/test npm run bench:live -- --iterations 100
//
// The URL names a server (and a database to connect to for CREATE DATABASE); the benchmark
// creates its own databases and drops them. Without LIVE_BENCH_URL: the embedded database
// (no other database to hold a transaction in: the second phase is skipped).
import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import pg from "pg";
import { newSessionToken, SESSION_TTL_MS } from "../src/auth/session.ts";
import { createDatabaseClient } from "../src/db/client.ts";
import { useDatabase } from "../src/db/index.ts";
import { createLiveSink } from "../src/projector/live.ts";
import { runProjectors } from "../src/projector/projector.ts";
import { createMemoryBus } from "../src/projector/pubsub.ts";
import { createGateway } from "../src/server.ts";
import { benchDatabase, benchWakeups, createDatabase, databaseUrl, dropDatabase } from "./database.ts";

const { values } = parseArgs({
  options: {
    iterations: { type: "string", default: "100" },
    /** Iterations of the phase with the other database's transaction (default: iterations). */
    "held-iterations": { type: "string" },
    /** Seconds each unrelated transaction is held open. */
    hold: { type: "string", default: "10" },
    "poll-ms": { type: "string", default: "500" },
  },
});
const iterations = Number(values.iterations);
const heldIterations = Number(values["held-iterations"] ?? values.iterations);
const holdMs = Number(values.hold) * 1000;
const pollMs = Number(values["poll-ms"]);

const serverUrl = process.env.LIVE_BENCH_URL;
const suffix = randomBytes(4).toString("hex");
const mainName = `bench_live_${suffix}`;
const otherName = `bench_live_other_${suffix}`;
const { url, close: closeDatabase } = await benchDatabase(serverUrl, mainName);

const db = createDatabaseClient(url, { max: serverUrl ? 10 : 1 });
useDatabase(db);
const bus = createMemoryBus();
const gateway = createGateway({ live: bus });

// The user and a habit.
const user = await db.prisma.user.create({
  data: { email: `live-bench-${suffix}@example.test`, displayName: "Live bench", settings: { create: { timezone: "UTC" } } },
});
const roles = await db.prisma.role.findMany({ where: { key: "user" } });
await db.prisma.userRole.createMany({ data: roles.map((role) => ({ userId: user.id, roleId: role.id })) });
const { token, tokenHash } = newSessionToken();
await db.prisma.session.create({ data: { userId: user.id, tokenHash, expiresAt: new Date(Date.now() + SESSION_TTL_MS) } });
async function graphql(query: string, variables: Record<string, unknown> = {}) {
  const response = await gateway.fetch("http://bench.local/graphql", {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: Record<string, { id: string }>; errors?: unknown[] };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data ?? {};
}
const habitId = (await graphql(`mutation { createHabit(input: { name: "Tick" }) { id } }`)).createHabit.id;
const DAY = new Date().toISOString().slice(0, 10);

// The projectors as `npm start` runs them: woken at commit when this code base can (the
// wake-up module is absent before issue 22; then polling only).
const stop = new AbortController();
const wakeups = await benchWakeups(serverUrl, url, db.pool);
const options = { pollMs, wakeups } as Parameters<typeof runProjectors>[3];
const projecting = runProjectors(db.prisma, [createLiveSink(bus, `live-bench-${suffix}`)], stop.signal, options);

// The subscriber: every message with its arrival time.
const response = await gateway.fetch("http://bench.local/graphql", {
  method: "POST",
  headers: { accept: "text/event-stream", "content-type": "application/json", authorization: `Bearer ${token}` },
  body: JSON.stringify({
    query: `subscription ($date: Date!) { todayChanged(date: $date) { eventTypes sequence } }`,
    variables: { date: DAY },
  }),
});
const reader = response.body!.getReader();
const waiting: Array<{ eventType: string; resolve: (at: number) => void }> = [];
void (async () => {
  const decoder = new TextDecoder();
  let buffer = "";
  for (;;) {
    const chunk = await reader.read();
    if (chunk.done) return;
    const at = performance.now();
    buffer += decoder.decode(chunk.value, { stream: true });
    for (let end = buffer.indexOf("\n\n"); end >= 0; end = buffer.indexOf("\n\n")) {
      const data = buffer
        .slice(0, end)
        .split("\n")
        .filter((line) => line.startsWith("data:"))
        .map((line) => line.slice(5))
        .join("");
      buffer = buffer.slice(end + 2);
      if (!data) continue;
      const types: string[] = JSON.parse(data).data?.todayChanged?.eventTypes ?? [];
      for (let i = waiting.length - 1; i >= 0; i -= 1) {
        if (types.includes(waiting[i].eventType)) waiting.splice(i, 1)[0].resolve(at);
      }
    }
  }
})();
await new Promise((resolve) => setTimeout(resolve, 200));

let done = false;
/** One tick or untick; returns ms from the mutation's response to the message. */
async function once(): Promise<number> {
  const eventType = done ? "habit.uncompleted" : "habit.completed";
  const arrived = new Promise<number>((resolve) => waiting.push({ eventType, resolve }));
  await graphql(
    `mutation ($id: ID!, $day: Date) { ${done ? "uncompleteHabit" : "completeHabit"}(habitId: $id, day: $day) { __typename } }`,
    { id: habitId, day: DAY },
  );
  const committed = performance.now();
  done = !done;
  return (await arrived) - committed;
}

function summary(name: string, samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
  const row = { phase: name, n: sorted.length, p50: at(0.5), p95: at(0.95), p99: at(0.99), max: sorted[sorted.length - 1] };
  console.log(
    `${row.phase.padEnd(44)} n=${String(row.n).padStart(3)}  p50 ${row.p50.toFixed(1).padStart(7)} ms  p95 ${row.p95.toFixed(1).padStart(7)} ms  p99 ${row.p99.toFixed(1).padStart(7)} ms  max ${row.max.toFixed(1).padStart(7)} ms`,
  );
}

console.log(`commit → todayChanged message (${wakeups ? "woken at commit" : "polling only"}, poll ${pollMs} ms)`);
for (let i = 0; i < 5; i += 1) await once(); // warm-up
const quiet: number[] = [];
for (let i = 0; i < iterations; i += 1) quiet.push(await once());
summary("no other transaction", quiet);

if (serverUrl) {
  await createDatabase(serverUrl, otherName);
  const other = new pg.Client({ connectionString: databaseUrl(serverUrl, otherName) });
  await other.connect();
  await other.query("CREATE TABLE held (x int)");
  let holding = true;
  // A write transaction always open there, each held `hold` seconds, then the next.
  const holder = (async () => {
    while (holding) {
      await other.query("BEGIN");
      await other.query("INSERT INTO held VALUES (1)");
      const until = Date.now() + holdMs;
      while (holding && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 50));
      await other.query("COMMIT");
    }
  })();
  await new Promise((resolve) => setTimeout(resolve, 100));
  const held: number[] = [];
  for (let i = 0; i < heldIterations; i += 1) held.push(await once());
  summary(`a ${holdMs / 1000} s write transaction in another database`, held);
  holding = false;
  await holder;
  await other.end();
  await dropDatabase(serverUrl, otherName);
}

stop.abort();
await projecting;
await wakeups?.close();
await reader.cancel().catch(() => undefined);
await bus.close();
await gateway.dispose?.();
await db.close();
await closeDatabase();
process.exit(0);
