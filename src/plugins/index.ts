// Every Yoga plugin of the gateway, one per file in this folder, listed here by the phase of a
// request they act in (as graphql-yoga's own server lists its plugins). Within a hook, plugins run
// in this order, so the order is part of the behaviour: the comments say where it matters.
import type { GraphQLSchema } from "graphql";
import type { Plugin } from "graphql-yoga";
import type { Logger } from "pino";
import type { Context } from "../graphql/context.ts";
import type { PersistedDocuments } from "../persisted.ts";
import { browserSafetyPlugins } from "./browser.ts";
import { documentLimitPlugins } from "./document-limits.ts";
import { documentSizePlugin } from "./document-size.ts";
import { errorCodesPlugin } from "./error-codes.ts";
import { introspectionRefused } from "./introspection.ts";
import { jitPlugin, trustedQueryNames } from "./jit.ts";
import { metricsPlugin } from "./metrics.ts";
import { paginationCostPlugin } from "./pagination-cost.ts";
import { readinessPlugin } from "./readiness.ts";
import { readRoutingPlugin } from "./read-routing.ts";
import { requestLogPlugin } from "./request-log.ts";
import { releaseLoadersPlugin } from "./release-loaders.ts";
import { requestBodyLimitPlugin } from "./request-body-limit.ts";
import { responseBudgetPlugin } from "./response-budget.ts";
import { cursorCodec, signedCursorsPlugin } from "./signed-cursors.ts";
import { timeBudgetPlugin } from "./time-budget.ts";
import { trustedDocumentsPlugin } from "./trusted-documents.ts";

/** What the plugins are built from: the gateway's configuration, already read (src/server.ts). */
export interface GatewayPluginOptions {
  /** The GraphQL endpoint's path (JSON-only POSTs are enforced there). */
  endpoint: string;
  /** Bodies over this many bytes are refused with 413 before they are parsed. */
  maxRequestBodyBytes: number;
  logger: Logger;
  /** The finished schema (src/graphql/schema.ts), whose cursors the signed-cursors plugin checks. */
  schema: GraphQLSchema;
  /** The trusted documents; their queries are the ones JIT-compiled. */
  trusted: PersistedDocuments;
  /** Only the trusted documents run (production). */
  trustedOnly: boolean;
  introspection: boolean;
  /** JIT-compile the trusted queries (jit.ts). */
  jit: boolean;
  queryTimeBudgetMs: number;
  /** The key that signs connection cursors. */
  cursorSecret: Buffer;
}

export function gatewayPlugins(options: GatewayPluginOptions): Array<Plugin<Context> | Plugin> {
  return [
    // Result: first, so every later hook (the request log included) sees coded errors.
    errorCodesPlugin<Context>(),
    // The result's bytes: over the budget, an error instead; a plain answer is serialized here,
    // once. Before the request log, which logs the codes of the answer it is given.
    responseBudgetPlugin<Context>(),

    // The HTTP request: its id and log line, browser safety, /ready, /metrics.
    requestLogPlugin(options.logger),
    ...browserSafetyPlugins(options.endpoint),
    readinessPlugin(),
    metricsPlugin(),

    // The request's body: its bytes before it is parsed (Yoga's own limit is off, src/server.ts).
    requestBodyLimitPlugin(options.maxRequestBodyBytes),

    // The request's parameters: a trusted document's hash becomes its text. After the request
    // log, which reads the operation name of a request this may refuse.
    trustedDocumentsPlugin({ documents: options.trusted, allowArbitraryDocuments: !options.trustedOnly }),

    // Parse and validate: the text's bytes before anything parses it, then the document's depth,
    // aliases and cost, then introspection (never where only trusted documents run).
    documentSizePlugin<Context>(),
    ...documentLimitPlugins<Context>(),
    paginationCostPlugin<Context>(),
    ...(options.introspection && !options.trustedOnly ? [] : [introspectionRefused()]),

    // Execute. The read route first (the replica or the primary, src/db/routing.ts), before any
    // plugin that may execute; the JIT before the time budget, which wraps whichever executor runs.
    readRoutingPlugin(),
    ...(options.jit ? [jitPlugin<Context>(trustedQueryNames(options.trusted))] : []),
    timeBudgetPlugin<Context>(options.queryTimeBudgetMs),
    // Connection cursors signed for the viewer: a cursor made from another user's row id is refused.
    signedCursorsPlugin<Context>(options.schema, cursorCodec(options.cursorSecret)),
    // Last: the request's loaders and their rows are let go of once its execution is done.
    releaseLoadersPlugin(),
  ];
}
