// The trusted queries (the Today page) run JIT-compiled: graphql-jit turns the document into
// a function specialised to its selection, once, instead of graphql-js walking the document for
// every field of every row (the 200-item Today answers some 12,000 fields). The benchmark
// (bench/cpu.ts): the 200-item Today's CPU per request ×1.75 lower, its allocation 18.7 → 5.5 MiB.
//
// Only query operations named like a trusted document's query: in production every document
// is a trusted one; in development arbitrary documents keep graphql-js (its exact coercion
// errors, and the abort signal it checks between fields; graphql-jit does not check it, so the
// time budget answers at its deadline instead, see time-budget.ts). Compiled functions are
// cached per parsed document (Yoga's parse cache bounds how many there are).
import { useGraphQlJit } from "@envelop/graphql-jit";
import {
  getOperationAST,
  getVariableValues,
  GraphQLError,
  Kind,
  parse,
  type DocumentNode,
  type ExecutionResult,
  type FragmentDefinitionNode,
  type FieldNode,
  type SelectionSetNode,
} from "graphql";
import type { Plugin } from "graphql-yoga";
import type { PersistedDocuments } from "../persisted.ts";

/** The names of the query operations among the trusted documents. */
export function trustedQueryNames(documents: PersistedDocuments): Set<string> {
  const names = new Set<string>();
  for (const document of documents.values()) {
    for (const definition of parse(document).definitions) {
      if (definition.kind === Kind.OPERATION_DEFINITION && definition.operation === "query" && definition.name)
        names.add(definition.name.value);
    }
  }
  return names;
}

let compiledExecutions = 0;
/** Executions this process ran JIT-compiled (the tests check which documents take the path). */
export const jitExecutions = () => compiledExecutions;

export function jitPlugin<Context extends object>(queryNames: ReadonlySet<string>): Plugin<Context> {
  const decided = new WeakMap<DocumentNode, boolean>();
  const isCompiled = (document: DocumentNode, operationName?: string | null) => {
    let compiled = decided.get(document);
    if (compiled === undefined) {
      const operation = getOperationAST(document, operationName);
      compiled = operation?.operation === "query" && operation.name !== undefined && queryNames.has(operation.name.value);
      // Keyed by document alone: a document holds one query operation here.
      if (document.definitions.filter((definition) => definition.kind === Kind.OPERATION_DEFINITION).length === 1)
        decided.set(document, compiled);
    }
    return compiled;
  };
  return {
    onPluginInit({ addPlugin }) {
      addPlugin(useGraphQlJit({}, { enableIf: ({ document, operationName }) => isCompiled(document, operationName) }) as Plugin<Context>);
    },
    onExecute({ args, setResultAndStopExecution }) {
      if (!isCompiled(args.document, args.operationName)) return;
      // The variables as graphql-js coerces them, with its errors (graphql-jit's drop the
      // scalar's explanation and the location); the compiled query coerces valid ones again.
      const operation = getOperationAST(args.document, args.operationName);
      const variables = operation?.variableDefinitions?.length
        ? getVariableValues(args.schema, operation.variableDefinitions, args.variableValues ?? {}, { maxErrors: 50 })
        : undefined;
      if (variables?.errors) {
        setResultAndStopExecution({ errors: variables.errors });
        return;
      }
      compiledExecutions += 1;
      return {
        onExecuteDone({ result, setResult }) {
          const one = result as ExecutionResult;
          if (!one.errors?.length) return;
          // As graphql-js answers: errors first, each with the locations of its field.
          setResult({
            errors: one.errors.map((error) => located(error, args.document)),
            data: one.data,
            ...(one.extensions ? { extensions: one.extensions } : {}),
          });
        },
      };
    },
  };
}

/**
 * The error with the field node its path names, as graphql-js gives it: graphql-jit's errors
 * carry locations but no nodes, and Yoga rebuilds errors from their nodes (masking, codes).
 */
function located(error: GraphQLError, document: DocumentNode): GraphQLError {
  if (error.nodes?.length || !error.path) return error;
  const field = fieldAt(document, error.path);
  if (!field) return error;
  return new GraphQLError(error.message, {
    nodes: field,
    path: error.path,
    originalError: error.originalError ?? undefined,
    extensions: error.extensions,
  });
}

function fieldAt(document: DocumentNode, path: ReadonlyArray<string | number>): FieldNode | undefined {
  const fragments = new Map<string, FragmentDefinitionNode>();
  let selectionSet: SelectionSetNode | undefined;
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
    else if (definition.kind === Kind.OPERATION_DEFINITION) selectionSet ??= definition.selectionSet;
  }
  let field: FieldNode | undefined;
  for (const key of path) {
    if (typeof key === "number") continue;
    field = selectionSet && findField(selectionSet, key, fragments);
    if (!field) return undefined;
    selectionSet = field.selectionSet;
  }
  return field;
}

function findField(
  selectionSet: SelectionSetNode,
  key: string,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
): FieldNode | undefined {
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      if ((selection.alias ?? selection.name).value === key) return selection;
      continue;
    }
    const inner = selection.kind === Kind.INLINE_FRAGMENT ? selection.selectionSet : fragments.get(selection.name.value)?.selectionSet;
    const found = inner && findField(inner, key, fragments);
    if (found) return found;
  }
  return undefined;
}
