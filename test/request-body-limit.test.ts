// The body limit over real HTTP (src/plugins/request-body-limit.ts): a declared Content-Length is
// judged before a byte of the body is read; a chunked body, which declares none, is counted as
// it arrives and refused once past the limit.
import { Agent, createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_REQUEST_BODY_BYTES } from "../src/server.ts";
import { startTestGateway, type TestGateway } from "./support/gateway.ts";

let t: TestGateway;
let server: Server;
let port: number;

beforeAll(async () => {
  t = await startTestGateway();
  server = createServer(t.gateway);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await t?.close();
});

interface Answer {
  status: number;
  connection: string | undefined;
  body: { data?: unknown; errors?: Array<{ extensions?: Record<string, unknown> }> };
}

/** POSTs to /graphql with these headers; `send` writes the body (or not) and ends the request. */
function post(
  headers: Record<string, string | number>,
  send: (write: (chunk: string) => boolean, end: () => void, headersOnly: () => void) => void,
  agent: Agent | false = false,
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { agent, host: "127.0.0.1", port, path: "/graphql", method: "POST", headers: { "content-type": "application/json", ...headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            connection: res.headers.connection,
            body: JSON.parse(Buffer.concat(chunks).toString("utf8")),
          }),
        );
      },
    );
    // The server may answer and close before the whole body is written: that is the point.
    req.on("error", (error: NodeJS.ErrnoException) => (error.code === "EPIPE" || error.code === "ECONNRESET" ? undefined : reject(error)));
    send(
      (chunk) => req.write(chunk),
      () => req.end(),
      () => req.flushHeaders(),
    );
  });
}

const QUERY = JSON.stringify({ query: "{ __typename }" });

describe("the request body's limit", () => {
  it("answers a body of declared length within the limit", async () => {
    const answer = await post({ "content-length": Buffer.byteLength(QUERY) }, (write, end) => {
      write(QUERY);
      end();
    });
    expect(answer).toMatchObject({ status: 200, body: { data: { __typename: "Query" } } });
  });

  it("refuses a declared length over the limit with 413 before the body is sent", async () => {
    // Only the headers go out: the answer comes without the server waiting for 8 MB.
    const answer = await post({ "content-length": MAX_REQUEST_BODY_BYTES + 1 }, (_write, _end, headersOnly) => headersOnly());
    expect(answer.status).toBe(413);
    expect(answer.body.errors?.[0]?.extensions).toMatchObject({ code: "REQUEST_ENTITY_TOO_LARGE", max: MAX_REQUEST_BODY_BYTES });
  });

  it("counts a chunked body (no declared length), refuses it past the limit and closes that connection", async () => {
    // One keep-alive connection at a time: the request after the refused one must not hang on a
    // connection whose unread body would be taken for it (graphql-yoga's own limit hung here).
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const padding = "x".repeat(1024 * 1024);
    const refused = await post(
      { "transfer-encoding": "chunked" },
      (write, end) => {
        write(`{"query":"{ __typename }","variables":{"pad":"`);
        for (let i = 0; i < 9; i += 1) write(padding);
        write(`"}}`);
        end();
      },
      agent,
    );
    expect(refused.status).toBe(413);
    expect(refused.connection).toBe("close");
    expect(refused.body.errors?.[0]?.extensions?.code).toBe("REQUEST_ENTITY_TOO_LARGE");
    // A chunked body within the limit is read as usual, on the same agent.
    const read = await post(
      { "transfer-encoding": "chunked" },
      (write, end) => {
        write(QUERY.slice(0, 10));
        write(QUERY.slice(10));
        end();
      },
      agent,
    );
    expect(read).toMatchObject({ status: 200, body: { data: { __typename: "Query" } } });
    agent.destroy();
  });

  it("refuses a Content-Length that is not one whole number (in process: Node's parser stops it on the wire)", async () => {
    const response = await t.gateway.fetch("http://test.local/graphql", {
      method: "POST",
      headers: { "content-type": "application/json", "content-length": "12, 12" },
      body: QUERY,
    });
    expect(response.status).toBe(400);
  });
});
