// GraphQL Armor's cost rule multiplies a connection's cost by a *literal* `first`/`last` only:
// `first: $n` counts as 1 and an omitted `first` as 1, although the page is 20 (Pothos's default)
// and `first: 5000` counts 5000 although the page is capped at 100. Before execution, with the
// request's variables known, this rewrites every connection's page size to what will really be
// fetched and runs Armor's cost rule again on that document. Plain lists of objects (a topic's
// lessons) count as LIST_ESTIMATE rows and `nodes(ids:)` as its number of ids, where Armor counts one.
import { costLimitRule } from "@escape.tech/graphql-armor-cost-limit";
import {
  getNamedType,
  getNullableType,
  isListType,
  isObjectType,
  isAbstractType,
  Kind,
  TypeInfo,
  validate,
  visit,
  visitWithTypeInfo,
  type ArgumentNode,
  type DocumentNode,
  type FieldNode,
  type GraphQLError,
  type GraphQLSchema,
} from "graphql";
import type { Plugin } from "graphql-yoga";
import { LIMITS, limitError } from "./document-limits.ts";

/** Pothos plugin-prisma's connection defaults (DEFAULT_SIZE, DEFAULT_MAX_SIZE); not overridden in builder.ts. */
export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;
/** Rows assumed for a plain list of objects (a day's habits, a topic's lessons): they are small by design. */
export const LIST_ESTIMATE = 10;

function pageSize(argument: ArgumentNode | undefined, variables: Record<string, unknown>): number {
  if (!argument) return DEFAULT_PAGE_SIZE;
  const { value } = argument;
  const raw = value.kind === Kind.INT ? Number(value.value) : value.kind === Kind.VARIABLE ? variables[value.name.value] : undefined;
  const size = typeof raw === "number" && Number.isFinite(raw) ? raw : DEFAULT_PAGE_SIZE;
  return Math.max(1, Math.min(size, MAX_PAGE_SIZE));
}

function idCount(argument: ArgumentNode, variables: Record<string, unknown>): number {
  const { value } = argument;
  if (value.kind === Kind.LIST) return Math.max(1, value.values.length);
  const list = value.kind === Kind.VARIABLE ? variables[value.name.value] : undefined;
  return Array.isArray(list) ? Math.max(1, list.length) : 1;
}

/** The document with `first: <rows fetched>` on every connection and list field, variables resolved. */
export function withRealPageSizes(schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown>): DocumentNode {
  const typeInfo = new TypeInfo(schema);
  return visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field(node: FieldNode) {
        const type = typeInfo.getType();
        if (!type) return undefined;
        const named = getNamedType(type);
        const objects = isObjectType(named) || isAbstractType(named);
        const connection = objects && named.name.endsWith("Connection");
        // A connection's `edges` are already counted by the connection's page size.
        const plainList = objects && isListType(getNullableType(type)) && node.name.value !== "edges";
        if (!connection && !plainList) return undefined;
        const page = node.arguments?.find((argument) => argument.name.value === "first" || argument.name.value === "last");
        const ids = node.name.value === "nodes" ? node.arguments?.find((argument) => argument.name.value === "ids") : undefined;
        const size = ids ? idCount(ids, variables) : connection ? pageSize(page, variables) : LIST_ESTIMATE;
        const others = (node.arguments ?? []).filter((argument) => argument !== page);
        const first: ArgumentNode = {
          kind: Kind.ARGUMENT,
          name: { kind: Kind.NAME, value: "first" },
          value: { kind: Kind.INT, value: String(size) },
        };
        // Armor reads the first first/last argument it meets.
        return { ...node, arguments: [first, ...others] };
      },
    }),
  );
}

export function costOf(schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown>): GraphQLError | null {
  let refusal: GraphQLError | null = null;
  const rule = costLimitRule({
    maxCost: LIMITS.maxCost,
    propagateOnRejection: false,
    onReject: [(_context, error) => (refusal = limitError("maxCost", error.message))],
  });
  validate(schema, withRealPageSizes(schema, document, variables), [rule]);
  return refusal;
}

/** Names of the variables a document uses as `first`, `last` or `ids`: the only ones its cost depends on. */
function sizeVariables(document: DocumentNode): string[] {
  const names = new Set<string>();
  visit(document, {
    Argument(node) {
      const name = node.name.value;
      if ((name === "first" || name === "last" || name === "ids") && node.value.kind === Kind.VARIABLE) names.add(node.value.name.value);
    },
  });
  return [...names].sort();
}

/** The cost answers of one parsed document, by the values of its size variables. */
interface DocumentCosts {
  schema: GraphQLSchema;
  variables: string[];
  answers: Map<string, GraphQLError | null>;
}

/** Answers kept per document; a client varying `first` only refills them. */
const ANSWERS_PER_DOCUMENT = 64;

/**
 * The cost check before every execution. A document's cost depends on the document and on
 * its size variables only, so the answer is kept per parsed document (Yoga's parse cache
 * hands the same DocumentNode to every request of the same text) and per value of those
 * variables: the Today page is checked once, not on every request (~4 % of its CPU).
 */
export function paginationCostPlugin<Context extends object>(): Plugin<Context> {
  const costs = new WeakMap<DocumentNode, DocumentCosts>();
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const variables = (args.variableValues ?? {}) as Record<string, unknown>;
      let known = costs.get(args.document);
      if (known === undefined || known.schema !== args.schema) {
        known = { schema: args.schema, variables: sizeVariables(args.document), answers: new Map() };
        costs.set(args.document, known);
      }
      // `ids` counts by length only (idCount); the variables are coerced, so one name has one type.
      const key = JSON.stringify(
        known.variables.map((name) => {
          const value = variables[name];
          return Array.isArray(value) ? `#${value.length}` : (value ?? null);
        }),
      );
      let refusal = known.answers.get(key);
      if (refusal === undefined) {
        refusal = costOf(args.schema, args.document, variables);
        if (known.answers.size >= ANSWERS_PER_DOCUMENT) known.answers.clear();
        known.answers.set(key, refusal);
      }
      if (refusal) setResultAndStopExecution({ errors: [refusal] });
    },
  };
}
