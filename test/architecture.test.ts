// Structural rules of the write side (issue: server-authoritative rewards): every write to
// the event stream and the ledger goes through src/domain, and the event catalogue is
// documented and emitted.
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

  it("only events.ts writes behavior_outbox inside src/domain", async () => {
    const writers = (await sources("src/domain"))
      .filter(({ text }) => /behaviorOutbox\s*\.\s*(create|createMany)/.test(text) || RAW_WRITE.test(text.replace(/points_ledger/g, "")))
      .map(({ file }) => file);
    expect(writers).toEqual(["src/domain/events.ts"]);
  });

  it("every catalogued event type is emitted by some domain action", async () => {
    const domain = (await sources("src/domain")).filter(({ file }) => !file.endsWith("events.ts") && !file.endsWith("event-catalogue.ts"));
    const text = domain.map((source) => source.text).join("\n");
    const missing = Object.keys(eventPayloads).filter((type) => !text.includes(`"${type}"`));
    expect(missing).toEqual([]);
  });

  it("docs/events.md is the catalogue generated from the payload schemas (npm run events:doc)", async () => {
    expect(await readFile(path.join(root, "docs/events.md"), "utf8")).toBe(eventCatalogueMarkdown());
  });
});
