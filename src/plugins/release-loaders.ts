// A request's loaders (and the rows they cache) are let go of when its operation ends, not when
// the context object itself is collected. Something outside our reach keeps a finished request's
// context reachable to V8's minor collections (never to a full one: the heap after a full
// collection is flat): without this, ~70 KB of every Today request (its DataLoaders, the page's
// parsed and decoded rows) outlived two scavenges, was copied twice and promoted, and came back
// only in a mark-compact. Under 10 clients that was ~18 MB/s promoted and 10–15 ms scavenges
// pausing every request in flight. Measured in test/release-loaders.test.ts and
// bench/results/2026-12-07-tail.md.
import { isAsyncIterable, type Plugin } from "graphql-yoga";
import type { Context } from "../graphql/context.ts";
import type { Loaders } from "../loaders/index.ts";

/** What `context.loaders` is after the operation: any use is a bug, and says so. */
export const RELEASED_LOADERS = new Proxy({} as Loaders, {
  get(_target, property) {
    throw new Error(`The request's loaders were released when its operation ended (read: ${String(property)})`);
  },
});

function release(context: Partial<Context>): void {
  if (context.loaders) context.loaders = RELEASED_LOADERS;
}

/**
 * After a query's or mutation's execution (for an incremental result: after its last part). A
 * subscription's events run outside onExecute and keep their loaders.
 */
export function releaseLoadersPlugin(): Plugin<Context> {
  return {
    onExecute({ args }) {
      const context = args.contextValue as Partial<Context>;
      return {
        onExecuteDone({ result }) {
          if (isAsyncIterable(result)) return { onEnd: () => release(context) };
          release(context);
        },
      };
    },
  };
}
