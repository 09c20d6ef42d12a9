// `npm start`: migrate, seed the demo user once (not in production), serve GraphQL (with GraphiQL outside production)
// on PORT (4000), with the projectors in process unless PROJECTOR=off. SIGTERM/SIGINT: stop accepting, finish in-flight requests, close the pool, exit 0.
import { createServer } from "node:http";
import { openDatabaseTarget } from "./db/connect.ts";
import { createDatabaseClient } from "./db/client.ts";
import { useDatabase, useReadRouter } from "./db/index.ts";
import { startReadRouter } from "./db/routing.ts";
import { applyMigrations, formatApplyResult } from "./db/migrate.ts";
import { seedDemoIfMissing } from "./db/seed/demo.ts";
import { createLogger } from "./http/logger.ts";
import { readHttpConfig } from "./http/config.ts";
import { createGateway } from "./server.ts";
import { createHttpHandler, ensureWebBuild } from "./http/web.ts";
import { startMailer, transportFromEnv } from "./mail/mailer.ts";
import { DEFAULT_BATCH_SIZE, DEFAULT_POLL_MS, runProjectors } from "./projector/projector.ts";
import { sharedLiveBus } from "./projector/pubsub.ts";
import { configuredSinks } from "./projector/sinks.ts";
import { outboxWakeups } from "./projector/wakeups.ts";

/** How long in-flight requests get to finish after SIGTERM before the process exits anyway. */
const SHUTDOWN_GRACE_MS = Number(process.env.SHUTDOWN_GRACE_MS ?? 10_000);

const logger = createLogger();
const started = performance.now();
const target = await openDatabaseTarget();
logger.info({ database: target.description }, "database");

// Over the direct URL: the runner holds a session advisory lock, which a transaction-mode pooler
// would lose between statements; with it, instances starting at once migrate one after the other.
const migration = await applyMigrations(target.directUrl);
if (!migration.ok) {
  logger.fatal({ migrations: formatApplyResult(migration) }, "migrations failed");
  await target.close();
  process.exit(1);
}
logger.info({ applied: migration.applied.length, upToDate: migration.alreadyApplied.length }, "migrations");

const poolSize = process.env.DATABASE_POOL_SIZE ? Number(process.env.DATABASE_POOL_SIZE) : target.poolSize;
const db = createDatabaseClient(target.url, { max: poolSize });
useDatabase(db);
// DATABASE_REPLICA_URL: queries read from the replica when it has the viewer's writes (src/db/routing.ts).
const router = target.replicaUrl ? await startReadRouter(db, target.replicaUrl, { max: poolSize }) : undefined;
useReadRouter(router);
if (router)
  logger.info(
    { replicaUp: router.replicaUp, maxLagMs: router.maxLagMs, marks: process.env.REDIS_URL ? "redis" : "memory" },
    "read replica",
  );
const demo = process.env.NODE_ENV === "production" ? null : await seedDemoIfMissing(db.prisma);

// Mail (sign-up links): over SMTP_URL when set; in development to the log. In production without
// SMTP_URL mail stays queued in mail_outbox for `npm run mailer` (links never go to a production log).
const mailing = process.env.MAILER !== "off" && (process.env.SMTP_URL || process.env.NODE_ENV !== "production");
const stopMailer = mailing ? startMailer(db.prisma, transportFromEnv(logger), logger) : null;

const config = readHttpConfig();
const live = sharedLiveBus();
const gateway = createGateway({ config, logger, live });
// The projectors run in this process (the live Today sink on this gateway's bus), woken at each
// commit that appends events (LISTEN on a direct connection; the embedded database's own path),
// unless PROJECTOR=off, where a separate `npm run projector` runs (with REDIS_URL, so its live
// sink reaches the gateways). PROJECTOR=inline, the old opt-in, still means "in process".
const projectorsStop = new AbortController();
const projecting = process.env.PROJECTOR !== "off";
const wakeups = projecting
  ? await outboxWakeups(
      target.kind === "embedded"
        ? { kind: "embedded", pool: db.pool }
        : { kind: "postgres", directUrl: process.env.DATABASE_DIRECT_URL ?? target.url },
      logger,
    )
  : null;
const projectors = projecting
  ? runProjectors(db.prisma, configuredSinks({ live }), projectorsStop.signal, {
      logger,
      wakeups,
      batchSize: Number(process.env.PROJECTOR_BATCH_SIZE ?? DEFAULT_BATCH_SIZE),
      pollMs: Number(process.env.PROJECTOR_POLL_MS ?? DEFAULT_POLL_MS),
    })
  : Promise.resolve();
if (projecting) logger.info({ bus: live.kind, wakeups: wakeups?.kind ?? "polling only" }, "projectors running in process");
const hasWebPage = await ensureWebBuild();
const server = createServer(createHttpHandler(gateway, { demoAccount: demo }));
const port = Number(process.env.PORT ?? 4000);
server.listen(port, () => {
  const origin = `http://localhost:${(server.address() as { port: number }).port}`;
  logger.info({ url: `${origin}/graphql`, ms: Math.round(performance.now() - started), graphiql: config.graphiql }, "Today Gateway ready");
  if (hasWebPage) logger.info({ url: `${origin}/` }, "the web Today page");
  if (demo) {
    // The demo account's fixed development password, not a secret (no demo user in production).
    logger.info(
      `demo user: mutation { signIn(input: { email: "${demo.email}", password: "${demo.password}" }) { token } }, then send Authorization: Bearer <token>`,
    );
  }
});

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, "shutting down: no new connections, finishing in-flight requests");
  const forced = setTimeout(() => {
    logger.error({ graceMs: SHUTDOWN_GRACE_MS }, "in-flight requests did not finish in time; exiting");
    process.exit(1);
  }, SHUTDOWN_GRACE_MS);
  forced.unref();
  // close() stops accepting and resolves once every connection has ended; idle keep-alive
  // connections are closed now, busy ones after their response.
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  // The projectors finish their batch in flight; closing the live bus completes every open
  // todayChanged stream, so SSE connections end like any other response.
  projectorsStop.abort();
  await projectors;
  await wakeups?.close();
  await live.close();
  await closed;
  await gateway.dispose();
  await stopMailer?.();
  await router?.close();
  await db.close();
  await target.close();
  logger.info("stopped");
  process.exit(0);
}
process.on("SIGINT", () => void shutdown("SIGINT"));
process.on("SIGTERM", () => void shutdown("SIGTERM"));
