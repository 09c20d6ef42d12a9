// The request log: an id per request and one JSON line when its response leaves (the logger:
// src/http/logger.ts).
import { randomUUID } from "node:crypto";
import type { Plugin } from "graphql-yoga";
import type { Logger } from "pino";

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,100}$/;

interface RequestLog {
  id: string;
  started: number;
  operationName?: string;
  errorCodes: string[];
}

/** A request id (the client's X-Request-Id when sane, else a new UUID), echoed back, and one log line per request. */
export function requestLogPlugin(logger: Logger): Plugin {
  const requests = new WeakMap<Request, RequestLog>();
  return {
    onRequest({ request }) {
      const given = request.headers.get("x-request-id");
      requests.set(request, { id: given && REQUEST_ID.test(given) ? given : randomUUID(), started: performance.now(), errorCodes: [] });
    },
    onParams({ params, request }) {
      const log = requests.get(request);
      if (log && typeof params.operationName === "string") log.operationName = params.operationName.slice(0, 100);
    },
    onResultProcess({ request, result }) {
      const log = requests.get(request);
      if (!log) return;
      for (const one of Array.isArray(result) ? result : [result]) {
        for (const error of (one as { errors?: readonly { extensions?: { code?: unknown } }[] }).errors ?? []) {
          log.errorCodes.push(String(error.extensions?.code ?? "NONE"));
        }
      }
    },
    onResponse({ request, response }) {
      const log = requests.get(request);
      if (!log) return;
      response.headers.set("x-request-id", log.id);
      const entry = {
        reqId: log.id,
        method: request.method,
        path: new URL(request.url).pathname,
        status: response.status,
        ms: Math.round(performance.now() - log.started),
        operationName: log.operationName,
        errorCodes: log.errorCodes.length > 0 ? log.errorCodes : undefined,
      };
      if (response.status >= 500 || log.errorCodes.includes("INTERNAL_SERVER_ERROR")) logger.error(entry, "request failed");
      else logger.info(entry, "request");
    },
  };
}
