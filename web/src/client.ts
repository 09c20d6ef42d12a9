// A thin fetch over codegen's TypedDocumentNode: variables and results are typed by the
// documents. The built page sends only the document's hash (trusted documents, see
// src/persisted.ts); the Vite dev server sends the text, so a new document works before a build.
import type { TypedDocumentNode } from "@graphql-typed-document-node/core";

export interface GraphQLErrorShape {
  message: string;
  extensions?: { code?: string };
}

/** A failed request, with the `extensions.code` of its first error ("NETWORK" when unreachable). */
export class RequestError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

type WithHash = { __meta__?: { hash?: string } };

async function requestBody(document: TypedDocumentNode<unknown, never>, variables: unknown): Promise<string> {
  const hash = (document as WithHash).__meta__?.hash;
  if (import.meta.env.DEV || !hash) {
    const { print } = await import("graphql");
    return JSON.stringify({ query: print(document), variables });
  }
  return JSON.stringify({
    variables,
    extensions: { persistedQuery: { version: 1, sha256Hash: hash.replace(/^sha256:/, "") } },
  });
}

export async function request<TResult, TVariables>(
  document: TypedDocumentNode<TResult, TVariables>,
  variables: TVariables,
  token: string | null,
): Promise<TResult> {
  // The CSRF header Yoga's csrf-prevention plugin asks for by default (harmless without it).
  const headers: Record<string, string> = {
    "content-type": "application/json",
    accept: "application/json",
    "x-graphql-yoga-csrf": "today-web",
  };
  if (token) headers.authorization = `Bearer ${token}`;
  let response: Response;
  try {
    response = await fetch("/graphql", { method: "POST", headers, body: await requestBody(document, variables) });
  } catch {
    throw new RequestError("NETWORK", "The server cannot be reached");
  }
  let payload: { data?: TResult | null; errors?: GraphQLErrorShape[] };
  try {
    payload = await response.json();
  } catch {
    throw new RequestError("INTERNAL_SERVER_ERROR", `The server answered ${response.status}`);
  }
  const error = payload.errors?.[0];
  if (error) throw new RequestError(error.extensions?.code ?? "INTERNAL_SERVER_ERROR", error.message);
  if (!payload.data) throw new RequestError("INTERNAL_SERVER_ERROR", "The server sent no data");
  return payload.data;
}

/** What to tell a person, by the error's `extensions.code`. */
export function describeError(error: unknown): string {
  if (!(error instanceof RequestError)) return "Something went wrong in this page. Reload it and try again.";
  switch (error.code) {
    case "NETWORK":
      return "Can't reach the server. Check your connection and try again.";
    case "UNAUTHENTICATED":
      return "You're signed out. Please sign in again.";
    case "FORBIDDEN":
      return "You're not allowed to do that.";
    case "NOT_FOUND":
      return "That item no longer exists; the page shows the current state.";
    case "CONFLICT":
      return `That can't be done right now: ${error.message}`;
    case "BAD_USER_INPUT":
      return `Please check what you entered: ${error.message}`;
    case "RATE_LIMITED":
    case "TOO_MANY_REQUESTS":
      return "Too many attempts. Wait a minute and try again.";
    case "PERSISTED_QUERY_NOT_FOUND":
      return "This page is older than the server. Reload the page.";
    default:
      return "Something went wrong on our side. Please try again.";
  }
}

/**
 * Runs a subscription over Server-Sent Events (Yoga's built-in transport: a POST with
 * `Accept: text/event-stream`, so the bearer token travels in a header) and calls `onData` for
 * each result. Reconnects after `retryMs` when the stream ends or fails; returns a stop function.
 */
export function subscribe<TResult, TVariables>(
  document: TypedDocumentNode<TResult, TVariables>,
  variables: TVariables,
  token: string,
  onData: (data: TResult) => void,
  retryMs = 5_000,
): () => void {
  const controller = new AbortController();
  const run = async () => {
    while (!controller.signal.aborted) {
      try {
        const response = await fetch("/graphql", {
          method: "POST",
          headers: {
            "content-type": "application/json",
            accept: "text/event-stream",
            "x-graphql-yoga-csrf": "today-web",
            authorization: `Bearer ${token}`,
          },
          body: await requestBody(document as TypedDocumentNode<unknown, never>, variables),
          signal: controller.signal,
        });
        if (!response.body) throw new Error("no stream");
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = "";
        for (;;) {
          const chunk = await reader.read();
          if (chunk.done) break;
          buffer += chunk.value;
          let end = buffer.indexOf("\n\n");
          while (end >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            end = buffer.indexOf("\n\n");
            if (!/^event: next$/m.test(block)) continue;
            const data = block
              .split("\n")
              .filter((line) => line.startsWith("data:"))
              .map((line) => line.slice(5))
              .join("\n");
            const payload = JSON.parse(data) as { data?: TResult | null };
            if (payload.data) onData(payload.data);
          }
        }
      } catch {
        // Aborted, or the connection failed: retry below unless stopped.
      }
      await new Promise((resolve) => setTimeout(resolve, retryMs));
    }
  };
  void run();
  return () => controller.abort();
}
