// The scale-out deployment on loopback, under one temporary directory: a PostgreSQL primary and a
// streaming replica (initdb + pg_basebackup -R), PgBouncer in transaction mode, Redis, two
// gateways (dist/src/main.js), HAProxy round-robin in front of them, and one projector.
// `npm run cluster` (scripts/cluster.ts) and the cluster tests (test/cluster/) both start it here.
//
// The machine's own PostgreSQL (5432) and its data are never touched: every server gets a free
// port, data and sockets live in the temporary directory, and close() removes it. PostgreSQL and
// PgBouncer refuse to run as root, so as root they run as `postgres` through runuser.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { closeSync, openSync, readFileSync } from "node:fs";
import { appendFile, chmod, chown, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer, Socket } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import pg from "pg";
import { PROJECT_ROOT } from "../../../src/paths.ts";

export const PG_BIN = process.env.PG_BIN ?? "/usr/lib/postgresql/15/bin";
const PGBOUNCER = process.env.PGBOUNCER_BIN ?? "/usr/sbin/pgbouncer";
const HAPROXY = process.env.HAPROXY_BIN ?? "/usr/sbin/haproxy";
const DATABASE = "today";

export interface ClusterOptions {
  /** Run `npm run build` first (default true); the gateways run dist/src/main.js. */
  build?: boolean;
  /** Extra environment for the gateways and the projector. */
  env?: Record<string, string>;
  /** Lines appended to the primary's postgresql.conf (e.g. pg_stat_statements settings). */
  primaryConf?: string[];
  /** PgBouncer's default_pool_size (server connections per database/user pair; default 20). */
  poolerPoolSize?: number;
  /** Progress lines (default: none). */
  log?: (line: string) => void;
}

/** One child process, in its own process group, logging to a file of the cluster's directory. */
export class Service {
  readonly exited: Promise<number | null>;
  private running = true;

  constructor(
    readonly name: string,
    readonly child: ChildProcess,
    readonly logFile: string,
  ) {
    this.exited = new Promise((resolve) => child.once("exit", (code, signal) => resolve(code ?? (signal ? null : 0))));
    void this.exited.then(() => (this.running = false));
  }

  get pid(): number {
    return this.child.pid!;
  }

  get alive(): boolean {
    return this.running;
  }

  /** Sends `signal` to the whole process group (runuser and the server under it). */
  signal(signal: NodeJS.Signals): void {
    if (!this.running) return;
    try {
      process.kill(-this.pid, signal);
    } catch {
      // already gone
    }
  }

  /** `signal`, then SIGKILL to the group if it has not exited within `graceMs`. */
  async stop(signal: NodeJS.Signals = "SIGTERM", graceMs = 5_000): Promise<void> {
    if (!this.running) return;
    this.signal(signal);
    const timeout = sleep(graceMs).then(() => "timeout" as const);
    if ((await Promise.race([this.exited, timeout])) === "timeout") {
      this.signal("SIGKILL");
      await this.exited;
    }
  }

  /** The last lines of the service's log, for error messages. */
  tail(lines = 30): string {
    try {
      return readFileSync(this.logFile, "utf8").split("\n").slice(-lines).join("\n");
    } catch {
      return "";
    }
  }
}

export interface GatewayProcess {
  name: string;
  port: number;
  url: string;
  service: Service;
}

export interface Cluster {
  dir: string;
  /** Direct to the primary (the migration lock, LISTEN, tests' own setup). */
  primaryUrl: string;
  /** Direct to the streaming replica. */
  replicaUrl: string;
  /** The primary through PgBouncer (transaction mode): the gateways' DATABASE_URL. */
  poolerUrl: string;
  /** PgBouncer's admin console (SHOW POOLS, SHOW STATS). */
  poolerAdminUrl: string;
  redisUrl: string;
  /** HAProxy, round-robin over the gateways. */
  url: string;
  gateways: GatewayProcess[];
  /** Every running service by name: primary, replica, pgbouncer, redis (when started here), gateway1, gateway2, haproxy, projector. */
  services: Map<string, Service>;
  /** The gateways' (and projector's) environment. */
  env: Record<string, string>;
  /** kill -9 a gateway (its process group). */
  killGateway(index: number): Promise<void>;
  /** Starts a stopped gateway again on its port and waits until it answers /ready. */
  startGateway(index: number): Promise<void>;
  /** Fast shutdown of the replica (SIGINT to the postmaster); startReplica() brings it back on its port. */
  stopReplica(): Promise<void>;
  startReplica(): Promise<void>;
  /** Stops PgBouncer (SIGTERM: immediate shutdown, every client connection dropped) and starts it again. */
  restartPooler(): Promise<void>;
  /** Stops everything and removes the directory; safe to call twice and after a failed start. */
  close(): Promise<void>;
}

