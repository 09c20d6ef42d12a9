import { readFileSync } from "node:fs";
import { PERSISTED_DOCUMENTS_PATH } from "../src/persisted.ts";
import { spawn, type ChildProcess } from "node:child_process";
import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMigratedDatabase, type MigratedDatabase } from "./support/migrated.ts";

let database: MigratedDatabase;
let child: ChildProcess | undefined;
let port = 0;
const logLines: Record<string, unknown>[] = [];

function waitForLog(predicate: (line: Record<string, unknown>) => boolean, timeoutMs = 90_000): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const poll = () => {
      const found = logLines.find(predicate);
      if (found) return resolve(found);
      if (Date.now() - started > timeoutMs) return reject(new Error(`log line not seen; got ${JSON.stringify(logLines.slice(-5))}`));
      setTimeout(poll, 25);
    };
    poll();
  });
}

beforeAll(async () => {
  database = await createMigratedDatabase();
  child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    env: {
      ...process.env,
      DATABASE_URL: database.url,
      // The embedded test database is served on one connection.
      DATABASE_POOL_SIZE: database.kind === "pglite" ? "1" : "4",
      PORT: "0",
      LOG_LEVEL: "info",
      NODE_ENV: "production",
      // Production refuses to start without the key that signs connection cursors.
      CURSOR_SECRET: "service-test-cursor-secret-0123456789abcdef",
      VITEST: "",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let buffer = "";
  child.stdout!.on("data", (chunk: Buffer) => {
    buffer += chunk.toString();
    let newline: number;
    while ((newline = buffer.indexOf("\n")) >= 0) {
      const line = buffer.slice(0, newline);
      buffer = buffer.slice(newline + 1);
      try {
        logLines.push(JSON.parse(line) as Record<string, unknown>);
      } catch {
        logLines.push({ raw: line });
      }
    }
  });
  child.stderr!.on("data", (chunk: Buffer) => logLines.push({ stderr: chunk.toString() }));
  const ready = await waitForLog((line) => line.msg === "Today Gateway ready");
  port = Number(new URL(String(ready.url)).port);
}, 120_000);

afterAll(async () => {
  if (process.env.DEBUG_SERVICE) console.log(JSON.stringify(logLines.slice(-8), null, 1));
  if (child && child.exitCode === null) child.kill("SIGKILL");
  await database?.close();
});

function post(
  body: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: "127.0.0.1",
        port,
        agent: false,
        path: "/graphql",
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
      },
      (res) => {
        let text = "";
        res.on("data", (chunk: Buffer) => (text += chunk.toString()));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text, headers: res.headers }));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

/** Production runs trusted documents only: requests name a document of the manifest by its hash. */
function trusted(operation: string, variables: Record<string, unknown> = {}): string {
  const manifest = JSON.parse(readFileSync(PERSISTED_DOCUMENTS_PATH, "utf8")) as Record<string, string>;
  const hash = Object.keys(manifest).find((key) => manifest[key].includes(`${operation}`));
  if (!hash) throw new Error(`no trusted document for ${operation}`);
  return JSON.stringify({ variables, extensions: { persistedQuery: { version: 1, sha256Hash: hash.replace(/^sha256:/, "") } } });
}

describe("the gateway as a process", () => {
  it("logs one JSON line per request with its request id, and no secrets", async () => {
    const response = await post(trusted("mutation SignIn(", { input: { email: "nobody@example.test", password: "hunter2-secret" } }), {
      authorization: "Bearer tgw_not-a-real-token",
      "x-request-id": "trace-42",
    });
    expect(response.status).toBe(200);
    expect(response.headers["x-request-id"]).toBe("trace-42");
    const line = await waitForLog((entry) => entry.reqId === "trace-42");
    expect(line).toMatchObject({ msg: "request", method: "POST", path: "/graphql", status: 200, errorCodes: ["UNAUTHENTICATED"] });
    const everything = JSON.stringify(logLines);
    expect(everything).not.toContain("hunter2-secret");
    expect(everything).not.toContain("tgw_not-a-real-token");
  });

  it("finishes a request in flight on SIGTERM, refuses new connections, closes the pool and exits 0", async () => {
    // Signed out, SignOut answers UNAUTHENTICATED: a complete GraphQL response, not a cut connection.
    const body = trusted("mutation SignOut ");
    // A request whose body is still arriving when the signal comes.
    const inFlight = new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = request(
        {
          host: "127.0.0.1",
          port,
          agent: false,
          path: "/graphql",
          method: "POST",
          headers: { "content-type": "application/json", "content-length": String(body.length) },
        },
        (res) => {
          let text = "";
          res.on("data", (chunk: Buffer) => (text += chunk.toString()));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, text }));
        },
      );
      req.on("error", reject);
      req.write(body.slice(0, 5));
      req.on("socket", (socket) =>
        socket.on("connect", async () => {
          await new Promise((resolve) => setTimeout(resolve, 200));
          child!.kill("SIGTERM");
          await waitForLog((line) => String(line.msg).startsWith("shutting down"));
          req.end(body.slice(5));
        }),
      );
    });
    const exited = new Promise<number | null>((resolve) => child!.on("exit", (code) => resolve(code)));
    const response = await inFlight;
    expect(response.status).toBe(200);
    expect(JSON.parse(response.text).errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    expect(await exited).toBe(0);
    expect(logLines.some((line) => line.msg === "stopped")).toBe(true);
    await expect(post(body)).rejects.toThrow(/ECONNREFUSED/);
  });
});
