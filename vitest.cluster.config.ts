// `npm run test:cluster`: the tests of test/cluster/ against the scale-out deployment that
// test/cluster/support/cluster.ts starts (PostgreSQL primary + replica, PgBouncer, Redis, two
// gateways, HAProxy, a projector). One cluster per file; files one at a time.
import { defineConfig, mergeConfig } from "vitest/config";
import base from "./vitest.config.ts";

export default mergeConfig(
  { ...base, test: { ...base.test, include: [], exclude: [], globalSetup: [] } },
  defineConfig({
    test: {
      include: ["test/cluster/**/*.test.ts"],
      testTimeout: 60_000,
      hookTimeout: 120_000,
      fileParallelism: false,
    },
  }),
);
