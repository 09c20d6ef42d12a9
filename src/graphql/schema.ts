// Imports every domain module (each registers its types on the builder), then builds the schema
// and finishes it: the module exports the schema as the gateway serves it.
import type { GraphQLSchema } from "graphql";
import { hardenArguments } from "../plugins/input-hygiene.ts";
import { signCursorOutputs } from "../plugins/signed-cursors.ts";
import { answerNestedRelations } from "../today/schema.ts";
import { builder } from "./builder.ts";
import { syncNodeIds } from "./ids.ts";
// The shared Error interface first: domain modules list it in their typed error results.
import "./errors/types.ts";
import "./auth/index.ts";
import "./gamification/index.ts";
import "./focus/index.ts";
import "./habits/index.ts";
import "./quests/index.ts";
import "./planning/index.ts";
import "./market/index.ts";
import "./books/index.ts";
import "./fitness/index.ts";
import "./learn/index.ts";
import "./reference/index.ts";
import "./platform/index.ts";
import "./behavior/index.ts";
import "../today/schema.ts";
import "../today/live.ts";

/**
 * The built schema with the resolvers that every type shares wrapped or replaced, in this order:
 * arguments checked before any resolver (input-hygiene.ts), outgoing cursors signed
 * (signed-cursors.ts; signedCursorsPlugin checks incoming ones), Node ids without a promise
 * (ids.ts), and the Today page's nested relations answered from its rows (src/today/schema.ts).
 * Each changes resolvers only, so the printed schema is the built one. Idempotent: each step
 * marks the schema it changed.
 */
export function finalizeSchema(built: GraphQLSchema): GraphQLSchema {
  return answerNestedRelations(syncNodeIds(signCursorOutputs(hardenArguments(built))));
}

export const schema = finalizeSchema(builder.toSchema());
