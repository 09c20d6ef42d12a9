/**
 * The stable orders (docs/architecture.md, "Stable orders"): by position where a table has `sort_order`,
 * else by creation; `id` always breaks ties, so pages and responses are deterministic.
 */
export const byPosition = [{ sortOrder: "asc" }, { createdAt: "asc" }, { id: "asc" }] as const satisfies ReadonlyArray<
  Record<string, "asc" | "desc">
>;
export const oldestFirst = [{ createdAt: "asc" }, { id: "asc" }] as const;
export const newestFirst = [{ createdAt: "desc" }, { id: "desc" }] as const;

/** Mutable copies, for Prisma's `orderBy` argument types. */
export const orderByPosition = () => byPosition.map((entry) => ({ ...entry }));
export const orderOldestFirst = () => oldestFirst.map((entry) => ({ ...entry }));
export const orderNewestFirst = () => newestFirst.map((entry) => ({ ...entry }));
