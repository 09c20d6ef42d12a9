import { GraphQLError } from "graphql";

/**
 * The calendar range every Date and DateTime input must fall in. PostgreSQL has no year 0
 * and JavaScript reaches years the database refuses; nothing in a life-OS plans or records
 * outside these years, so anything else is a typo or a probe and is refused at the edge.
 */
export const MIN_YEAR = 1900;
export const MAX_YEAR = 2999;

export function inputError(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: "BAD_USER_INPUT" } });
}

export function checkYear(year: number, what: string): void {
  if (!(year >= MIN_YEAR && year <= MAX_YEAR)) {
    throw inputError(`${what} must be between the years ${MIN_YEAR} and ${MAX_YEAR}`);
  }
}
