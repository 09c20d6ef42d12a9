import { describe, expect, it } from "vitest";
import { codeOf, startGatewayWithUsers, type TestUser } from "./support/gateway.ts";
import { globalId, rawId } from "./support/graphqlIds.ts";

const { t, a, b, admin } = await startGatewayWithUsers({ admin: true });

const SHOWN = `mutation ($input: RecordDecisionShownInput!) {
  recordDecisionShown(input: $input) { id decisionKey surface payload outcome shownAt outcomeAt }
}`;
const OUTCOME = `mutation ($id: ID!, $outcome: DecisionOutcome!) {
  recordDecisionOutcome(id: $id, outcome: $outcome) { id outcome outcomeAt }
}`;

async function show(user: TestUser, decisionKey = "next_best_action", payload: unknown = { habit: "stretch" }) {
  const data = await t.ok(SHOWN, { input: { decisionKey, surface: "today", payload } }, { token: user.token });
  return data.recordDecisionShown as { id: string; outcome: string; payload: unknown };
}

describe("decision telemetry", () => {
  it("records a shown decision with an outbox event", async () => {
    const decision = await show(a);
    expect(decision).toMatchObject({ outcome: "SHOWN", payload: { habit: "stretch" }, outcomeAt: null });
    const row = await t.prisma.decisionTelemetry.findUniqueOrThrow({ where: { id: rawId(decision.id) } });
    expect(row.userId).toBe(a.userId);
    const events = await t.prisma.behaviorOutbox.findMany({ where: { userId: a.userId, eventType: "decision.shown" } });
    expect(events).toHaveLength(1);
    expect(events[0].payload).toMatchObject({ decisionId: row.id, decisionKey: "next_best_action" });
  });

  it("refuses malformed input and writes nothing", async () => {
    const before = await t.prisma.decisionTelemetry.count();
    for (const input of [
      { decisionKey: "Next Best!", surface: "today" },
      { decisionKey: "ok", surface: "" },
      { decisionKey: "ok", surface: "today", payload: [1, 2] },
      { decisionKey: "ok", surface: "today", payload: "text" },
      { decisionKey: "ok", surface: "today", payload: { big: "x".repeat(10_001) } },
    ]) {
      expect(codeOf(await t.graphql(SHOWN, { input }, { token: a.token })), JSON.stringify(input).slice(0, 80)).toBe("BAD_USER_INPUT");
    }
    expect(await t.prisma.decisionTelemetry.count()).toBe(before);
    expect(codeOf(await t.graphql(SHOWN, { input: { decisionKey: "ok", surface: "today" } }))).toBe("UNAUTHENTICATED");
  });

  it("moves SHOWN → STARTED → SNOOZED, stamping outcomeAt and writing one outbox event per step; COMPLETED is the server's", async () => {
    const decision = await show(a, "focus_now");
    const started = (await t.ok(OUTCOME, { id: decision.id, outcome: "STARTED" }, { token: a.token })).recordDecisionOutcome;
    expect(started.outcome).toBe("STARTED");
    expect(started.outcomeAt).not.toBeNull();
    expect(codeOf(await t.graphql(OUTCOME, { id: decision.id, outcome: "COMPLETED" }, { token: a.token }))).toBe("FORBIDDEN");
    const completed = (await t.ok(OUTCOME, { id: decision.id, outcome: "SNOOZED" }, { token: a.token })).recordDecisionOutcome;
    expect(completed.outcome).toBe("SNOOZED");
    const events = await t.prisma.behaviorOutbox.findMany({
      where: { eventType: "decision.outcome", payload: { path: ["decisionId"], equals: rawId(decision.id) } },
      orderBy: { id: "asc" },
    });
    expect(events.map((event) => (event.payload as { outcome: string }).outcome)).toEqual(["STARTED", "SNOOZED"]);
    expect(events.every((event) => event.userId === a.userId)).toBe(true);
  });

  it("refuses moves out of a final outcome (CONFLICT), the server's outcomes (FORBIDDEN) and SHOWN (BAD_USER_INPUT), changing nothing", async () => {
    const decision = await show(a, "read_now");
    await t.ok(OUTCOME, { id: decision.id, outcome: "DISMISSED" }, { token: a.token });
    const before = await t.prisma.decisionTelemetry.findUniqueOrThrow({ where: { id: rawId(decision.id) } });
    const outboxBefore = await t.prisma.behaviorOutbox.count();
    for (const outcome of ["STARTED", "SNOOZED", "DISMISSED"]) {
      expect(codeOf(await t.graphql(OUTCOME, { id: decision.id, outcome }, { token: a.token })), outcome).toBe("CONFLICT");
    }
    for (const outcome of ["COMPLETED", "EXPIRED"]) {
      expect(codeOf(await t.graphql(OUTCOME, { id: decision.id, outcome }, { token: a.token })), outcome).toBe("FORBIDDEN");
    }
    expect(codeOf(await t.graphql(OUTCOME, { id: decision.id, outcome: "SHOWN" }, { token: a.token }))).toBe("BAD_USER_INPUT");
    const started = await show(a, "walk_now");
    await t.ok(OUTCOME, { id: started.id, outcome: "STARTED" }, { token: a.token });
    expect(codeOf(await t.graphql(OUTCOME, { id: started.id, outcome: "STARTED" }, { token: a.token }))).toBe("CONFLICT");
    expect(await t.prisma.decisionTelemetry.findUniqueOrThrow({ where: { id: rawId(decision.id) } })).toEqual(before);
    expect(await t.prisma.behaviorOutbox.count()).toBe(outboxBefore + 2);
  });

  it("writes the outcome and its outbox event in one transaction: a failing event leaves the outcome unchanged", async () => {
    const decision = await show(a, "atomic_check");
    const decisionId = rawId(decision.id);
    // A trigger refuses this decision's outcome event, so the action fails after its update.
    await t.prisma.$executeRawUnsafe(`CREATE FUNCTION refuse_outcome_event() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.event_type = 'decision.outcome' AND NEW.payload->>'decisionId' = '${decisionId}' THEN RAISE EXCEPTION 'refused by the test'; END IF;
        RETURN NEW;
      END $$`);
    await t.prisma.$executeRawUnsafe(
      `CREATE TRIGGER refuse_outcome_event BEFORE INSERT ON behavior_outbox FOR EACH ROW EXECUTE FUNCTION refuse_outcome_event()`,
    );
    try {
      const response = await t.graphql(OUTCOME, { id: decision.id, outcome: "STARTED" }, { token: a.token });
      expect(response.errors).toHaveLength(1);
    } finally {
      await t.prisma.$executeRawUnsafe(`DROP TRIGGER refuse_outcome_event ON behavior_outbox`);
      await t.prisma.$executeRawUnsafe(`DROP FUNCTION refuse_outcome_event()`);
    }
    const row = await t.prisma.decisionTelemetry.findUniqueOrThrow({ where: { id: decisionId } });
    expect(row.outcome).toBe("SHOWN");
    expect(row.outcomeAt).toBeNull();
    expect(
      await t.prisma.behaviorOutbox.count({
        where: { eventType: "decision.outcome", payload: { path: ["decisionId"], equals: decisionId } },
      }),
    ).toBe(0);
    // Without the trigger the same move goes through.
    await t.ok(OUTCOME, { id: decision.id, outcome: "STARTED" }, { token: a.token });
  });

  it("lists the viewer's decisions newest first, with filters", async () => {
    const user = await t.createUser();
    const first = await show(user, "one");
    const second = await show(user, "two");
    const third = await show(user, "one");
    await t.ok(OUTCOME, { id: third.id, outcome: "SNOOZED" }, { token: user.token });
    const all = await t.ok(`{ viewer { decisions { edges { node { id } } } } }`, {}, { token: user.token });
    expect(all.viewer.decisions.edges.map((edge: any) => edge.node.id)).toEqual([third.id, second.id, first.id]);
    const ones = await t.ok(
      `{ viewer { decisions(decisionKey: "one", outcome: SHOWN) { edges { node { id } } } } }`,
      {},
      { token: user.token },
    );
    expect(ones.viewer.decisions.edges.map((edge: any) => edge.node.id)).toEqual([first.id]);
    const page = await t.ok(
      `{ viewer { decisions(first: 2) { edges { node { id } } pageInfo { hasNextPage endCursor } } } }`,
      {},
      { token: user.token },
    );
    expect(page.viewer.decisions.pageInfo.hasNextPage).toBe(true);
    const rest = await t.ok(
      `query ($after: String) { viewer { decisions(first: 2, after: $after) { edges { node { id } } } } }`,
      { after: page.viewer.decisions.pageInfo.endCursor },
      { token: user.token },
    );
    expect(rest.viewer.decisions.edges.map((edge: any) => edge.node.id)).toEqual([first.id]);
  });
});

