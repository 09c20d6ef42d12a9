import { GraphQLError, GraphQLScalarType, Kind } from "graphql";
import { toDay } from "../../domain/calendar.ts";
import { checkYear } from "./ranges.ts";

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A calendar day `YYYY-MM-DD` (no time, no zone). Internally a string of that form. */
export function parseCalendarDate(value: unknown): string {
  if (typeof value !== "string") throw new GraphQLError("Date must be a string YYYY-MM-DD", { extensions: { code: "BAD_USER_INPUT" } });
  let day: string;
  try {
    day = toDay(value);
  } catch {
    throw new GraphQLError(`Invalid Date "${value}": expected a real calendar day as YYYY-MM-DD`, {
      extensions: { code: "BAD_USER_INPUT" },
    });
  }
  checkYear(Number(day.slice(0, 4)), "Date");
  return day;
}

/** Prisma returns `@db.Date` columns as a Date at UTC midnight. */
export function serializeCalendarDate(value: unknown): string {
  if (value instanceof Date) {
    const year = value.getUTCFullYear();
    // toISOString's text, without building the time of day to cut it off (the Today page
    // serializes hundreds of days); other years (and invalid dates, NaN) take toISOString.
    if (year >= 1000 && year <= 9999) {
      const month = value.getUTCMonth() + 1;
      const day = value.getUTCDate();
      return `${year}-${month < 10 ? "0" : ""}${month}-${day < 10 ? "0" : ""}${day}`;
    }
    return value.toISOString().slice(0, 10);
  }
  if (typeof value === "string" && DATE_PATTERN.test(value)) return value;
  throw new GraphQLError("Date cannot represent this value");
}

export const DateScalar = new GraphQLScalarType({
  name: "Date",
  description: "A calendar day, `YYYY-MM-DD`.",
  serialize: serializeCalendarDate,
  parseValue: parseCalendarDate,
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING) throw new GraphQLError("Date must be a string YYYY-MM-DD", { extensions: { code: "BAD_USER_INPUT" } });
    return parseCalendarDate(ast.value);
  },
});
