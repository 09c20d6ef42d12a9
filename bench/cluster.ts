// `npm run bench:cluster`: the measurements behind docs/scaling.md, on the cluster of
// `npm run cluster` (test/cluster/support/cluster.ts). CPU is read from /proc (utime + stime of
// every process in a service's process group, plus what the postmaster collected from backends
// that exited), so a number is CPU time spent per request, not wall time on a busy machine.
//
//   1. Today (the web page's trusted document, by hash) on one gateway: req/s, gateway CPU ms
//      per request, PostgreSQL CPU ms per request on the replica and on the primary.
//   2. The same through HAProxy over both gateways: req/s, PgBouncer's server connections in use.
//   3. Writes (createHabit) through HAProxy: req/s, CPU ms per write on gateway and primary.
//   4. The projector: the outbox events of (3) drained by one projector, events/s.
// Each of 1-3 runs ROUNDS times; medians are printed, as JSON too (for the doc's tables).
import { readdirSync, readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import pg from "pg";
import { newSessionToken, SESSION_TTL_MS } from "../src/auth/session.ts";
import { createDatabaseClient } from "../src/db/client.ts";
import { projectionStatus } from "../src/domain/projection.ts";
import { loadPersistedDocuments } from "../src/persisted.ts";
import { type Service, startCluster } from "../test/cluster/support/cluster.ts";
import { copyUser } from "./seed.ts";

const { values } = parseArgs({
  options: {
    users: { type: "string", default: "50" },
    duration: { type: "string", default: "10" },
    rounds: { type: "string", default: "3" },
    connections: { type: "string", default: "10" },
  },
});
const USERS = Number(values.users);
const DURATION = Number(values.duration);
const ROUNDS = Number(values.rounds);
const CONNECTIONS = Number(values.connections);
const TICK_MS = 1000 / 100; // USER_HZ

/**
 * CPU ms of a service: every process in its process group and their descendants (PostgreSQL's
 * backends call setsid(), so they leave the group but stay the postmaster's children), with the
 * CPU of reaped children that each process collected (cutime, cstime).
 */
function cpuMs(service: Service): number {
  const processes: { pid: number; ppid: number; pgrp: number; ticks: number }[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, "utf8");
    } catch {
      continue;
    }
    // After "pid (comm) ": state, ppid, pgrp, … utime, stime, cutime, cstime are fields 14-17 of stat(5).
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const ticks = Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
    processes.push({ pid: Number(entry), ppid: Number(fields[1]), pgrp: Number(fields[2]), ticks });
  }
  const members = new Set(processes.filter((p) => p.pgrp === service.pid).map((p) => p.pid));
  for (let grew = true; grew; ) {
    grew = false;
    for (const p of processes) {
      if (!members.has(p.pid) && members.has(p.ppid)) {
        members.add(p.pid);
        grew = true;
      }
    }
  }
  return processes.filter((p) => members.has(p.pid)).reduce((sum, p) => sum + p.ticks, 0) * TICK_MS;
}

const median = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const round = (x: number, digits = 2) => Number(x.toFixed(digits));

console.log("starting the cluster");
const cluster = await startCluster({ log: (line) => console.log(`  ${line}`) });
const stopAll = async () => {
  await cluster.close();
};
process.on("SIGINT", () => void stopAll().then(() => process.exit(130)));

