import { Kind, parse } from "graphql";
import { createYoga, type YogaServerInstance } from "graphql-yoga";
import type { Logger } from "pino";
import { schema } from "./graphql/schema.ts";
import type { Context, ResolverConfig } from "./graphql/context.ts";
import { maskDomainErrors } from "./graphql/errors/index.ts";
import { createLoaders } from "./loaders/index.ts";
import { bearerToken, recheckSession, requestInfo, resolveCachedViewer, resolveViewer, SessionCache } from "./auth/session.ts";
import { graphiqlOptions, renderOfflineGraphiQL } from "./graphiql.ts";
import { loadPersistedDocuments, type PersistedDocuments } from "./persisted.ts";
import { gatewayPlugins } from "./plugins/index.ts";
import { LIMITS } from "./plugins/document-limits.ts";
import { boundedParserCache } from "./plugins/document-size.ts";
import { QUERY_TIME_BUDGET_MS } from "./plugins/time-budget.ts";
import { cursorSecret } from "./plugins/signed-cursors.ts";
import { corsFor } from "./plugins/browser.ts";
import { isProduction, readHttpConfig, type HttpConfig } from "./http/config.ts";
import { clientIp, type ServerContext } from "./http/client-ip.ts";
import { createLogger } from "./http/logger.ts";
import { sharedLiveBus, type LiveBus } from "./projector/pubsub.ts";

export const MAX_QUERY_DEPTH = LIMITS.maxDepth;
export const GRAPHQL_ENDPOINT = "/graphql";

/**
 * Requests with a larger body are refused with 413 before they are parsed. Yoga's default is 25 MB;
 * 8 MB still holds the largest upload (an analysis's frame chunks) and bounds what JSON.parse must
 * chew before any limit can look at a request (1M variable keys fit in 25 MB).
 */
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

/** TODAY_PARALLEL: `on`, `off` or `auto` (default; src/loaders/today/page.ts). */
function todayParallel(value: string | undefined): boolean | "auto" {
  if (value === "on") return true;
  if (value === "off") return false;
  return "auto";
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
  // What resolvers read of the configuration, through their context.
  const resolverConfig: ResolverConfig = {
    publicUrl: config.publicUrl,
    signUpMode: config.signUpMode,
    loaders: { today: { parallel: todayParallel(process.env.TODAY_PARALLEL) } },
  };
  return createYoga<ServerContext, Context>({
    // Finished where it is built (src/graphql/schema.ts).
    schema,
    graphqlEndpoint: GRAPHQL_ENDPOINT,
    landingPage: false,
    graphiql: config.graphiql ? graphiqlOptions({ showDemoAccount: true }) : false,
    renderGraphiQL: renderOfflineGraphiQL,
    // Unexpected errors reach the client as "Unexpected error."; DomainErrors keep their message and code.
    maskedErrors: { maskError: maskDomainErrors },
    logging: logger,
    cors: corsFor(config),
    // The body's limit is the gateway's own plugin (src/plugins/request-body-limit.ts): Yoga's
    // pipes every body through a stream whose garbage outlived a minor collection.
    maxRequestBodySize: false,
    // Parsed and validated documents, bounded by their bytes (src/plugins/document-size.ts).
    parserAndValidationCache: boundedParserCache(),
    // Yoga's built-in liveness endpoint.
    healthCheckEndpoint: "/health",
    // Every plugin, by phase (src/plugins/index.ts).
    plugins: gatewayPlugins({
      endpoint: GRAPHQL_ENDPOINT,
      maxRequestBodyBytes: MAX_REQUEST_BODY_BYTES,
      logger,
      schema,
      trusted,
      trustedOnly: production,
      introspection: config.introspection,
      jit: options.jit ?? process.env.GRAPHQL_JIT !== "off",
      queryTimeBudgetMs: options.queryTimeBudgetMs ?? QUERY_TIME_BUDGET_MS,
      cursorSecret: options.cursorSecret ?? cursorSecret(),
    }),
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
        loaders: createLoaders(resolverConfig.loaders),
        requestInfo: requestInfo(request, clientIp(request, server, config.trustedProxies)),
        live,
        config: resolverConfig,
      };
    },
  });
}
