import SchemaBuilder, { type InputFieldBuilder } from "@pothos/core";
import ErrorsPlugin from "@pothos/plugin-errors";
import PrismaPlugin from "@pothos/plugin-prisma";
import RelayPlugin from "@pothos/plugin-relay";
import ScopeAuthPlugin from "@pothos/plugin-scope-auth";
import ValidationPlugin from "@pothos/plugin-validation";
import AuthorizeFirstPlugin from "./authorize-first.ts";
import type PrismaTypes from "../generated/pothos-types.ts";
import { getDatamodel } from "../generated/pothos-types.ts";
import { prisma } from "../db/index.ts";
import type { Context, SignedInContext } from "./context.ts";
import { badInput, forbidden, unauthenticated } from "./errors/index.ts";
import { decodeNodeId } from "./ids.ts";
import { ByteScalar } from "./scalars/byte.ts";
import { DateScalar } from "./scalars/date.ts";
import { DateTimeScalar } from "./scalars/date-time.ts";
import { JSONScalar } from "./scalars/json.ts";

export interface SchemaTypes {
  Context: Context;
  PrismaTypes: PrismaTypes;
  AuthScopes: { signedIn: boolean; admin: boolean };
  AuthContexts: { signedIn: SignedInContext; admin: SignedInContext };
  Scalars: {
    Date: { Input: string; Output: Date | string };
    DateTime: { Input: Date; Output: Date };
    JSON: { Input: unknown; Output: unknown };
    Byte: { Input: Buffer; Output: Buffer | Uint8Array };
  };
  DefaultFieldNullability: false;
  DefaultEdgesNullability: false;
  DefaultNodeNullability: false;
}

/** An object type whose Node options load it by id (every prismaNode). */
function isNodeType(typename: string): boolean {
  if (!Object.hasOwn(nodeTypeCache, typename)) {
    const config = builder.configStore.hasConfig(typename) ? builder.configStore.getTypeConfig(typename) : null;
    const options = (config?.kind === "Object" ? config.pothosOptions : {}) as Record<string, unknown>;
    nodeTypeCache[typename] = ["loadOne", "loadMany", "loadWithoutCache", "loadManyWithoutCache"].some(
      (name) => typeof options[name] === "function",
    );
  }
  return nodeTypeCache[typename];
}
const nodeTypeCache: Record<string, boolean> = Object.create(null);

export const builder = new SchemaBuilder<SchemaTypes>({
  plugins: [
    // Typed error results (e.g. a purchase refused for lack of coins) as union members.
    ErrorsPlugin,
    // Authorization on the schema itself: scopes computed once per request.
    ScopeAuthPlugin,
    // A field's static scopes checked before its arguments are validated (./authorize-first.ts).
    AuthorizeFirstPlugin,
    // Prisma models as GraphQL types; nested selections merged into one query.
    PrismaPlugin,
    // Node interface, global IDs and cursor connections.
    RelayPlugin,
    // Argument/input validation with zod schemas, failing before resolvers run.
    ValidationPlugin,
  ],
  defaultFieldNullability: false,
  errors: { defaultTypes: [] },
  scopeAuth: {
    authScopes: (context) => ({
      signedIn: context.viewer !== null,
      admin: context.viewer?.roles.has("admin") ?? false,
    }),
    unauthorizedError: (_parent, context) => (context.viewer ? forbidden() : unauthenticated()),
    // Subscription fields check their scopes when subscribing, not only per event.
    authorizeOnSubscribe: true,
  },
  prisma: {
    client: prisma,
    dmmf: getDatamodel(),
    exposeDescriptions: true,
    filterConnectionTotalCount: true,
    onUnusedQuery: null,
  },
  relay: {
    clientMutationId: "omit",
    cursorType: "String",
    edgesFieldOptions: { nullable: false },
    nodeFieldOptions: { nullable: false },
    // A type `node` cannot load answers BAD_USER_INPUT, not an internal error.
    decodeGlobalID: (globalId) => decodeNodeId(globalId, isNodeType),
  },
  validation: {
    validationError: (result) => {
      const issue = result.issues[0];
      const path = issue?.path?.map((part) => (typeof part === "object" ? String(part.key) : String(part))).join(".");
      return badInput(path ? `${path}: ${issue.message}` : (issue?.message ?? "Invalid input"), path);
    },
  },
});

/** What an input type's `fields` callback gets: for field lists a create and an update input share. */
export type InputFields = InputFieldBuilder<PothosSchemaTypes.ExtendDefaultTypes<SchemaTypes>, "InputObject">;

builder.addScalarType("Date", DateScalar);
// graphql-scalars' DateTime and JSON, bounded (years, size, depth) so bad values stop at the edge.
builder.addScalarType("DateTime", DateTimeScalar);
builder.addScalarType("JSON", JSONScalar);
// graphql-scalars' Byte serializes to a Buffer object (not base64) and reads hex-looking base64 as hex.
builder.addScalarType("Byte", ByteScalar);

builder.queryType({});
builder.mutationType({});
builder.subscriptionType({});