try {
  const primary = createDatabaseClient(cluster.primaryUrl, { max: 2 });
  const replicaPool = new pg.Pool({ connectionString: cluster.replicaUrl, max: 1 });
  const demo = await primary.prisma.user.findUniqueOrThrow({ where: { email: "demo@today.dev" }, select: { id: true } });
  const userIds = [demo.id, ...(await copyUser(primary.pool, demo.id, 1, USERS - 1))];
  const tokens: string[] = [];
  for (const userId of userIds) {
    const { token, tokenHash } = newSessionToken();
    await primary.prisma.session.create({ data: { userId, tokenHash, expiresAt: new Date(Date.now() + SESSION_TTL_MS) } });
    tokens.push(token);
  }
  await primary.pool.query("VACUUM ANALYZE");
  await primary.pool.query("CHECKPOINT");
  // Let the replica replay the copies, so reads need not go to the primary for lag.
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  console.log(`${userIds.length} users of the demo's shape`);

  const todayHash = [...loadPersistedDocuments()].find(([, document]) => document.includes("query TodayPage"))![0];
  const day = new Date().toISOString().slice(0, 10);
  const todayRequests = tokens.map((token) => ({
    method: "POST" as const,
    path: "/graphql",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify({ variables: { date: day }, extensions: { persistedQuery: { version: 1, sha256Hash: todayHash } } }),
  }));
  const probe = await fetch(`${cluster.url}/graphql`, { method: "POST", headers: todayRequests[0].headers, body: todayRequests[0].body });
  const probeText = await probe.text();
  if (probe.status !== 200 || probeText.includes('"errors"')) console.warn(`Today answers ${probe.status}: ${probeText.slice(0, 300)}`);
  let next = 0;
  const rotating = () => todayRequests[next++ % todayRequests.length];

  const services = cluster.services;
  const measure = async (url: string, connections: number, duration: number, request: () => (typeof todayRequests)[number]) => {
    const before = new Map([...services].map(([name, service]) => [name, cpuMs(service)]));
    const poolerSamples: number[] = [];
    const primaryBackends: number[] = [];
    const replicaBackends: number[] = [];
    const sampler = setInterval(() => {
      void (async () => {
        const admin = new pg.Client({ connectionString: cluster.poolerAdminUrl });
        try {
          await admin.connect();
          const { rows } = await admin.query("SHOW POOLS");
          const today = rows.find((row) => row.database === "today");
          if (today) poolerSamples.push(Number(today.sv_active) + Number(today.sv_idle) + Number(today.sv_used));
          for (const [name, sampled] of [
            ["primary", primaryBackends],
            ["replica", replicaBackends],
          ] as const) {
            const { rows: backends } = await (name === "primary" ? primary.pool : replicaPool).query(
              "SELECT count(*)::int AS n FROM pg_stat_activity WHERE backend_type = 'client backend' AND datname = 'today'",
            );
            // Less the bench's own connections.
            sampled.push(backends[0].n - (name === "primary" ? primary.pool.totalCount : replicaPool.totalCount));
          }
        } catch {
          // a missed sample
        } finally {
          await admin.end().catch(() => undefined);
        }
      })();
    }, 500);
    const result = await autocannon({
      url,
      connections,
      duration,
      requests: [{ setupRequest: (base) => ({ ...base, ...request() }) }],
    });
    clearInterval(sampler);
    const cpu = Object.fromEntries([...services].map(([name, service]) => [name, cpuMs(service) - (before.get(name) ?? 0)]));
    const requests = result.requests.total;
    const failed = result.non2xx + result.errors;
    return {
      requests,
      failed,
      reqPerSec: requests / duration,
      latencyP50: result.latency.p50,
      cpu,
      poolerServerConnections: Math.max(0, ...poolerSamples),
      primaryBackends: Math.max(0, ...primaryBackends),
      replicaBackends: Math.max(0, ...replicaBackends),
    };
  };

  // Warm every session and the statement plans (one request per user on each gateway).
  for (const gateway of cluster.gateways) await measure(gateway.url, 4, 2, rotating);

  const one = [];
  for (let i = 0; i < ROUNDS; i += 1) one.push(await measure(cluster.gateways[0].url, CONNECTIONS, DURATION, rotating));
  const both = [];
  for (let i = 0; i < ROUNDS; i += 1) both.push(await measure(cluster.url, CONNECTIONS * 2, DURATION, rotating));

  // Writes: createHabit for every user, as text (a mutation the web page does not send).
  const writeRequests = tokens.map((token) => ({
    method: "POST" as const,
    path: "/graphql",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: `mutation { createHabit(input: { name: "bench" }) { id } }` }),
  }));
  let nextWrite = 0;
  await cluster.services.get("projector")!.stop("SIGTERM");
  const outboxBefore = Number((await primary.pool.query("SELECT count(*) FROM behavior_outbox")).rows[0].count);
  const writes = [];
  for (let i = 0; i < ROUNDS; i += 1)
    writes.push(
      await measure(cluster.url, CONNECTIONS, Math.max(3, DURATION / 2), () => writeRequests[nextWrite++ % writeRequests.length]),
    );
  const events = Number((await primary.pool.query("SELECT count(*) FROM behavior_outbox")).rows[0].count) - outboxBefore;

  // The projector: one process drains the backlog of the writes.
  const { spawn } = await import("node:child_process");
  const projectorProcess = spawn(process.execPath, ["dist/scripts/projector.js"], {
    env: { ...process.env, ...cluster.env, LOG_LEVEL: "warn", PROJECTOR_POLL_MS: "100" },
    stdio: "ignore",
  });
  const lagOf = async () =>
    Number((await projectionStatus(primary.prisma)).find((status) => status.projector === "live-today")?.lagEvents ?? 0);
  const startLag = await lagOf();
  let firstMove: { at: number; lag: number } | null = null;
  let drainedAt = 0;
  for (let i = 0; i < 1200; i += 1) {
    const lag = await lagOf();
    if (!firstMove && lag < startLag) firstMove = { at: performance.now(), lag };
    if (lag === 0) {
      drainedAt = performance.now();
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  projectorProcess.kill("SIGTERM");
  const projectorRate = firstMove && drainedAt > firstMove.at ? firstMove.lag / ((drainedAt - firstMove.at) / 1000) : null;

  // What a router that sends every read to a replica (no read-your-writes) would show: a write
  // through HAProxy, then at once the same row read on the replica, as the next request would.
  const replica = new pg.Client({ connectionString: cluster.replicaUrl });
  await replica.connect();
  let staleOnReplica = 0;
  const PAIRS = 200;
  for (let i = 0; i < PAIRS; i += 1) {
    const response = await fetch(`${cluster.url}/graphql`, {
      method: "POST",
      headers: writeRequests[i % writeRequests.length].headers,
      body: writeRequests[i % writeRequests.length].body,
    });
    const id = Buffer.from(((await response.json()) as { data: { createHabit: { id: string } } }).data.createHabit.id, "base64")
      .toString()
      .split(":")[1];
    const { rowCount } = await replica.query("SELECT 1 FROM habits WHERE id = $1", [id]);
    if (rowCount === 0) staleOnReplica += 1;
  }
  await replica.end();

  const summarize = (runs: Awaited<ReturnType<typeof measure>>[], gatewayNames: string[]) => {
    const gatewayCpu = runs.map((run) => gatewayNames.reduce((sum, name) => sum + run.cpu[name], 0) / run.requests);
    return {
      runs: runs.length,
      requests: runs.map((run) => run.requests),
      failed: runs.reduce((sum, run) => sum + run.failed, 0),
      reqPerSec: round(median(runs.map((run) => run.reqPerSec)), 0),
      latencyP50Ms: median(runs.map((run) => run.latencyP50)),
      gatewayCpuMsPerRequest: round(median(gatewayCpu), 3),
      requestsPerGatewayCoreSecond: round(1000 / median(gatewayCpu), 0),
      primaryCpuMsPerRequest: round(median(runs.map((run) => run.cpu.primary / run.requests)), 3),
      replicaCpuMsPerRequest: round(median(runs.map((run) => run.cpu.replica / run.requests)), 3),
      poolerCpuMsPerRequest: round(median(runs.map((run) => run.cpu.pgbouncer / run.requests)), 3),
      haproxyCpuMsPerRequest: round(median(runs.map((run) => run.cpu.haproxy / run.requests)), 3),
      redisCpuMsPerRequest: round(median(runs.map((run) => (run.cpu.redis ?? 0) / run.requests)), 3),
      poolerServerConnectionsMax: Math.max(...runs.map((run) => run.poolerServerConnections)),
      // Client backends in the cluster's database (gateways' direct pools, PgBouncer's server connections).
      primaryBackendsMax: Math.max(...runs.map((run) => run.primaryBackends)),
      replicaBackendsMax: Math.max(...runs.map((run) => run.replicaBackends)),
    };
  };
  const report = {
    machine: {
      cores: (await import("node:os")).cpus().length,
      users: userIds.length,
      durationSeconds: DURATION,
      rounds: ROUNDS,
      connections: CONNECTIONS,
    },
    todayOneGateway: summarize(one, ["gateway1"]),
    todayTwoGatewaysViaHaproxy: summarize(both, ["gateway1", "gateway2"]),
    writesViaHaproxy: { ...summarize(writes, ["gateway1", "gateway2"]), outboxEvents: events },
    replicaWithoutReadYourWrites: { pairs: PAIRS, staleReads: staleOnReplica },
    projector: { backlog: startLag, eventsPerSecond: projectorRate === null ? null : round(projectorRate, 0) },
  };
  console.log(JSON.stringify(report, null, 2));
  await primary.close();
  await replicaPool.end();
} finally {
  await stopAll();
}
