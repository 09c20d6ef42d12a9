import { GraphQLError, GraphQLScalarType, type ValueNode } from "graphql";
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

const two = (value: number) => (value < 10 ? `0${value}` : `${value}`);
const three = (value: number) => (value < 10 ? `00${value}` : value < 100 ? `0${value}` : `${value}`);

/**
 * toISOString's text, put together from the UTC fields: ~2.5× faster than toISOString on Node 20
 * (the 200-item page writes ~740 of them, 4 % of its CPU under load). Years outside 1000–9999
 * (a sign, or other than four digits) take toISOString.
 */
function isoText(date: Date): string {
  const year = date.getUTCFullYear();
  if (year < 1000 || year > 9999) return date.toISOString();
  return `${year}-${two(date.getUTCMonth() + 1)}-${two(date.getUTCDate())}T${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())}.${three(date.getUTCMilliseconds())}Z`;
}

/**
 * A response's DateTime as its RFC 3339 text. graphql-scalars' serialize validates and returns
 * the Date itself, which JSON.stringify then turns into the same text through Date#toJSON; a
 * result holding Dates leaves V8's fast JSON.stringify path for every object that holds one (the
 * 200-item Today page: 3.0 ms to stringify instead of 0.8). So the text is made here.
 */
export function serializeDateTime(value: unknown): string {
  if (value instanceof Date && !Number.isNaN(value.getTime())) return isoText(value);
  // Strings and epoch numbers: graphql-scalars decides what they mean (or throws).
  const date = DateTimeResolver.serialize(value) as Date;
  if (Number.isNaN(date.getTime())) throw new GraphQLError("DateTime cannot represent an invalid Unix timestamp");
  return date.toISOString();
}

/** graphql-scalars' RFC 3339 DateTime, limited to the years the database and the product accept. */
export const DateTimeScalar = new GraphQLScalarType({
  name: "DateTime",
  description: DateTimeResolver.description,
  specifiedByURL: DateTimeResolver.specifiedByURL,
  serialize: serializeDateTime,
  parseValue: (value) => coerced(() => DateTimeResolver.parseValue(value)),
  parseLiteral: (ast: ValueNode, variables) => coerced(() => DateTimeResolver.parseLiteral(ast, variables)),
});
