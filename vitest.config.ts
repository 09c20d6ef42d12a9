import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    environment: "node",
    include: ["test/**/*.test.ts"],
    // Migrates once per run; each file starts from a copy (PGlite snapshot / PG template).
    globalSetup: ["test/global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Each file runs its own database; two cores do not profit from more files at once.
    maxWorkers: 2,
  },
});
