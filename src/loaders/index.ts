import { createTodayLoaders } from "./today/index.ts";
import type { TodayPageOptions } from "./today/page.ts";

export interface LoaderOptions {
  /** How the Today page is read (TODAY_PARALLEL=off: in one statement, for measuring; see the README's Benchmark). */
  today: TodayPageOptions;
}

/** Every DataLoader of one request; built per request so no cache crosses users. */
export function createLoaders(options: LoaderOptions) {
  return {
    today: createTodayLoaders(options.today),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
