// What every benchmarked server shares: it listens on a free port of 127.0.0.1, prints its
// GraphQL URL on stdout, answers GET /stats with the SQL statements it has sent, and exits
// on SIGTERM. Each runs in its own process, so its memory and CPU are its own.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type pg from "pg";

export function countStatements(pool: pg.Pool): { count(): number } {
  let statements = 0;
  pool.on("connect", (client) => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
      statements += 1;
      return query(...args);
    };
  });
  return { count: () => statements };
}

export function serve(
  handler: (request: IncomingMessage, response: ServerResponse) => void,
  statements: () => number,
  close: () => Promise<void>,
): void {
  const server = createServer((request, response) => {
    if (request.method === "GET" && request.url === "/stats") {
      response.writeHead(200, { "content-type": "application/json" });
      response.end(JSON.stringify({ statements: statements() }));
      return;
    }
    handler(request, response);
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, "127.0.0.1", () => {
    console.log(`http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`);
  });
  // Requests a load run left in flight are answered before the pool closes.
  process.on("SIGTERM", () => {
    const exit = () => void close().finally(() => process.exit(0));
    server.close(exit);
    server.closeIdleConnections();
    setTimeout(exit, 5_000).unref();
  });
}

export async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}
