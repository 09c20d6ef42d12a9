import { createTodayLoaders } from "./today/index.ts";

/** Every DataLoader of one request; built per request so no cache crosses users. */
export function createLoaders() {
  return {
    // TODAY_PARALLEL=off: the whole page in one statement (for measuring; see the README's Benchmark).
    today: createTodayLoaders({ parallel: process.env.TODAY_PARALLEL !== "off" }),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
