import { createTodayLoaders } from "./today.ts";

/** Every DataLoader of one request; built per request so no cache crosses users. */
export function createLoaders() {
  return {
    today: createTodayLoaders(),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
