import type { CodegenConfig } from "@graphql-codegen/cli";

// Front-end teams generate typed clients from the committed schema; this config types the
// Today page's document, which the tests run too.
const config: CodegenConfig = {
  schema: "schema.graphql",
  documents: ["src/today/*.graphql"],
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
      presetConfig: { fragmentMasking: false },
    },
  },
};

export default config;
