// Random and boundary arguments for every mutation, generated from the schema, so a new mutation
// is fuzzed without touching this file. Asserts: no HTTP 5xx, every error carries a code, and a
// mutation that answers with an error changed no row: every table's contents are digested
// before and after (not only counted, so an update that slipped through a failure shows too).
import fc from "fast-check";
import { getNamedType, isEnumType, isInputObjectType, isListType, isNonNullType, isScalarType, type GraphQLInputType } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { schema } from "../src/graphql/schema.ts";
import { startTestGateway, type TestGateway, type TestUser } from "./support/gateway.ts";

let t: TestGateway;
let user: TestUser;
let digestRows: () => Promise<string>;

/** Samples per mutation; bounded so the whole file runs in well under a minute per database. */
const RUNS_PER_MUTATION = Number(process.env.FUZZ_RUNS ?? 1);
const SEED = Number(process.env.FUZZ_SEED ?? 20261129);

beforeAll(async () => {
  t = await startTestGateway();
  user = await t.createUser();
  const tables = await t.prisma.$queryRawUnsafe<{ name: string }[]>(
    // The audit trail records refused sign-ins on purpose; every other table must stay as it was.
    "SELECT quote_ident(tablename) AS name FROM pg_tables WHERE schemaname = 'public' AND tablename NOT IN ('_prisma_migrations', 'audit_log') ORDER BY tablename",
  );
  // One statement: per table, an order-independent digest of every row's text form.
  const digest = (table: string) =>
    `(SELECT '${table.replaceAll("'", "''")}' || ':' || count(*) || ':' || md5(coalesce(string_agg(md5(r::text), '' ORDER BY md5(r::text)), '')) FROM ${table} r)`;
  const sql = `SELECT concat_ws(E'\n', ${tables.map((table) => digest(table.name)).join(", ")}) AS digest`;
  digestRows = async () => (await t.prisma.$queryRawUnsafe<{ digest: string }[]>(sql))[0].digest;
});
afterAll(async () => {
  await t?.close();
});

const hostileText = fc.constantFrom(
  "",
  " ",
  "\u0000",
  "a\u0000b",
  "\uD800",
  "\uDC00x",
  "😀",
  "x".repeat(10_000),
  "' OR 1=1 --",
  "<script>",
  "null",
);
const text = fc.oneof(fc.string({ maxLength: 40 }), hostileText);
const int = fc.oneof(fc.integer(), fc.constantFrom(0, -1, 1, 2 ** 31 - 1, -(2 ** 31)));
const id = fc.oneof(
  fc.constantFrom("", "x", "VXNlcjo=", Buffer.from("User:00000000-0000-0000-0000-000000000000").toString("base64"), "\u0000"),
  fc.string({ maxLength: 30 }),
);
const date = fc.constantFrom("2026-03-02", "0000-01-01", "9999-12-31", "2026-02-30", "yesterday", "");
const dateTime = fc.constantFrom("2026-03-02T10:00:00Z", "0000-01-01T00:00:00Z", "2026-03-02", "not a time", "9999-12-31T23:59:59Z");
const json = fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.constant({ "a\u0000": 1 }), fc.constant("x".repeat(20_000)));

function arbitraryFor(type: GraphQLInputType, depth = 0): fc.Arbitrary<unknown> {
  const nonNull = isNonNullType(type);
  const inner = nonNull ? type.ofType : type;
  let value: fc.Arbitrary<unknown>;
  if (isListType(inner)) value = fc.array(arbitraryFor(inner.ofType, depth + 1), { maxLength: 3 });
  else if (isEnumType(inner)) value = fc.oneof(fc.constantFrom(...inner.getValues().map((v) => v.name)), fc.constant("NOT_A_VALUE"));
  else if (isInputObjectType(inner)) {
    const fields = Object.values(inner.getFields());
    value =
      depth > 3
        ? fc.constant({})
        : fc.record(Object.fromEntries(fields.map((field) => [field.name, arbitraryFor(field.type, depth + 1)])), {
            requiredKeys: fields.filter((field) => isNonNullType(field.type)).map((field) => field.name),
          });
  } else if (isScalarType(inner)) {
    value =
      {
        String: text,
        Int: int,
        Float: fc.oneof(fc.double({ noNaN: true }), fc.constant(1e308)),
        Boolean: fc.boolean(),
        ID: id,
        Date: date,
        DateTime: dateTime,
        JSON: json,
        Byte: fc.constantFrom("AAEC", "not base64!", ""),
      }[inner.name] ?? fc.string();
  } else value = fc.constant(null);
  // Occasionally the wrong type altogether, to reach GraphQL's own coercion errors.
  return nonNull
    ? fc.oneof({ weight: 9, arbitrary: value }, { weight: 1, arbitrary: fc.constantFrom(null, 42, "x", {}) })
    : fc.option(value, { nil: null });
}

const mutations = Object.values(schema.getMutationType()!.getFields()).filter(
  // Account deletion and sign-out are fuzzed elsewhere; here they would end the session under test.
  (field) => !["deleteAccount", "signOut", "signOutEverywhere", "changePassword"].includes(field.name),
);

function documentFor(field: (typeof mutations)[number]): string {
  const variables = field.args.map((arg) => `$${arg.name}: ${arg.type.toString()}`).join(", ");
  const args = field.args.map((arg) => `${arg.name}: $${arg.name}`).join(", ");
  const named = getNamedType(field.type);
  const selection = "getFields" in named ? " { __typename }" : "";
  return `mutation Fuzz${variables ? `(${variables})` : ""} { ${field.name}${args ? `(${args})` : ""}${selection} }`;
}

describe("fuzzed mutations", () => {
  it(`answers every mutation's random and boundary arguments with a coded error or a result, never a 5xx (seed ${SEED})`, async () => {
    let errors = 0;
    for (const field of mutations) {
      const query = documentFor(field);
      const args = fc.record(Object.fromEntries(field.args.map((arg) => [arg.name, arbitraryFor(arg.type)])));
      await fc.assert(
        fc.asyncProperty(args, async (variables) => {
          const before = await digestRows();
          const response = await t.gateway.fetch("http://test.local/graphql", {
            method: "POST",
            headers: { "content-type": "application/json", authorization: `Bearer ${user.token}` },
            body: JSON.stringify({ query, variables }),
          });
          expect(response.status, field.name).toBeLessThan(500);
          const body = (await response.json()) as { data?: unknown; errors?: { message: string; extensions?: { code?: string } }[] };
          for (const error of body.errors ?? []) {
            expect(error.extensions?.code, `${field.name}: ${error.message}`).toBeTruthy();
            expect(error.extensions?.code, `${field.name}: ${error.message}`).not.toBe("INTERNAL_SERVER_ERROR");
          }
          if (body.errors?.length) {
            errors += 1;
            expect(await digestRows(), `${field.name} changed rows and failed`).toBe(before);
          }
        }),
        { numRuns: RUNS_PER_MUTATION, seed: SEED, endOnFailure: true },
      );
    }
    expect(errors).toBeGreaterThan(0);
  }, 900_000);
});