describe("outbox and projections (admin)", () => {
  it("is admin-only", async () => {
    for (const query of [`{ behaviorOutbox { edges { node { id } } } }`, `{ behaviorProjections { projector } }`]) {
      expect(codeOf(await t.graphql(query, {}, { token: a.token }))).toBe("FORBIDDEN");
      expect(codeOf(await t.graphql(query))).toBe("UNAUTHENTICATED");
    }
    const advance = `mutation { advanceProjection(projector: "neo4j", lastProcessedId: "1") { projector } }`;
    expect(codeOf(await t.graphql(advance, {}, { token: a.token }))).toBe("FORBIDDEN");
    expect(await t.prisma.behaviorProjectionState.count()).toBe(0);
  });

  it("lists every event by sequence ascending, from a projector position, by type, and page by page", async () => {
    await show(b, "b_decision");
    const rows = await t.prisma.behaviorOutbox.findMany({ orderBy: { id: "asc" } });
    expect(rows.length).toBeGreaterThan(3);
    const all = await t.ok(
      `{ behaviorOutbox(first: 500) { edges { node { id sequence eventType userId payload } } } }`,
      {},
      { token: admin.token },
    );
    const events = all.behaviorOutbox.edges.map((edge: any) => edge.node);
    expect(events.map((event: any) => event.sequence)).toEqual(rows.map((row) => row.id.toString()));
    expect(events[0].id).toBe(globalId("BehaviorOutbox", rows[0].id.toString()));
    expect(events.map((event: any) => event.userId)).toEqual(rows.map((row) => (row.userId ? globalId("User", row.userId) : null)));
    expect(events.map((event: any) => event.userId)).toContain(globalId("User", b.userId));

    const middle = rows[1].id.toString();
    const after = await t.ok(
      `query ($s: ID!) { behaviorOutbox(afterSequence: $s, first: 500) { edges { node { sequence } } } }`,
      { s: middle },
      { token: admin.token },
    );
    expect(after.behaviorOutbox.edges.map((edge: any) => edge.node.sequence)).toEqual(rows.slice(2).map((row) => row.id.toString()));

    const shown = await t.ok(
      `{ behaviorOutbox(eventType: "decision.shown", first: 500) { edges { node { eventType } } } }`,
      {},
      { token: admin.token },
    );
    expect(shown.behaviorOutbox.edges.length).toBe(rows.filter((row) => row.eventType === "decision.shown").length);

    const page1 = await t.ok(
      `{ behaviorOutbox(first: 2) { edges { node { sequence } } pageInfo { endCursor hasNextPage } } }`,
      {},
      { token: admin.token },
    );
    expect(page1.behaviorOutbox.pageInfo.hasNextPage).toBe(true);
    const page2 = await t.ok(
      `query ($after: String) { behaviorOutbox(first: 2, after: $after) { edges { node { sequence } } } }`,
      { after: page1.behaviorOutbox.pageInfo.endCursor },
      { token: admin.token },
    );
    expect(page2.behaviorOutbox.edges.map((edge: any) => edge.node.sequence)).toEqual(rows.slice(2, 4).map((row) => row.id.toString()));

    expect(codeOf(await t.graphql(`{ behaviorOutbox(afterSequence: "-1") { edges { node { id } } } }`, {}, { token: admin.token }))).toBe(
      "BAD_USER_INPUT",
    );
  });

  it("resolves an outbox node for its own user and admins only", async () => {
    const bEvent = await t.prisma.behaviorOutbox.findFirstOrThrow({ where: { userId: b.userId } });
    const id = globalId("BehaviorOutbox", bEvent.id.toString());
    const NODE = `query ($id: ID!) { node(id: $id) { ... on BehaviorOutbox { sequence } } }`;
    expect((await t.ok(NODE, { id }, { token: b.token })).node).toEqual({ sequence: bEvent.id.toString() });
    expect((await t.ok(NODE, { id }, { token: admin.token })).node).toEqual({ sequence: bEvent.id.toString() });
    expect((await t.ok(NODE, { id }, { token: a.token })).node).toBeNull();
    expect((await t.ok(NODE, { id })).node).toBeNull();
    expect((await t.ok(NODE, { id: globalId("BehaviorOutbox", "not-a-number") }, { token: admin.token })).node).toBeNull();
  });

  it("advances a projector only forward, with audit entries", async () => {
    const rows = await t.prisma.behaviorOutbox.findMany({ orderBy: { id: "asc" }, select: { id: true } });
    const [first, second] = rows.map((row) => row.id.toString());
    const newest = rows[rows.length - 1].id;
    const ADVANCE = `mutation ($p: String!, $to: ID!) { advanceProjection(projector: $p, lastProcessedId: $to) { id projector lastProcessedId lastProcessedAt } }`;

    const created = (await t.ok(ADVANCE, { p: "neo4j", to: second }, { token: admin.token })).advanceProjection;
    expect(created).toMatchObject({ projector: "neo4j", lastProcessedId: second });
    expect(created.lastProcessedAt).not.toBeNull();

    expect(codeOf(await t.graphql(ADVANCE, { p: "neo4j", to: first }, { token: admin.token }))).toBe("CONFLICT");
    expect(codeOf(await t.graphql(ADVANCE, { p: "neo4j", to: (newest + 1n).toString() }, { token: admin.token }))).toBe("BAD_USER_INPUT");
    expect(codeOf(await t.graphql(ADVANCE, { p: "neo4j", to: "abc" }, { token: admin.token }))).toBe("BAD_USER_INPUT");
    expect(codeOf(await t.graphql(ADVANCE, { p: "Bad Name", to: first }, { token: admin.token }))).toBe("BAD_USER_INPUT");
    const same = (await t.ok(ADVANCE, { p: "neo4j", to: second }, { token: admin.token })).advanceProjection;
    expect(same.lastProcessedAt).toBe(created.lastProcessedAt);
    expect((await t.prisma.behaviorProjectionState.findUniqueOrThrow({ where: { projector: "neo4j" } })).lastProcessedId).toBe(
      BigInt(second),
    );

    const moved = (await t.ok(ADVANCE, { p: "neo4j", to: newest.toString() }, { token: admin.token })).advanceProjection;
    expect(moved.lastProcessedId).toBe(newest.toString());

    const list = await t.ok(`{ behaviorProjections { projector lastProcessedId } }`, {}, { token: admin.token });
    expect(list.behaviorProjections).toEqual([{ projector: "neo4j", lastProcessedId: newest.toString() }]);
    const node = await t.ok(`query ($id: ID!) { node(id: $id) { id } }`, { id: created.id }, { token: a.token });
    expect(node.node).toBeNull();

    const audit = await t.prisma.auditLog.findMany({ where: { action: "behavior.projection_advance" }, orderBy: { createdAt: "asc" } });
    expect(audit.map((entry) => entry.metadata)).toEqual([
      { from: null, to: second },
      { from: second, to: newest.toString() },
    ]);
  });
});

describe("tenancy", () => {
  it("never lets A read or change B's decisions", async () => {
    const decision = await show(b, "b_private");
    const before = await t.prisma.decisionTelemetry.findUniqueOrThrow({ where: { id: rawId(decision.id) } });
    const outboxBefore = await t.prisma.behaviorOutbox.count();
    expect(codeOf(await t.graphql(OUTCOME, { id: decision.id, outcome: "DISMISSED" }, { token: a.token }))).toBe("NOT_FOUND");
    expect(await t.prisma.decisionTelemetry.findUniqueOrThrow({ where: { id: rawId(decision.id) } })).toEqual(before);
    expect(await t.prisma.behaviorOutbox.count()).toBe(outboxBefore);
    expect((await t.ok(`query ($id: ID!) { node(id: $id) { id } }`, { id: decision.id }, { token: a.token })).node).toBeNull();
    const list = await t.ok(`{ viewer { decisions(first: 100) { edges { node { id decisionKey } } } } }`, {}, { token: a.token });
    expect(list.viewer.decisions.edges.map((edge: any) => edge.node.decisionKey)).not.toContain("b_private");
    expect(list.viewer.decisions.edges.map((edge: any) => edge.node.decisionKey)).not.toContain("b_decision");
  });
});
