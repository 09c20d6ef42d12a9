// The edge of the error path. Rules throw the plain DomainErrors of src/domain/errors.ts; resolvers
// and Pothos' plugins (scope-auth, validation) throw the same ones, so a client sees one kind of
// refusal. `maskDomainErrors` is Yoga's maskedErrors.maskError: a DomainError keeps its message and
// `extensions.code`, anything else becomes "Unexpected error." (INTERNAL_SERVER_ERROR).
import { createGraphQLError, maskError } from "graphql-yoga";
import { DomainError } from "../../domain/errors.ts";

export {
  badInput,
  conflict,
  DomainError,
  type ErrorCode,
  forbidden,
  mapDatabaseError,
  notFound,
  unauthenticated,
  withDatabaseErrors,
} from "../../domain/errors.ts";

/**
 * A DomainError thrown in a resolver arrives wrapped in a located GraphQLError that already carries
 * its `extensions` (graphql-js copies them from the original error): it is passed through as it is.
 * One thrown outside execution (the context factory, a plugin hook) arrives bare and is wrapped here.
 */
export function maskDomainErrors(error: unknown, message: string, isDev?: boolean): Error {
  if (error instanceof DomainError) return toGraphQLError(error);
  if (originalOf(error) instanceof DomainError) return error as Error;
  return maskError(error, message, isDev);
}

function originalOf(error: unknown): unknown {
  return typeof error === "object" && error !== null ? (error as { originalError?: unknown }).originalError : undefined;
}

function toGraphQLError(error: DomainError): Error {
  return createGraphQLError(error.message, { originalError: error, extensions: { ...error.extensions } });
}
