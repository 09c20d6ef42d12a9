// PostGraphile 5 (amber preset + connection filter) over the database given as argv[2],
// read-only (no mutations), list fields instead of connections, pool size argv[3]. Prints
// its GraphQL URL on stdout once it listens; GET /stats gives the statements it sent.
// Node 20 lacks Promise.withResolvers, which PostGraphile 5 uses: with-resolvers.cjs is
// preloaded (--require) by the benchmark.
import { createServer } from "node:http";
import pg from "pg";
import { postgraphile } from "postgraphile";
import { makePgService } from "postgraphile/adaptors/pg";
import { grafserv } from "postgraphile/grafserv/node";
import { PostGraphileAmberPreset } from "postgraphile/presets/amber";
import { PostGraphileConnectionFilterPreset } from "postgraphile-plugin-connection-filter";

const pool = new pg.Pool({ connectionString: process.argv[2], max: Number(process.argv[3] ?? 10) });
let statements = 0;
pool.on("connect", (client) => {
  const query = client.query.bind(client);
  client.query = (...args) => {
    statements += 1;
    return query(...args);
  };
});

const preset = {
  extends: [PostGraphileAmberPreset, PostGraphileConnectionFilterPreset],
  pgServices: [makePgService({ pool, schemas: ["public"] })],
  schema: { defaultBehavior: "-connection +list -insert -update -delete" },
  grafserv: { graphqlPath: "/graphql", graphiql: false, watch: false },
  grafast: { explain: false },
  // By default PostGraphile 5 filters and orders only by indexed columns; the Today document
  // needs a few more (all-day flag, status, position), as PostGraphile 4 allowed.
  disablePlugins: ["PgIndexBehaviorsPlugin"],
};

const pgl = postgraphile(preset);
const serv = pgl.createServ(grafserv);
const server = createServer((request, response) => {
  if (request.method === "GET" && request.url === "/stats") {
    response.writeHead(200, { "content-type": "application/json" });
    response.end(JSON.stringify({ statements }));
    return;
  }
  handler(request, response);
});
const handler = serv.createHandler();
server.keepAliveTimeout = 60_000;
server.listen(0, "127.0.0.1", () => {
  console.log(`http://127.0.0.1:${server.address().port}/graphql`);
});
process.on("SIGTERM", () => {
  const exit = () => void Promise.resolve(pgl.release()).finally(() => pool.end().finally(() => process.exit(0)));
  server.close(exit);
  server.closeIdleConnections();
  setTimeout(exit, 5_000).unref();
});
