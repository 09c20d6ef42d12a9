import { GraphQLScalarType, type ValueNode } from "graphql";
import { JSONResolver } from "graphql-scalars";
import { inputError } from "./ranges.ts";

/** JSON inputs are settings and metadata blobs: a few KB at most in real use. */
export const MAX_JSON_BYTES = 16 * 1024;
export const MAX_JSON_DEPTH = 8;

function depthOf(value: unknown, limit: number): number {
  if (value === null || typeof value !== "object") return 0;
  if (limit < 0) return Infinity;
  let deepest = 0;
  for (const child of Array.isArray(value) ? value : Object.values(value)) {
    deepest = Math.max(deepest, depthOf(child, limit - 1));
    if (deepest > limit) break;
  }
  return 1 + deepest;
}

export function checkJson(value: unknown): unknown {
  if (depthOf(value, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) throw inputError(`JSON may nest at most ${MAX_JSON_DEPTH} levels`);
  const bytes = Buffer.byteLength(JSON.stringify(value) ?? "", "utf8");
  if (bytes > MAX_JSON_BYTES) throw inputError(`JSON may be at most ${MAX_JSON_BYTES} bytes, got ${bytes}`);
  // Text inside (keys too) is checked for NUL and lone surrogates with every other argument (src/plugins/input-hygiene.ts).
  return value;
}

/** graphql-scalars' JSON, bounded in size and depth. */
export const JSONScalar = new GraphQLScalarType({
  name: "JSON",
  description: `${JSONResolver.description} At most ${MAX_JSON_BYTES} bytes and ${MAX_JSON_DEPTH} levels.`,
  specifiedByURL: JSONResolver.specifiedByURL,
  serialize: (value) => JSONResolver.serialize(value),
  parseValue: (value) => checkJson(JSONResolver.parseValue(value)),
  parseLiteral: (ast: ValueNode, variables) => checkJson(JSONResolver.parseLiteral(ast, variables)),
});
