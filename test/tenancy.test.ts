// One suite for the whole API: users A and B both own data in every domain; nothing of
// B's is reachable by A through any global ID, any root lookup or any path under `viewer`.
import {
  getNamedType,
  isInterfaceType,
  isListType,
  isNonNullType,
  isObjectType,
  type GraphQLField,
  type GraphQLObjectType,
  type GraphQLOutputType,
} from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDatamodel } from "../src/generated/pothos-types.ts";
import { seedDemoUser } from "../src/db/seed/demo.ts";
import { schema } from "../src/graphql/schema.ts";
import { startTestGateway, type TestGateway, type TestUser } from "./support/gateway.ts";
import { globalId } from "./support/graphqlIds.ts";

/** Prisma model → GraphQL type (the seed's naming rule: user_quests is exposed as Quest). */
const graphqlTypeOf = (model: string) => (model === "UserQuest" ? "Quest" : model);
const delegateOf = (model: string) => model[0].toLowerCase() + model.slice(1);

// EmailVerification is left out: no GraphQL type exposes it (a pending change is reached only by
// the mailed token), so there is nothing of B's to look up.
const OWNED_MODELS = Object.entries(getDatamodel().datamodel.models)
  .filter(
    ([name, model]) => name !== "EmailVerification" && model.fields.some((field) => field.name === "userId" && field.kind === "scalar"),
  )
  .map(([name]) => name);

let t: TestGateway;
let a: TestUser;
let b: TestUser;
/** Every row B owns, per model. */
const bRows = new Map<string, string[]>();
const bIds = new Set<string>();

async function signInAs(userId: string): Promise<TestUser> {
  const session = await t.createUser();
  await t.prisma.session.updateMany({ where: { userId: session.userId }, data: { userId } });
  return { ...session, userId };
}

/** Rows the demo seeder does not create, so that B owns something in every table. */
async function topUp(userId: string) {
  const p = t.prisma;
  const library = await p.focusLibrary.create({
    data: { userId, name: "Deep work", tracks: { create: { userId, title: "Rain", url: "https://example.test/rain.mp3" } } },
  });
  const session = await p.focusSession.create({ data: { userId, plannedDurationSeconds: 1500, libraryId: library.id } });
  await p.focusPauseState.create({ data: { userId, sessionId: session.id, isPaused: true, pausedAt: new Date() } });
  await p.trainingProgram.create({ data: { userId, name: "5x5" } });
  await p.exercise.create({ data: { userId, name: "Custom curl", category: "STRENGTH" } });
  await p.feedback.create({ data: { userId, message: "Love it" } });
  await p.userReference.create({ data: { userId, title: "Mixing guide", url: "https://example.test/mix" } });
  await p.decisionTelemetry.create({ data: { userId, decisionKey: "next_best_action", surface: "today" } });
  await p.userAchievement.createMany({
    data: [{ userId, achievementKey: (await p.achievementDefinition.findFirstOrThrow()).key }],
    skipDuplicates: true,
  });
  const analysis = await p.trackAnalysis.findFirstOrThrow({ where: { userId } });
  const manifest = await p.analysisFrameManifest.create({
    data: { userId, analysisId: analysis.id, feature: "tenancy_rms", frameRate: 10, frameCount: 2, framesPerChunk: 2 },
  });
  await p.analysisFrameData.create({
    data: { userId, manifestId: manifest.id, chunkIndex: 0, startFrame: 0, frameCount: 2, data: Buffer.alloc(8) },
  });
  await p.auditLog.create({ data: { userId, action: "auth.sign_in" } });
  await p.behaviorOutbox.create({ data: { userId, eventType: "test.event", payload: {}, idempotencyKey: `tenancy:${userId}` } });
}

beforeAll(async () => {
  t = await startTestGateway();
  const seededA = await seedDemoUser(t.prisma, { email: "a@tenancy.test", seed: 1 });
  const seededB = await seedDemoUser(t.prisma, { email: "b@tenancy.test", seed: 2 });
  await topUp(seededA.userId);
  await topUp(seededB.userId);
  a = await signInAs(seededA.userId);
  b = await signInAs(seededB.userId);
  for (const model of OWNED_MODELS) {
    const delegate = (t.prisma as unknown as Record<string, { findMany(args: object): Promise<{ id: string | bigint }[]> }>)[
      delegateOf(model)
    ];
    const rows = await delegate.findMany({ where: { userId: b.userId }, select: { id: true } });
    bRows.set(
      model,
      rows.map((row) => String(row.id)),
    );
    for (const row of rows) bIds.add(String(row.id));
  }
  bIds.add(b.userId);
});

afterAll(async () => {
  await t?.close();
});

