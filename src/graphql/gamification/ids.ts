import { decodeGlobalID, encodeGlobalID } from "@pothos/plugin-relay";
import { badInput } from "../errors.ts";
import { asUuidOrNobody } from "../tenancy.ts";

/**
 * The raw UUID inside a global ID of one of `typenames`. A malformed ID or an ID of
 * another type is BAD_USER_INPUT; a well-formed ID whose raw part is not a UUID maps
 * to a UUID no row has, so it reads as "not found".
 */
export function decodeId(globalId: string, ...typenames: string[]): string {
  let decoded: { typename: string; id: string };
  try {
    decoded = decodeGlobalID(globalId);
  } catch {
    throw badInput(`Invalid ID "${globalId}"`, "id");
  }
  if (!typenames.includes(decoded.typename)) {
    throw badInput(`ID "${globalId}" is not a ${typenames.join(" or ")} ID`, "id");
  }
  return asUuidOrNobody(decoded.id);
}

export function encodeId(typename: string, id: string): string {
  return encodeGlobalID(typename, id);
}
