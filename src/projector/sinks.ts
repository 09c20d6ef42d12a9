// The sinks a projector process feeds, from the environment.
import { createLiveSink } from "./live.ts";
import type { LiveBus } from "./pubsub.ts";
import type { ProjectorSink } from "./sink.ts";

export interface SinkSetup {
  /** The live-Today bus; null leaves the live sink out (a separate process without REDIS_URL reaches no gateway). */
  live: LiveBus | null;
}

export function configuredSinks(setup: SinkSetup): ProjectorSink[] {
  const sinks: ProjectorSink[] = [];
  if (setup.live) sinks.push(createLiveSink(setup.live));
  return sinks;
}
