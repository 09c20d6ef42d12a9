// Sign-in and sign-up throttling with rate-limiter-flexible: in-process by default, in Redis when
// REDIS_URL is set so that every gateway instance shares the counters.
//
import { createHash } from "node:crypto";
import { Redis } from "ioredis";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import { RateLimitedError } from "../domain/errors.ts";

// Sign-in throttling without lockout (OWASP ASVS 2.2.1): wrong passwords make the password path
// back off, per (account, address) and per account over every address, for a time that grows but
// never passes 15 minutes; the owner is mailed, and the mailed one-time sign-in link
// (requestSignInLink / signInWithLink) works whatever the password path's state.
export const RATE_LIMITS = {
  /** Sign-in attempts per client IP: a shared office NAT signs in far less often than this. */
  signInPerIp: { points: 30, durationSeconds: 10 * 60 },
  /** Wrong passwords for one account from one address before that pair backs off. */
  failuresPerAccountAddress: { points: 5, durationSeconds: 15 * 60 },
  /** Wrong passwords for one account from all addresses together before its password sign-in backs off. */
  failuresPerAccount: { points: 10, durationSeconds: 60 * 60 },
  /** The backoff: 1 minute, doubling with each further one within a day, never more than 15 minutes. */
  backoff: { firstSeconds: 60, maxSeconds: 15 * 60 },
  /** Accounts created per client IP. */
  signUpPerIp: { points: 10, durationSeconds: 60 * 60 },
  /** Sign-in links requested per client IP (each address also gets at most 3 mails an hour). */
  signInLinksPerIp: { points: 10, durationSeconds: 60 * 60 },
} as const;

/** A backoff a wrong password started: for this address only, or for the account from anywhere. */
export interface Throttle {
  scope: "address" | "account";
  seconds: number;
}

export interface AuthRateLimits {
  /** Throws RATE_LIMITED when this IP, this (account, IP) pair or this account may not try a password now. */
  beforeSignIn(ip: string | null, email: string): Promise<void>;
  /** Counts a wrong password; returns the backoff it started, if any (the account's when both start). */
  signInFailed(ip: string | null, email: string): Promise<Throttle | null>;
  /** A correct password forgets this address's failures for the account (not the account's, which an attacker drives). */
  signInSucceeded(email: string, ip?: string | null): Promise<void>;
  /** Throws RATE_LIMITED when this IP has created too many accounts lately. */
  beforeSignUp(ip: string | null): Promise<void>;
  /** Throws RATE_LIMITED when this IP has asked for too many sign-in links lately. */
  beforeSignInLink(ip: string | null): Promise<void>;
  close(): Promise<void>;
}

const accountKey = (email: string) => createHash("sha256").update(email).digest("hex");
const ipKey = (ip: string | null) => ip ?? "unknown";
const pairKey = (email: string, ip: string | null) => `${accountKey(email)}:${ipKey(ip)}`;

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
  const pairFailures = make(
    "signin-fail-pair",
    RATE_LIMITS.failuresPerAccountAddress.points,
    RATE_LIMITS.failuresPerAccountAddress.durationSeconds,
  );
  const accountFailures = make(
    "signin-fail-account",
    RATE_LIMITS.failuresPerAccount.points,
    RATE_LIMITS.failuresPerAccount.durationSeconds,
  );
  const backoffs = make("signin-backoffs", 1_000, 24 * 60 * 60);
  const signUpPerIp = make("signup-ip", RATE_LIMITS.signUpPerIp.points, RATE_LIMITS.signUpPerIp.durationSeconds);
  const linksPerIp = make("signin-link-ip", RATE_LIMITS.signInLinksPerIp.points, RATE_LIMITS.signInLinksPerIp.durationSeconds);

  const refuseWhileBlocked = async (limiter: RateLimiterAbstract, key: string, points: number, message: string) => {
    const state = await limiter.get(key);
    if (state && state.consumedPoints > points) throw new RateLimitedError(message, state.msBeforeNext);
  };
  /** Counts one failure under `key`; when that passes the limit, blocks the key for the next backoff and returns its seconds. */
  const countFailure = async (limiter: RateLimiterAbstract, key: string): Promise<number | null> => {
    try {
      await limiter.consume(key);
      return null;
    } catch (error) {
      if (!isRejection(error)) throw error;
      const backoff = await backoffs.consume(`${limiter.keyPrefix}:${key}`);
      const seconds = Math.min(
        RATE_LIMITS.backoff.firstSeconds * 2 ** Math.min(backoff.consumedPoints - 1, 20),
        RATE_LIMITS.backoff.maxSeconds,
      );
      await limiter.block(key, seconds);
      return seconds;
    }
  };
  const consumeOrRefuse = async (limiter: RateLimiterAbstract, key: string, message: string) => {
    try {
      await limiter.consume(key);
    } catch (error) {
      if (isRejection(error)) throw new RateLimitedError(message, error.msBeforeNext);
      throw error;
    }
  };

  return {
    async beforeSignIn(ip, email) {
      const wait =
        "Too many failed sign-ins for this account; try again in a few minutes, or sign in with a mailed link (requestSignInLink)";
      await refuseWhileBlocked(accountFailures, accountKey(email), RATE_LIMITS.failuresPerAccount.points, wait);
      await refuseWhileBlocked(pairFailures, pairKey(email, ip), RATE_LIMITS.failuresPerAccountAddress.points, wait);
      await consumeOrRefuse(signInPerIp, ipKey(ip), "Too many sign-in attempts; try again later");
    },
    async signInFailed(ip, email) {
      const pair = await countFailure(pairFailures, pairKey(email, ip));
      const account = await countFailure(accountFailures, accountKey(email));
      if (account !== null) return { scope: "account", seconds: account };
      return pair === null ? null : { scope: "address", seconds: pair };
    },
    async signInSucceeded(email, ip = null) {
      await pairFailures.delete(pairKey(email, ip));
    },
    async beforeSignUp(ip) {
      await consumeOrRefuse(signUpPerIp, ipKey(ip), "Too many accounts created from this address; try again later");
    },
    async beforeSignInLink(ip) {
      await consumeOrRefuse(linksPerIp, ipKey(ip), "Too many sign-in links asked for from this address; try again later");
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
