import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { printSortedSchema } from "../src/graphql/print.ts";

describe("schema.graphql", () => {
  it("is the printed, sorted schema of the code (run `npm run schema:print` when this fails)", async () => {
    const committed = await readFile(new URL("../schema.graphql", import.meta.url), "utf8");
    expect(committed).toBe(printSortedSchema());
  });
});

describe("Node ids", () => {
  // syncNodeIds (src/graphql/ids.ts) resolves every Node's `id` as encodeId(type, row.id),
  // which holds only while every Node type is a prismaNode whose id is its `id` column.
  it("are the `id` column of a prismaNode for every type implementing Node", async () => {
    const { readdir } = await import("node:fs/promises");
    const files = (await readdir(new URL("../src/graphql/", import.meta.url), { recursive: true })).filter((file) => file.endsWith(".ts"));
    let nodes = 0;
    for (const file of files) {
      const source = await readFile(new URL(`../src/graphql/${file}`, import.meta.url), "utf8");
      // The options object up to its `id`: `name: "…",` may come first.
      const declared = [...source.matchAll(/prismaNode\(\s*"(\w+)",\s*\{\s*(?:name: "\w+",\s*)?id: \{ field: "(\w+)" \}/g)];
      for (const match of declared) expect(match[2], `${match[1]} in ${file}`).toBe("id");
      expect(source.match(/prismaNode\(/g)?.length ?? 0, file).toBe(declared.length);
      nodes += declared.length;
    }
    const schema = await readFile(new URL("../schema.graphql", import.meta.url), "utf8");
    expect(schema.match(/^type \w+ implements (\w+ & )*Node\b/gm)?.length).toBe(nodes);
    expect(nodes).toBeGreaterThanOrEqual(60);
  });
});