/** A port the kernel just handed out on 127.0.0.1 (free at the time of asking). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const isRoot = () => process.getuid?.() === 0;

/** argv for a command that must not run as root: through runuser as `postgres` when we are root. */
function asPostgres(command: string, args: string[]): [string, string[]] {
  return isRoot() ? ["runuser", ["-u", "postgres", "--", command, ...args]] : [command, args];
}

function postgresIds(): { uid: number; gid: number } | null {
  if (!isRoot()) return null;
  const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
  const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim());
  return { uid, gid };
}

async function waitFor<T>(what: string, attempt: () => Promise<T | undefined>, timeoutMs: number, service?: Service): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (service && !service.alive) throw new Error(`${what}: ${service.name} exited\n${service.tail()}`);
    try {
      const value = await attempt();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    await sleep(100);
  }
  throw new Error(`${what}: not within ${timeoutMs} ms (${String(lastError ?? "no answer")})${service ? `\n${service.tail()}` : ""}`);
}

async function pgAnswers(url: string): Promise<boolean | undefined> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1_000 });
  client.on("error", () => undefined);
  try {
    await client.connect();
    await client.query("SELECT 1");
    return true;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function httpStatus(url: string): Promise<number> {
  const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
  await response.body?.cancel();
  return response.status;
}

/** Runs a command to completion (output to `logFile`); throws with the log's tail when it fails. */
async function run(
  command: string,
  args: string[],
  logFile: string,
  options: { env?: NodeJS.ProcessEnv; cwd?: string } = {},
): Promise<void> {
  const fd = openSync(logFile, "a");
  try {
    const child = spawn(command, args, { stdio: ["ignore", fd, fd], env: options.env ?? process.env, cwd: options.cwd });
    const code = await new Promise<number | null>((resolve, reject) => {
      child.once("error", reject);
      child.once("exit", (exitCode) => resolve(exitCode));
    });
    if (code !== 0) {
      const tail = readFileSync(logFile, "utf8").split("\n").slice(-20).join("\n");
      throw new Error(`${command} ${args.join(" ")} exited with ${code}\n${tail}`);
    }
  } finally {
    closeSync(fd);
  }
}

export async function startCluster(options: ClusterOptions = {}): Promise<Cluster> {
  const log = options.log ?? (() => undefined);
  const dir = await mkdtemp(path.join(tmpdir(), "today-cluster-"));
  const ids = postgresIds();
  if (ids) await chown(dir, ids.uid, ids.gid);
  await chmod(dir, 0o755);
  const services = new Map<string, Service>();
  const gateways: GatewayProcess[] = [];
  let closed = false;

  // A server that must not run as root gets the postgres user's uid and gid from spawn itself, not
  // runuser: runuser would be the group leader, and on SIGTERM/SIGINT it waits 2 s before it exits.
  const spawnService = (
    name: string,
    command: string,
    args: string[],
    env: NodeJS.ProcessEnv = process.env,
    user?: "postgres",
  ): Service => {
    const logFile = path.join(dir, `${name}.log`);
    const fd = openSync(logFile, "a");
    const identity = user === "postgres" && ids ? { uid: ids.uid, gid: ids.gid } : {};
    const child = spawn(command, args, { stdio: ["ignore", fd, fd], env, cwd: PROJECT_ROOT, detached: true, ...identity });
    closeSync(fd);
    const service = new Service(name, child, logFile);
    child.once("error", (error) => void appendFile(logFile, `spawn failed: ${error.message}\n`));
    services.set(name, service);
    return service;
  };

  const close = async () => {
    if (closed) return;
    closed = true;
    // Front to back, so nothing is left calling a server that is already gone.
    const order = ["haproxy", "gateway1", "gateway2", "projector", "pgbouncer", "replica", "primary", "redis"];
    const stopSignal: Record<string, NodeJS.Signals> = { primary: "SIGINT", replica: "SIGINT" };
    for (const name of order) {
      const service = services.get(name);
      if (service) await service.stop(stopSignal[name] ?? "SIGTERM", 10_000);
    }
    for (const service of services.values()) await service.stop("SIGKILL", 2_000);
    await rm(dir, { recursive: true, force: true });
  };

  try {
    const [primaryPort, replicaPort, poolerPort, gatewayPorts, haproxyPort] = await Promise.all([
      freePort(),
      freePort(),
      freePort(),
      Promise.all([freePort(), freePort()]),
      freePort(),
    ]);
    const socketDir = path.join(dir, "sockets");
    const primaryDir = path.join(dir, "primary");
    const replicaDir = path.join(dir, "replica");
    const pgUrl = (port: number, database = DATABASE) => `postgresql://postgres@127.0.0.1:${port}/${database}`;
    const primaryUrl = pgUrl(primaryPort);
    const replicaUrl = pgUrl(replicaPort);
    const poolerUrl = pgUrl(poolerPort);
    const poolerAdminUrl = pgUrl(poolerPort, "pgbouncer");

    // Build first (under a second), so a broken build fails before any server starts.
    if (options.build !== false) {
      log("building the gateway (npm run build)");
      await run("npm", ["run", "build", "--silent"], path.join(dir, "build.log"), { cwd: PROJECT_ROOT });
    }

    // --- PostgreSQL primary
    await mkdir(socketDir, { mode: 0o700 });
    if (ids) await chown(socketDir, ids.uid, ids.gid);
    log(`initdb ${primaryDir}`);
    await run(
      ...asPostgres(path.join(PG_BIN, "initdb"), [
        "-D",
        primaryDir,
        "-U",
        "postgres",
        "--auth=trust",
        "-E",
        "UTF8",
        "--locale=C.UTF-8",
        "--no-sync",
      ]),
      path.join(dir, "initdb.log"),
    );
    // initdb's pg_hba.conf already allows `replication` from 127.0.0.1 and ::1 with the given
    // method (trust). Throwaway data: no fsync, small buffers.
    const conf = [
      "listen_addresses = '127.0.0.1'",
      "fsync = off",
      "full_page_writes = off",
      "shared_buffers = 64MB",
      "max_connections = 200",
      "wal_level = replica",
      "max_wal_senders = 5",
      "hot_standby = on",
      "wal_receiver_status_interval = 1s",
      "logging_collector = off",
      ...(options.primaryConf ?? []),
    ];
    await appendFile(path.join(primaryDir, "postgresql.conf"), `\n# today-cluster\n${conf.join("\n")}\n`);
    const postgresEnv: NodeJS.ProcessEnv = ids ? { ...process.env, HOME: dir, USER: "postgres", LOGNAME: "postgres" } : process.env;
    const startPostgres = (name: string, dataDir: string, port: number) =>
      spawnService(name, path.join(PG_BIN, "postgres"), ["-D", dataDir, "-p", String(port), "-k", socketDir], postgresEnv, "postgres");
    const primary = startPostgres("primary", primaryDir, primaryPort);
    await waitFor("primary", () => pgAnswers(pgUrl(primaryPort, "postgres")), 30_000, primary);
    {
      const admin = new pg.Client({ connectionString: pgUrl(primaryPort, "postgres") });
      await admin.connect();
      await admin.query(`CREATE DATABASE ${DATABASE}`);
      await admin.end();
    }
    log(`primary on ${primaryPort}`);

    // --- streaming replica: a base backup with standby.signal and primary_conninfo (-R)
    await run(
      ...asPostgres(path.join(PG_BIN, "pg_basebackup"), [
        "-h",
        "127.0.0.1",
        "-p",
        String(primaryPort),
        "-U",
        "postgres",
        "-D",
        replicaDir,
        "-R",
        "-X",
        "stream",
        "-c",
        "fast",
        "--no-sync",
      ]),
      path.join(dir, "basebackup.log"),
    );
    const startReplicaService = async () => {
      const replica = startPostgres("replica", replicaDir, replicaPort);
      await waitFor("replica", () => pgAnswers(pgUrl(replicaPort, "postgres")), 30_000, replica);
    };
    await startReplicaService();
    log(`replica on ${replicaPort}`);

    // --- PgBouncer, transaction mode, trust (the user must still be listed in auth_file)
    const userlist = path.join(dir, "pgbouncer.users");
    await writeFile(userlist, `"postgres" ""\n`);
    const poolerIni = path.join(dir, "pgbouncer.ini");
    await writeFile(
      poolerIni,
      [
        "[databases]",
        `${DATABASE} = host=127.0.0.1 port=${primaryPort} dbname=${DATABASE}`,
        "[pgbouncer]",
        "listen_addr = 127.0.0.1",
        `listen_port = ${poolerPort}`,
        "unix_socket_dir =",
        "auth_type = trust",
        `auth_file = ${userlist}`,
        "admin_users = postgres",
        "stats_users = postgres",
        "pool_mode = transaction",
        `default_pool_size = ${options.poolerPoolSize ?? 20}`,
        "max_client_conn = 1000",
        "ignore_startup_parameters = extra_float_digits,options",
        "server_connect_timeout = 2",
        "query_wait_timeout = 10",
        "",
      ].join("\n"),
    );
    const startPooler = async () => {
      const pooler = spawnService("pgbouncer", PGBOUNCER, [poolerIni], postgresEnv, "postgres");
      await waitFor("pgbouncer", () => pgAnswers(poolerUrl), 15_000, pooler);
    };
    await startPooler();
    log(`pgbouncer on ${poolerPort}`);

    // --- Redis: our own server on a free port, so pub/sub channels (which ignore the db
    // number) and the sign-up/sign-in counters are this cluster's alone; the machine's 6379 with
    // its own db number only when redis-server is not installed.
    let redisUrl: string;
    if (process.env.CLUSTER_REDIS_URL) {
      redisUrl = process.env.CLUSTER_REDIS_URL;
    } else if (hasCommand("redis-server")) {
      const redisPort = await freePort();
      const redis = spawnService("redis", "redis-server", [
        "--port",
        String(redisPort),
        "--bind",
        "127.0.0.1",
        "--save",
        "",
        "--appendonly",
        "no",
        "--dir",
        dir,
      ]);
      redisUrl = `redis://127.0.0.1:${redisPort}`;
      await waitFor("redis", async () => (await redisPing(redisPort)) || undefined, 10_000, redis);
    } else {
      redisUrl = "redis://127.0.0.1:6379/13";
    }
    log(`redis at ${redisUrl}`);

    // --- the gateways: migrations and the demo seed run at start-up on each (one takes the lock)
    const heap = JSON.parse(await readFile(path.join(PROJECT_ROOT, "package.json"), "utf8")).config?.heap ?? "";
    const env: Record<string, string> = {
      DATABASE_URL: poolerUrl,
      DATABASE_DIRECT_URL: primaryUrl,
      DATABASE_REPLICA_URL: replicaUrl,
      REDIS_URL: redisUrl,
      CURSOR_SECRET: `cluster-${path.basename(dir)}-cursor-secret-0123456789`,
      NODE_ENV: "development",
      TRUSTED_PROXIES: "127.0.0.1",
      LOG_LEVEL: process.env.LOG_LEVEL ?? "warn",
      ...options.env,
    };
    const childEnv = (extra: Record<string, string>): NodeJS.ProcessEnv => {
      const base: NodeJS.ProcessEnv = { ...process.env };
      // Never inherit a database or test setting from the caller's shell.
      for (const key of Object.keys(base)) if (/^(DATABASE_|TEST_DATABASE|REDIS_URL|PORT$|PROJECTOR$)/.test(key)) delete base[key];
      return { ...base, NODE_OPTIONS: `${heap} ${process.env.NODE_OPTIONS ?? ""}`.trim(), ...env, ...extra };
    };
    const startGatewayProcess = async (index: number) => {
      const name = `gateway${index + 1}`;
      const port = gatewayPorts[index];
      const service = spawnService(
        name,
        process.execPath,
        ["dist/src/main.js"],
        childEnv({ PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${haproxyPort}` }),
      );
      const gateway = { name, port, url: `http://127.0.0.1:${port}`, service };
      gateways[index] = gateway;
      await waitFor(`${name} /ready`, async () => ((await httpStatus(`${gateway.url}/ready`)) === 200 ? true : undefined), 60_000, service);
    };
    await Promise.all([0, 1].map(startGatewayProcess));
    log(`gateways on ${gatewayPorts.join(", ")}`);

    // --- HAProxy: round-robin, liveness check every 500 ms; a refused connection is retried on the other gateway
    const haproxyCfg = path.join(dir, "haproxy.cfg");
    await writeFile(
      haproxyCfg,
      [
        "global",
        "  maxconn 4096",
        "defaults",
        "  mode http",
        "  timeout connect 1s",
        "  timeout client 60s",
        "  timeout server 60s",
        "  timeout http-keep-alive 10s",
        "  option forwardfor",
        "  retries 3",
        "  option redispatch 1",
        // Only a request that never reached a gateway is retried: a mutation is never sent twice.
        "  retry-on conn-failure",
        "frontend today",
        `  bind 127.0.0.1:${haproxyPort}`,
        "  default_backend gateways",
        "backend gateways",
        "  balance roundrobin",
        "  option httpchk GET /health",
        "  http-check expect status 200",
        "  default-server inter 500ms fall 2 rise 2",
        ...gateways.map((gateway) => `  server ${gateway.name} 127.0.0.1:${gateway.port} check`),
        "",
      ].join("\n"),
    );
    const haproxy = spawnService("haproxy", HAPROXY, ["-f", haproxyCfg, "-db"]);
    const url = `http://127.0.0.1:${haproxyPort}`;
    // --- one projector (`npm run projector`, bundled by the build): drains the outbox into the live-Today bus (Redis)
    const projector = spawnService(
      "projector",
      process.execPath,
      ["dist/scripts/projector.js"],
      childEnv({ PROJECTOR_POLL_MS: "200", LOG_LEVEL: "info" }),
    );
    await Promise.all([
      waitFor("haproxy", async () => ((await httpStatus(`${url}/health`)) === 200 ? true : undefined), 15_000, haproxy),
      waitFor("projector", async () => (projector.tail().includes("projector running") ? true : undefined), 30_000, projector),
    ]);
    log(`haproxy on ${haproxyPort}, projector running`);

    return {
      dir,
      primaryUrl,
      replicaUrl,
      poolerUrl,
      poolerAdminUrl,
      redisUrl,
      url,
      gateways,
      services,
      env,
      async killGateway(index) {
        const gateway = gateways[index];
        gateway.service.signal("SIGKILL");
        await gateway.service.exited;
      },
      startGateway: startGatewayProcess,
      async stopReplica() {
        await services.get("replica")?.stop("SIGINT", 10_000);
      },
      startReplica: startReplicaService,
      async restartPooler() {
        await services.get("pgbouncer")?.stop("SIGTERM", 5_000);
        await startPooler();
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

function hasCommand(command: string): boolean {
  try {
    execFileSync("sh", ["-c", `command -v ${command}`], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

async function redisPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    socket.setTimeout(1_000);
    socket.once("error", () => resolve(false));
    socket.once("timeout", () => {
      socket.destroy();
      resolve(false);
    });
    socket.connect(port, "127.0.0.1", () => socket.write("PING\r\n"));
    socket.once("data", (data) => {
      socket.destroy();
      resolve(data.toString().startsWith("+PONG"));
    });
  });
}
