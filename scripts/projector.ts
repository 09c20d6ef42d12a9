/**
 * `npm run projector`: drains behavior_outbox into every configured sink until SIGTERM/SIGINT,
 * then finishes the batch in flight, closes the sinks and the pool, and exits 0.
 *
 *   DATABASE_URL  required: the embedded database belongs to `npm start` (which runs the projectors itself)
 *   DATABASE_DIRECT_URL  where to LISTEN for new events (default DATABASE_URL; never a transaction pooler)
 *   REDIS_URL     the live-Today bus shared with the gateways; without it the live sink is left out
 *   PROJECTOR_BATCH_SIZE (100), PROJECTOR_POLL_MS (500)
 *
 * Several copies may run: each projector name is worked by one of them at a time (advisory lock).
 */
import { createDatabaseClient } from "../src/db/client.ts";
import { createLogger } from "../src/http/logger.ts";
import { DEFAULT_BATCH_SIZE, DEFAULT_POLL_MS, runProjectors } from "../src/projector/projector.ts";
import { createRedisBus } from "../src/projector/pubsub.ts";
import { configuredSinks } from "../src/projector/sinks.ts";
import { outboxWakeups } from "../src/projector/wakeups.ts";

const logger = createLogger();
const url = process.env.DATABASE_URL;
if (!url) {
  logger.fatal("DATABASE_URL is not set: the embedded database is served by `npm start`; run it with PROJECTOR=inline instead");
  process.exit(2);
}
const live = process.env.REDIS_URL ? createRedisBus(process.env.REDIS_URL) : null;
if (!live) logger.warn("REDIS_URL is not set: the live Today sink is left out (it would reach no gateway from this process)");
const sinks = configuredSinks({ live });
if (sinks.length === 0) {
  logger.fatal("no sink configured (set REDIS_URL for live Today)");
  process.exit(2);
}

const db = createDatabaseClient(url, { max: sinks.length + 1 });
const wakeups = await outboxWakeups({ kind: "postgres", directUrl: process.env.DATABASE_DIRECT_URL ?? url }, logger);
const stop = new AbortController();
const running = runProjectors(db.prisma, sinks, stop.signal, {
  wakeups,
  batchSize: Number(process.env.PROJECTOR_BATCH_SIZE ?? DEFAULT_BATCH_SIZE),
  pollMs: Number(process.env.PROJECTOR_POLL_MS ?? DEFAULT_POLL_MS),
  logger,
});
logger.info({ sinks: sinks.map((sink) => sink.name), wakeups: wakeups?.kind ?? "polling only" }, "projector running");

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, "projector stopping after the batch in flight");
  stop.abort();
  await running;
  await wakeups?.close();
  await Promise.all(sinks.map((sink) => sink.close?.()));
  await live?.close();
  await db.close();
  logger.info("projector stopped");
  process.exit(0);
}
process.on("SIGINT", () => void shutdown("SIGINT"));
process.on("SIGTERM", () => void shutdown("SIGTERM"));
