// Yoga plugin: each operation's reads go where src/db/routing.ts decides. The route lives in an
// AsyncLocalStorage for the whole operation (context building, execution), so `prisma` and
// `database()` (src/db/index.ts) pick the pool themselves; the context, built before the
// operation's type is known, reads the primary (the session check does in any case).
// Mutations use the primary; after one, its writers' marks rise to the primary's WAL position,
// before the response leaves, so the viewer's next read (on any instance) sees the write.
// Subscriptions' events are resolved outside the operation's scope: on the primary.
import { getOperationAST } from "graphql";
import type { Plugin } from "graphql-yoga";
import { readRouter } from "../db/index.ts";
import { routeStorage, type RouteState } from "../db/routing.ts";
import type { Context } from "../graphql/context.ts";

export function readRoutingPlugin(onError: (error: unknown) => void = (error) => console.warn("read routing:", error)): Plugin<Context> {
  return {
    instrumentation: {
      operation: (_payload, wrapped) => {
        const router = readRouter();
        if (!router) return wrapped();
        const state: RouteState = {};
        return routeStorage.run(state, async () => {
          try {
            await wrapped();
          } finally {
            if (state.writers?.size) await router.noteWrites(state.writers).catch(onError);
          }
        });
      },
    },
    async onExecute({ args }) {
      const router = readRouter();
      const state = routeStorage.getStore();
      if (!router || !state) return;
      const viewer = (args.contextValue as Partial<Context>).viewer ?? null;
      if (getOperationAST(args.document, args.operationName)?.operation === "mutation") {
        state.route = router.routeWrite();
        if (viewer) (state.writers ??= new Set()).add(viewer.userId);
        return;
      }
      state.route = await router.routeRead(viewer?.userId ?? null);
    },
  };
}
