import { decodeGlobalID, encodeGlobalID } from "@pothos/plugin-relay";
import { badInput } from "../errors.ts";
import { asUuidOrNobody } from "../tenancy.ts";

/**
 * The raw id inside a global ID of `typename`. A malformed ID or one of another type is
 * a BAD_USER_INPUT; a well-formed ID whose uuid part is garbage maps to NOBODY, so it
 * reads as "not found" like any missing row.
 */
export function uuidFromGlobalId(globalId: string, typename: string, field = "id"): string {
  let decoded: { typename: string; id: string };
  try {
    decoded = decodeGlobalID(globalId);
  } catch {
    throw badInput(`${field}: not a valid ID`, field);
  }
  if (decoded.typename !== typename) throw badInput(`${field}: expected an ID of a ${typename}`, field);
  return asUuidOrNobody(decoded.id);
}

/** Decodes a list of global IDs of one type, dropping duplicates (order kept). */
export function uuidsFromGlobalIds(globalIds: readonly string[], typename: string, field = "ids"): string[] {
  return [...new Set(globalIds.map((id) => uuidFromGlobalId(id, typename, field)))];
}

export function globalIdOf(typename: string, id: string): string {
  return encodeGlobalID(typename, id);
}
