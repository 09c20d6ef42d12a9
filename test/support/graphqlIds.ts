// Global IDs in tests, encoded and decoded exactly as the gateway does (src/graphql/ids.ts).
import { decodeGlobalID, encodeGlobalID } from "@pothos/plugin-relay";

/** The global ID of the `typename` row whose raw id is `id`. */
export function globalId(typename: string, id: string | bigint): string {
  return encodeGlobalID(typename, String(id));
}

/** The raw id (uuid, or a bigint's digits) inside a global ID the gateway returned. */
export function rawId(id: string): string {
  return decodeGlobalID(id).id;
}
