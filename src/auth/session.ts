import { createHash, randomBytes } from "node:crypto";
import { primaryDatabase } from "../db/index.ts";
import { queryPrepared } from "../db/prepared.ts";
import { timezoneOrUtc } from "../domain/calendar.ts";
import type { RequestInfo, SessionCheck, Viewer } from "./viewer.ts";

export const SESSION_TTL_MS = 30 * 24 * 60 * 60 * 1000;
const TOKEN_PREFIX = "tgw_";

/** Only this digest is stored; the token itself is shown to the client once. */
export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export function newSessionToken(): { token: string; tokenHash: string } {
  const token = TOKEN_PREFIX + randomBytes(32).toString("base64url");
  return { token, tokenHash: hashToken(token) };
}

export function bearerToken(request: Request): string | null {
  const header = request.headers.get("authorization");
  if (!header) return null;
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
  return match ? match[1] : null;
}

/** The client as sessions and the audit trail record it; `ipAddress` comes from clientIp (trusted proxies only). */
export function requestInfo(request: Request, ipAddress: string | null): RequestInfo {
  return { ipAddress, userAgent: request.headers.get("user-agent")?.slice(0, 500) ?? null };
}

/**
 * The signed-in user of a request, in one round trip (session, roles, time zone), or null
 * when the token is missing, unknown, revoked or expired. A found session is remembered in
 * `cache` for resolveCachedViewer.
 */
export async function resolveViewer(token: string | null, now = new Date(), cache?: SessionCache): Promise<Viewer | null> {
  if (!token?.startsWith(TOKEN_PREFIX)) return null;
  return viewerOfSession(hashToken(token), now, cache);
}

/**
 * For a request whose only work is the Today page: the viewer from `cache`, without a
 * statement of its own, and the session the page statement must check again (the page
 * answers only when that session still holds: src/today/schema.ts). On a cache miss, the
 * full check of resolveViewer.
 */
export async function resolveCachedViewer(
  token: string | null,
  cache: SessionCache,
  now = new Date(),
): Promise<{ viewer: Viewer | null; check: SessionCheck | null }> {
  if (!token?.startsWith(TOKEN_PREFIX)) return { viewer: null, check: null };
  const tokenHash = hashToken(token);
  const cached = cache.get(tokenHash, now);
  if (cached) return { viewer: cached.viewer, check: { tokenHash, storedTimezone: cached.storedTimezone } };
  return { viewer: await viewerOfSession(tokenHash, now, cache), check: null };
}

/** The full check again, for a cached session the page statement found changed: the viewer now, or null. */
export function recheckSession(check: SessionCheck, cache: SessionCache, now = new Date()): Promise<Viewer | null> {
  cache.delete(check.tokenHash);
  return viewerOfSession(check.tokenHash, now, cache);
}

interface CachedSession {
  viewer: Viewer;
  /** user_settings.timezone as stored (null: no settings row or no zone), which the page statement compares. */
  storedTimezone: string | null;
  expiresAt: number;
}

/**
 * Sessions found valid, by token digest, so that a Today request can skip the session
 * statement. Nothing here is trusted on its own: every use is checked again by one of the
 * page's statements (revoked, expired, another user's, time zone changed) while the page is
 * read, and nothing is answered before that check, so revocation stays immediate (one that
 * commits during the read counts as just after the request). Bounded: the oldest entry goes first.
 */
export class SessionCache {
  readonly #entries = new Map<string, CachedSession>();
  constructor(readonly capacity = 10_000) {}

  get(tokenHash: string, now: Date): CachedSession | undefined {
    const entry = this.#entries.get(tokenHash);
    if (entry && entry.expiresAt <= now.getTime()) {
      this.#entries.delete(tokenHash);
      return undefined;
    }
    return entry;
  }

  set(tokenHash: string, entry: CachedSession): void {
    this.#entries.delete(tokenHash);
    if (this.#entries.size >= this.capacity) this.#entries.delete(this.#entries.keys().next().value!);
    this.#entries.set(tokenHash, entry);
  }

  delete(tokenHash: string): void {
    this.#entries.delete(tokenHash);
  }

  get size(): number {
    return this.#entries.size;
  }
}

// The session, its user's roles and time zone in one statement over the pool, not through
// Prisma: every request pays it (the benchmark: ~10 % of a Today request, and less memory).
// Unique index on token_hash, then the user's rows by user_id. Read on every request that
// does not take the Today page's cached path, so a revoked or expired session stops working at once.
const VIEWER_OF_SESSION = `
  SELECT s.id::text AS id, s.user_id::text AS user_id, s.expires_at, s.revoked_at,
         (SELECT us.timezone FROM user_settings us WHERE us.user_id = s.user_id) AS timezone,
         ARRAY(SELECT r.key FROM user_roles ur JOIN roles r ON r.id = ur.role_id WHERE ur.user_id = s.user_id) AS roles
  FROM sessions s WHERE s.token_hash = $1`;

async function viewerOfSession(tokenHash: string, now: Date, cache?: SessionCache): Promise<Viewer | null> {
  const { rows } = await queryPrepared<{
    id: string;
    user_id: string;
    expires_at: Date;
    revoked_at: Date | null;
    timezone: string | null;
    roles: string[];
  }>(primaryDatabase(), "viewer_of_session", VIEWER_OF_SESSION, [tokenHash]);
  const session = rows[0];
  if (!session || session.revoked_at || session.expires_at <= now) return null;
  // The zone is normalised here, once, for every later use of the viewer.
  const viewer: Viewer = {
    userId: session.user_id,
    sessionId: session.id,
    roles: new Set(session.roles),
    timezone: timezoneOrUtc(session.timezone),
    expiresAt: session.expires_at,
  };
  cache?.set(tokenHash, { viewer, storedTimezone: session.timezone, expiresAt: session.expires_at.getTime() });
  return viewer;
}

const SESSION_IS_LIVE = `SELECT 1 FROM sessions WHERE id = $1::uuid AND revoked_at IS NULL AND expires_at > now()`;

/** Whether the session still holds (exists, not revoked, not expired): one indexed statement. */
export async function sessionIsLive(sessionId: string): Promise<boolean> {
  const { rows } = await queryPrepared(primaryDatabase(), "session_is_live", SESSION_IS_LIVE, [sessionId]);
  return rows.length > 0;
}
