import type { Loaders } from "../loaders/index.ts";
import type { RequestInfo, Viewer } from "../auth/viewer.ts";

export type { RequestInfo, Viewer };

export interface Context {
  viewer: Viewer | null;
  loaders: Loaders;
  requestInfo: RequestInfo;
}

export type SignedInContext = Context & { viewer: Viewer };
