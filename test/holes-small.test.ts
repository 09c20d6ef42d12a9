// Issue 20, item 5: malformed global ids of any shape, authorization before input rules on admin
// mutations, time-zone switching, and focus sessions under a minute.
import { getNamedType, isNonNullType, isObjectType, isScalarType, type GraphQLField } from "graphql";
import { describe, expect, it } from "vitest";
import { HABIT_REWARDS_PER_DAY } from "../src/domain/habits.ts";
import { schema } from "../src/graphql/schema.ts";
import { codeOf, startGatewayWithUsers } from "./support/gateway.ts";
import { globalId } from "./support/graphqlIds.ts";
import { middayZone } from "./support/midday.ts";

const { t, a } = await startGatewayWithUsers();

const b64 = (text: string) => Buffer.from(text).toString("base64");
const UUID = "6f1c1f0e-6d0e-4c4a-9b1e-2d7c8a3b9f10";
const MALFORMED = [
  b64(`habit:${UUID}`),
  b64(`Habit:not-a-uuid`),
  b64(`Query:${UUID}`),
  b64(`AuthPayload:${UUID}`),
  b64(`__proto__:${UUID}`),
  b64(`constructor:${UUID}`),
  b64(`NoSuchType:${UUID}`),
  b64(`Habit:`),
  b64(":"),
  "",
  "garbage!",
  "%%%",
  globalId("Habit", "1"),
];
const ACCEPTED = new Set(["NOT_FOUND", "BAD_USER_INPUT"]);

