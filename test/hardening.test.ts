import { readFileSync } from "node:fs";
import { parse, print } from "graphql";
import { schema } from "../src/graphql/schema.ts";
import { withRealPageSizes } from "../src/plugins/pagination-cost.ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LIMITS, LIMIT_CODE } from "../src/plugins/document-limits.ts";
import { MAX_JSON_BYTES, MAX_JSON_DEPTH } from "../src/graphql/scalars/json.ts";
import { createGateway, MAX_REQUEST_BODY_BYTES } from "../src/server.ts";
import { readHttpConfig } from "../src/http/config.ts";
import { clientIp } from "../src/http/client-ip.ts";
import { codeOf, startTestGateway, type TestGateway, type TestUser } from "./support/gateway.ts";

let t: TestGateway;
let user: TestUser;

beforeAll(async () => {
  t = await startTestGateway();
  user = await t.createUser();
});
afterAll(async () => {
  await t?.close();
});

const TODAY_DOCUMENT = readFileSync(new URL("../src/today/today.graphql", import.meta.url), "utf8");

/** Sends `query` and asserts it is refused for `limit` without a single SQL statement. */
async function expectRefused(query: string, limit: keyof typeof LIMITS, variables?: Record<string, unknown>) {
  const { result, count } = await t.countQueries(() => t.graphql(query, variables, { token: user.token }));
  expect(result.errors?.[0].extensions).toMatchObject({ code: LIMIT_CODE, limit, max: LIMITS[limit] });
  expect(result.data ?? null).toBeNull();
  // The viewer's session lookup is the only statement a refused document may cost.
  expect(count).toBeLessThanOrEqual(1);
}

