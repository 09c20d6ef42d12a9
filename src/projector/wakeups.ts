// Waking the projector at commit instead of at its next poll. Every transaction that appends to
// behavior_outbox sends a notification on the channel `behavior_outbox` (the statement-level
// trigger of migration 0020_outbox_notify); PostgreSQL delivers it when that transaction
// commits, and only then, to the sessions LISTENing in the same database. A wake-up source
// turns those notifications into calls of its subscribers; the projector (./projector.ts)
// drains right away on one and keeps polling as the safety net (a notification lost with a
// dropped connection, a writer that bypassed the trigger).
//
// Two sources, because LISTEN needs a session of its own:
// - PostgreSQL (listenForOutbox): one dedicated, unpooled connection to DATABASE_DIRECT_URL
//   (DATABASE_URL when unset). Never through the pooled URL: behind PgBouncer in transaction
//   mode a LISTEN lands on whichever server connection the pooler lends and is lost with it.
//   pg-listen keeps the connection: it reconnects with back-off, LISTENs again, and checks a
//   quiet connection every 30 s; each (re)connection also rings, to catch up on what committed
//   while it was down.
// - The embedded database (embeddedOutboxWakeups): PGlite has a single backend that
//   pglite-socket shares between the wire connections, and hands a command's whole output,
//   NotificationResponse included, to the connection that sent the command. A LISTEN on any
//   connection makes that one backend a listener, and the notification then arrives on the
//   pooled connection whose COMMIT produced it, not on the one that LISTENed (checked against
//   pglite-socket 0.2.17). So this source LISTENs through the pool and hears the pool's own
//   connections. Every writer of the embedded database is in this process (it is served only
//   to `npm start`), so every commit that appends an event is heard.
import pgListen from "pg-listen";
import type pg from "pg";

// pg-listen is CommonJS with `exports.default`: Node's ESM (and tsx, and the esbuild bundle with
// dependencies external) hand `module.exports` over as the default import.
const createSubscriber = pgListen.default;

/** The channel the 0020_outbox_notify trigger notifies. */
export const OUTBOX_CHANNEL = "behavior_outbox";

export interface WakeupLogger {
  info(object: object, message: string): void;
  warn(object: object, message: string): void;
  error(object: object, message: string): void;
}

/** Calls its subscribers when a transaction that appended to the outbox has committed. */
export interface OutboxWakeups {
  readonly kind: "listen" | "embedded";
  /** Notifications received (and subscribers called) so far. */
  readonly notifications: number;
  /** `listener` is called on every notification; returns an unsubscribe. */
  subscribe(listener: () => void): () => void;
  close(): Promise<void>;
}

/** The subscribers of one source, its count of notifications, and the source itself. */
function fanOut() {
  const listeners = new Set<() => void>();
  let notifications = 0;
  const ring = () => {
    for (const listener of listeners) listener();
  };
  return {
    ring,
    /** A notification: counted, and every subscriber called. */
    notified() {
      notifications += 1;
      ring();
    },
    /** The source: its subscribers dropped, then `release` run, on close. */
    source(kind: OutboxWakeups["kind"], release: () => Promise<void>): OutboxWakeups {
      return {
        kind,
        get notifications() {
          return notifications;
        },
        subscribe(listener: () => void) {
          listeners.add(listener);
          return () => void listeners.delete(listener);
        },
        async close() {
          listeners.clear();
          await release();
        },
      };
    },
  };
}

/**
 * LISTENs on `url` (a direct connection, not a pooler's). Resolves once listening; rejects when
 * the first connection fails (the caller then polls only).
 */
