// A time budget per query: the executor (@graphql-tools/executor, under Yoga) checks an abort
// signal between fields, so a query still running when the budget is spent stops with a typed
// error instead of holding a connection and the event loop. Mutations are not cut off halfway:
// their transactions decide, and the document limits bound them.
import { getOperationAST, GraphQLError, type ExecutionResult } from "graphql";
import type { Plugin } from "graphql-yoga";

/**
 * A backstop, not the limit that keeps queries fast (the document limits do: the worst allowed
 * document answers in about 0.3 s). Generous because a cold first request on the embedded
 * database under a loaded CI box takes seconds, and a correct query must not fail for that.
 */
export const QUERY_TIME_BUDGET_MS = 10_000;

export function timeBudgetPlugin<Context extends object>(budgetMs = QUERY_TIME_BUDGET_MS): Plugin<Context> {
  return {
    onExecute({ args, executeFn, setExecuteFn }) {
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
      const signal = execution.signal ? AbortSignal.any([execution.signal, controller.signal]) : controller.signal;
      execution.signal = signal;
      // An executor that does not check the signal (graphql-jit, src/plugins/jit.ts) still
      // answers at the deadline; its leftover work finishes unseen.
      const aborted = new Promise<ExecutionResult>((resolve) => {
        signal.addEventListener("abort", () => resolve({ errors: [asGraphQLError(signal.reason)] }), { once: true });
      });
      setExecuteFn((executionArgs) => Promise.race([executeFn(executionArgs) as Promise<ExecutionResult>, aborted]));
      return { onExecuteDone: () => clearTimeout(timer) };
    },
  };
}

const asGraphQLError = (reason: unknown) =>
  reason instanceof GraphQLError
    ? reason
    : new GraphQLError(reason instanceof Error ? reason.message : String(reason), {
        originalError: reason instanceof Error ? reason : undefined,
      });
