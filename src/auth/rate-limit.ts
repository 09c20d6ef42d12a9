// Sign-in and sign-up throttling with rate-limiter-flexible: in-process by default, in Redis when
// REDIS_URL is set so that every gateway instance shares the counters.
import { createHash } from "node:crypto";
import { Redis } from "ioredis";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import { RateLimitedError } from "../domain/errors.ts";

export const RATE_LIMITS = {
  /** Sign-in attempts per client IP: a shared office NAT signs in far less often than this. */
  signInPerIp: { points: 30, durationSeconds: 10 * 60 },
  /** Wrong passwords per account before it is locked. */
  failuresPerAccount: { points: 5, durationSeconds: 15 * 60 },
  /** The first lockout; each further lockout within a day doubles it, up to a day. */
  lockout: { firstSeconds: 15 * 60, maxSeconds: 24 * 60 * 60 },
  /** Accounts created per client IP. */
  signUpPerIp: { points: 10, durationSeconds: 60 * 60 },
} as const;


export interface AuthRateLimits {
  /** Throws RATE_LIMITED when this IP or this account may not try now; call before checking a password. */
  beforeSignIn(ip: string | null, email: string): Promise<void>;
  /** Counts a wrong password; returns the lockout (seconds) it started, if any. */
  signInFailed(ip: string | null, email: string): Promise<number | null>;
  /** A correct password forgets the account's failures. */
  signInSucceeded(email: string): Promise<void>;
  /** Throws RATE_LIMITED when this IP has created too many accounts lately. */
  beforeSignUp(ip: string | null): Promise<void>;
  close(): Promise<void>;
}

const accountKey = (email: string) => createHash("sha256").update(email).digest("hex");
const ipKey = (ip: string | null) => ip ?? "unknown";

function isRejection(error: unknown): error is RateLimiterRes {
  return error instanceof RateLimiterRes;
}

export interface RateLimitOptions {
  /** An ioredis client; without one the counters live in this process. */
  redis?: Redis;
  /** Key prefix (tests use their own, so runs do not share counters). */
  prefix?: string;
}

export function createAuthRateLimits(options: RateLimitOptions = {}): AuthRateLimits {
  const prefix = options.prefix ?? "tgw";
  const make = (name: string, points: number, duration: number): RateLimiterAbstract => {
    const base = { keyPrefix: `${prefix}:${name}`, points, duration };
    // If Redis is unreachable, the in-process limiter takes over rather than failing every sign-in.
    return options.redis
      ? new RateLimiterRedis({ ...base, storeClient: options.redis, insuranceLimiter: new RateLimiterMemory(base) })
      : new RateLimiterMemory(base);
  };
  const signInPerIp = make("signin-ip", RATE_LIMITS.signInPerIp.points, RATE_LIMITS.signInPerIp.durationSeconds);
  const failures = make("signin-fail", RATE_LIMITS.failuresPerAccount.points, RATE_LIMITS.failuresPerAccount.durationSeconds);
  const lockouts = make("signin-lockouts", 1_000, 24 * 60 * 60);
  const signUpPerIp = make("signup-ip", RATE_LIMITS.signUpPerIp.points, RATE_LIMITS.signUpPerIp.durationSeconds);

  return {
    async beforeSignIn(ip, email) {
      const locked = await failures.get(accountKey(email));
      if (locked && locked.consumedPoints > RATE_LIMITS.failuresPerAccount.points) {
        throw new RateLimitedError("Too many failed sign-ins for this account; try again later", locked.msBeforeNext);
      }
      try {
        await signInPerIp.consume(ipKey(ip));
      } catch (error) {
        if (isRejection(error)) throw new RateLimitedError("Too many sign-in attempts; try again later", error.msBeforeNext);
        throw error;
      }
    },
    async signInFailed(_ip, email) {
      const key = accountKey(email);
      try {
        await failures.consume(key);
        return null;
      } catch (error) {
        if (!isRejection(error)) throw error;
        const lockout = await lockouts.consume(key);
        const seconds = Math.min(RATE_LIMITS.lockout.firstSeconds * 2 ** (lockout.consumedPoints - 1), RATE_LIMITS.lockout.maxSeconds);
        await failures.block(key, seconds);
        return seconds;
      }
    },
    async signInSucceeded(email) {
      await failures.delete(accountKey(email));
    },
    async beforeSignUp(ip) {
      try {
        await signUpPerIp.consume(ipKey(ip));
      } catch (error) {
        if (isRejection(error)) throw new RateLimitedError("Too many accounts created from this address; try again later", error.msBeforeNext);
        throw error;
      }
    },
    async close() {
      await options.redis?.quit();
    },
  };
}

let current: AuthRateLimits | undefined;

/** The process's limits: Redis at REDIS_URL when set, else in-process. */
export function authRateLimits(): AuthRateLimits {
  if (!current) {
    const url = process.env.REDIS_URL;
    current = createAuthRateLimits(url ? { redis: new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1 }) } : {});
  }
  return current;
}

/** Replaces the process's limits (tests; a server wiring its own Redis client). Returns the previous ones. */
export function useAuthRateLimits(limits: AuthRateLimits): AuthRateLimits | undefined {
  const previous = current;
  current = limits;
  return previous;
}
