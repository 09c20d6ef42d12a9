import { isObjectType, type GraphQLObjectType } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDatamodel } from "../src/generated/pothos-types.ts";
import { schema } from "../src/graphql/schema.ts";
import { MAX_QUERY_DEPTH } from "../src/server.ts";
import { startTestGateway, type TestGateway } from "./support/gateway.ts";

let t: TestGateway;

beforeAll(async () => {
  t = await startTestGateway();
});
afterAll(async () => {
  await t?.close();
});

describe("the schema", () => {
  it("exposes every one of the spec's 63 Prisma models as a Node type of the same name (UserQuest as Quest)", () => {
    // The gateway's own tables (pending email links, queued mail) are internal: never exposed.
    const internal = ["EmailVerification", "MailOutbox"];
    for (const name of internal) expect(schema.getType(name), name).toBeUndefined();
    const models = Object.keys(getDatamodel().datamodel.models).filter((model) => !internal.includes(model));
    expect(models).toHaveLength(63);
    for (const model of models) {
      const name = model === "UserQuest" ? "Quest" : model;
      const type = schema.getType(name);
      expect(type && isObjectType(type), name).toBe(true);
      expect(
        (type as GraphQLObjectType).getInterfaces().map((i) => i.name),
        name,
      ).toContain("Node");
    }
    expect(schema.getType("UserQuest")).toBeUndefined();
  });

  it("never exposes password or token hashes", () => {
    const account = schema.getType("Account") as GraphQLObjectType;
    const session = schema.getType("Session") as GraphQLObjectType;
    expect(Object.keys(account.getFields())).not.toContain("passwordHash");
    expect(Object.keys(session.getFields())).not.toContain("tokenHash");
  });
});

describe("limits and errors", () => {
  it(`refuses documents nested deeper than ${MAX_QUERY_DEPTH} levels before running them`, async () => {
    let selection = "id";
    for (let i = 0; i < MAX_QUERY_DEPTH; i += 1) selection = `topic { lessons { ${selection} } }`;
    const { statements, result } = await t.countQueries(() =>
      t.graphql(`{ learnTopics(first: 1) { edges { node { lessons { ${selection} } } } } }`),
    );
    expect(result.errors?.[0].extensions?.code).toBe("QUERY_LIMIT_EXCEEDED");
    expect(result.errors?.[0].message).toMatch(/depth limit of \d+ exceeded/);
    expect(statements).toHaveLength(0);
  });

  it("caps connection pages at 100 rows, whatever `first` asks for", async () => {
    const user = await t.createUser();
    await t.prisma.pointsLedger.createMany({
      data: Array.from({ length: 150 }, (_, i) => ({ userId: user.userId, reason: "test", xpDelta: 1, idempotencyKey: `cap-${i}` })),
    });
    const data = await t.ok(
      "{ viewer { pointsLedger(first: 5000) { edges { node { id } } pageInfo { hasNextPage } } } }",
      {},
      { token: user.token },
    );
    expect(data.viewer.pointsLedger.edges).toHaveLength(100);
    expect(data.viewer.pointsLedger.pageInfo.hasNextPage).toBe(true);
  });

  it("masks unexpected errors: no SQL, driver or stack details reach the client", async () => {
    const user = await t.createUser();
    // Make the session lookup fail inside the driver: every statement errors from now on.
    const stop = t.db.onQuery((sql) => {
      throw new Error(`simulated driver failure running ${sql}`);
    });
    try {
      const response = await t.graphql("{ viewer { id email } }", {}, { token: user.token });
      expect(response.errors?.[0].message).toBe("Unexpected error.");
      expect(JSON.stringify(response)).not.toMatch(/simulated|SELECT|sessions|stack/i);
    } finally {
      stop();
    }
    const healthy = await t.graphql("{ viewer { id } }", {}, { token: user.token });
    expect(healthy.errors).toBeUndefined();
  });
});
