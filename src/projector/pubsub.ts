// The live-Today bus: Yoga's pub/sub, in process by default, over Redis pub/sub when REDIS_URL
// is set so that every gateway instance (and a separate `npm run projector`) shares it
// (@graphql-yoga/redis-event-target over two ioredis connections: one publishes, one listens).
import { createRedisEventTarget } from "@graphql-yoga/redis-event-target";
import { createPubSub, type PubSub } from "graphql-yoga";
import { Redis } from "ioredis";
import type { LiveSection } from "../loaders/today/sections.ts";

/** What the live sink publishes to one user after a batch of their events was projected. */
export interface TodayChange {
  /** Sections of Today the events touch, in LIVE_SECTIONS order (src/loaders/today/sections.ts). */
  sections: LiveSection[];
  /** Distinct event types, sorted. */
  eventTypes: string[];
  /** The calendar days the events name (`day`/`date` in their payloads). */
  days: string[];
  /** Some event names no day (e.g. a habit created): it may change Today on any date. */
  anyDay: boolean;
  /** The outbox sequence of the last event in the batch (decimal string). */
  lastSequence: string;
  /**
   * The outbox sequences of every event in the change, in order (decimal strings). Absent in a
   * message from an instance older than this field (over Redis): then read `lastSequence`.
   */
  sequences?: string[];
}

/** Sessions of one user that have ended (src/auth/session-watch.ts): open live streams of those sessions close. */
export interface SessionsEnded {
  /** The ended sessions; null: every session of the user (but `except`). */
  sessionIds: string[] | null;
  except?: string;
}

/**
 * Channel `todayChanged`, one topic per user id: a subscriber only ever hears its own user's
 * topic. Channel `sessionEnded`, one topic per user id: revocations, so every instance closes
 * the streams of the ended sessions.
 */
export type LiveChannels = {
  todayChanged: [userId: string, change: TodayChange];
  sessionEnded: [userId: string, ended: SessionsEnded];
};

export interface LiveBus {
  kind: "memory" | "redis";
  pubSub: PubSub<LiveChannels>;
  /** Aborted by close(): open subscriptions end (so a shutting-down server's SSE responses complete). */
  closed: AbortSignal;
  close(): Promise<void>;
}

/** An in-process bus: publishers and subscribers in this process only. */
export function createMemoryBus(): LiveBus {
  const closing = new AbortController();
  return { kind: "memory", pubSub: createPubSub<LiveChannels>(), closed: closing.signal, close: async () => closing.abort() };
}

/** A bus over Redis pub/sub at `url`, shared by every process connected to the same Redis. */
export function createRedisBus(url: string): LiveBus {
  const publishClient = new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 3 });
  const subscribeClient = new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 3 });
  for (const client of [publishClient, subscribeClient]) {
    client.on("error", (error: Error) => console.warn(`live bus (redis): ${error.message}`));
  }
  const eventTarget = createRedisEventTarget<CustomEvent>({ publishClient, subscribeClient });
  const closing = new AbortController();
  return {
    kind: "redis",
    pubSub: createPubSub<LiveChannels>({ eventTarget }),
    closed: closing.signal,
    async close() {
      closing.abort();
      await Promise.allSettled([publishClient.quit(), subscribeClient.quit()]);
    },
  };
}

/** REDIS_URL set → Redis; otherwise in process. */
export function createLiveBus(env: NodeJS.ProcessEnv = process.env): LiveBus {
  return env.REDIS_URL ? createRedisBus(env.REDIS_URL) : createMemoryBus();
}

let shared: LiveBus | undefined;

/** The process-wide bus (created from the environment on first use), for gateways not given one. */
export function sharedLiveBus(): LiveBus {
  shared ??= createLiveBus();
  return shared;
}
