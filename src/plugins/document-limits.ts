// Document limits, checked at parse and validation time so a refused document runs nothing.
// Depth, aliases, tokens, directives and cost come from GraphQL Armor's Envelop plugins
// (https://escape.tech/graphql-armor/docs/); the mutation count is ours (Armor has no such rule).
import { maxAliasesPlugin } from "@escape.tech/graphql-armor-max-aliases";
import { costLimitPlugin } from "@escape.tech/graphql-armor-cost-limit";
import { maxDepthPlugin } from "@escape.tech/graphql-armor-max-depth";
import { maxDirectivesPlugin } from "@escape.tech/graphql-armor-max-directives";
import { maxTokensPlugin } from "@escape.tech/graphql-armor-max-tokens";
import { GraphQLError, Kind, type ASTVisitor, type SelectionSetNode, type ValidationContext } from "graphql";
import type { Plugin } from "graphql-yoga";

/** Each value and the reason for it is also in the README ("Limits"). */
export const LIMITS = {
  /** Field nesting, fragments flattened. The Today document is 5 deep; connections need 4 (conn/edges/node/field). */
  maxDepth: 12,
  /** Aliased fields in one operation, __typename included. The Today document uses none. */
  maxAliases: 15,
  /** Lexer tokens in one document. The Today document has 189; a 10,000-deep document stops here, in the parser. */
  maxTokens: 1_000,
  /** Directives (@include/@skip/...) in one operation. */
  maxDirectives: 20,
  /**
   * GraphQL Armor's cost (objects 2, scalars 1, ×1.5 per level, × a connection's page size), checked
   * before execution with the page sizes really fetched (pagination-cost.ts). Lists count LIST_ESTIMATE (10) rows; the Today document costs 6,007,
   * a page of 100 workouts with 20 sessions each (test/fitness.test.ts) about 130,000: refused.
   */
  maxCost: 20_000,
  /**
   * The same rule at validation, where only literal page sizes are known: a coarse guard that stops
   * fragment bombs (2^27 fields cost 4.8e18) before graphql-js's own rules or the executor walk them.
   */
  maxDocumentCost: 500_000,
  /** Root fields of one mutation operation: each is its own transaction with its own audit entry. */
  maxMutations: 10,
  /** Items in any list argument or list input field (the largest bulk input in the schema allows this many). */
  maxListItems: 1_000,
  /** Ids in `nodes(ids:)`. */
  maxNodeIds: 100,
} as const;

/** The `extensions.code` of a refused document. */
export const LIMIT_CODE = "QUERY_LIMIT_EXCEEDED";

export function limitError(limit: keyof typeof LIMITS, armorMessage: string): GraphQLError {
  // Armor prefixes "Syntax Error: " to every message; the limit is not a syntax error.
  const message = armorMessage.replace(/^Syntax Error: /, "");
  return new GraphQLError(message, { extensions: { code: LIMIT_CODE, limit, max: LIMITS[limit] } });
}

/**
 * Armor's refusal becomes our typed error, thrown: that stops the parser (tokens) or the whole
 * validation pass (the rest), so graphql-js's own rules never walk a hostile document
 * (OverlappingFieldsCanBeMerged is quadratic in the fields of a fragment bomb).
 */
function refuse(limit: keyof typeof LIMITS) {
  return {
    propagateOnRejection: false,
    onReject: [
      (_context: ValidationContext | null, error: GraphQLError) => {
        throw limitError(limit, error.message);
      },
    ],
  };
}

function countMutationFields(selectionSet: SelectionSetNode, context: ValidationContext, seen: Set<string>): number {
  let count = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      if (!selection.name.value.startsWith("__")) count += 1;
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      count += countMutationFields(selection.selectionSet, context, seen);
    } else if (!seen.has(selection.name.value)) {
      seen.add(selection.name.value);
      const fragment = context.getFragment(selection.name.value);
      if (fragment) count += countMutationFields(fragment.selectionSet, context, seen);
    }
  }
  return count;
}

export function maxMutationsRule(context: ValidationContext): ASTVisitor {
  return {
    OperationDefinition(operation) {
      if (operation.operation !== "mutation") return;
      const count = countMutationFields(operation.selectionSet, context, new Set());
      if (count > LIMITS.maxMutations) {
        throw limitError("maxMutations", `Mutation limit of ${LIMITS.maxMutations} per request exceeded, found ${count}.`);
      }
    },
  };
}

export function documentLimitPlugins<Context extends object>(): Plugin<Context>[] {
  return [
    maxTokensPlugin({ n: LIMITS.maxTokens, ...refuse("maxTokens") }),
    maxDepthPlugin({ n: LIMITS.maxDepth, flattenFragments: true, ...refuse("maxDepth") }),
    maxAliasesPlugin({ n: LIMITS.maxAliases, allowList: [], ...refuse("maxAliases") }),
    maxDirectivesPlugin({ n: LIMITS.maxDirectives, ...refuse("maxDirectives") }),
    costLimitPlugin({ maxCost: LIMITS.maxDocumentCost, ...refuse("maxDocumentCost") }),
    { onValidate: ({ addValidationRule }) => addValidationRule(maxMutationsRule) },
  ] as Plugin<Context>[];
}
