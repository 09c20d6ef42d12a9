// The domain layer's modules form no circle: the import graph of src/domain, read from the
// source text, is acyclic. Every relative import counts — value, `import type`, re-export,
// side-effect and dynamic — so a newcomer can read the layer bottom-up (event-payloads, ledger
// and rules below dispatch; events and points above it; actions on top) without a file that is
// both above and below another. The write path's old circle was events → rules → points → events.
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "..");
const DOMAIN = "src/domain";

type Graph = Map<string, string[]>;

/** The relative modules a file imports, as repository paths (any form of import). */
function importsOf(file: string, text: string): string[] {
  const specifiers = [...text.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)["']([^"']+)["']/gm)].map((match) => match[1]);
  return specifiers
    .filter((specifier) => specifier.startsWith("."))
    .map((specifier) => path.relative(root, path.resolve(root, path.dirname(file), specifier)));
}

/** The graph of src/domain: each file and the src/domain files it imports. */
async function domainGraph(): Promise<Graph> {
  const names = (await readdir(path.join(root, DOMAIN), { recursive: true })).filter((name) => name.endsWith(".ts")).sort();
  const graph: Graph = new Map();
  for (const name of names) {
    const file = path.join(DOMAIN, name);
    const text = await readFile(path.join(root, file), "utf8");
    graph.set(
      file,
      importsOf(file, text).filter((target) => target.startsWith(`${DOMAIN}/`)),
    );
  }
  return graph;
}

/** Every cycle's files, one list per strongly connected component with more than one file (or a self-import). */
function cycles(graph: Graph): string[][] {
  // Tarjan's strongly connected components.
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (node: string) => {
    index.set(node, counter);
    low.set(node, counter);
    counter += 1;
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node) as number, low.get(next) as number));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node) as number, index.get(next) as number));
      }
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string | undefined;
      do {
        member = stack.pop() as string;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1 || (graph.get(node) ?? []).includes(node)) found.push(component.sort());
    }
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return found;
}

describe("src/domain import graph", () => {
  it("has no cycle", async () => {
    const graph = await domainGraph();
    expect(graph.size).toBeGreaterThan(30);
    expect(cycles(graph)).toEqual([]);
  });

  it("the graph sees the write path's imports (events → dispatch → rules, ledger; points → dispatch)", async () => {
    const graph = await domainGraph();
    expect(graph.get("src/domain/events.ts")).toContain("src/domain/dispatch.ts");
    expect(graph.get("src/domain/dispatch.ts")).toEqual(
      expect.arrayContaining(["src/domain/rules.ts", "src/domain/ledger.ts", "src/domain/event-payloads.ts"]),
    );
    expect(graph.get("src/domain/points.ts")).toContain("src/domain/dispatch.ts");
    // Rules return effects: they reach neither the writing of events nor awards.
    expect(graph.get("src/domain/rules.ts")).not.toContain("src/domain/events.ts");
    expect(graph.get("src/domain/rules.ts")).not.toContain("src/domain/points.ts");
    expect(graph.get("src/domain/rules.ts")).not.toContain("src/domain/dispatch.ts");
  });

  it("the import reader sees type-only, multi-line, re-exported, side-effect and dynamic imports", () => {
    const text = [
      'import type { A } from "./a.ts";',
      "import {",
      "  b,",
      "  type C,",
      '} from "./b.ts";',
      'export { d } from "./d.ts";',
      'import "./e.ts";',
      'const f = await import("./f.ts");',
      'import { z } from "zod";',
      'import { g } from "../graphql/g.ts";',
    ].join("\n");
    expect(importsOf("src/domain/x.ts", text)).toEqual([
      "src/domain/a.ts",
      "src/domain/b.ts",
      "src/domain/d.ts",
      "src/domain/e.ts",
      "src/domain/f.ts",
      "src/graphql/g.ts",
    ]);
  });

  it("the cycle finder finds the old circle and a self-import, and passes a chain", () => {
    const circle: Graph = new Map([
      ["events", ["rules", "payloads"]],
      ["rules", ["points", "payloads"]],
      ["points", ["events"]],
      ["payloads", []],
      ["self", ["self"]],
    ]);
    expect(cycles(circle)).toEqual([["events", "points", "rules"], ["self"]]);
    const chain: Graph = new Map([
      ["events", ["dispatch", "payloads"]],
      ["points", ["dispatch", "ledger"]],
      ["dispatch", ["rules", "ledger", "payloads"]],
      ["rules", ["payloads", "ledger"]],
      ["ledger", []],
      ["payloads", []],
    ]);
    expect(cycles(chain)).toEqual([]);
  });
});
