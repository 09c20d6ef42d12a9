// The typed clients and the trusted-documents manifest are generated (npm run codegen, also at
// install) and not committed: this fails when a document or the schema changed since the last run,
// i.e. when the types or hashes a client builds with are stale.
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { executeCodegen } from "@graphql-codegen/cli";
import config from "../codegen.ts";
import { loadPersistedDocuments } from "../src/persisted.ts";

describe("codegen output", () => {
  it("is what codegen.ts generates from the current schema and documents", async () => {
    const { result, error } = await executeCodegen({ ...config, silent: true });
    expect(error).toBeNull();
    const names = result.map((file) => file.filename).sort();
    expect(names).toEqual(["gql.ts", "graphql.ts", "index.ts", "persisted-documents.json"].map((name) => `src/generated/graphql/${name}`));
    for (const file of result) {
      const onDisk = await readFile(resolve(file.filename), "utf8").catch(() => "(missing)");
      expect(onDisk === file.content, `${file.filename} is stale: run npm run codegen`).toBe(true);
    }
  });

  it("lists every document of src/ and web/ as a trusted document, by sha256", async () => {
    const documents = loadPersistedDocuments();
    const operations = [...documents.values()].flatMap((text) =>
      [...text.matchAll(/\b(query|mutation|subscription) (\w+)/g)].map((m) => m[2]),
    );
    expect(operations).toEqual(expect.arrayContaining(["TodayPage", "SignIn", "CompleteHabit", "ArchiveInboxItems", "StartFocusSession"]));
    for (const hash of documents.keys()) expect(hash).toMatch(/^[0-9a-f]{64}$/);
  });
});
