// One variant of the gateway for `bench/cpu.ts`, in-process (no HTTP): the gateway of the
// checkout argv[2] (its src/, so an older version can run side by side with this one) over
// the database argv[3]. Takes commands on the IPC channel, `{ token, date, requests,
// concurrency }`, sends that many Today requests through `yoga.fetch`, and answers the
// process CPU time and wall time of the batch, and the process's memory. stdout carries the
// gateway's request logs, as in production.
import { pathToFileURL } from "node:url";

const root = pathToFileURL(`${process.argv[2].replace(/\/$/, "")}/`);
const url = process.argv[3];
const { createDatabaseClient } = (await import(new URL("src/db/client.ts", root).href)) as typeof import("../src/db/client.ts");
const { useDatabase } = (await import(new URL("src/db/index.ts", root).href)) as typeof import("../src/db/index.ts");
const { createGateway } = (await import(new URL("src/server.ts", root).href)) as typeof import("../src/server.ts");
const { loadPersistedDocuments } = (await import(new URL("src/persisted.ts", root).href)) as typeof import("../src/persisted.ts");

const db = createDatabaseClient(url, { max: Number(process.argv[4] ?? 10) });
useDatabase(db);
const gateway = createGateway();
// The Today page as the web client sends it: its trusted document's hash (production mode).
const hash = [...loadPersistedDocuments()].find(([, document]) => document.includes("query TodayPage"))![0];
let statements = 0;
db.onQuery(() => {
  statements += 1;
});

interface Command {
  token: string;
  date: string;
  requests: number;
  concurrency?: number;
  /** Answer the response body of one request (checks that variants answer the same bytes). */
  body?: boolean;
}

async function one(command: Command): Promise<string> {
  const response = await gateway.fetch("http://bench.local/graphql", {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${command.token}` },
    body: JSON.stringify({ variables: { date: command.date }, extensions: { persistedQuery: { version: 1, sha256Hash: hash } } }),
  });
  const text = await response.text();
  if (!response.ok || text.includes('"errors"')) throw new Error(`failed: ${response.status} ${text.slice(0, 400)}`);
  return text;
}

async function run(command: Command): Promise<object> {
  if (command.body) {
    const before = statements;
    const body = await one(command);
    return { body, statements: statements - before };
  }
  const cpu = process.cpuUsage();
  const started = performance.now();
  let left = command.requests;
  const worker = async () => {
    while (left > 0) {
      left -= 1;
      await one(command);
    }
  };
  await Promise.all(Array.from({ length: command.concurrency ?? 1 }, worker));
  const used = process.cpuUsage(cpu);
  const memory = process.memoryUsage();
  return {
    cpuMs: (used.user + used.system) / 1000,
    wallMs: performance.now() - started,
    rssMiB: memory.rss / 2 ** 20,
    heapMiB: memory.heapUsed / 2 ** 20,
  };
}

process.on("message", (command: Command) => {
  run(command).then(
    (answer) => process.send!(answer),
    (error: Error) => {
      console.error(error);
      process.exit(1);
    },
  );
});
process.on("disconnect", () => void db.close().finally(() => process.exit(0)));
process.send!("ready");
