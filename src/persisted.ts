// Trusted documents: codegen's client preset writes persisted-documents.json (sha256 hash →
// document) for every document of src/ and web/ (codegen.ts). Yoga's persisted-operations plugin
// looks the hash of a request up there. In production only those documents run and introspection
// is refused; in development any document runs too, so GraphiQL and new documents work.
import { readFileSync } from "node:fs";
import { NoSchemaIntrospectionCustomRule } from "graphql";
import type { Plugin } from "graphql-yoga";
import { usePersistedOperations } from "@graphql-yoga/plugin-persisted-operations";
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

export interface TrustedDocumentsOptions {
  documents: PersistedDocuments;
  /** false: only documents of the manifest run (production). */
  allowArbitraryDocuments: boolean;
}

/**
 * Clients send `extensions: { persistedQuery: { version: 1, sha256Hash } }` (Apollo's format, which
 * most GraphQL clients speak) instead of `query`.
 */
export function trustedDocumentsPlugins(options: TrustedDocumentsOptions): Plugin[] {
  const plugins: Plugin[] = [
    usePersistedOperations({
      allowArbitraryOperations: options.allowArbitraryDocuments,
      getPersistedOperation: (hash) => options.documents.get(hash.replace(/^sha256:/, "")) ?? null,
      customErrors: {
        notFound: {
          message: "This document is not one of the gateway's trusted documents",
          extensions: { code: "PERSISTED_QUERY_NOT_FOUND" },
        },
        persistedQueryOnly: {
          message: "Only trusted documents run here: send the hash of a document from the manifest",
          extensions: { code: "FORBIDDEN" },
        },
        keyNotFound: {
          message: "Send a document or extensions.persistedQuery { version: 1, sha256Hash }",
          extensions: { code: "BAD_USER_INPUT" },
        },
      },
    }),
  ];
  if (!options.allowArbitraryDocuments) {
    plugins.push({
      onValidate({ addValidationRule }) {
        addValidationRule(NoSchemaIntrospectionCustomRule);
      },
    });
  }
  return plugins;
}