describe("tenancy across every domain", () => {
  it("B owns rows in every user-owned table", () => {
    const empty = OWNED_MODELS.filter((model) => (bRows.get(model) ?? []).length === 0);
    expect(empty).toEqual([]);
    expect(OWNED_MODELS.length).toBeGreaterThanOrEqual(49);
  });

  it("no global ID of B's resolves for A through node/nodes", async () => {
    const ids = [globalId("User", b.userId)];
    for (const [model, rows] of bRows) for (const id of rows.slice(0, 25)) ids.push(globalId(graphqlTypeOf(model), id));
    for (let i = 0; i < ids.length; i += 100) {
      const chunk = ids.slice(i, i + 100);
      const data = await t.ok("query ($ids: [ID!]!) { nodes(ids: $ids) { id } }", { ids: chunk }, { token: a.token });
      expect(data.nodes.filter((node: unknown) => node !== null)).toEqual([]);
    }
    // …while A's own rows do resolve, so the check can fail.
    const own = await t.prisma.habit.findFirstOrThrow({ where: { userId: a.userId } });
    const mine = await t.ok("query ($id: ID!) { node(id: $id) { id } }", { id: globalId("Habit", own.id) }, { token: a.token });
    expect(mine.node).not.toBeNull();
  });

  it("no root lookup by id returns B's row to A", async () => {
    const query = schema.getQueryType()!;
    const lookups = Object.values(query.getFields()).filter(
      (field) =>
        field.args.length >= 1 &&
        field.args.some((arg) => arg.name === "id") &&
        field.args.every((arg) => arg.name === "id" || !isNonNullType(arg.type)),
    );
    let checked = 0;
    for (const field of lookups) {
      const typeName = getNamedType(field.type).name;
      const model = typeName === "Quest" ? "UserQuest" : typeName;
      const rows = bRows.get(model);
      if (!rows?.length) continue;
      const response = await t.graphql(
        `query ($id: ID!) { ${field.name}(id: $id) { __typename } }`,
        { id: globalId(typeName, rows[0]) },
        { token: a.token },
      );
      const value = response.data?.[field.name] ?? null;
      expect(value, `${field.name}`).toBeNull();
      if (response.errors) expect(response.errors[0].extensions?.code, field.name).toBe("NOT_FOUND");
      checked += 1;
    }
    expect(checked).toBeGreaterThanOrEqual(5);
  });

  it("nothing under viewer, two levels deep on every path, belongs to B", async () => {
    const user = schema.getType("User") as GraphQLObjectType;
    // One request per path under viewer: together they would pass the document cost limit.
    const paths = selectionParts(user, 3);
    const seen: string[] = [];
    for (const path of paths) {
      let response = await t.graphql(`{ viewer { ${path} } }`, {}, { token: a.token });
      if (response.errors?.[0]?.extensions?.code === "QUERY_LIMIT_EXCEEDED") {
        // A path whose nested lists pass the cost limit is walked one level at a time instead.
        const field = path.slice(0, path.indexOf(" {"));
        response = await t.graphql(
          `{ viewer { ${field} ${path.includes("edges") ? "{ edges { node { id } } }" : "{ id }"} } }`,
          {},
          { token: a.token },
        );
      }
      expect(response.errors ?? [], path.slice(0, 80)).toEqual([]);
      seen.push(...collectIds(response.data));
    }
    expect(seen.length).toBeGreaterThan(200);
    const leaked = seen.filter((id) => bIds.has(id));
    expect(leaked).toEqual([]);
  });

  it("the Today document shows none of B's rows", async () => {
    const response = await t.graphql(
      `{ today { ${selectionFor(schema.getType("Today") as GraphQLObjectType, 3).slice(1, -1)} } }`,
      {},
      { token: a.token },
    );
    expect(response.errors ?? []).toEqual([]);
    const seen = collectIds(response.data);
    expect(seen.length).toBeGreaterThan(10);
    expect(seen.filter((id) => bIds.has(id))).toEqual([]);
  });
});

/** A selection of `id` and every argument-free (or optional-argument) object field, `depth` levels down. */
function selectionFor(type: GraphQLObjectType, depth: number): string {
  return `{ ${selectionParts(type, depth).join(" ")} }`;
}

/** The fields of selectionFor, one string each. Pages shrink with depth to stay within the cost limit. */
function selectionParts(type: GraphQLObjectType, depth: number): string[] {
  const parts: string[] = [];
  for (const field of Object.values(type.getFields())) {
    if (field.args.some((arg) => isNonNullType(arg.type) && arg.defaultValue === undefined)) continue;
    const named = getNamedType(field.type);
    if (field.name === "id" || field.name === "refId" || field.name === "userId") {
      parts.push(field.name);
      continue;
    }
    if (!isObjectType(named) && !isInterfaceType(named)) continue;
    if (depth <= 0 || named.name === "User") continue;
    const args = isConnection(field) ? `(first: ${depth >= 3 ? 10 : 2})` : "";
    if (isConnection(field)) {
      const node = getNamedType((named as GraphQLObjectType).getFields().edges.type) as GraphQLObjectType;
      const inner = selectionFor(getNamedType(node.getFields().node.type) as GraphQLObjectType, depth - 1);
      parts.push(`${field.name}${args} { edges { node ${inner} } }`);
    } else if (isObjectType(named)) {
      parts.push(`${field.name}${args} ${selectionFor(named, depth - 1)}`);
    }
  }
  if (parts.length === 0) parts.push("__typename");
  return parts;
}

function isConnection(field: GraphQLField<unknown, unknown>): boolean {
  const named = getNamedType(field.type as GraphQLOutputType);
  return isObjectType(named) && "edges" in named.getFields() && "pageInfo" in named.getFields() && !isListType(field.type);
}

/** Raw ids (global IDs decoded) anywhere in a response. */
function collectIds(value: unknown, into: string[] = []): string[] {
  if (Array.isArray(value)) for (const item of value) collectIds(item, into);
  else if (value && typeof value === "object") {
    for (const [key, inner] of Object.entries(value)) {
      if ((key === "id" || key === "refId" || key === "userId") && typeof inner === "string") {
        const decoded = Buffer.from(inner, "base64").toString("utf8");
        into.push(decoded.includes(":") ? decoded.slice(decoded.indexOf(":") + 1) : inner);
      } else collectIds(inner, into);
    }
  }
  return into;
}
