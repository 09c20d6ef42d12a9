import { printSchema, lexicographicSortSchema } from "graphql";
import { builder } from "../src/graphql/builder.ts";
import "../src/graphql/auth/index.ts";
import "../src/graphql/platform/index.ts";
import "../src/graphql/behavior/index.ts";
console.log(printSchema(lexicographicSortSchema(builder.toSchema())));
