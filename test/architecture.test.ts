// Structural rules: the layers below GraphQL (domain, auth, db, loaders, projector) never import it;
// every write to the event stream and the ledger goes through src/domain; the event catalogue is
// documented and emitted. docs/architecture.md describes the layers these rules keep apart.
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { eventCatalogueMarkdown } from "../src/domain/event-catalogue.ts";
import { eventPayloads } from "../src/domain/events.ts";

const root = path.resolve(import.meta.dirname, "..");

async function sources(dir: string): Promise<Array<{ file: string; text: string }>> {
  const entries = await readdir(path.join(root, dir), { recursive: true, withFileTypes: true });
  const files = entries
    .filter((entry) => entry.isFile() && entry.name.endsWith(".ts"))
    .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)))
    .sort();
  return Promise.all(files.map(async (file) => ({ file, text: await readFile(path.join(root, file), "utf8") })));
}

const OUTBOX_OR_LEDGER_WRITE = /\b(behaviorOutbox|pointsLedger)\s*\.\s*(create|createMany|createManyAndReturn|update|updateMany|upsert)\b/;
const RAW_WRITE = /\b(INSERT\s+INTO|UPDATE)\s+"?(behavior_outbox|points_ledger)\b/i;
const REWARD_OR_EVENT_CALL = /\b(awardPoints|emit)\s*\(/;

/** Every relative module a file imports (static, re-exported, type-only or dynamic), as repository paths. */
function importsOf(file: string, text: string): string[] {
  const specifiers = [...text.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)["']([^"']+)["']/gm)].map((match) => match[1]);
  return specifiers
    .filter((specifier) => specifier.startsWith("."))
    .map((specifier) => path.relative(root, path.resolve(root, path.dirname(file), specifier)));
}

const LOWER_LAYERS = ["src/domain", "src/auth", "src/db", "src/loaders", "src/projector"];
const EDGE = ["src/graphql/", "src/today/"];

describe("layers", () => {
  it("nothing under src/{domain,auth,db,loaders,projector} imports src/graphql or src/today", async () => {
    const offenders: string[] = [];
    for (const dir of LOWER_LAYERS) {
      for (const { file, text } of await sources(dir)) {
        for (const target of importsOf(file, text)) {
          if (EDGE.some((edge) => target.startsWith(edge))) offenders.push(`${file} imports ${target}`);
        }
      }
    }
    expect(offenders).toEqual([]);
  });

  it("the import check sees static, type-only, re-exported and dynamic imports", () => {
    // Each sample line with the module the check must report for it (null: none, a package).
    const samples: Array<[line: string, module: string | null]> = [
      ['import { a } from "../graphql/errors/index.ts";', "src/graphql/errors/index.ts"],
      ['import type { B } from "../today/schema.ts";', "src/today/schema.ts"],
      ['export { c } from "../graphql/ids.ts";', "src/graphql/ids.ts"],
      ['const d = await import("../graphql/schema.ts");', "src/graphql/schema.ts"],
      ['import "../today/live.ts";', "src/today/live.ts"],
      ['import { e } from "./errors.ts";', "src/domain/errors.ts"],
      ['import pg from "pg";', null],
    ];
    const text = samples.map(([line]) => line).join("\n");
    expect(importsOf("src/domain/x.ts", text)).toEqual(samples.flatMap(([, module]) => (module ? [module] : [])));
  });
});