describe("malformed global ids", () => {
  it("node(id:) and nodes(ids:) answer null, NOT_FOUND or BAD_USER_INPUT, signed in or not, never an internal error", async () => {
    for (const token of [undefined, a.token]) {
      for (const id of MALFORMED) {
        const one = await t.graphql(`query($id: ID!) { node(id: $id) { id } }`, { id }, { token });
        if (one.errors) expect(ACCEPTED, `node(${JSON.stringify(id)}): ${JSON.stringify(one.errors)}`).toContain(codeOf(one));
        else expect(one.data).toEqual({ node: null });
        const many = await t.graphql(`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids: [id, globalId("Habit", UUID)] }, { token });
        if (many.errors) expect(ACCEPTED, `nodes(${JSON.stringify(id)}): ${JSON.stringify(many.errors)}`).toContain(codeOf(many));
        else expect(many.data).toEqual({ nodes: [null, null] });
      }
    }
  });

  it("every root field with an ID argument answers a malformed id with NOT_FOUND or BAD_USER_INPUT (or nothing)", async () => {
    const admin = await t.createUser({ admin: true });
    const roots = [schema.getQueryType(), schema.getMutationType()].filter((type) => type !== null && type !== undefined);
    let checked = 0;
    for (const root of roots) {
      const operation = root === schema.getMutationType() ? "mutation" : "query";
      for (const field of Object.values(root.getFields()) as Array<GraphQLField<unknown, unknown>>) {
        const idArgs = field.args.filter((arg) => getNamedType(arg.type).name === "ID" && !String(arg.type).startsWith("["));
        const othersRequired = field.args.some((arg) => !idArgs.includes(arg) && isNonNullType(arg.type) && arg.defaultValue === undefined);
        if (idArgs.length === 0 || othersRequired) continue;
        const named = getNamedType(field.type);
        const selection =
          isScalarType(named) || (!isObjectType(named) && !("getTypes" in named) && !("getInterfaces" in named)) ? "" : "{ __typename }";
        const variables = idArgs.map((arg) => `$${arg.name}: ID!`).join(", ");
        const args = idArgs.map((arg) => `${arg.name}: $${arg.name}`).join(", ");
        const document = `${operation}(${variables}) { ${field.name}(${args}) ${isScalarType(named) || named.astNode?.kind === "EnumTypeDefinition" ? "" : selection} }`;
        for (const id of [b64(`habit:${UUID}`), "garbage!", b64(`Habit:not-a-uuid`)]) {
          const answer = await t.graphql(document, Object.fromEntries(idArgs.map((arg) => [arg.name, id])), { token: admin.token });
          checked += 1;
          if (!answer.errors) continue;
          expect(ACCEPTED, `${field.name}(${JSON.stringify(id)}): ${JSON.stringify(answer.errors)}`).toContain(codeOf(answer));
        }
      }
    }
    expect(checked).toBeGreaterThan(100);
  });
});

describe("admin mutations check the role before the input", () => {
  it("a non-admin sending invalid input gets FORBIDDEN, not the input rules", async () => {
    const invalid = [
      `mutation { createMarketItem(input: { key: "NOT A KEY", name: "", description: "", category: "", priceCoins: -1 }) { __typename } }`,
      `mutation { createUniversalQuest(input: { key: "NOT A KEY", title: "", description: "", category: "" }) { __typename } }`,
      `mutation { awardPoints(input: { userId: "x", xp: -1, coins: 0, reason: "", idempotencyKey: "" }) { __typename } }`,
    ];
    for (const document of invalid) {
      const answer = await t.graphql(document, {}, { token: a.token });
      if (codeOf(answer) === "GRAPHQL_VALIDATION_FAILED") throw new Error(`${document}: ${JSON.stringify(answer.errors)}`);
      expect(codeOf(answer), `${document}: ${JSON.stringify(answer.errors)}`).toBe("FORBIDDEN");
      expect(answer.errors?.[0]?.message).not.toMatch(/must|at most|at least|invalid/i);
      const anonymous = await t.graphql(document, {});
      expect(codeOf(anonymous)).toBe("UNAUTHENTICATED");
    }
  });
});

describe("time-zone changes", () => {
  it("switching zones cannot pay more than two days of habit rewards within a real day", async () => {
    // The account is a week old; 10 daily habits. West of UTC (UTC-11) today and its grace day are paid...
    const u = await t.createUser({ timezone: "Pacific/Pago_Pago" });
    await t.prisma.user.update({ where: { id: u.userId }, data: { createdAt: new Date(Date.now() - 7 * 86_400_000) } });
    const habits = await t.prisma.habit.createManyAndReturn({
      data: Array.from({ length: HABIT_REWARDS_PER_DAY }, (_, i) => ({
        userId: u.userId,
        name: `h${i}`,
        startDate: new Date("2020-01-01"),
      })),
    });
    const complete = async (day: string) => {
      for (const habit of habits) {
        await t.ok(
          `mutation($id: ID!, $day: Date) { completeHabit(habitId: $id, day: $day) { becameDone } }`,
          { id: globalId("Habit", habit.id), day },
          { token: u.token },
        );
      }
    };
    const dayIn = (zone: string, offsetDays = 0) =>
      new Date(Date.now() + offsetDays * 86_400_000).toLocaleDateString("en-CA", { timeZone: zone });
    await complete(dayIn("Pacific/Pago_Pago", -1));
    await complete(dayIn("Pacific/Pago_Pago"));
    // ... then the zone moves east of UTC (UTC+14), where today is one or two days later.
    await t.ok(`mutation { updateSettings(input: { timezone: "Pacific/Kiritimati" }) { timezone } }`, {}, { token: u.token });
    await complete(dayIn("Pacific/Kiritimati"));
    const paid = await t.prisma.pointsLedger.findMany({ where: { userId: u.userId, reason: "habit.complete" } });
    expect(new Set(paid.map((row) => (row.metadata as { day: string }).day)).size).toBe(2);
    expect(paid).toHaveLength(2 * HABIT_REWARDS_PER_DAY);
  });
});

describe("focus sessions", () => {
  it("a session shorter than a minute earns nothing: no XP, no achievement, no quest progress", async () => {
    const u = await t.createUser({ timezone: middayZone() });
    const started = await t.ok(`mutation { startFocusSession(input: { plannedDurationSeconds: 1500 }) { id } }`, {}, { token: u.token });
    const finished = await t.ok(
      `mutation($id: ID!) { finishFocusSession(id: $id) { session { status xpAwarded } award { entry { xpDelta } } } }`,
      { id: started.startFocusSession.id },
      { token: u.token },
    );
    expect(finished.finishFocusSession.award).toBeNull();
    expect(finished.finishFocusSession.session.xpAwarded).toBe(0);
    expect(await t.prisma.userAchievement.count({ where: { userId: u.userId } })).toBe(0);
    expect(await t.prisma.pointsLedger.count({ where: { userId: u.userId } })).toBe(0);
    expect(await t.prisma.behaviorOutbox.count({ where: { userId: u.userId, eventType: "focus.finished" } })).toBe(0);
  });
});
