import { lexicographicSortSchema, printSchema } from "graphql";
import { schema } from "./schema.ts";

/** The SDL committed as `schema.graphql`: sorted, so a diff shows exactly what changed. */
export function printSortedSchema(): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
