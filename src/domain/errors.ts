// The refusals a rule can give, as plain errors with a stable code. They know nothing of GraphQL:
// the GraphQL edge (Yoga's maskedErrors.maskError) shows them to a client with
// their message and `extensions.code`; anything else thrown stays masked as INTERNAL_SERVER_ERROR.

/** The error codes clients can rely on (`extensions.code`). */
export type ErrorCode = "BAD_USER_INPUT" | "UNAUTHENTICATED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "RATE_LIMITED";

/**
 * An expected refusal. `extensions` carries the code and any details a client may read; graphql-js
 * copies an original error's `extensions` onto the located GraphQLError it wraps it in.
 */
export class DomainError extends Error {
  readonly extensions: Readonly<Record<string, unknown>> & { readonly code: ErrorCode };

  constructor(code: ErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.name = "DomainError";
    this.extensions = { ...details, code };
  }

  get code(): ErrorCode {
    return this.extensions.code;
  }
}

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}

export const badInput = (message: string, field?: string) => new DomainError("BAD_USER_INPUT", message, field ? { field } : {});
export const unauthenticated = (message = "Sign in to do this") => new DomainError("UNAUTHENTICATED", message);
export const forbidden = (message = "You are not allowed to do this") => new DomainError("FORBIDDEN", message);
export const notFound = (what: string) => new DomainError("NOT_FOUND", `${what} not found`);
export const conflict = (message: string) => new DomainError("CONFLICT", message);

/** Too many attempts: `retryAfterSeconds` tells the client when to try again. */
export class RateLimitedError extends DomainError {
  constructor(message: string, retryAfterMs: number) {
    super("RATE_LIMITED", message, { retryAfterSeconds: Math.max(1, Math.ceil(retryAfterMs / 1000)) });
  }
}

interface PrismaKnownError {
  code: string;
  meta?: { target?: unknown; modelName?: string; field_name?: unknown; cause?: unknown };
}

function isPrismaKnownError(error: unknown): error is PrismaKnownError {
  return (
    typeof error === "object" &&
    error !== null &&
    (error as { name?: string }).name === "PrismaClientKnownRequestError" &&
    typeof (error as { code?: unknown }).code === "string"
  );
}

/**
 * Maps the database's refusals to typed errors: unique violation → CONFLICT,
 * missing row for update/delete → NOT_FOUND, CHECK/foreign-key violations →
 * BAD_USER_INPUT. Returns the error unchanged when it is none of these.
 */
export function mapDatabaseError(error: unknown): unknown {
  if (error instanceof DomainError || !isPrismaKnownError(error)) return error;
  switch (error.code) {
    case "P2002": {
      const target = error.meta?.target;
      const fields = Array.isArray(target) ? target.join(", ") : typeof target === "string" ? target : "";
      return conflict(fields ? `Already exists (unique: ${fields})` : "Already exists");
    }
    case "P2025":
      return notFound(error.meta?.modelName ?? "Record");
    case "P2003":
      return badInput("A referenced record does not exist or is still in use");
    case "P2004":
    case "P2011":
    case "P2000":
      return badInput("The value breaks a constraint");
    default:
      return error;
  }
}

/** Runs `work` and converts database refusals into typed errors. */
export async function withDatabaseErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw mapDatabaseError(error);
  }
}
