// Trusted documents: codegen's client preset writes persisted-documents.json (sha256 hash →
// document) for every document of src/ and web/ (codegen.ts); this loads it. Requests name them by
// hash through src/plugins/trusted-documents.ts: in production only those documents run; in
// development any document runs too, so GraphiQL and new documents work.
import { readFileSync } from "node:fs";
import { projectPath } from "./paths.ts";

export const PERSISTED_DOCUMENTS_PATH = projectPath("src", "generated", "graphql", "persisted-documents.json");

/** hash (hex, without codegen's "sha256:" prefix) → document text. */
export type PersistedDocuments = ReadonlyMap<string, string>;

export function loadPersistedDocuments(path: URL | string = PERSISTED_DOCUMENTS_PATH): PersistedDocuments {
  let manifest: Record<string, string>;
  try {
    manifest = JSON.parse(readFileSync(path, "utf8")) as Record<string, string>;
  } catch (error) {
    throw new Error(`No trusted-documents manifest at ${String(path)}: run \`npm run codegen\` (${String(error)})`);
  }
  return new Map(Object.entries(manifest).map(([hash, document]) => [hash.replace(/^sha256:/, ""), document]));
}
