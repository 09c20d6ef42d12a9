import type { DatabaseClient, PrismaClient } from "./client.ts";

let current: DatabaseClient | undefined;

/** Installs the database the process (or test file) talks to. Called once at start-up. */
export function useDatabase(client: DatabaseClient): void {
  current = client;
}

export function database(): DatabaseClient {
  if (!current) throw new Error("No database: call useDatabase() at start-up");
  return current;
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
