/** The signed-in user of a request, as resolved from its bearer token. */
export interface Viewer {
  userId: string;
  sessionId: string;
  roles: ReadonlySet<string>;
  /** IANA zone of user_settings.timezone, normalised once in resolveViewer (UTC if unset or unknown). */
  timezone: string;
  /** When the session expires (a live todayChanged stream ends then). */
  expiresAt: Date;
}

/** What a request says about its client, for sessions and the audit trail. */
export interface RequestInfo {
  ipAddress: string | null;
  userAgent: string | null;
}

/** A cached session a Today page statement checks again: its token digest and the stored time zone it was cached with. */
export interface SessionCheck {
  tokenHash: string;
  storedTimezone: string | null;
}
