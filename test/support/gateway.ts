import { seedDemoUser } from "../../src/db/seed/demo.ts";
import { afterAll } from "vitest";
import { createDatabaseClient, type DatabaseClient, type PrismaClient } from "../../src/db/client.ts";
import { EMBEDDED_POOL_SIZE } from "../../src/db/embedded.ts";
import { useDatabase } from "../../src/db/index.ts";
import { newSessionToken, SESSION_TTL_MS } from "../../src/auth/session.ts";
import { createGateway, type Gateway } from "../../src/server.ts";
import { createMigratedDatabase, type MigratedDatabase } from "./migrated.ts";

export interface GraphQLErrorShape {
  message: string;
  path?: ReadonlyArray<string | number>;
  extensions?: { code?: string; [key: string]: unknown };
}

export interface GraphQLResponse<TData> {
  data?: TData | null;
  errors?: GraphQLErrorShape[];
}

/** The `extensions.code` of a response's first error (undefined when it has none). */
export function codeOf(response: GraphQLResponse<unknown>): string | undefined {
  return response.errors?.[0]?.extensions?.code;
}

/** A Relay connection as a test selects it: the selected fields of its nodes. */
export interface Connection<Node> {
  edges: Array<{ node: Node }>;
}

export interface TestUser {
  userId: string;
  email: string;
  token: string;
}

export interface CreateUserOptions {
  email?: string;
  displayName?: string;
  timezone?: string;
  admin?: boolean;
}

export interface TestGateway {
  gateway: Gateway;
  db: DatabaseClient;
  prisma: PrismaClient;
  database: MigratedDatabase;
  /** POSTs a document to /graphql through `yoga.fetch`, as the given user when `token` is set. */
  graphql<TData = any>(
    query: string,
    variables?: Record<string, unknown>,
    options?: { token?: string; headers?: Record<string, string> },
  ): Promise<GraphQLResponse<TData>>;
  /** Like `graphql`, but fails the test on any error and returns `data`. */
  ok<TData = any>(query: string, variables?: Record<string, unknown>, options?: { token?: string }): Promise<TData>;
  /** A user with a live session, created straight in the database (no scrypt cost). */
  createUser(options?: CreateUserOptions): Promise<TestUser>;
  /** Runs `work` and counts the SQL statements the server received meanwhile. */
  countQueries<T>(work: () => Promise<T>): Promise<{ result: T; count: number; statements: string[] }>;
  close(): Promise<void>;
}

let userCounter = 0;

/** A user with a live session, created straight in the database behind `prisma` (no scrypt cost). */
export async function createTestUser(prisma: PrismaClient, options: CreateUserOptions = {}): Promise<TestUser> {
  userCounter += 1;
  const email = (options.email ?? `user${userCounter}-${Date.now()}@example.test`).toLowerCase();
  const user = await prisma.user.create({
    data: {
      email,
      displayName: options.displayName ?? `Test User ${userCounter}`,
      settings: { create: { timezone: options.timezone ?? "UTC" } },
    },
  });
  const roleKeys = options.admin ? ["user", "admin"] : ["user"];
  const roles = await prisma.role.findMany({ where: { key: { in: roleKeys } } });
  await prisma.userRole.createMany({ data: roles.map((role) => ({ userId: user.id, roleId: role.id })) });
  const { token, tokenHash } = newSessionToken();
  await prisma.session.create({
    data: { userId: user.id, tokenHash, expiresAt: new Date(Date.now() + SESSION_TTL_MS) },
  });
  return { userId: user.id, email, token };
}

/** A migrated database (PGlite, or PostgreSQL with TEST_DATABASE_URL) and the gateway over it. */
export async function startTestGateway(): Promise<TestGateway> {
  const database = await createMigratedDatabase();
  const db = createDatabaseClient(database.url, { max: database.kind === "pglite" ? EMBEDDED_POOL_SIZE : undefined });
  useDatabase(db);
  const gateway = createGateway();
  const prisma = db.prisma;

  const graphql: TestGateway["graphql"] = async (query, variables, options) => {
    const headers: Record<string, string> = { "content-type": "application/json", ...options?.headers };
    if (options?.token) headers.authorization = `Bearer ${options.token}`;
    const response = await gateway.fetch("http://test.local/graphql", {
      method: "POST",
      headers,
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as GraphQLResponse<any>;
  };

  return {
    gateway,
    db,
    prisma,
    database,
    graphql,
    async ok(query, variables, options) {
      const response = await graphql(query, variables, options);
      if (response.errors?.length) {
        throw new Error(`GraphQL errors: ${JSON.stringify(response.errors, null, 2)}`);
      }
      return response.data as any;
    },
    createUser: (options) => createTestUser(prisma, options),
    async countQueries(work) {
      const statements: string[] = [];
      const stop = db.onQuery((sql) => statements.push(sql));
      try {
        const result = await work();
        return { result, count: statements.length, statements };
      } finally {
        stop();
      }
    },
    async close() {
      await db.close();
      await database.close();
    },
  };
}

export interface GatewayWithUsers {
  t: TestGateway;
  /** Two plain users, the usual owner and stranger of tenancy checks. */
  a: TestUser;
  b: TestUser;
}

export interface GatewayWithUsersOptions {
  a?: CreateUserOptions;
  b?: CreateUserOptions;
  /** Also create an admin (after A and B). */
  admin?: boolean;
}

/**
 * The usual start of a test file: the gateway with users A and B (and an admin when
 * asked), closed after the file's tests (afterAll is registered here). Call it with
 * top-level await.
 */
export async function startGatewayWithUsers(
  options: GatewayWithUsersOptions & { admin: true },
): Promise<GatewayWithUsers & { admin: TestUser }>;
export async function startGatewayWithUsers(options?: GatewayWithUsersOptions): Promise<GatewayWithUsers>;
export async function startGatewayWithUsers(options: GatewayWithUsersOptions = {}): Promise<GatewayWithUsers & { admin?: TestUser }> {
  const t = await startTestGateway();
  afterAll(() => t.close());
  const a = await t.createUser(options.a);
  const b = await t.createUser(options.b);
  return options.admin ? { t, a, b, admin: await t.createUser({ admin: true }) } : { t, a, b };
}

/**
 * The demo user's data (seedDemoUser) with a live session of its own, signed in straight in the
 * database as createUser does; returns the session's token.
 */
export async function seedSignedInDemo(t: TestGateway, email: string, today: string): Promise<string> {
  const demo = await seedDemoUser(t.prisma, { email, timezone: "Europe/Berlin", today });
  const sessionEmail = email.replace("@", "-session@");
  const token = (await t.createUser({ email: sessionEmail })).token;
  const session = await t.prisma.session.findFirstOrThrow({ where: { user: { email: sessionEmail } } });
  await t.prisma.session.update({ where: { id: session.id }, data: { userId: demo.userId } });
  return token;
}
