// PostGraphile 4 over the database given as argv[2], read-only, with the connection-filter
// plugin for the day's ranges. Prints its GraphQL URL on stdout once it listens.
import { createServer } from "node:http";
import { postgraphile } from "postgraphile";
import ConnectionFilterPlugin from "postgraphile-plugin-connection-filter";

const middleware = postgraphile(process.argv[2], "public", {
  disableDefaultMutations: true,
  simpleCollections: "only",
  appendPlugins: [ConnectionFilterPlugin],
  graphqlRoute: "/graphql",
  disableQueryLog: true,
  retryOnInitFail: false,
});
const server = createServer(middleware);
server.listen(0, "127.0.0.1", () => {
  console.log(`http://127.0.0.1:${server.address().port}/graphql`);
});
process.on("SIGTERM", () => {
  server.close();
  middleware.release().finally(() => process.exit(0));
});
