// A byte budget per response. The cost limit counts fields, not what they carry: a 405-byte
// document selecting stored text (100 infobase entries of up to 100,000 characters) through a
// page answered 12 MB and held the event loop while it was serialized. Over the budget, the client
// gets a coded error instead of the data.
//
// The same plugin serializes a plain answer (a result without errors or extensions, which
// graphql-yoga would answer with status 200) itself, once, and measures that text: graphql-yoga's
// processor would serialize it again after a walk of the whole result to measure it (3 % of the
// 200-item page's CPU under load). The text goes to the response as a string, as Yoga's does: a
// Buffer of a large answer is memory outside the heap, mapped and unmapped for every response,
// and cost more in page faults and collection than it saved in copying (measured: writev and GC
// 8.8 % and 5.3 % of the CPU with a string, 13.1 % and 9.3 % with a Buffer). Every other result
// (errors, extensions, a batch, a stream) is measured by the walk and answered by Yoga.
import { GraphQLError, type ExecutionResult } from "graphql";
import { isAsyncIterable, processRegularResult, type Plugin } from "graphql-yoga";

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

const JSON_MEDIA_TYPES = ["application/graphql-response+json", "application/json"] as const;

/**
 * The media type graphql-yoga answers a regular result with, for this Accept header (its
 * result-processor/accept.js, which it does not export): the types asked for in utf-8, and of
 * those the one listed first that a JSON type matches (`*` on the asked side matches anything);
 * of the two JSON types, application/json when both match.
 */
export function regularMediaType(accept: string | null): (typeof JSON_MEDIA_TYPES)[number] {
  let chosen: (typeof JSON_MEDIA_TYPES)[number] = "application/json";
  const asked = (accept || "*/*")
    .replace(/\s/g, "")
    .toLowerCase()
    .split(",")
    .filter((entry) => {
      const charset =
        entry
          .split(";")
          .slice(1)
          .find((parameter) => parameter.includes("charset=")) ?? "charset=utf-8";
      return charset === "charset=utf-8";
    })
    .map((entry) => entry.split(";")[0])
    .reverse();
  for (const type of asked) {
    const [askedType, askedSubtype] = type.split("/");
    for (const offered of JSON_MEDIA_TYPES) {
      const [offeredType, offeredSubtype] = offered.split("/");
      if ((askedType === "*" || askedType === offeredType) && (askedSubtype === "*" || askedSubtype === offeredSubtype)) chosen = offered;
    }
  }
  return chosen;
}

const tooLarge = (budget: number): ExecutionResult => ({
  data: null,
  errors: [
    new GraphQLError(
      `The response would be larger than ${budget} bytes: ask for fewer items (a smaller first/last) or fewer large fields`,
      {
        extensions: { code: RESPONSE_TOO_LARGE, max: budget },
      },
    ),
  ],
});

/**
 * Before the request log (which logs the codes of the answer it is given) and after the error
 * codes plugin (the serialized errors carry their codes).
 */
export function responseBudgetPlugin<Context extends object>(budget = maxResponseBytes()): Plugin<Context> {
  return {
    onResultProcess({ request, result, setResult, resultProcessor, setResultProcessor }) {
      if (isAsyncIterable(result) || Array.isArray(result)) return;
      const one = result as ExecutionResult & { stringify?: (result: ExecutionResult) => string };
      if (resultProcessor !== processRegularResult || one.errors?.length || one.extensions) {
        if (one.data && measureJson(one.data, budget) > budget) setResult(tooLarge(budget));
        return;
      }
      const text = (one.stringify ?? JSON.stringify)(one);
      // UTF-8 bytes, counted only when the length leaves the answer open (a character is 1–3 bytes).
      if (text.length > budget || (text.length * 3 > budget && Buffer.byteLength(text, "utf8") > budget)) {
        setResult(tooLarge(budget));
        return;
      }
      const mediaType = regularMediaType(request.headers.get("accept"));
      setResultProcessor(
        (_result, fetchAPI) => new fetchAPI.Response(text, { status: 200, headers: { "Content-Type": `${mediaType}; charset=utf-8` } }),
        mediaType,
      );
    },
  };
}
