// A plain answer is serialized by the response budget plugin (src/plugins/response-budget.ts),
// in place of graphql-yoga's own processor: for every Accept header the status, the Content-Type
// and the body must be the ones Yoga gives.
import { createSchema, createYoga } from "graphql-yoga";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { regularMediaType } from "../src/plugins/response-budget.ts";
import { startTestGateway, type TestGateway } from "./support/gateway.ts";

let t: TestGateway;
beforeAll(async () => {
  t = await startTestGateway();
});
afterAll(async () => {
  await t?.close();
});

const yoga = createYoga({ schema: createSchema({ typeDefs: "type Query { ping: Int }" }), logging: false });

const ACCEPTS = [
  null,
  "*/*",
  "application/json",
  "application/graphql-response+json",
  "application/graphql-response+json, application/json",
  "application/json, application/graphql-response+json",
  "application/graphql-response+json;charset=utf-8, application/json;q=0.9",
  "application/*",
  "text/html, application/xhtml+xml, */*;q=0.8",
  "application/json; charset=iso-8859-1, application/graphql-response+json",
  "text/event-stream, application/json",
  "APPLICATION/GRAPHQL-RESPONSE+JSON",
];

async function ask(fetcher: { fetch: typeof fetch }, accept: string | null) {
  const response = await fetcher.fetch("http://test.local/graphql", {
    method: "POST",
    headers: { "content-type": "application/json", ...(accept === null ? {} : { accept }) },
    body: JSON.stringify({ query: "{ __typename }" }),
  });
  return { status: response.status, type: response.headers.get("content-type"), body: await response.text() };
}

describe("a plain answer serialized by the budget plugin", () => {
  it("has the status, Content-Type and body graphql-yoga gives, for every Accept header", async () => {
    for (const accept of ACCEPTS) {
      const ours = await ask(t.gateway as unknown as { fetch: typeof fetch }, accept);
      const theirs = await ask(yoga as unknown as { fetch: typeof fetch }, accept);
      expect({ accept, ...ours }).toEqual({ accept, ...theirs });
    }
  });

  it("picks the JSON media type as graphql-yoga does", () => {
    expect(regularMediaType(null)).toBe("application/json");
    expect(regularMediaType("application/graphql-response+json, application/json")).toBe("application/graphql-response+json");
    expect(regularMediaType("application/json, application/graphql-response+json")).toBe("application/json");
    expect(regularMediaType("application/json;charset=latin1, application/graphql-response+json")).toBe(
      "application/graphql-response+json",
    );
  });
});
