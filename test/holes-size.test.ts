// Issue 20, items 1 and 4: a document's bytes are capped before parsing, the parsed-document
// cache is bounded by bytes, and a small document cannot make a response of many MB.
import { runInNewContext } from "node:vm";
import { setFlagsFromString } from "node:v8";
import { describe, expect, it } from "vitest";
import { createGateway, MAX_REQUEST_BODY_BYTES } from "../src/server.ts";
import { codeOf, startGatewayWithUsers, type GraphQLResponse } from "./support/gateway.ts";

const { t, a } = await startGatewayWithUsers();

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

function heapAfterGc(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

const MB = 1024 * 1024;
// 50 bodies of 8 MB are serialized and parsed: seconds on an idle machine, minutes on a busy one.
const TIMEOUT = 300_000;
// The body is JSON: `{"query":"…"}` around the document, within the body limit.
const PADDING = "x".repeat(MAX_REQUEST_BODY_BYTES - 1024);

async function post(gateway: ReturnType<typeof createGateway>, query: string): Promise<{ status: number; body: GraphQLResponse<any> }> {
  const response = await gateway.fetch("http://test.local/graphql", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query }),
  });
  return { status: response.status, body: (await response.json()) as GraphQLResponse<any> };
}

/** Sends 50 distinct documents of `{ __typename }` and a comment filling the body; returns the heap's growth. */
async function sendPaddedDocuments(gateway: ReturnType<typeof createGateway>, codes: Set<string | undefined>): Promise<number> {
  const before = heapAfterGc();
  for (let i = 0; i < 50; i += 1) {
    const { body } = await post(gateway, `{ __typename } # ${i} ${PADDING}`);
    codes.add(codeOf(body) ?? (body.data?.__typename as string | undefined));
  }
  return heapAfterGc() - before;
}

describe("the document's size", () => {
  it(
    "a document over 64 KB is refused before parsing, with a code; 50 at the body limit leave the heap flat",
    async () => {
      const codes = new Set<string | undefined>();
      const growth = await sendPaddedDocuments(t.gateway, codes);
      expect([...codes]).toEqual(["DOCUMENT_TOO_LARGE"]);
      // 50 documents of 8 MB were sent (400 MB); none is kept.
      expect(growth).toBeLessThan(32 * MB);
      const refused = await post(t.gateway, `{ __typename } # ${"y".repeat(64 * 1024)}`);
      expect(refused.status).toBe(413);
      expect(refused.body.errors?.[0]?.extensions).toMatchObject({ code: "DOCUMENT_TOO_LARGE", max: 64 * 1024 });
      // The server still answers, and a document just under the cap runs.
      const under = await post(t.gateway, `{ __typename } # ${"z".repeat(60 * 1024)}`);
      expect(under.body).toEqual({ data: { __typename: "Query" } });
    },
    TIMEOUT,
  );

  it(
    "with the cap raised, the parsed-document cache still keeps only its byte budget",
    async () => {
      process.env.MAX_DOCUMENT_BYTES = String(MAX_REQUEST_BODY_BYTES);
      const gateway = createGateway();
      delete process.env.MAX_DOCUMENT_BYTES;
      const codes = new Set<string | undefined>();
      const growth = await sendPaddedDocuments(gateway, codes);
      expect([...codes]).toEqual(["Query"]);
      // Each was parsed and answered; the cache holds at most 16 MiB of them.
      expect(growth).toBeLessThan(48 * MB);
      expect((await post(gateway, "{ __typename }")).body).toEqual({ data: { __typename: "Query" } });
    },
    TIMEOUT,
  );
});

describe("the response's size", () => {
  it("stored text selected through a page cannot make a response of many MB: RESPONSE_TOO_LARGE", async () => {
    const content = "w".repeat(100_000);
    // One through the API (the write path allows 100,000 characters, and no more) ...
    await t.ok(
      `mutation($input: CreateInfobaseEntryInput!) { createInfobaseEntry(input: $input) { id } }`,
      { input: { title: "big", content } },
      { token: a.token },
    );
    const tooLong = await t.graphql(
      `mutation($input: CreateInfobaseEntryInput!) { createInfobaseEntry(input: $input) { id } }`,
      { input: { title: "bigger", content: `${content}w` } },
      { token: a.token },
    );
    expect(codeOf(tooLong)).toBe("BAD_USER_INPUT");
    // ... and the rest straight in the database.
    await t.prisma.infobaseEntry.createMany({
      data: Array.from({ length: 59 }, (_, i) => ({ userId: a.userId, title: `big ${i}`, content })),
    });
    const document = "{ viewer { infobaseEntries(first: 100) { edges { node { content } } } } }";
    expect(document.length).toBeLessThan(405);
    const response = await t.gateway.fetch("http://test.local/graphql", {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${a.token}` },
      body: JSON.stringify({ query: document }),
    });
    const text = await response.text();
    expect(text.length).toBeLessThan(4096);
    const body = JSON.parse(text) as GraphQLResponse<unknown>;
    expect(codeOf(body)).toBe("RESPONSE_TOO_LARGE");
    expect(body.errors?.[0]?.extensions?.max).toBe(4 * MB);
    // A bounded page of the same text answers.
    const page = await t.ok("{ viewer { infobaseEntries(first: 30) { edges { node { content } } } } }", {}, { token: a.token });
    expect(page.viewer.infobaseEntries.edges).toHaveLength(30);
  });
});
