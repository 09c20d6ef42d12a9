import { GraphQLScalarType, type ValueNode } from "graphql";
import { DateTimeResolver } from "graphql-scalars";
import { checkYear, inputError } from "./ranges.ts";

function inRange(value: unknown): Date {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) throw inputError("DateTime must be an RFC 3339 date-time");
  checkYear(value.getUTCFullYear(), "DateTime");
  return value;
}

function coerced(parse: () => unknown): Date {
  try {
    return inRange(parse());
  } catch (error) {
    // graphql-scalars throws plain GraphQLErrors without a code.
    if (error instanceof Error && !("extensions" in error && (error.extensions as { code?: unknown }).code)) {
      throw inputError(error.message);
    }
    throw error;
  }
}

/** graphql-scalars' RFC 3339 DateTime, limited to the years the database and the product accept. */
export const DateTimeScalar = new GraphQLScalarType({
  name: "DateTime",
  description: DateTimeResolver.description,
  specifiedByURL: DateTimeResolver.specifiedByURL,
  serialize: (value) => DateTimeResolver.serialize(value),
  parseValue: (value) => coerced(() => DateTimeResolver.parseValue(value)),
  parseLiteral: (ast: ValueNode, variables) => coerced(() => DateTimeResolver.parseLiteral(ast, variables)),
});