describe("document limits", () => {
  it("lets the Today page's document through", async () => {
    const response = await t.graphql(TODAY_DOCUMENT, { date: "2026-03-02" }, { token: user.token });
    expect(response.errors).toBeUndefined();
    expect(response.data).toHaveProperty("today");
  });

  it(`refuses depth over ${LIMITS.maxDepth}, fragments included`, async () => {
    let selection = "id";
    for (let i = 0; i < 5; i += 1) selection = `topic { lessons { ${selection} } }`;
    await expectRefused(
      `{ learnTopics(first: 1) { edges { node { ...F } } } } fragment F on LearnTopic { lessons { ${selection} } }`,
      "maxDepth",
    );
  });

  it(`refuses more than ${LIMITS.maxAliases} aliases`, async () => {
    const fields = Array.from({ length: LIMITS.maxAliases + 1 }, (_, i) => `a${i}: viewer { id }`).join(" ");
    await expectRefused(`{ ${fields} }`, "maxAliases");
    const ok = await t.graphql(`{ ${Array.from({ length: LIMITS.maxAliases }, (_, i) => `a${i}: __typename`).join(" ")} }`);
    expect(ok.errors).toBeUndefined();
  });

  it(`refuses more than ${LIMITS.maxTokens} tokens, in the parser (a 10,000-deep document too)`, async () => {
    await expectRefused(`{ ${"viewer { ".repeat(5_000)}id${" }".repeat(5_000)} }`, "maxTokens");
    // Past 64 KB the byte cap refuses it before the parser (src/plugins/document-size.ts).
    expect(codeOf(await t.graphql(`{ ${"viewer { ".repeat(10_000)}id${" }".repeat(10_000)} }`))).toBe("DOCUMENT_TOO_LARGE");
  });

  it(`refuses more than ${LIMITS.maxDirectives} directives`, async () => {
    await expectRefused(`{ viewer { id ${"@include(if: true) ".repeat(LIMITS.maxDirectives + 1)} } }`, "maxDirectives");
  });

  it(`refuses a fragment bomb of 2^27 fields at validation (document cost over ${LIMITS.maxDocumentCost})`, async () => {
    let bomb = "query { viewer { ...F0 } }\n";
    for (let i = 0; i < 27; i += 1) bomb += `fragment F${i} on User { ...F${i + 1} ...F${i + 1} }\n`;
    bomb += "fragment F27 on User { id }";
    await expectRefused(bomb, "maxDocumentCost");
  });

  it(`refuses a cost over ${LIMITS.maxCost} counted with the page sizes really fetched (variables, defaults, the 100 cap)`, async () => {
    const nested = "habits(first: $n) { edges { node { id name completions(first: $n) { edges { node { id completedOn } } } } } }";
    await expectRefused(`query($n: Int) { viewer { ${nested} } }`, "maxCost", { n: 100 });
    // Omitted page sizes count as the default page of 20, `first: 5000` as the 100 really fetched.
    const folded = print(
      withRealPageSizes(
        schema,
        parse(`query { viewer { ${nested.replaceAll("(first: $n)", "")} pointsLedger(first: 5000) { totalCount } } }`),
        {},
      ),
    );
    expect(folded).toContain("habits(first: 20)");
    expect(folded).toContain("completions(first: 20)");
    expect(folded).toContain("pointsLedger(first: 100)");
    // first: 5000 is fetched as 100: allowed, as one page of a flat connection.
    const flat = await t.graphql("{ viewer { pointsLedger(first: 5000) { edges { node { id } } } } }", {}, { token: user.token });
    expect(flat.errors).toBeUndefined();
    const small = await t.graphql(`query($n: Int) { viewer { ${nested} } }`, { n: 5 }, { token: user.token });
    expect(small.errors).toBeUndefined();
    // The answer is kept per parsed document and per value of its size variables: the same
    // text with n = 100 again is still refused.
    await expectRefused(`query($n: Int) { viewer { ${nested} } }`, "maxCost", { n: 100 });
  });

  it("answers a fragment cycle with a validation error, not a crash", async () => {
    const response = await t.graphql("query { viewer { ...A } } fragment A on User { ...B } fragment B on User { ...A }");
    expect(codeOf(response)).toBe("GRAPHQL_VALIDATION_FAILED");
  });

  it(`refuses more than ${LIMITS.maxMutations} mutations in one request, before any runs`, async () => {
    const fields = Array.from({ length: LIMITS.maxMutations + 1 }, (_, i) => `m${i}: createIdea(input: { title: "x" }) { id }`);
    await expectRefused(
      `mutation { ${fields.slice(0, 3).join(" ")} ...More } fragment More on Mutation { ${fields.slice(3).join(" ")} }`,
      "maxMutations",
    );
    expect(await t.prisma.idea.count({ where: { userId: user.userId } })).toBe(0);
  });

  it(`caps nodes(ids:) at ${LIMITS.maxNodeIds} ids and any list argument at ${LIMITS.maxListItems} items`, async () => {
    const ids = Array.from({ length: LIMITS.maxNodeIds + 1 }, (_, i) => `id${i}`);
    const response = await t.graphql("query($ids: [ID!]!) { nodes(ids: $ids) { id } }", { ids }, { token: user.token });
    expect(response.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "ids" });
    const tags = Array.from({ length: LIMITS.maxListItems + 1 }, (_, i) => `t${i}`);
    const bulk = await t.graphql(
      "mutation($input: CreateIdeaInput!) { createIdea(input: $input) { id } }",
      { input: { title: "x", tags } },
      { token: user.token },
    );
    expect(bulk.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "input.tags" });
    expect(await t.prisma.idea.count({ where: { userId: user.userId } })).toBe(0);
  });
});

