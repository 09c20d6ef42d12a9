// Writes schema.graphql (sorted SDL). `--check` exits 1 when the committed file is stale.
import { readFile, writeFile } from "node:fs/promises";
import { printSortedSchema } from "../src/graphql/print.ts";

const path = new URL("../schema.graphql", import.meta.url);
const printed = printSortedSchema();
if (process.argv.includes("--check")) {
  const committed = await readFile(path, "utf8").catch(() => "");
  if (committed !== printed) {
    console.error("schema.graphql is stale: run `npm run schema:print` and commit it.");
    process.exit(1);
  }
  console.log("schema.graphql is up to date.");
} else {
  await writeFile(path, printed);
  console.log("Wrote schema.graphql");
}
