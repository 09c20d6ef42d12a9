import { z } from "zod";
import { normalizeTimeZone } from "../domain/calendar.ts";
import { badInput } from "./errors/index.ts";

/** Zod schemas shared by input types (plugin-validation turns failures into BAD_USER_INPUT). */

/** A required text of 1..max characters that is not only whitespace (stored trimmed by the resolver). */
export const nonBlank = (max: number) =>
  z
    .string()
    .max(max, `must be at most ${max} characters`)
    .refine((value) => value.trim().length > 0, "must not be blank");

/** A text of at most `max` characters (may be empty). */
export const text = (max: number) => z.string().max(max, `must be at most ${max} characters`);

/** An optional free text of at most `max` characters (null clears it). */
export const optionalText = (max: number) => text(max).nullish();

/** An optional integer in [min, max]. */
export const optionalInt = (min: number, max: number) => z.number().int().min(min).max(max).nullish();

/** A required integer in [min, max]. */
export const intIn = (min: number, max: number) => z.number().int().min(min).max(max);

/** A stable catalogue key: lower-case letters, digits, `_`, `-`, `.`. */
export const catalogueKey = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[a-z0-9][a-z0-9_.-]*$/, "must be lower-case letters, digits, '_', '-' or '.'");

/** An optional http(s) URL. */
export const optionalUrl = z
  .string()
  .max(2000)
  .regex(/^https?:\/\/\S+$/i, "must be an http(s) URL")
  .nullish();

/** A position in a user-ordered list (`sortOrder` columns). */
export const position = intIn(-1_000_000, 1_000_000);

/** An optional position (null or left out: the resolver's default, or unchanged). */
export const sortOrder = position.nullish();

/** An IANA time zone this runtime knows (stored through normalizeTimeZone). */
export const timeZoneSchema = z
  .string()
  .refine((value) => normalizeTimeZone(value) !== null, { message: "must be an IANA time zone such as Europe/Berlin" });

/** A JSON object: not an array, a scalar or null. */
export const jsonObject = z.record(z.string(), z.unknown(), "must be a JSON object");

/** A JSON object whose serialised form stays under `maxBytes`. */
export function jsonObjectSchema(maxBytes: number) {
  return jsonObject.refine((value) => JSON.stringify(value).length <= maxBytes, { message: `must be at most ${maxBytes} bytes` });
}

/**
 * In update inputs a left-out field means "unchanged"; an explicit null for a column that
 * cannot be empty is refused here (field validators do not see nulls). `fields` defaults
 * to every field of `input`; the error names `prefix.field` (just `field` without a prefix).
 */
export function refuseNulls<T extends object, F extends keyof T & string = keyof T & string>(
  input: T,
  fields: readonly F[] = Object.keys(input) as F[],
  prefix?: string,
): asserts input is T & { [K in F]: Exclude<T[K], null> } {
  for (const field of fields) {
    if (input[field] !== null) continue;
    const path = prefix ? `${prefix}.${field}` : field;
    throw badInput(`${path}: cannot be null`, path);
  }
}
