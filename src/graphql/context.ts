import type { Loaders } from "../loaders/index.ts";
import type { RequestInfo, Viewer } from "../auth/viewer.ts";
import type { LiveBus } from "../projector/pubsub.ts";

export type { RequestInfo, Viewer };

export interface Context {
  viewer: Viewer | null;
  loaders: Loaders;
  requestInfo: RequestInfo;
  /** The live-Today bus subscriptions listen on (src/projector/pubsub.ts). */
  live: LiveBus;
}

export type SignedInContext = Context & { viewer: Viewer };
