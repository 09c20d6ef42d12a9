import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { printSortedSchema } from "../src/graphql/print.ts";

describe("schema.graphql", () => {
  it("is the printed, sorted schema of the code (run `npm run schema:print` when this fails)", async () => {
    const committed = await readFile(new URL("../schema.graphql", import.meta.url), "utf8");
    expect(committed).toBe(printSortedSchema());
  });
});
