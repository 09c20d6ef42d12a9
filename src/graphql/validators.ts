import { z } from "zod";

/** Zod schemas shared by input types (plugin-validation turns failures into BAD_USER_INPUT). */

/** A required text of 1..max characters that is not only whitespace (stored trimmed by the resolver). */
export const nonBlank = (max: number) =>
  z
    .string()
    .max(max, `must be at most ${max} characters`)
    .refine((value) => value.trim().length > 0, "must not be blank");

/** An optional free text of at most `max` characters (null clears it). */
export const optionalText = (max: number) => z.string().max(max, `must be at most ${max} characters`).nullish();

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

export const sortOrder = optionalInt(-1_000_000, 1_000_000);
