// GraphQL over real HTTP for the cluster tests: one request, and a todayChanged subscription over SSE.
import type { GraphQLResponse } from "../../support/gateway.ts";
import { sseReader, type SseMessage } from "../../support/sse.ts";

export type { SseMessage };

export interface HttpResult<TData = any> {
  status: number;
  body: GraphQLResponse<TData> | null;
  /** A network failure (connection refused or reset), when there was no response at all. */
  networkError?: string;
}

/** POSTs a document to `${base}/graphql`; never throws (a failure is a result). */
export async function post<TData = any>(
  base: string,
  query: string,
  variables: Record<string, unknown> = {},
  token?: string,
  timeoutMs = 15_000,
): Promise<HttpResult<TData>> {
  try {
    const response = await fetch(`${base}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await response.text();
    let body: GraphQLResponse<TData> | null = null;
    try {
      body = JSON.parse(text) as GraphQLResponse<TData>;
    } catch {
      body = null;
    }
    return { status: response.status, body };
  } catch (error) {
    return { status: 0, body: null, networkError: String((error as { cause?: unknown }).cause ?? error) };
  }
}

/** True for a 200 with data and no errors. */
export function succeeded(result: HttpResult): boolean {
  return result.status === 200 && !!result.body?.data && !result.body.errors?.length;
}

/** `data`, or a thrown error that shows what came back instead. */
export async function ok<TData = any>(base: string, query: string, variables: Record<string, unknown>, token: string): Promise<TData> {
  const result = await post<TData>(base, query, variables, token);
  if (!succeeded(result)) throw new Error(`${base}: ${result.status} ${result.networkError ?? JSON.stringify(result.body)}`);
  return result.body!.data as TData;
}

/** Opens a subscription over SSE at `${base}/graphql`; next() gives the next event (pings skipped), null at the end. */
export async function subscribe(base: string, query: string, variables: Record<string, unknown>, token: string) {
  const controller = new AbortController();
  const response = await fetch(`${base}/graphql`, {
    method: "POST",
    headers: { accept: "text/event-stream", "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
    signal: controller.signal,
  });
  if (!response.headers.get("content-type")?.includes("text/event-stream")) {
    throw new Error(`not an event stream: ${response.status} ${await response.text()}`);
  }
  const stream = sseReader(response.body!);
  return {
    next: stream.next,
    close() {
      // A read still pending on the stream rejects with AbortError: expected at the end.
      stream.cancel().catch(() => undefined);
      controller.abort();
    },
  };
}
