// The Neo4j behavior graph as a projector sink: each batch is written in one write
// transaction, every statement an idempotent MERGE (./cypher.ts), so a batch delivered again
// after a crash between the sink and the cursor update changes nothing.
import neo4j, { type Driver } from "neo4j-driver";
import type { OutboxEvent, ProjectorSink } from "../sink.ts";
import { cypherFor, schemaStatements } from "./cypher.ts";

export const NEO4J_PROJECTOR = "neo4j";

/** Integers travel as Neo4j integers (a JS number would be stored as a float). */
function toNeo4j(value: unknown): unknown {
  if (typeof value === "number" && Number.isInteger(value)) return neo4j.int(value);
  if (Array.isArray(value)) return value.map(toNeo4j);
  if (value !== null && typeof value === "object" && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([key, member]) => [key, toNeo4j(member)]));
  }
  return value;
}

export class Neo4jSink implements ProjectorSink {
  readonly name: string;
  private schemaReady: Promise<void> | null = null;

  constructor(
    private readonly driver: Driver,
    options: { name?: string; database?: string } = {},
  ) {
    this.name = options.name ?? NEO4J_PROJECTOR;
    this.database = options.database;
  }

  private readonly database: string | undefined;

  /** The uniqueness constraints, once per sink (schema changes cannot share a write transaction). */
  private ensureSchema(): Promise<void> {
    this.schemaReady ??= (async () => {
      const session = this.driver.session({ database: this.database, defaultAccessMode: neo4j.session.WRITE });
      try {
        for (const statement of schemaStatements()) await session.run(statement);
      } finally {
        await session.close();
      }
    })().catch((error: unknown) => {
      this.schemaReady = null;
      throw error;
    });
    return this.schemaReady;
  }

  async apply(events: readonly OutboxEvent[]): Promise<void> {
    if (events.length === 0) return;
    await this.ensureSchema();
    const session = this.driver.session({ database: this.database, defaultAccessMode: neo4j.session.WRITE });
    try {
      // executeWrite retries the whole function on transient errors: safe, every MERGE is idempotent.
      await session.executeWrite(async (tx) => {
        for (const event of events) {
          for (const { statement, params } of cypherFor(event)) {
            await tx.run(statement, toNeo4j(params) as Record<string, unknown>);
          }
        }
      });
    } finally {
      await session.close();
    }
  }

  async close(): Promise<void> {
    await this.driver.close();
  }
}

/** The sink when NEO4J_URL is set (NEO4J_USER / NEO4J_PASSWORD, NEO4J_DATABASE), null otherwise. */
export function neo4jSinkFromEnv(env: NodeJS.ProcessEnv = process.env): Neo4jSink | null {
  const url = env.NEO4J_URL;
  if (!url) return null;
  const auth = env.NEO4J_USER ? neo4j.auth.basic(env.NEO4J_USER, env.NEO4J_PASSWORD ?? "") : undefined;
  return new Neo4jSink(neo4j.driver(url, auth), { database: env.NEO4J_DATABASE || undefined });
}
