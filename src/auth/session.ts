import { createHash, randomBytes } from "node:crypto";
import { prisma } from "../db/index.ts";
import type { RequestInfo, Viewer } from "./viewer.ts";
import { timezoneOrUtc } from "../domain/calendar.ts";

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
 * when the token is missing, unknown, revoked or expired.
 */
export async function resolveViewer(token: string | null, now = new Date()): Promise<Viewer | null> {
  if (!token || !token.startsWith(TOKEN_PREFIX)) return null;
  const session = await prisma.session.findUnique({
    where: { tokenHash: hashToken(token) },
    select: {
      id: true,
      userId: true,
      expiresAt: true,
      revokedAt: true,
      user: {
        select: {
          userRoles: { select: { role: { select: { key: true } } } },
          settings: { select: { timezone: true } },
        },
      },
    },
  });
  if (!session || session.revokedAt || session.expiresAt <= now) return null;
  return {
    userId: session.userId,
    sessionId: session.id,
    roles: new Set(session.user.userRoles.map((userRole) => userRole.role.key)),
    timezone: timezoneOrUtc(session.user.settings?.timezone),
  };
}
