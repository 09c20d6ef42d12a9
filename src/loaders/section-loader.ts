import DataLoader from "dataloader";

/** The `include`/`select` plugin-prisma derives from a GraphQL selection (t.prismaField's `query`). */
export type PrismaQuery = { include?: object | null; select?: object | null };

/**
 * The selection's query plus the loader's own arguments. When the selection is a
 * `select`, the columns the loader partitions by are added to it.
 */
export function withQuery<Query extends PrismaQuery, Args extends object>(
  query: Query,
  args: Args,
  needed: readonly string[] = [],
): Query & Args {
  if (query.select) {
    const select: Record<string, unknown> = { ...query.select };
    for (const field of needed) select[field] ??= true;
    return { ...query, select, ...args };
  }
  return { ...query, ...args };
}

export interface SectionRequest<Key, Query extends PrismaQuery = PrismaQuery> {
  key: Key;
  query: Query;
}

export interface SectionLoaderOptions<Key, Row, Result, Query extends PrismaQuery> {
  /** Identifies a key; equal ids share one result. */
  keyId: (key: Key) => string;
  /** One SQL statement for every key of a batch that asks for the same selection. */
  load: (keys: readonly Key[], query: Query) => Promise<Row[]>;
  /** The rows of one key, already in the section's order. */
  pick: (key: Key, rows: readonly Row[]) => Result;
}

/**
 * A DataLoader for one Today section whose rows are Prisma models: requests are batched
 * per tick, grouped by the GraphQL selection they need (so nested relations are loaded by
 * plugin-prisma's include in the same statement), and answered in key order.
 */
export function sectionLoader<Key, Row, Result, Query extends PrismaQuery = PrismaQuery>(
  options: SectionLoaderOptions<Key, Row, Result, Query>,
): DataLoader<SectionRequest<Key, Query>, Result, string> {
  return new DataLoader<SectionRequest<Key, Query>, Result, string>(
    async (requests) => {
      const groups = new Map<string, SectionRequest<Key, Query>[]>();
      for (const request of requests) {
        const group = JSON.stringify(request.query);
        const members = groups.get(group);
        if (members) members.push(request);
        else groups.set(group, [request]);
      }
      // A request without a selection (`{}`, scalars only) is served by an `include`
      // query of the same batch, which returns every scalar too: one statement, not two.
      const bare = groups.get("{}");
      const host = [...groups.entries()].find(([group, members]) => group !== "{}" && !members[0].query.select);
      if (bare && host) {
        host[1].push(...bare);
        groups.delete("{}");
      }
      const answers = new Map<string, Result>();
      await Promise.all(
        [...groups.values()].map(async (members) => {
          const keys = uniqueBy(members.map((member) => member.key), options.keyId);
          const rows = await options.load(keys, members[0].query);
          for (const member of members) {
            answers.set(cacheKey(options.keyId, member), options.pick(member.key, rows));
          }
        }),
      );
      return requests.map((request) => answers.get(cacheKey(options.keyId, request)) as Result);
    },
    { cacheKeyFn: (request) => cacheKey(options.keyId, request) },
  );
}

function cacheKey<Key, Query extends PrismaQuery>(keyId: (key: Key) => string, request: SectionRequest<Key, Query>): string {
  return `${keyId(request.key)}|${JSON.stringify(request.query)}`;
}

function uniqueBy<T>(items: readonly T[], id: (item: T) => string): T[] {
  const seen = new Map<string, T>();
  for (const item of items) if (!seen.has(id(item))) seen.set(id(item), item);
  return [...seen.values()];
}

/**
 * A loader of plain data (no GraphQL selection involved): `load` fetches what every
 * key of the batch needs (a fixed number of statements), `pick` cuts out one key's
 * answer. Requests are batched per tick and answered in key order.
 */
export function batchLoader<Key, Batch, Result>(options: {
  keyId: (key: Key) => string;
  load: (keys: readonly Key[]) => Promise<Batch>;
  pick: (key: Key, batch: Batch) => Result;
}): DataLoader<Key, Result, string> {
  return new DataLoader<Key, Result, string>(
    async (requested) => {
      const keys = uniqueBy(requested, options.keyId);
      const batch = await options.load(keys);
      const answers = new Map(keys.map((key) => [options.keyId(key), options.pick(key, batch)] as const));
      return requested.map((key) => answers.get(options.keyId(key)) as Result);
    },
    { cacheKeyFn: options.keyId },
  );
}
