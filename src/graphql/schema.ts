// Imports every domain module (each registers its types on the builder), then builds the schema.
import { builder } from "./builder.ts";
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

export const schema = builder.toSchema();
