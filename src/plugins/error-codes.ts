// Every error a client sees carries `extensions.code`. Yoga already codes parse and validation
// errors (GRAPHQL_PARSE_FAILED, GRAPHQL_VALIDATION_FAILED) and masked ones (INTERNAL_SERVER_ERROR);
// graphql-js's variable coercion errors, some library errors (the relay plugin's "Invalid global
// ID") and Yoga's own HTTP refusals (CSRF header missing, GET mutation) come without one.
import { GraphQLError } from "graphql";
import { isAsyncIterable, type Plugin } from "graphql-yoga";

function codeOf(error: GraphQLError): unknown {
  return error.extensions?.code;
}

/** A client's mistake, told by graphql-js or a plugin in words but not in a code. */
const CLIENT_MISTAKES = [/^Invalid global ID/, /^Variable "\$/, /^Argument "/];

function codeFor(error: GraphQLError): string {
  if (CLIENT_MISTAKES.some((pattern) => pattern.test(error.message))) return "BAD_USER_INPUT";
  const status = (error.extensions?.http as { status?: number } | undefined)?.status;
  if (status === 403) return "FORBIDDEN";
  if (status === 405) return "METHOD_NOT_ALLOWED";
  if (status === 415) return "UNSUPPORTED_MEDIA_TYPE";
  if (status !== undefined && status >= 400 && status < 500) return "BAD_REQUEST";
  // Without a path the error came before execution started: the request's variables.
  if (!error.path) return "BAD_USER_INPUT";
  return "INTERNAL_SERVER_ERROR";
}

export function withCode(error: GraphQLError): GraphQLError {
  if (typeof codeOf(error) === "string") return error;
  return new GraphQLError(error.message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    path: error.path,
    originalError: error.originalError,
    extensions: { ...error.extensions, code: codeFor(error) },
  });
}

export function errorCodesPlugin<Context extends object>(): Plugin<Context> {
  return {
    onResultProcess({ result, setResult }) {
      if (isAsyncIterable(result)) return;
      const results = Array.isArray(result) ? result : [result];
      if (!results.some((one) => one.errors?.some((error) => typeof codeOf(error) !== "string"))) return;
      const coded = results.map((one) => (one.errors ? { ...one, errors: one.errors.map(withCode) } : one));
      setResult(Array.isArray(result) ? coded : coded[0]);
    },
  };
}
