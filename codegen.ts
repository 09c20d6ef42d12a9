import type { CodegenConfig } from "@graphql-codegen/cli";

// Typed clients from the committed schema: every document under src/ (the Today page's, the
// ones the tests run) and web/src/ (the web page's mutations). Output is generated, not committed
// (`npm run codegen`, also run by postinstall); test/codegen.test.ts fails when it is stale.
// `persistedDocuments` also writes persisted-documents.json (sha256 hash → document): in
// production the gateway runs only those (src/persisted.ts), and the built page sends hashes.
const config: CodegenConfig = {
  schema: "schema.graphql",
  documents: ["src/**/*.graphql", "web/src/**/*.graphql"],
  ignoreNoDocuments: false,
  // ESM imports with extensions, as NodeNext requires.
  emitLegacyCommonJSImports: false,
  generates: {
    "src/generated/graphql/": {
      preset: "client",
      config: {
        scalars: { Date: "string", DateTime: "string", JSON: "unknown", Byte: "string" },
        enumsAsTypes: true,
        useTypeImports: true,
      },
      presetConfig: {
        fragmentMasking: false,
        persistedDocuments: { mode: "embedHashInDocument", hashAlgorithm: "sha256" },
      },
    },
  },
};

export default config;
