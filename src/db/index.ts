import type { DatabaseClient, PrismaClient } from "./client.ts";
import { routeStorage, type ReadRouter } from "./routing.ts";

let current: DatabaseClient | undefined;
let router: ReadRouter | undefined;

/** Installs the database the process (or test file) talks to. Called once at start-up. */
export function useDatabase(client: DatabaseClient): void {
  current = client;
}

/**
 * Installs (or, with undefined, removes) the read router: from then on an operation's reads go
 * where the router sent it (src/plugins/read-routing.ts). Without one, everything uses the primary.
 */
export function useReadRouter(next: ReadRouter | undefined): void {
  router = next;
}

export function readRouter(): ReadRouter | undefined {
  return router;
}

/** The primary, whatever the running operation's route (session checks, writes outside GraphQL). */
export function primaryDatabase(): DatabaseClient {
  if (!current) throw new Error("No database: call useDatabase() at start-up");
  return current;
}

/**
 * The database of the running operation: the replica when the read router sent it there,
 * otherwise (mutations, no router, outside an operation) the primary.
 */
export function database(): DatabaseClient {
  if (router) {
    const routed = routeStorage.getStore()?.route;
    if (routed) return routed.db;
  }
  return primaryDatabase();
}

/**
 * The Prisma client of the installed database. Resolvers import this instead of
 * carrying the client on the GraphQL context (Pothos docs: a Prisma client in the
 * context type slows type-checking down).
 */
export const prisma: PrismaClient = new Proxy({} as PrismaClient, {
  get(_target, property) {
    const client = database().prisma;
    const value = Reflect.get(client, property, client) as unknown;
    return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(client) : value;
  },
  // Pothos' prisma plugin looks delegates up with `"model" in client`.
  has(_target, property) {
    return Reflect.has(database().prisma, property);
  },
});
