import { GraphQLError } from "graphql";

/** The error codes clients can rely on (`extensions.code`). */
export type ErrorCode = "BAD_USER_INPUT" | "UNAUTHENTICATED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "RATE_LIMITED";

/**
 * An expected error: shown to the client as-is (Yoga does not mask GraphQLErrors),
 * with a stable `extensions.code`. Anything else thrown stays masked.
 */
export class AppError extends GraphQLError {
  constructor(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}) {
    super(message, { extensions: { ...extensions, code } });
  }
  get code(): ErrorCode {
    return this.extensions.code as ErrorCode;
  }
}

export const badInput = (message: string, field?: string) =>
  new AppError("BAD_USER_INPUT", message, field ? { field } : {});
export const unauthenticated = (message = "Sign in to do this") => new AppError("UNAUTHENTICATED", message);
export const forbidden = (message = "You are not allowed to do this") => new AppError("FORBIDDEN", message);
export const notFound = (what: string) => new AppError("NOT_FOUND", `${what} not found`);
export const conflict = (message: string) => new AppError("CONFLICT", message);

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
  if (error instanceof AppError || !isPrismaKnownError(error)) return error;
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
