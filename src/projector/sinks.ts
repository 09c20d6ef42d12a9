// The sinks a projector process feeds, from the environment.
import { createLiveSink } from "./live.ts";
import { neo4jSinkFromEnv } from "./neo4j/index.ts";
import type { LiveBus } from "./pubsub.ts";
import type { ProjectorSink } from "./sink.ts";

export interface SinkSetup {
  /** The live-Today bus; null leaves the live sink out (a separate process without REDIS_URL reaches no gateway). */
  live: LiveBus | null;
  /** The environment that enables the Neo4j behavior graph (NEO4J_URL); default process.env. */
  env?: NodeJS.ProcessEnv;
}

/** The live-Today publisher (when a bus is given) and the Neo4j behavior graph (when NEO4J_URL is set). */
export function configuredSinks(setup: SinkSetup): ProjectorSink[] {
  const sinks: ProjectorSink[] = [];
  if (setup.live) sinks.push(createLiveSink(setup.live));
  const graph = neo4jSinkFromEnv(setup.env ?? process.env);
  if (graph) sinks.push(graph);
  return sinks;
}
