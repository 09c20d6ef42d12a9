import { Kind, NoSchemaIntrospectionCustomRule, parse } from "graphql";
import { createYoga, type Plugin, type YogaServerInstance } from "graphql-yoga";
import type { Logger } from "pino";
import { schema } from "./graphql/schema.ts";
import { syncNodeIds } from "./graphql/ids.ts";
import { answerNestedRelations } from "./today/schema.ts";
import type { Context } from "./graphql/context.ts";
import { createLoaders } from "./loaders/index.ts";
import { bearerToken, recheckSession, requestInfo, resolveCachedViewer, resolveViewer, SessionCache } from "./auth/session.ts";
import { graphiqlOptions, renderOfflineGraphiQL } from "./graphiql.ts";
import { loadPersistedDocuments, trustedDocumentsPlugins, type PersistedDocuments } from "./persisted.ts";
import { documentLimitPlugins, LIMITS } from "./plugins/document-limits.ts";
import { paginationCostPlugin } from "./plugins/pagination-cost.ts";
import { jitPlugin, trustedQueryNames } from "./plugins/jit.ts";
import { QUERY_TIME_BUDGET_MS, timeBudgetPlugin } from "./plugins/time-budget.ts";
import { hardenArguments } from "./plugins/input-hygiene.ts";
import { errorCodesPlugin } from "./plugins/error-codes.ts";
import { cursorCodec, cursorSecret, signCursorOutputs, signedCursorsPlugin } from "./plugins/signed-cursors.ts";
import { isProduction, readHttpConfig, type HttpConfig } from "./http/config.ts";
import { browserSafetyPlugins, corsFor } from "./http/browser.ts";
import { clientIp, type ServerContext } from "./http/client-ip.ts";
import { createLogger, requestLogPlugin } from "./http/logger.ts";
import { readinessPlugin } from "./http/health.ts";
import { metricsPlugin } from "./http/metrics.ts";
import { readRoutingPlugin } from "./plugins/read-routing.ts";
import { sharedLiveBus, type LiveBus } from "./projector/pubsub.ts";

export const MAX_QUERY_DEPTH = LIMITS.maxDepth;
export const GRAPHQL_ENDPOINT = "/graphql";

/** Requests with a larger body are refused with 413 before they are parsed. */
export const MAX_REQUEST_BODY_BYTES = 8 * 1024 * 1024;

export type Gateway = YogaServerInstance<ServerContext, Context>;

export interface GatewayOptions {
  config?: HttpConfig;
  logger?: Logger;
  queryTimeBudgetMs?: number;
  /** Production: trusted documents only, no introspection, no GraphiQL. Default: NODE_ENV=production. */
  production?: boolean;
  /** The trusted documents (default: codegen's persisted-documents.json). */
  persistedDocuments?: PersistedDocuments;
  /** The key that signs connection cursors (default: CURSOR_SECRET, or a per-process key outside production). */
  cursorSecret?: Buffer;
  /** The live-Today bus (default: the process-wide one, Redis when REDIS_URL is set). */
  live?: LiveBus;
  /** The trusted queries JIT-compiled (src/plugins/jit.ts). Default: on, unless GRAPHQL_JIT=off. */
  jit?: boolean;
  /**
   * Today-only trusted documents skip the session statement when the session is cached; the
   * page statement checks it instead (src/auth/session.ts). Default: on, unless SESSION_CACHE=off.
   */
  sessionCache?: boolean;
}

/**
 * The trusted documents whose only work is the `today` field: one query operation, every root
 * selection a `today` field. Their viewer may come from the session cache, because the page
 * statement checks the session again before `today` answers; any other document pays the
 * full session check first.
 */
export function todayOnlyDocuments(documents: PersistedDocuments): Set<string> {
  const found = new Set<string>();
  for (const text of documents.values()) {
    const operations = parse(text).definitions.filter((definition) => definition.kind === Kind.OPERATION_DEFINITION);
    if (operations.length !== 1 || operations[0].operation !== "query") continue;
    const selections = operations[0].selectionSet.selections;
    if (selections.every((selection) => selection.kind === Kind.FIELD && selection.name.value === "today")) found.add(text);
  }
  return found;
}

