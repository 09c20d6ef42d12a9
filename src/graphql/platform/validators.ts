// Validation of the platform domain's own inputs; the shared schemas are in ../validators.ts.
import { z } from "zod";

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

export const localeSchema = z
  .string()
  .max(35)
  .refine((value) => normalizeLocale(value) !== null, { message: "must be a supported locale such as en-US" });

export const THEMES = ["system", "light", "dark"] as const;

/** Free-form tags: trimmed, 1–40 characters each, at most 20. */
export const tagsSchema = z.array(z.string().trim().min(1).max(40)).max(20);