describe("input hygiene", () => {
  const createIdea = "mutation($input: CreateIdeaInput!) { createIdea(input: $input) { id } }";

  it.each([
    ["a NUL byte", "before\u0000after"],
    ["a lone high surrogate", "broken \uD800 text"],
    ["a lone low surrogate", "\uDC00"],
  ])("refuses %s in any text input with the field's path, and stores nothing", async (_label, text) => {
    for (const input of [{ title: text }, { title: "ok", body: text }, { title: "ok", tags: ["fine", text] }]) {
      const response = await t.graphql(createIdea, { input }, { token: user.token });
      expect(codeOf(response)).toBe("BAD_USER_INPUT");
      expect(response.errors?.[0].message).toMatch(/^input\.(title|body|tags\.1): must/);
    }
    // The same in a document literal: graphql-js's lexer already refuses an escaped lone surrogate.
    const literal = await t.graphql(`mutation { createIdea(input: { title: ${JSON.stringify(text)} }) { id } }`, {}, { token: user.token });
    expect(codeOf(literal)).toBe(text.includes("\u0000") ? "BAD_USER_INPUT" : "GRAPHQL_PARSE_FAILED");
    expect(await t.prisma.idea.count({ where: { userId: user.userId } })).toBe(0);
  });

  it("keeps real emoji (surrogate pairs) and ordinary text", async () => {
    const data = await t.ok(createIdea, { input: { title: "Run 🏃 früh" } }, { token: user.token });
    expect(data.createIdea.id).toBeTruthy();
    await t.prisma.idea.deleteMany({ where: { userId: user.userId } });
  });

  it("refuses NUL in a JSON key, and JSON too large or too deep", async () => {
    const update = "mutation($n: JSON) { updateSettings(input: { notifications: $n }) { id } }";
    const before = await t.prisma.userSettings.findUnique({ where: { userId: user.userId } });
    const nulKey = await t.graphql(update, { n: { "a\u0000b": true } }, { token: user.token });
    expect(nulKey.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT" });
    let deep: unknown = 1;
    for (let i = 0; i < MAX_JSON_DEPTH + 1; i += 1) deep = { d: deep };
    expect(codeOf(await t.graphql(update, { n: deep }, { token: user.token }))).toBe("BAD_USER_INPUT");
    const big = { blob: "x".repeat(MAX_JSON_BYTES) };
    expect(codeOf(await t.graphql(update, { n: big }, { token: user.token }))).toBe("BAD_USER_INPUT");
    expect(await t.prisma.userSettings.findUnique({ where: { userId: user.userId } })).toEqual(before);
  });

  it("refuses dates and timestamps outside the years 1900–2999", async () => {
    const create = "mutation($input: CreateCalendarEventInput!) { createCalendarEvent(input: $input) { id } }";
    for (const input of [
      { title: "x", startsAt: "0000-01-01T00:00:00Z" },
      { title: "x", startsAt: "1899-12-31T23:59:59Z" },
      { title: "x", allDay: true, startDate: "0000-01-01" },
      { title: "x", allDay: true, startDate: "3000-01-01" },
    ]) {
      const response = await t.graphql(create, { input }, { token: user.token });
      expect(codeOf(response), JSON.stringify(input)).toBe("BAD_USER_INPUT");
    }
    const literal = await t.graphql(
      'mutation { createCalendarEvent(input: { title: "x", startsAt: "0000-01-01T00:00:00Z" }) { id } }',
      {},
      { token: user.token },
    );
    expect(codeOf(literal)).toBe("BAD_USER_INPUT");
    expect(await t.prisma.calendarEvent.count({ where: { userId: user.userId } })).toBe(0);
  });

  it("gives GraphQL's own coercion, validation and parse errors a code", async () => {
    const signIn = "mutation($i: SignInInput!) { signIn(input: $i) { token } }";
    for (const variables of [
      { i: { email: 1, password: "x" } },
      { i: { email: "a@b.c" } },
      {},
      { i: { email: "a@b.c", password: "x", extra: 1 } },
    ]) {
      const response = await t.graphql(signIn, variables);
      expect(response.errors?.length).toBeGreaterThan(0);
      for (const error of response.errors ?? []) expect(error.extensions?.code, error.message).toBe("BAD_USER_INPUT");
    }
    const wrongType = await t.graphql("query($n: Int) { viewer { pointsLedger(first: $n) { edges { node { id } } } } }", { n: "ten" });
    expect(codeOf(wrongType)).toBe("BAD_USER_INPUT");
    expect(codeOf(await t.graphql("{ viewer { nope } }"))).toBe("GRAPHQL_VALIDATION_FAILED");
    expect(codeOf(await t.graphql("{ viewer { id "))).toBe("GRAPHQL_PARSE_FAILED");
    expect(codeOf(await t.graphql('{ node(id: "not-a-global-id") { id } }', {}, { token: user.token }))).toBe("BAD_USER_INPUT");
  });
});

describe("browser-facing safety", () => {
  const post = (headers: Record<string, string>, body = JSON.stringify({ query: "{ __typename }" })) =>
    t.gateway.fetch("http://test.local/graphql", { method: "POST", headers, body });

  it("refuses a body over MAX_REQUEST_BODY_BYTES (1M variable keys) with 413 before parsing it", async () => {
    const keys = Object.fromEntries(Array.from({ length: 1_000_000 }, (_, index) => [`k${index}`, 1]));
    const body = JSON.stringify({ query: "query ($v: JSON) { __typename }", variables: { v: keys } });
    expect(body.length).toBeGreaterThan(MAX_REQUEST_BODY_BYTES);
    const response = await post({ "content-type": "application/json" }, body);
    expect(response.status).toBe(413);
    const answer = (await response.json()) as { errors: { extensions?: { code?: string } }[] };
    expect(answer.errors[0].extensions?.code).toBe("REQUEST_ENTITY_TOO_LARGE");
    // Just under the limit is read as usual.
    const fits = await post(
      { "content-type": "application/json" },
      JSON.stringify({ query: "{ __typename }", variables: { pad: "x".repeat(MAX_REQUEST_BODY_BYTES - 100) } }),
    );
    expect(fits.status).toBe(200);
  });

  it("answers CORS only for allowed origins, never reflecting another", async () => {
    const allowed = readHttpConfig({ CORS_ORIGINS: "https://app.example" });
    const gateway = createGateway({ config: allowed });
    const ask = (origin: string) =>
      gateway.fetch("http://test.local/graphql", {
        method: "POST",
        headers: { "content-type": "application/json", origin },
        body: JSON.stringify({ query: "{ __typename }" }),
      });
    const good = await ask("https://app.example");
    expect(good.headers.get("access-control-allow-origin")).toBe("https://app.example");
    expect(good.headers.get("access-control-allow-credentials")).toBe("true");
    const evil = await ask("https://evil.example");
    expect(evil.headers.get("access-control-allow-origin")).toBeNull();
    expect(evil.headers.get("access-control-allow-credentials")).toBeNull();
    const preflight = await gateway.fetch("http://test.local/graphql", {
      method: "OPTIONS",
      headers: { origin: "https://evil.example", "access-control-request-method": "POST" },
    });
    expect(preflight.headers.get("access-control-allow-origin")).toBeNull();
    // Development default: the gateway's own origin only.
    expect([...readHttpConfig({ PORT: "4000" }).corsOrigins]).toEqual(["http://localhost:4000", "http://127.0.0.1:4000"]);
    expect(readHttpConfig({ NODE_ENV: "production" }).corsOrigins.size).toBe(0);
  });

  it("executes only JSON POSTs; form, multipart and text bodies get 415", async () => {
    for (const type of ["application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "text/plain", ""]) {
      const response = await post(type ? { "content-type": type } : {}, "query=%7B__typename%7D");
      expect(response.status, type).toBe(415);
      expect((await response.json()).errors[0].extensions.code).toBe("UNSUPPORTED_MEDIA_TYPE");
    }
    for (const type of ["application/json", "application/json; charset=utf-8"]) {
      const response = await post({ "content-type": type });
      expect(response.status, type).toBe(200);
    }
    const graphqlResponse = await post({ "content-type": "application/json", accept: "application/graphql-response+json" });
    expect(graphqlResponse.status).toBe(200);
    expect(graphqlResponse.headers.get("content-type")).toMatch(/^application\/graphql-response\+json/);
  });

  it("refuses GET requests without the CSRF header (Yoga's CSRF prevention)", async () => {
    const url = "http://test.local/graphql?query=%7B__typename%7D";
    const bare = await t.gateway.fetch(url);
    expect(bare.status).toBe(403);
    expect((await bare.json()).errors[0].extensions.code).toBe("FORBIDDEN");
    const withHeader = await t.gateway.fetch(url, { headers: { "x-graphql-yoga-csrf": "1" } });
    expect(withHeader.status).toBe(200);
  });

  it("turns introspection off unless enabled (on by default outside production)", async () => {
    const introspect = { "content-type": "application/json" };
    const body = JSON.stringify({ query: "{ __schema { queryType { name } } }" });
    const on = await t.gateway.fetch("http://test.local/graphql", { method: "POST", headers: introspect, body });
    expect((await on.json()).data.__schema.queryType.name).toBe("Query");
    const production = createGateway({ config: readHttpConfig({ NODE_ENV: "production" }) });
    const off = await production.fetch("http://test.local/graphql", { method: "POST", headers: introspect, body });
    expect((await off.json()).errors[0].extensions.code).toBe("GRAPHQL_VALIDATION_FAILED");
    expect(readHttpConfig({ NODE_ENV: "production", GRAPHQL_INTROSPECTION: "true" }).introspection).toBe(true);
  });

  it("believes X-Forwarded-For only from a trusted proxy", async () => {
    const request = new Request("http://test.local/graphql", { headers: { "x-forwarded-for": "6.6.6.6, 203.0.113.9" } });
    const trusted = new Set(["10.0.0.1"]);
    expect(clientIp(request, { req: { socket: { remoteAddress: "198.51.100.7" } } }, trusted)).toBe("198.51.100.7");
    expect(clientIp(request, { req: { socket: { remoteAddress: "::ffff:10.0.0.1" } } }, trusted)).toBe("203.0.113.9");
    expect(clientIp(request, {}, trusted)).toBeNull();
  });
});

describe("service endpoints", () => {
  it("/health answers while the process runs; /ready checks the database and pending migrations", async () => {
    expect((await t.gateway.fetch("http://test.local/health")).status).toBe(200);
    const ready = await t.gateway.fetch("http://test.local/ready");
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ ready: true });
    const [last] = await t.prisma.$queryRawUnsafe<{ id: string; migration_name: string }[]>(
      'SELECT id, migration_name FROM "_prisma_migrations" ORDER BY migration_name DESC LIMIT 1',
    );
    await t.prisma.$executeRawUnsafe('UPDATE "_prisma_migrations" SET rolled_back_at = now() WHERE id = $1', last.id);
    try {
      const pending = await t.gateway.fetch("http://test.local/ready");
      expect(pending.status).toBe(503);
      expect(await pending.json()).toMatchObject({ ready: false, pending: [last.migration_name] });
    } finally {
      await t.prisma.$executeRawUnsafe('UPDATE "_prisma_migrations" SET rolled_back_at = NULL WHERE id = $1', last.id);
    }
  });

  it("/metrics exposes request counts, durations, errors and the database pool", async () => {
    await t.graphql("{ __typename }");
    await t.graphql("{ viewer { nope } }");
    const metrics = await (await t.gateway.fetch("http://test.local/metrics")).text();
    for (const name of [
      "graphql_envelop_request",
      "graphql_envelop_request_duration",
      "graphql_envelop_error_result",
      "graphql_yoga_http_duration",
      "db_pool_connections_total",
    ]) {
      expect(metrics, name).toContain(name);
    }
  });

  it("echoes a sane X-Request-Id and makes one up otherwise", async () => {
    const given = await t.gateway.fetch("http://test.local/graphql", {
      method: "POST",
      headers: { "content-type": "application/json", "x-request-id": "abc-123" },
      body: JSON.stringify({ query: "{ __typename }" }),
    });
    expect(given.headers.get("x-request-id")).toBe("abc-123");
    const made = await t.gateway.fetch("http://test.local/graphql", {
      method: "POST",
      headers: { "content-type": "application/json", "x-request-id": "bad id\nwith newline" },
      body: JSON.stringify({ query: "{ __typename }" }),
    });
    expect(made.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });
});
