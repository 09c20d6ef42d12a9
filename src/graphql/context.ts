import type { Loaders } from "../loaders/index.ts";

export interface Viewer {
  userId: string;
  sessionId: string;
  roles: ReadonlySet<string>;
  /** IANA zone of user_settings.timezone (UTC if unset), read with the session. */
  timezone: string;
}

export interface RequestInfo {
  ipAddress: string | null;
  userAgent: string | null;
}

export interface Context {
  viewer: Viewer | null;
  loaders: Loaders;
  requestInfo: RequestInfo;
}

export type SignedInContext = Context & { viewer: Viewer };
