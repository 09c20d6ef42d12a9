/** Every DataLoader of one request; built per request so no cache crosses users. */
export type Loaders = Record<string, never>;

export function createLoaders(): Loaders {
  return {};
}
