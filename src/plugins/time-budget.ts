// A time budget per query: the executor (@graphql-tools/executor, under Yoga) checks an abort
// signal between fields, so a query still running when the budget is spent stops with a typed
// error instead of holding a connection and the event loop. Mutations are not cut off halfway:
// their transactions decide, and the document limits bound them.
import { getOperationAST, GraphQLError } from "graphql";
import type { Plugin } from "graphql-yoga";

/**
 * A backstop, not the limit that keeps queries fast (the document limits do: the worst allowed
 * document answers in about 0.3 s). Generous because a cold first request on the embedded
 * database under a loaded CI box takes seconds, and a correct query must not fail for that.
 */
export const QUERY_TIME_BUDGET_MS = 10_000;

export function timeBudgetPlugin<Context extends object>(budgetMs = QUERY_TIME_BUDGET_MS): Plugin<Context> {
  return {
    onExecute({ args }) {
      const operation = getOperationAST(args.document, args.operationName);
      if (operation?.operation !== "query") return;
      const controller = new AbortController();
      const timer = setTimeout(
        () =>
          controller.abort(
            new GraphQLError(`The query ran out of its ${budgetMs} ms time budget`, {
              extensions: { code: "TIMEOUT", budgetMs },
            }),
          ),
        budgetMs,
      );
      const execution = args as typeof args & { signal?: AbortSignal };
      execution.signal = execution.signal ? AbortSignal.any([execution.signal, controller.signal]) : controller.signal;
      return { onExecuteDone: () => clearTimeout(timer) };
    },
  };
}
