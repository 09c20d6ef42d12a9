// The document's size, before anything parses it, and what the parsed-document cache may keep.
// A comment is not a token, so a document of `{ __typename } # <7 MB>` passes every token, depth
// and cost limit; without a byte cap each distinct one was parsed and cached whole (the AST keeps
// its source), and 27 of them exhausted the heap. Production runs trusted documents only
// (src/persisted.ts); this holds for the `query` text wherever it is accepted.
import { GraphQLError, type DocumentNode } from "graphql";
import type { Plugin, YogaServerOptions } from "graphql-yoga";
import { LRUCache } from "lru-cache";
import { LIMIT_CODE } from "./document-limits.ts";

/**
 * The default byte cap on a document's text: 20× the Today document (~3 KB), and far above
 * what 1,000 tokens (LIMITS.maxTokens) need unless padded with comments or whitespace.
 */
export const DEFAULT_MAX_DOCUMENT_BYTES = 64 * 1024;

/** `extensions.code` of a document over the cap. */
export const DOCUMENT_TOO_LARGE = "DOCUMENT_TOO_LARGE";

/** MAX_DOCUMENT_BYTES when it is a positive integer, else the default. */
export function maxDocumentBytes(env: NodeJS.ProcessEnv = process.env): number {
  const value = Number(env.MAX_DOCUMENT_BYTES);
  return Number.isSafeInteger(value) && value > 0 ? value : DEFAULT_MAX_DOCUMENT_BYTES;
}

/** UTF-8 bytes of `text`, counted only when its length leaves the answer open. */
function overCap(text: string, cap: number): boolean {
  if (text.length > cap) return true;
  if (text.length * 3 <= cap) return false;
  return Buffer.byteLength(text, "utf8") > cap;
}

/** Refuses a `query` text over `cap` UTF-8 bytes before it is parsed or looked up in the cache. */
export function documentSizePlugin<Context extends object>(cap = maxDocumentBytes()): Plugin<Context> {
  return {
    onParams({ params, setResult }) {
      if (typeof params.query !== "string" || !overCap(params.query, cap)) return;
      setResult({
        errors: [
          new GraphQLError(`The document is larger than ${cap} bytes; send a smaller one (or a trusted document's hash)`, {
            extensions: { code: DOCUMENT_TOO_LARGE, limitCode: LIMIT_CODE, max: cap, http: { status: 413 } },
          }),
        ],
      });
    },
  };
}

/**
 * What the parsed documents (and the parse errors) may hold together, in bytes of source text
 * plus a per-entry allowance for the AST: 1,000 tokens make at most a few hundred KB of nodes,
 * usually a few KB. 16 MiB keeps ~1,000 typical documents, or 250 at the byte cap.
 */
export const PARSER_CACHE_BYTES = 16 * 1024 * 1024;
const AST_ALLOWANCE_BYTES = 8 * 1024;

/**
 * Yoga's parser and validation cache with LRU caches bounded by bytes instead of entries (Yoga's
 * default keeps 1,024 documents of any size). Validation results are kept per cached document
 * (Yoga keys them weakly by the AST), so they leave with it.
 */
export function boundedParserCache(
  maxBytes = PARSER_CACHE_BYTES,
): NonNullable<YogaServerOptions<object, object>["parserAndValidationCache"]> {
  const options = {
    max: 1024,
    maxSize: maxBytes,
    // A JavaScript string holds one or two bytes per character; count two.
    sizeCalculation: (_value: unknown, key: string) => Math.min(maxBytes, key.length * 2 + AST_ALLOWANCE_BYTES),
    ttl: 60 * 60 * 1000,
  };
  return {
    documentCache: new LRUCache<string, DocumentNode>(options),
    errorCache: new LRUCache<string, object>(options),
  };
}