export async function listenForOutbox(url: string, options: { logger?: WakeupLogger } = {}): Promise<OutboxWakeups> {
  const { logger } = options;
  const fan = fanOut();
  const subscriber = createSubscriber(
    { connectionString: url, application_name: "today-projector-listen" },
    {
      // Reconnect for as long as it takes (0 = no total time limit), backing off up to 10 s.
      retryLimit: Number.POSITIVE_INFINITY,
      retryTimeout: 0,
      retryInterval: (attempt) => Math.min(250 * 2 ** attempt, 10_000),
      paranoidChecking: 30_000,
      parse: (payload) => payload,
    },
  );
  subscriber.notifications.on(OUTBOX_CHANNEL, fan.notified);
  subscriber.events.on("error", (error) => logger?.error({ err: error }, "projector LISTEN connection failed; polling until it is back"));
  subscriber.events.on("reconnect", (attempt) => logger?.warn({ attempt }, "projector LISTEN connection lost; reconnecting"));
  let connectedOnce = false;
  subscriber.events.on("connected", () => {
    // A reconnection: events may have committed while nobody listened.
    if (connectedOnce) fan.ring();
    connectedOnce = true;
  });
  try {
    await subscriber.connect();
    await subscriber.listenTo(OUTBOX_CHANNEL);
  } catch (error) {
    await subscriber.close().catch(() => undefined);
    throw error;
  }
  return fan.source("listen", () => subscriber.close().catch(() => undefined));
}

/** The embedded database's source: LISTEN through `pool`, heard on the pool's connections (see the top). */
export async function embeddedOutboxWakeups(pool: pg.Pool): Promise<OutboxWakeups> {
  const fan = fanOut();
  let closed = false;
  const heard = new Set<pg.PoolClient>();
  const onNotification = (message: pg.Notification) => {
    if (closed || message.channel !== OUTBOX_CHANNEL) return;
    fan.notified();
  };
  // 'acquire' fires on every checkout, so connections opened before this call are heard too.
  const onAcquire = (client: pg.PoolClient) => {
    if (heard.has(client)) return;
    heard.add(client);
    client.on("notification", onNotification);
    client.once("end", () => heard.delete(client));
  };
  pool.on("acquire", onAcquire);
  await pool.query(`LISTEN ${OUTBOX_CHANNEL}`);
  return fan.source("embedded", async () => {
    closed = true;
    pool.off("acquire", onAcquire);
    for (const client of heard) client.off("notification", onNotification);
    heard.clear();
    await pool.query(`UNLISTEN ${OUTBOX_CHANNEL}`).catch(() => undefined);
  });
}

/**
 * The source for a database: the embedded one's, or LISTEN on `directUrl`. Never throws: when
 * LISTEN is not possible the error is logged and null returned (the projector then polls).
 */
export async function outboxWakeups(
  target: { kind: "embedded"; pool: pg.Pool } | { kind: "postgres"; directUrl: string },
  logger?: WakeupLogger,
): Promise<OutboxWakeups | null> {
  try {
    return target.kind === "embedded" ? await embeddedOutboxWakeups(target.pool) : await listenForOutbox(target.directUrl, { logger });
  } catch (error) {
    logger?.error({ err: error }, "projector cannot LISTEN for new events; it polls only");
    return null;
  }
}

/**
 * One projector's wake-up flag: rung by a notification at any time (also while a batch runs),
 * consumed by the next wait, so a notification that arrives during a step is never lost.
 */
export class Doorbell {
  #rung = false;
  #wake: (() => void) | null = null;

  ring(): void {
    this.#rung = true;
    this.#wake?.();
  }

  /** "rung" at once when rung since the last wait, else at the next ring; "timeout" after `ms`; "aborted" with `signal`. */
  wait(ms: number, signal: AbortSignal): Promise<"rung" | "timeout" | "aborted"> {
    return new Promise((resolve) => {
      const finish = (outcome: "rung" | "timeout" | "aborted") => {
        clearTimeout(timer);
        signal.removeEventListener("abort", onAbort);
        this.#wake = null;
        if (outcome === "rung") this.#rung = false;
        resolve(outcome);
      };
      const onAbort = () => finish("aborted");
      const timer = setTimeout(() => finish("timeout"), ms);
      if (signal.aborted) return finish("aborted");
      if (this.#rung) return finish("rung");
      this.#wake = () => finish("rung");
      signal.addEventListener("abort", onAbort, { once: true });
    });
  }
}