describe("the write side", () => {
  it("no resolver writes the outbox or the ledger, awards points or emits events: only src/domain does", async () => {
    const offenders: string[] = [];
    for (const { file, text } of await sources("src/graphql")) {
      text.split("\n").forEach((line, index) => {
        if (OUTBOX_OR_LEDGER_WRITE.test(line) || RAW_WRITE.test(line) || REWARD_OR_EVENT_CALL.test(line)) {
          offenders.push(`${file}:${index + 1}: ${line.trim()}`);
        }
      });
    }
    expect(offenders).toEqual([]);
  });

  it("outside src/domain, only the demo seed writes the ledger (with the domain's key helper), and nothing writes the outbox", async () => {
    const offenders: string[] = [];
    for (const dir of ["src/auth", "src/db", "src/loaders", "src/today"]) {
      for (const { file, text } of await sources(dir)) {
        if (file.startsWith("src/db/seed/")) {
          if (/behaviorOutbox\s*\.\s*create/.test(text)) offenders.push(`${file}: writes the outbox`);
          if (/idempotencyKey:\s*`/.test(text)) offenders.push(`${file}: builds a ledger key by hand`);
          continue;
        }
        if (OUTBOX_OR_LEDGER_WRITE.test(text) || RAW_WRITE.test(text)) offenders.push(file);
      }
    }
    expect(offenders).toEqual([]);
  });

  it("only the dispatcher writes behavior_outbox inside src/domain", async () => {
    const writers = (await sources("src/domain"))
      .filter(({ text }) => /behaviorOutbox\s*\.\s*(create|createMany)/.test(text) || RAW_WRITE.test(text.replace(/points_ledger/g, "")))
      .map(({ file }) => file);
    expect(writers).toEqual(["src/domain/dispatch.ts"]);
  });

  it("every catalogued event type is emitted by some domain action", async () => {
    const catalogue = ["src/domain/events.ts", "src/domain/event-payloads.ts", "src/domain/event-catalogue.ts"];
    const domain = (await sources("src/domain")).filter(({ file }) => !catalogue.includes(file));
    const text = domain.map((source) => source.text).join("\n");
    const missing = Object.keys(eventPayloads).filter((type) => !text.includes(`"${type}"`));
    expect(missing).toEqual([]);
  });

  it("docs/events.md is the catalogue generated from the payload schemas (npm run events:doc)", async () => {
    expect(await readFile(path.join(root, "docs/events.md"), "utf8")).toBe(eventCatalogueMarkdown());
  });
});

// A resolver file writes through src/domain and opens its transaction through runMutation or
// runPublicMutation (src/graphql/mutation.ts, docs/adding-a-mutation.md); no exceptions.
// `Object.create(null)` is no write: the receiver of a Prisma write is a model delegate.
const PRISMA_WRITE =
  /(?<!\bObject)\.\s*(create|createMany|createManyAndReturn|update|updateMany|upsert|delete|deleteMany)\s*\(|\$executeRaw/;
const OWN_TRANSACTION = /\bprisma\s*\.\s*\$transaction\b/;
const THE_ONE_HELPER = "src/graphql/mutation.ts";

/** The lines of a file that write with Prisma or open their own transaction. */
function writesOf(text: string): string[] {
  return text
    .split("\n")
    .map((line, index) => ({ line: line.trim(), number: index + 1 }))
    .filter(({ line }) => !line.startsWith("//") && !line.startsWith("*") && (PRISMA_WRITE.test(line) || OWN_TRANSACTION.test(line)))
    .map(({ line, number }) => `${number}: ${line}`);
}

describe("one shape of a mutation", () => {
  it("no resolver file calls a Prisma write or opens prisma.$transaction: src/domain writes, runMutation opens the transaction", async () => {
    const offenders: string[] = [];
    for (const { file, text } of await sources("src/graphql")) {
      if (file === THE_ONE_HELPER) continue;
      offenders.push(...writesOf(text).map((write) => `${file}:${write}`));
    }
    expect(offenders).toEqual([]);
  });

  it("the write check sees Prisma writes, raw writes and transactions, and not reads", () => {
    // Each sample line and whether the check must flag it.
    const samples: Array<[line: string, write: boolean]> = [
      ["await tx.habit.create({ data });", true],
      ["await tx.habit.updateMany({ where, data });", true],
      ["await tx.plan.upsert({ where, create, update });", true],
      ["await tx.$executeRaw`DELETE FROM x`;", true],
      ["return prisma.$transaction(async (tx) => {});", true],
      ["await tx.habit.findUniqueOrThrow({ ...query, where: { id } });", false],
      ["// tx.habit.delete( in a comment", false],
      ['runMutation(ctx, (tx, actor) => createHabit(tx, actor, input), reread("Habit", query));', false],
      ["const cache: Record<string, boolean> = Object.create(null);", false],
    ];
    const flagged = writesOf(samples.map(([line]) => line).join("\n")).map((line) => Number(line.split(":")[0]));
    expect(flagged).toEqual(samples.flatMap(([, write], index) => (write ? [index + 1] : [])));
  });
});