export function createGateway(options: GatewayOptions = {}): Gateway {
  const production = options.production ?? isProduction();
  const base = options.config ?? readHttpConfig();
  // Production serves trusted documents only: introspection and GraphiQL stay off whatever the flags say.
  const config = production ? { ...base, introspection: false, graphiql: false } : base;
  const logger = options.logger ?? createLogger();
  const live = options.live ?? sharedLiveBus();
  const trusted = options.persistedDocuments ?? loadPersistedDocuments();
  const sessions = (options.sessionCache ?? process.env.SESSION_CACHE !== "off") ? new SessionCache() : null;
  const todayOnly = todayOnlyDocuments(trusted);
  const introspectionOff: Plugin = { onValidate: ({ addValidationRule }) => addValidationRule(NoSchemaIntrospectionCustomRule) };
  const served = answerNestedRelations(syncNodeIds(signCursorOutputs(hardenArguments(schema))));
  return createYoga<ServerContext, Context>({
    schema: served,
    graphqlEndpoint: GRAPHQL_ENDPOINT,
    landingPage: false,
    graphiql: config.graphiql ? graphiqlOptions({ showDemoAccount: true }) : false,
    renderGraphiQL: renderOfflineGraphiQL,
    // Unexpected errors reach the client as "Unexpected error."; AppErrors keep their message and code.
    maskedErrors: true,
    logging: logger,
    cors: corsFor(config),
    // Yoga's default is 25 MB; 8 MB still holds the largest upload (an analysis's frame chunks) and
    // bounds what JSON.parse must chew before any limit can look at a request (1M variable keys fit in 25 MB).
    maxRequestBodySize: MAX_REQUEST_BODY_BYTES,
    // Yoga's built-in liveness endpoint.
    healthCheckEndpoint: "/health",
    plugins: [
      // First, so every later hook (the request log included) sees coded errors.
      errorCodesPlugin<Context>(),
      requestLogPlugin(logger),
      ...browserSafetyPlugins(GRAPHQL_ENDPOINT),
      readinessPlugin(),
      metricsPlugin(),
      // Before any plugin that may execute (JIT): the operation's reads go to the replica or the primary.
      readRoutingPlugin(),
      ...documentLimitPlugins<Context>(),
      paginationCostPlugin<Context>(),
      // Before the time budget, which wraps whichever executor runs.
      ...(options.jit ?? process.env.GRAPHQL_JIT !== "off" ? [jitPlugin<Context>(trustedQueryNames(trusted))] : []),
      timeBudgetPlugin<Context>(options.queryTimeBudgetMs ?? QUERY_TIME_BUDGET_MS),
      ...(config.introspection ? [] : [introspectionOff]),
      // Connection cursors signed for the viewer: a cursor made from another user's row id is refused.
      signedCursorsPlugin<Context>(served, cursorCodec(options.cursorSecret ?? cursorSecret())),
      ...trustedDocumentsPlugins({
        documents: trusted,
        allowArbitraryDocuments: !production,
      }),
    ],
    context: async ({ request, params, ...server }) => {
      const token = bearerToken(request);
      let viewer: Context["viewer"];
      let session: Context["session"] = null;
      if (sessions && typeof params.query === "string" && todayOnly.has(params.query)) {
        const cached = await resolveCachedViewer(token, sessions);
        viewer = cached.viewer;
        const check = cached.check;
        if (check) session = { check, recheck: () => recheckSession(check, sessions) };
      } else {
        viewer = await resolveViewer(token, new Date(), sessions ?? undefined);
      }
      return {
        viewer,
        session,
        loaders: createLoaders(),
        requestInfo: requestInfo(request, clientIp(request, server, config.trustedProxies)),
        live,
      };
    },
  });
}
