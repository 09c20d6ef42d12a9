import { decodeGlobalID, encodeGlobalID } from "@pothos/plugin-relay";
import { badInput } from "./errors.ts";
import { asUuidOrNobody } from "./tenancy.ts";

/**
 * Decodes a global ID that must name a `typename` row and returns its raw uuid.
 * A malformed ID or one of another type is BAD_USER_INPUT; a well-formed ID whose
 * raw part is not a uuid cannot match a row, so it comes back as the NOBODY uuid
 * (the caller's lookup then reports NOT_FOUND).
 */
export function decodeId(globalId: string | number, typename: string, field = "id"): string {
  let decoded: { typename: string; id: string };
  try {
    decoded = decodeGlobalID(String(globalId));
  } catch {
    throw badInput(`${field}: not a valid ID`, field);
  }
  if (decoded.typename !== typename) {
    throw badInput(`${field}: expected the ID of a ${typename}, got one of a ${decoded.typename}`, field);
  }
  return asUuidOrNobody(decoded.id);
}

export function decodeOptionalId(
  globalId: string | number | null | undefined,
  typename: string,
  field = "id",
): string | null | undefined {
  if (globalId === undefined) return undefined;
  if (globalId === null) return null;
  return decodeId(globalId, typename, field);
}

export function globalId(typename: string, id: string): string {
  return encodeGlobalID(typename, id);
}
