import type { LoaderOptions, Loaders } from "../loaders/index.ts";
import type { RequestInfo, SessionCheck, Viewer } from "../auth/viewer.ts";
import type { LiveBus } from "../projector/pubsub.ts";

export type { RequestInfo, Viewer };

/**
 * What resolvers need of the gateway's configuration: read once where the gateway is built
 * (src/server.ts, from src/http/config.ts) and handed to every request, so no resolver reads the
 * environment.
 */
export interface ResolverConfig {
  /** Where users reach the web page, for links in mail. */
  publicUrl: string;
  /** `verify`: accounts are created only through a mailed link, and `signUp` is refused. */
  signUpMode: "open" | "verify";
  /** How a request's loaders are built (createLoaders), also when a resolver builds them anew. */
  loaders: LoaderOptions;
}

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
  config: ResolverConfig;
  /**
   * The `behavior_outbox` ids the operation's committed mutations wrote, in order (runMutation
   * adds them after each commit): `Mutation.writtenEvents` answers them.
   */
  written?: bigint[];
}

export type SignedInContext = Context & { viewer: Viewer };
