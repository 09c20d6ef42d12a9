import { createYoga, type Plugin, type YogaServerInstance } from "graphql-yoga";
import { GraphQLError, type ValidationContext, type ASTVisitor, Kind, type SelectionSetNode } from "graphql";
import { schema } from "./graphql/schema.ts";
import type { Context } from "./graphql/context.ts";
import { createLoaders } from "./loaders/index.ts";
import { bearerToken, requestInfo, resolveViewer } from "./auth/session.ts";
import { graphiqlOptions, renderOfflineGraphiQL } from "./graphiql.ts";
import { loadPersistedDocuments, trustedDocumentsPlugins, type PersistedDocuments } from "./persisted.ts";

export const MAX_QUERY_DEPTH = 12;

function depthOf(selectionSet: SelectionSetNode | undefined, fragments: ValidationContext): number {
  if (!selectionSet) return 0;
  let deepest = 0;
  for (const selection of selectionSet.selections) {
    let depth = 0;
    if (selection.kind === Kind.FIELD) depth = selection.selectionSet ? 1 + depthOf(selection.selectionSet, fragments) : 1;
    else if (selection.kind === Kind.INLINE_FRAGMENT) depth = depthOf(selection.selectionSet, fragments);
    else {
      const fragment = fragments.getFragment(selection.name.value);
      depth = fragment ? depthOf(fragment.selectionSet, fragments) : 0;
    }
    deepest = Math.max(deepest, depth);
  }
  return deepest;
}

/** Rejects documents nested deeper than MAX_QUERY_DEPTH before anything runs. */
function maxDepthRule(context: ValidationContext): ASTVisitor {
  return {
    OperationDefinition(operation) {
      const depth = depthOf(operation.selectionSet, context);
      if (depth > MAX_QUERY_DEPTH) {
        context.reportError(
          new GraphQLError(`Query is nested ${depth} levels deep; the limit is ${MAX_QUERY_DEPTH}`, {
            nodes: [operation],
            extensions: { code: "BAD_USER_INPUT" },
          }),
        );
      }
    },
  };
}

const depthLimitPlugin: Plugin<Context> = {
  onValidate({ addValidationRule }) {
    addValidationRule(maxDepthRule);
  },
};

export type Gateway = YogaServerInstance<Record<string, never>, Context>;

export interface GatewayOptions {
  /** Production: trusted documents only, no introspection, no GraphiQL. Default: NODE_ENV=production. */
  production?: boolean;
  /** The trusted documents (default: codegen's persisted-documents.json). */
  persistedDocuments?: PersistedDocuments;
}

export function createGateway(options: GatewayOptions = {}): Gateway {
  const production = options.production ?? process.env.NODE_ENV === "production";
  return createYoga<Record<string, never>, Context>({
    schema,
    graphqlEndpoint: "/graphql",
    landingPage: false,
    graphiql: production ? false : graphiqlOptions({ showDemoAccount: true }),
    renderGraphiQL: renderOfflineGraphiQL,
    // Unexpected errors reach the client as "Unexpected error."; AppErrors keep their message and code.
    maskedErrors: true,
    plugins: [
      depthLimitPlugin,
      ...trustedDocumentsPlugins({
        documents: options.persistedDocuments ?? loadPersistedDocuments(),
        allowArbitraryDocuments: !production,
      }),
    ],
    context: async ({ request }) => ({
      viewer: await resolveViewer(bearerToken(request)),
      loaders: createLoaders(),
      requestInfo: requestInfo(request),
    }),
  });
}
