// Connection cursors are signed for the viewer: paging works with the cursors the gateway hands
// out, and any other cursor (hand-made from an own, foreign or missing row id, altered, or
// another user's) gets one and the same refusal, so a cursor is no existence oracle.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cursorCodec, cursorSecret } from "../src/plugins/signed-cursors.ts";
import { codeOf, startTestGateway, type TestGateway, type TestUser } from "./support/gateway.ts";
import { rawId } from "./support/graphqlIds.ts";

let t: TestGateway;
let alice: TestUser;
let bob: TestUser;
let aliceHabits: string[];
let bobHabit: string;

const PAGE = `query ($after: String, $before: String, $first: Int, $last: Int) {
  viewer { habits(first: $first, after: $after, last: $last, before: $before) {
    edges { cursor node { id name } } pageInfo { startCursor endCursor hasNextPage }
  } }
}`;

/** Pothos plugin-prisma's own (unsigned) cursor for a row id. */
function handMade(id: string): string {
  return Buffer.from(`GPC:S:${id}`).toString("base64");
}

beforeAll(async () => {
  t = await startTestGateway();
  alice = await t.createUser();
  bob = await t.createUser();
  aliceHabits = [];
  for (const name of ["a1", "a2", "a3", "a4", "a5"]) {
    const { createHabit } = await t.ok(
      `mutation ($name: String!) { createHabit(input: { name: $name }) { id } }`,
      { name },
      { token: alice.token },
    );
    aliceHabits.push(createHabit.id);
  }
  const { createHabit } = await t.ok(`mutation { createHabit(input: { name: "b1" }) { id } }`, {}, { token: bob.token });
  bobHabit = createHabit.id;
});

afterAll(async () => {
  await t?.close();
});

describe("signed connection cursors", () => {
  it("pages forward and backward with the cursors handed out, in variables and in literals", async () => {
    const first = await t.ok(PAGE, { first: 2 }, { token: alice.token });
    const page1 = first.viewer.habits;
    expect(page1.edges.map((edge: any) => edge.node.name)).toEqual(["a1", "a2"]);
    expect(page1.pageInfo.endCursor).toBe(page1.edges[1].cursor);
    expect(page1.pageInfo.endCursor).toMatch(/~[A-Za-z0-9_-]{22}$/);

    const second = await t.ok(PAGE, { first: 2, after: page1.pageInfo.endCursor }, { token: alice.token });
    expect(second.viewer.habits.edges.map((edge: any) => edge.node.name)).toEqual(["a3", "a4"]);

    const literal = await t.ok(
      `{ viewer { habits(first: 10, after: ${JSON.stringify(second.viewer.habits.pageInfo.endCursor)}) { edges { node { name } } } } }`,
      {},
      { token: alice.token },
    );
    expect(literal.viewer.habits.edges.map((edge: any) => edge.node.name)).toEqual(["a5"]);

    const back = await t.ok(PAGE, { last: 2, before: second.viewer.habits.pageInfo.startCursor }, { token: alice.token });
    expect(back.viewer.habits.edges.map((edge: any) => edge.node.name)).toEqual(["a1", "a2"]);
  });

  it("refuses hand-made, foreign, missing and altered cursors with one and the same answer", async () => {
    const own = await t.ok(PAGE, { first: 1 }, { token: alice.token });
    const signed: string = own.viewer.habits.pageInfo.endCursor;
    // The MAC's last character carries spare bits: change it to one whose bits all differ.
    const altered = `${signed.slice(0, -2)}${signed.endsWith("AB") ? "AC" : "AB"}`;
    const lastBit = `${signed.slice(0, -1)}${signed.endsWith("A") ? "B" : "A"}`;
    const bobsPage = await t.ok(PAGE, { first: 1 }, { token: bob.token });
    const bobsSigned: string = bobsPage.viewer.habits.pageInfo.endCursor;
    const swapped = `${handMade(rawId(bobHabit))}~${signed.split("~")[1]}`;
    const candidates = {
      ownRowHandMade: handMade(rawId(aliceHabits[0])),
      foreignRowHandMade: handMade(rawId(bobHabit)),
      missingRowHandMade: handMade(randomUUID()),
      altered,
      lastBit,
      bobsCursorForAlice: bobsSigned,
      innerSwapped: swapped,
      garbage: "~",
    };
    const answers: Record<string, unknown> = {};
    for (const [name, cursor] of Object.entries(candidates)) {
      const response = await t.graphql(PAGE, { first: 2, after: cursor }, { token: alice.token });
      expect(response.data ?? null, name).toBeNull();
      expect(codeOf(response), name).toBe("BAD_USER_INPUT");
      answers[name] = response.errors;
    }
    // Identical bodies: nothing tells a foreign row from a missing one.
    const distinct = new Set(Object.values(answers).map((errors) => JSON.stringify(errors)));
    expect(distinct.size).toBe(1);
    expect([...distinct][0]).toContain("after: not a cursor this list gave you");

    // The same cursor is fine for the user it was given to.
    const bobs = await t.graphql(PAGE, { first: 2, after: bobsSigned }, { token: bob.token });
    expect(bobs.errors).toBeUndefined();
  });

  it("checks nested connections and `before` too, and a signed cursor does not work anonymously", async () => {
    const nested = `query ($after: String) { viewer { habits(first: 1) { edges { node { completions(first: 1, after: $after) { edges { cursor } } } } } } }`;
    const refused = await t.graphql(nested, { after: handMade(randomUUID()) }, { token: alice.token });
    expect(codeOf(refused)).toBe("BAD_USER_INPUT");
    const before = await t.graphql(PAGE, { last: 1, before: handMade(rawId(aliceHabits[1])) }, { token: alice.token });
    expect(codeOf(before)).toBe("BAD_USER_INPUT");
    expect(before.errors?.[0]?.message).toContain("before:");

    const catalogue = `query ($after: String) { universalQuests(first: 1, after: $after) { edges { node { id } } pageInfo { endCursor } } }`;
    const signedIn = await t.ok(catalogue, {}, { token: alice.token });
    const endCursor = signedIn.universalQuests.pageInfo.endCursor;
    expect(codeOf(await t.graphql(catalogue, { after: endCursor }))).toBe("BAD_USER_INPUT");
    expect((await t.graphql(catalogue, { after: endCursor }, { token: alice.token })).errors).toBeUndefined();
  });

  it("signs with an HMAC bound to the key and the viewer", () => {
    const a = cursorCodec(Buffer.alloc(32, 1));
    const b = cursorCodec(Buffer.alloc(32, 2));
    const signed = a.sign("R1BDOlM6eA==", "user-1");
    expect(a.open(signed, "user-1")).toBe("R1BDOlM6eA==");
    expect(a.open(signed, "user-2")).toBeNull();
    expect(a.open(signed, null)).toBeNull();
    expect(b.open(signed, "user-1")).toBeNull();
    expect(a.open("R1BDOlM6eA==", "user-1")).toBeNull();
  });

  it("needs CURSOR_SECRET in production, and a long one", () => {
    expect(() => cursorSecret({ NODE_ENV: "production" })).toThrow(/CURSOR_SECRET is required/);
    expect(() => cursorSecret({ NODE_ENV: "production", CURSOR_SECRET: "short" })).toThrow(/at least 32/);
    const key = "k".repeat(32);
    expect(cursorSecret({ NODE_ENV: "production", CURSOR_SECRET: key }).toString()).toBe(key);
    // Outside production a per-process key, the same on every call.
    expect(cursorSecret({}).equals(cursorSecret({}))).toBe(true);
  });
});
