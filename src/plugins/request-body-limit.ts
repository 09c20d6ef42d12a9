// The request body's byte limit, in place of graphql-yoga's own (`maxRequestBodySize`, turned off
// in src/server.ts). Yoga's pipes every body through a TransformStream into a new Request, so that
// a chunked body without a Content-Length is counted too. That cost every request ~10 KB of
// streams, listeners and abort signals which outlived a minor collection: the scavenger copied
// them, then promoted them to the old generation (bench/results/2026-12-07-tail.md).
//
// Here a declared Content-Length is checked (a single non-negative integer, at most the limit) and
// the body is left alone: Node's HTTP parser reads exactly that many bytes, and what follows is the
// next request. Only a body without one (chunked) is read with a running count, and refused the
// moment it passes the limit.
import type { ServerResponse } from "node:http";
import { GraphQLError } from "graphql";
import type { Plugin } from "graphql-yoga";

/** `extensions.code` of a body over the limit (graphql-yoga's own code for it). */
export const REQUEST_TOO_LARGE = "REQUEST_ENTITY_TOO_LARGE";

const tooLarge = (limit: number) =>
  new GraphQLError("Request body too large", {
    extensions: { code: REQUEST_TOO_LARGE, max: limit, http: { status: 413 } },
  });

const CONTENT_LENGTH = /^\d+$/;

/**
 * A refused body is not read to its end: the connection closes after the answer (over Node's HTTP
 * server), where keeping it open would leave the rest of the body to be read as the next request's
 * (graphql-yoga's own limit left such a connection hanging).
 */
function closeAfterAnswer(serverContext: unknown): void {
  (serverContext as { res?: ServerResponse }).res?.setHeader("connection", "close");
}

/**
 * A request whose body (without a declared length) is read into memory, refused past `limit` bytes.
 * Past the limit the reader is let go of, not cancelled: cancelling would destroy the socket before
 * the 413 goes out (the client would see a reset); the connection is closed after the answer.
 */
async function readWithin(
  request: Request,
  limit: number,
  fetchAPI: { Request: typeof Request },
  serverContext: unknown,
): Promise<Request> {
  const reader = (request.body as ReadableStream<Uint8Array>).getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      reader.releaseLock();
      closeAfterAnswer(serverContext);
      throw tooLarge(limit);
    }
    chunks.push(value);
  }
  return new fetchAPI.Request(request.url, {
    method: request.method,
    headers: request.headers,
    signal: request.signal,
    body: Buffer.concat(chunks),
  });
}

export function requestBodyLimitPlugin(limit: number): Plugin {
  return {
    onRequestParse({ request, requestParser, setRequestParser, fetchAPI, serverContext }) {
      const declared = request.headers.get("content-length");
      if (declared !== null) {
        if (!CONTENT_LENGTH.test(declared)) {
          closeAfterAnswer(serverContext);
          throw new GraphQLError("Content-Length header is invalid", { extensions: { code: "BAD_REQUEST", http: { status: 400 } } });
        }
        if (Number(declared) > limit) {
          closeAfterAnswer(serverContext);
          throw tooLarge(limit);
        }
        return;
      }
      if (!requestParser || !request.body) return;
      setRequestParser(async (incoming) => requestParser(await readWithin(incoming, limit, fetchAPI, serverContext)));
    },
  };
}
