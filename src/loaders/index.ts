import { createTodayLoaders } from "./today/index.ts";

/** Every DataLoader of one request; built per request so no cache crosses users. */
export function createLoaders() {
  return {
    today: createTodayLoaders(),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
