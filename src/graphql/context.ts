import type { Loaders } from "../loaders/index.ts";
import type { RequestInfo, SessionCheck, Viewer } from "../auth/viewer.ts";
import type { LiveBus } from "../projector/pubsub.ts";

export type { RequestInfo, Viewer };

export interface Context {
  viewer: Viewer | null;
  /**
   * Set when `viewer` came from the session cache, for a request whose only work is the Today
   * page: the `today` field has the page statement check the session again before answering,
   * and `recheck` runs the full check when that fails.
   */
  session: { check: SessionCheck; recheck(): Promise<Viewer | null> } | null;
  loaders: Loaders;
  requestInfo: RequestInfo;
  /** The live-Today bus subscriptions listen on (src/projector/pubsub.ts). */
  live: LiveBus;
}

export type SignedInContext = Context & { viewer: Viewer };
