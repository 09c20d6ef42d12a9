// A byte budget per response. The cost limit counts fields, not what they carry: a 405-byte
// document selecting stored text (100 infobase entries of up to 100,000 characters) through a
// page answered 12 MB and held the event loop while it was serialized. The executed result is
// measured once, by walking it (no second JSON.stringify on the hot path), stopping as soon as
// the budget is spent; over it, the client gets a coded error instead of the data.
import { GraphQLError } from "graphql";
import { isAsyncIterable, type Plugin } from "graphql-yoga";

/**
 * 4 MiB: ~20× the 200-item Today page and 40 infobase entries at their 100,000-character maximum;
 * a client that needs more asks for smaller pages.
 */
export const DEFAULT_MAX_RESPONSE_BYTES = 4 * 1024 * 1024;

/** `extensions.code` of a result over the budget. */
export const RESPONSE_TOO_LARGE = "RESPONSE_TOO_LARGE";

/** MAX_RESPONSE_BYTES when it is a positive integer, else the default. */
export function maxResponseBytes(env: NodeJS.ProcessEnv = process.env): number {
  const value = Number(env.MAX_RESPONSE_BYTES);
  return Number.isSafeInteger(value) && value > 0 ? value : DEFAULT_MAX_RESPONSE_BYTES;
}

/**
 * About the length of `value` as JSON (characters; quotes, separators and escapes approximated),
 * or a number over `budget` as soon as it is known to pass it.
 */
export function measureJson(value: unknown, budget: number): number {
  let size = 0;
  const walk = (node: unknown): void => {
    if (size > budget) return;
    if (typeof node === "string") {
      size += node.length + 2;
    } else if (node === null || node === undefined || typeof node !== "object") {
      size += 8;
    } else if (Array.isArray(node)) {
      size += 2 + node.length;
      for (const item of node) walk(item);
    } else {
      size += 2;
      for (const key in node) {
        size += key.length + 4;
        walk((node as Record<string, unknown>)[key]);
      }
    }
  };
  walk(value);
  return size;
}

export function responseBudgetPlugin<Context extends object>(budget = maxResponseBytes()): Plugin<Context> {
  return {
    onExecutionResult({ result, setResult }) {
      if (!result || isAsyncIterable(result) || !result.data) return;
      const size = measureJson(result.data, budget);
      if (size <= budget) return;
      setResult({
        data: null,
        errors: [
          new GraphQLError(
            `The response would be larger than ${budget} bytes: ask for fewer items (a smaller first/last) or fewer large fields`,
            { extensions: { code: RESPONSE_TOO_LARGE, max: budget } },
          ),
        ],
      });
    },
  };
}
