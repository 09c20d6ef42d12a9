// Writes docs/events.md from the event payload schemas; `--check` fails when it is stale.
import { readFile, writeFile } from "node:fs/promises";
import { eventCatalogueMarkdown } from "../src/domain/event-catalogue.ts";

const path = new URL("../docs/events.md", import.meta.url);
const expected = eventCatalogueMarkdown();
if (process.argv.includes("--check")) {
  const actual = await readFile(path, "utf8").catch(() => "");
  if (actual !== expected) {
    console.error("docs/events.md is stale: run npm run events:doc");
    process.exit(1);
  }
} else {
  await writeFile(path, expected);
  console.log("wrote docs/events.md");
}
