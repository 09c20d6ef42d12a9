import { builder } from "../builder.ts";

/**
 * The shared shape of every typed error result (Pothos errors plugin, "A shared Error
 * interface"): clients can always ask `... on Error { message }` and add fragments for
 * the specific errors they handle.
 */
export const ErrorInterface = builder.interfaceRef<Error>("Error").implement({
  description: "An expected failure returned as a result instead of a GraphQL error. Nothing was changed.",
  fields: (t) => ({
    message: t.exposeString("message"),
  }),
});

/** A plain `Error` thrown from a field whose `errors.types` lists `Error`. */
export const BaseError = builder.objectType(Error, {
  name: "BaseError",
  description: "A typed failure without further details.",
  interfaces: [ErrorInterface],
});
