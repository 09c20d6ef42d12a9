import type { RequestInfo } from "../auth/viewer.ts";

/** Who performs a domain action: the signed-in user and the time zone their calendar days are in. */
export interface Actor {
  userId: string;
  /** IANA zone (already normalised; UTC when the user has none). */
  timezone: string;
  /** The session and request the action came with, for the audit trail (src/domain/audit.ts). */
  sessionId?: string | null;
  requestInfo?: RequestInfo | null;
}
