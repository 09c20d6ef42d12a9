import { decodeGlobalID, encodeGlobalID } from "@pothos/plugin-relay";
import { isObjectType, type GraphQLSchema } from "graphql";
import { badInput } from "./errors/index.ts";
import { asUuidOrNobody } from "./tenancy.ts";

/** The GraphQL type (or types) whose global IDs an argument accepts. */
export type IdTypename = string | readonly string[];

/**
 * The raw uuid inside a global ID of `typename` (or of any of several typenames).
 * A malformed ID or one of another type is BAD_USER_INPUT, reported on `field`; a
 * well-formed ID whose raw part is not a uuid cannot match a row, so it comes back as
 * the NOBODY uuid (the caller's lookup then reports NOT_FOUND like any missing row).
 */
export function decodeId(globalId: string | number, typename: IdTypename, field = "id"): string {
  const typenames: readonly string[] = typeof typename === "string" ? [typename] : typename;
  let decoded: { typename: string; id: string };
  try {
    decoded = decodeGlobalID(String(globalId));
  } catch {
    throw badInput(`${field}: not a valid ID`, field);
  }
  if (!typenames.includes(decoded.typename)) {
    throw badInput(`${field}: expected the ID of a ${typenames.join(" or ")}, got one of a ${decoded.typename}`, field);
  }
  return asUuidOrNobody(decoded.id);
}

/**
 * plugin-relay's decoder for `node(id:)` and `nodes(ids:)`: an ID that is not base64 of
 * `Type:id`, or whose type is not one `node` can load (`habit`, `Query`, `__proto__`, a typo),
 * is BAD_USER_INPUT instead of the plugin's "… has not been implemented" internal error.
 */
export function decodeNodeId(globalId: string, isNodeType: (typename: string) => boolean): { typename: string; id: string } {
  let decoded: { typename: string; id: string };
  try {
    decoded = decodeGlobalID(String(globalId));
  } catch {
    throw badInput("id: not a valid ID", "id");
  }
  if (!isNodeType(decoded.typename)) throw badInput("id: not the ID of an object that node(id:) loads", "id");
  return decoded;
}

/** Like decodeId, but a left-out ID stays undefined and an explicit null stays null. */
export function decodeOptionalId(
  globalId: string | number | null | undefined,
  typename: IdTypename,
  field = "id",
): string | null | undefined {
  if (globalId === undefined) return undefined;
  if (globalId === null) return null;
  return decodeId(globalId, typename, field);
}

/** Decodes a list of global IDs (see decodeId), dropping duplicates; the first occurrence keeps its place. */
export function decodeIds(globalIds: readonly (string | number)[], typename: IdTypename, field = "ids"): string[] {
  return [...new Set(globalIds.map((id) => decodeId(id, typename, field)))];
}

/** The global ID of the `typename` row with raw id `id`. */
export function encodeId(typename: string, id: string): string {
  return encodeGlobalID(typename, id);
}

const syncedSchemas = new WeakSet<GraphQLSchema>();

/**
 * Every Node's `id` resolved without a promise. plugin-relay's global-ID resolver is `async`,
 * so each row of a list cost a promise and the executor's async path for its `id`: ~4 % of a
 * 200-item Today page's CPU. Every Node type here is a prismaNode with `id: { field: "id" }`
 * (test/schema.test.ts checks that), so its global ID is encodeId(type, row.id): the same bytes.
 */
export function syncNodeIds(schema: GraphQLSchema): GraphQLSchema {
  if (syncedSchemas.has(schema)) return schema;
  syncedSchemas.add(schema);
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || !type.getInterfaces().some((node) => node.name === "Node")) continue;
    const typename = type.name;
    type.getFields().id.resolve = (row: { id: string | number | bigint }) => encodeId(typename, String(row.id));
  }
  return schema;
}
