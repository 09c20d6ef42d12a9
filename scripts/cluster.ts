/**
 * `npm run cluster`: the scale-out deployment on loopback (test/cluster/support/cluster.ts):
 * PostgreSQL primary + streaming replica, PgBouncer (transaction mode), Redis, two gateways,
 * HAProxy in front, one projector. Prints the URLs and stays up until Ctrl-C / SIGTERM, then
 * stops every process and removes the temporary directory.
 */
import { startCluster } from "../test/cluster/support/cluster.ts";

const started = performance.now();
const cluster = await startCluster({ log: (line) => console.log(`  ${line}`) }).catch((error: unknown) => {
  console.error(`cluster failed to start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});

console.log(`
Today Gateway cluster up in ${((performance.now() - started) / 1000).toFixed(1)} s (files and logs in ${cluster.dir})

  HAProxy (use this)   ${cluster.url}/   GraphQL ${cluster.url}/graphql
${cluster.gateways.map((gateway) => `  ${gateway.name.padEnd(20)} ${gateway.url}/   metrics ${gateway.url}/metrics`).join("\n")}
  PgBouncer            ${cluster.poolerUrl}   (admin: psql ${cluster.poolerAdminUrl} -c 'SHOW POOLS')
  primary (direct)     ${cluster.primaryUrl}
  replica              ${cluster.replicaUrl}
  Redis                ${cluster.redisUrl}
  projector            pid ${cluster.services.get("projector")?.pid}

Ctrl-C stops everything and removes ${cluster.dir}.
`);

for (const service of cluster.services.values()) {
  void service.exited.then((code) => {
    if (!stopping) console.error(`${service.name} exited (${code ?? "signal"}); last lines of its log:\n${service.tail(15)}`);
  });
}

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  console.log(`${signal}: stopping the cluster`);
  await cluster.close();
  console.log("stopped; temporary directory removed");
  process.exit(0);
}
process.on("SIGINT", () => void shutdown("SIGINT"));
process.on("SIGTERM", () => void shutdown("SIGTERM"));
