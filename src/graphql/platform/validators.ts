import { z } from "zod";
import { isValidTimeZone } from "../../domain/calendar.ts";
import { badInput } from "../errors.ts";

// An IANA name (`Europe/Berlin`, `UTC`, `Etc/GMT+5`), not a raw offset like `+02:00`.
const IANA_NAME = /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/;

/**
 * The time zone to store for `input`, or null when it is not an IANA zone this runtime
 * knows. Only the spelling of case is canonicalised (`utc` → `UTC`); a valid alias such as
 * `Asia/Kolkata` is kept as the user wrote it rather than ICU's legacy canonical name.
 */
export function normalizeTimeZone(input: string): string | null {
  if (!IANA_NAME.test(input) || input.length > 64 || !isValidTimeZone(input)) return null;
  const resolved = new Intl.DateTimeFormat("en-US", { timeZone: input }).resolvedOptions().timeZone;
  return resolved.toLowerCase() === input.toLowerCase() ? resolved : input;
}

/** The canonical BCP 47 tag for `input` when the runtime supports it, else null. */
export function normalizeLocale(input: string): string | null {
  try {
    const [canonical] = Intl.getCanonicalLocales(input);
    if (!canonical || Intl.DateTimeFormat.supportedLocalesOf([canonical]).length === 0) return null;
    return canonical;
  } catch {
    return null;
  }
}

export const timeZoneSchema = z
  .string()
  .refine((value) => normalizeTimeZone(value) !== null, { message: "must be an IANA time zone such as Europe/Berlin" });

export const localeSchema = z
  .string()
  .max(35)
  .refine((value) => normalizeLocale(value) !== null, { message: "must be a supported locale such as en-US" });

export const THEMES = ["system", "light", "dark"] as const;

/** Free-form tags: trimmed, 1–40 characters each, at most 20. */
export const tagsSchema = z.array(z.string().trim().min(1).max(40)).max(20);

/** A JSON object (not an array or scalar) whose serialised form stays under `maxBytes`. */
export function jsonObjectSchema(maxBytes: number) {
  return z
    .unknown()
    .refine((value) => typeof value === "object" && value !== null && !Array.isArray(value), {
      message: "must be a JSON object",
    })
    .refine((value) => JSON.stringify(value).length <= maxBytes, { message: `must be at most ${maxBytes} bytes` });
}

/**
 * In update inputs a left-out field means "unchanged"; an explicit null for a column that
 * cannot be empty is refused here (field validators do not see nulls).
 */
export function refuseNulls<T extends object>(input: T, fields: ReadonlyArray<keyof T & string>, prefix = "input"): void {
  for (const field of fields) {
    if (input[field] === null) throw badInput(`${prefix}.${field}: cannot be null`, `${prefix}.${field}`);
  }
}
