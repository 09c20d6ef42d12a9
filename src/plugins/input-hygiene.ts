// Input hygiene at the edge: every argument of every field, before its resolver (and its zod
// validation) runs. PostgreSQL refuses NUL in text and JSON keys, and a lone UTF-16 surrogate
// cannot be encoded as UTF-8, so both would otherwise surface as masked internal errors; huge
// lists would reach `IN (...)` clauses and bulk loops.
import { defaultFieldResolver, GraphQLError, isIntrospectionType, isObjectType, type GraphQLSchema } from "graphql";
import { LIMITS } from "./document-limits.ts";

/** Per-field caps on list arguments, tighter than LIMITS.maxListItems. */
const LIST_CAPS: Record<string, number> = {
  "Query.nodes": LIMITS.maxNodeIds,
};

export function badArgument(path: string, message: string): GraphQLError {
  return new GraphQLError(`${path}: ${message}`, { extensions: { code: "BAD_USER_INPUT", field: path } });
}

// With the `u` flag a surrogate pair is one code point, so this matches only a lone surrogate.
const LONE_SURROGATE = /\p{Cs}/u;

function checkText(text: string, path: string): void {
  if (text.includes("\u0000")) throw badArgument(path, "must not contain NUL characters");
  if (LONE_SURROGATE.test(text)) throw badArgument(path, "must be well-formed Unicode (no lone surrogates)");
}

/** Throws BAD_USER_INPUT naming the first offending value's path; returns nothing. */
export function checkArgumentValue(value: unknown, path: string, listCap: number): void {
  if (typeof value === "string") {
    checkText(value, path);
    return;
  }
  if (value === null || typeof value !== "object" || value instanceof Date || value instanceof Uint8Array) return;
  if (Array.isArray(value)) {
    if (value.length > listCap) throw badArgument(path, `at most ${listCap} items, got ${value.length}`);
    for (const [index, item] of value.entries()) checkArgumentValue(item, `${path}.${index}`, listCap);
    return;
  }
  for (const [key, child] of Object.entries(value)) {
    const childPath = `${path}.${key}`;
    checkText(key, childPath);
    checkArgumentValue(child, childPath, listCap);
  }
}

const hardened = new WeakSet<GraphQLSchema>();

/**
 * Wraps the resolver of every field that takes arguments with the check above. Done once on the
 * built schema so new fields are covered without opting in.
 */
export function hardenArguments(schema: GraphQLSchema): GraphQLSchema {
  if (hardened.has(schema)) return schema;
  hardened.add(schema);
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || isIntrospectionType(type)) continue;
    for (const field of Object.values(type.getFields())) {
      if (field.args.length === 0) continue;
      const resolve = field.resolve ?? defaultFieldResolver;
      const listCap = LIST_CAPS[`${type.name}.${field.name}`] ?? LIMITS.maxListItems;
      field.resolve = (source, args, context, info) => {
        for (const [name, value] of Object.entries(args)) checkArgumentValue(value, name, listCap);
        return resolve(source, args, context, info);
      };
    }
  }
  return schema;
}
