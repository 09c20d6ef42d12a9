import { createRequire } from "node:module";
import { configDefaults, defineConfig } from "vitest/config";

const require = createRequire(import.meta.url);

export default defineConfig({
  resolve: {
    // graphql 16 ships CJS (`main`) and ESM (`module`) builds. Node (graphql-yoga, Pothos' plugins) loads
    // the CJS one, Vite would hand src/ the ESM one: two copies of graphql-js, and a schema built with one
    // is refused by the other ("Cannot use GraphQLObjectType … from another module or realm"). One instance.
    alias: [{ find: /^graphql$/, replacement: require.resolve("graphql") }],
  },
  test: {
    environment: "node",
    include: ["test/**/*.test.ts"],
    // The cluster suite starts its own servers: `npm run test:cluster` (vitest.cluster.config.ts).
    exclude: [...configDefaults.exclude, "test/cluster/**"],
    // Migrates once per run; each file starts from a copy (PGlite snapshot / PG template).
    globalSetup: ["test/global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Each file runs its own database; two cores do not profit from more files at once.
    maxWorkers: 2,
  },
});
