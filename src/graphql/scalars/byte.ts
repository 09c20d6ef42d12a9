import { GraphQLError, GraphQLScalarType, Kind } from "graphql";

// Standard base64 with padding (RFC 4648 §4). Hex is not accepted: a string like
// "deadbeef" is valid in both alphabets, and guessing would corrupt binary data.
const BASE64_PATTERN = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function badByte(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: "BAD_USER_INPUT" } });
}

export function parseBase64(value: unknown): Buffer {
  if (typeof value !== "string") throw badByte("Byte must be a base64 string");
  if (!BASE64_PATTERN.test(value)) throw badByte("Byte must be standard base64 (A–Z a–z 0–9 + /, padded with =)");
  return Buffer.from(value, "base64");
}

export function serializeBytes(value: unknown): string {
  // Prisma returns `Bytes` columns as Uint8Array; a Buffer is one too.
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString("base64");
  if (typeof value === "string" && BASE64_PATTERN.test(value)) return value;
  throw new GraphQLError("Byte cannot represent this value");
}

export const ByteScalar = new GraphQLScalarType({
  name: "Byte",
  description: "Binary data as a standard, padded base64 string.",
  serialize: serializeBytes,
  parseValue: parseBase64,
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING) throw badByte("Byte must be a base64 string");
    return parseBase64(ast.value);
  },
});
