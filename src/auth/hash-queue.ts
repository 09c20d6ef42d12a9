// Password hashing is the costliest thing a request can make the server do (scrypt N=2^17: about
// 128 MB and a few hundred ms of a libuv thread each). At most HASH_CONCURRENCY run at once and at
// most HASH_QUEUE_LENGTH wait; beyond that a sign-in/up is refused at once (RATE_LIMITED) instead
// of queueing memory without bound. Hand-written: a counting semaphore with a bounded queue is
// ~20 lines, smaller than any dependency that does it.
import { RateLimitedError } from "../domain/errors.ts";

/** libuv's default thread pool has 4 threads; two scrypts at a time leave room for DNS and file I/O. */
export const HASH_CONCURRENCY = 2;
export const HASH_QUEUE_LENGTH = 32;

let running = 0;
const waiting: (() => void)[] = [];

export function hashQueueDepth(): { running: number; waiting: number } {
  return { running, waiting: waiting.length };
}

export async function withHashSlot<T>(work: () => Promise<T>): Promise<T> {
  if (running >= HASH_CONCURRENCY) {
    if (waiting.length >= HASH_QUEUE_LENGTH)
      throw new RateLimitedError("The server is busy signing people in; try again in a moment", 1_000);
    await new Promise<void>((resolve) => waiting.push(resolve));
  } else {
    running += 1;
  }
  try {
    return await work();
  } finally {
    // Hand the slot straight to the next waiter (running stays the same), or free it.
    const next = waiting.shift();
    if (next) next();
    else running -= 1;
  }
}
