import { printSchema } from "graphql";
import { schema } from "../src/graphql/schema.ts";
console.log(printSchema(schema));
