// Reads a GraphQL-over-SSE response (Yoga's "distinct connections" mode) one message at a time:
// `event:` and `data:` lines of a block separated by a blank line; comment lines (pings) skipped.

export interface SseMessage {
  event: string;
  data: any;
}

export interface SseReader {
  /** The next message, or null once the stream has ended. */
  next(): Promise<SseMessage | null>;
  /** Stops reading; a read still pending rejects with AbortError, which is expected at the end. */
  cancel(): Promise<void>;
}

export function sseReader(body: ReadableStream<Uint8Array>): SseReader {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  return {
    async next() {
      for (;;) {
        const end = buffer.indexOf("\n\n");
        if (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const lines = block.split("\n").filter((line) => line && !line.startsWith(":"));
          if (lines.length === 0) continue;
          const event =
            lines
              .find((line) => line.startsWith("event:"))
              ?.slice(6)
              .trim() ?? "message";
          const data = lines
            .filter((line) => line.startsWith("data:"))
            .map((line) => line.slice(5).trim())
            .join("\n");
          return { event, data: data ? JSON.parse(data) : null };
        }
        const chunk = await reader.read();
        if (chunk.done) return null;
        buffer += decoder.decode(chunk.value, { stream: true });
      }
    },
    cancel: () => reader.cancel(),
  };
}
