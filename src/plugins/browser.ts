// Browser-facing safety: CORS from an allow-list, Yoga's CSRF prevention, JSON-only POSTs.
import { useCSRFPrevention } from "@graphql-yoga/plugin-csrf-prevention";
import type { CORSOptions, Plugin } from "graphql-yoga";
import type { HttpConfig } from "../http/config.ts";

/** CORS headers only for an allowed Origin; any other origin gets none, so the browser refuses it. */
export function corsFor(config: HttpConfig) {
  return (request: Request): CORSOptions | false => {
    const origin = request.headers.get("origin");
    if (!origin || !config.corsOrigins.has(origin)) return false;
    return {
      origin: [origin],
      credentials: true,
      methods: ["GET", "POST"],
      allowedHeaders: ["content-type", "authorization", "x-graphql-yoga-csrf", "x-request-id"],
      exposedHeaders: ["x-request-id"],
      maxAge: 600,
    };
  };
}

// The response may be application/graphql-response+json (Accept); the request body is JSON.
export const ACCEPTED_POST_TYPES = ["application/json"];

function refusal(status: number, code: string, message: string): Response {
  return new Response(JSON.stringify({ errors: [{ message, extensions: { code } }] }), {
    status,
    headers: { "content-type": "application/json; charset=utf-8" },
  });
}

/**
 * POSTs to the GraphQL endpoint execute only with a JSON body: form-encoded, multipart and
 * text/plain are what a cross-site form can send without a CORS preflight.
 */
export function jsonPostsOnly(endpoint: string): Plugin {
  return {
    onRequest({ request, url, endResponse }) {
      if (request.method !== "POST" || url.pathname !== endpoint) return;
      const mediaType = (request.headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase();
      if (!ACCEPTED_POST_TYPES.includes(mediaType)) {
        endResponse(refusal(415, "UNSUPPORTED_MEDIA_TYPE", `POST bodies must be application/json, got "${mediaType || "none"}"`));
      }
    },
  };
}

export function browserSafetyPlugins(endpoint: string): Plugin[] {
  // GET requests (queries only) must carry `x-graphql-yoga-csrf` (or be preflighted): a plain link
  // or <img> from another site cannot add a header.
  return [jsonPostsOnly(endpoint), useCSRFPrevention({ requestHeaders: ["x-graphql-yoga-csrf"] })];
}
