// Trusted documents (src/persisted.ts loads codegen's manifest): Yoga's persisted-operations
// plugin looks the hash of a request up there. In production only those documents run (and
// introspection is refused: src/plugins/index.ts); in development any document runs too.
import { usePersistedOperations } from "@graphql-yoga/plugin-persisted-operations";
import type { Plugin } from "graphql-yoga";
import type { PersistedDocuments } from "../persisted.ts";

export interface TrustedDocumentsOptions {
  documents: PersistedDocuments;
  /** false: only documents of the manifest run (production). */
  allowArbitraryDocuments: boolean;
}

/**
 * Clients send `extensions: { persistedQuery: { version: 1, sha256Hash } }` (Apollo's format, which
 * most GraphQL clients speak) instead of `query`.
 */
export function trustedDocumentsPlugin(options: TrustedDocumentsOptions): Plugin {
  return usePersistedOperations({
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
  });
}
