// Behavior family on the domain layer: decisions emit `decision.shown` / `decision.outcome`
// through emit, once per step; a rolled-back action leaves no event; moving a projector is
// admin-only (the `admin` scope) and audited.
import { describe, expect, it } from "vitest";
import { recordDecisionOutcome, recordDecisionShown } from "../src/domain/behavior.ts";
import { eventsOf, expectRolledBackLeavesNoEvent, onlyEventOf, outboxCount } from "./support/event-assertions.ts";
import { codeOf, startGatewayWithUsers } from "./support/gateway.ts";
import { rawId } from "./support/graphqlIds.ts";

const { t, a, admin } = await startGatewayWithUsers({ admin: true });

const SHOWN = `mutation ($input: RecordDecisionShownInput!) { recordDecisionShown(input: $input) { id } }`;
const OUTCOME = `mutation ($id: ID!, $outcome: DecisionOutcome!) { recordDecisionOutcome(id: $id, outcome: $outcome) { outcome } }`;
const ADVANCE = `mutation ($p: String!, $to: ID!) { advanceProjection(projector: $p, lastProcessedId: $to) { lastProcessedId } }`;

describe("decision events", () => {
  it("shown and each outcome step emit one event; a refused step emits nothing", async () => {
    const user = await t.createUser();
    const { id } = (await t.ok(SHOWN, { input: { decisionKey: "walk_now", surface: "today" } }, { token: user.token })).recordDecisionShown;
    const decisionId = rawId(id);
    expect(await onlyEventOf(t.prisma, user.userId, "decision.shown")).toEqual({ decisionId, decisionKey: "walk_now", surface: "today" });

    await t.ok(OUTCOME, { id, outcome: "STARTED" }, { token: user.token });
    await t.ok(OUTCOME, { id, outcome: "SNOOZED" }, { token: user.token });
    const before = await outboxCount(t.prisma, user.userId);
    expect(codeOf(await t.graphql(OUTCOME, { id, outcome: "DISMISSED" }, { token: user.token }))).toBe("CONFLICT");
    expect(codeOf(await t.graphql(OUTCOME, { id, outcome: "SHOWN" }, { token: user.token }))).toBe("BAD_USER_INPUT");
    // COMPLETED is the server's to record (from the acting event): a client's is refused.
    expect(codeOf(await t.graphql(OUTCOME, { id, outcome: "COMPLETED" }, { token: user.token }))).toBe("FORBIDDEN");
    expect(await outboxCount(t.prisma, user.userId)).toBe(before);
    expect(await eventsOf(t.prisma, user.userId, "decision.outcome")).toEqual([
      { decisionId, decisionKey: "walk_now", outcome: "STARTED" },
      { decisionId, decisionKey: "walk_now", outcome: "SNOOZED" },
    ]);
  });

  it("rolled-back decision actions leave no event and no change", async () => {
    const user = await t.createUser();
    const actor = { userId: user.userId, timezone: "UTC" };
    await expectRolledBackLeavesNoEvent(t.prisma, user.userId, (tx) =>
      recordDecisionShown(tx, actor, { decisionKey: "ghost", surface: "today" }),
    );
    expect(await t.prisma.decisionTelemetry.count({ where: { userId: user.userId } })).toBe(0);
    const { id } = (await t.ok(SHOWN, { input: { decisionKey: "real", surface: "today" } }, { token: user.token })).recordDecisionShown;
    await expectRolledBackLeavesNoEvent(t.prisma, user.userId, (tx) => recordDecisionOutcome(tx, actor, rawId(id), "DISMISSED"));
    expect((await t.prisma.decisionTelemetry.findUniqueOrThrow({ where: { id: rawId(id) } })).outcome).toBe("SHOWN");
  });
});

describe("advanceProjection", () => {
  it("is refused to ordinary users by the admin scope, changing nothing", async () => {
    await t.ok(SHOWN, { input: { decisionKey: "seed_event", surface: "today" } }, { token: a.token });
    const newest = (await t.prisma.behaviorOutbox.aggregate({ _max: { id: true } }))._max.id!.toString();
    expect(codeOf(await t.graphql(ADVANCE, { p: "scoped", to: newest }, { token: a.token }))).toBe("FORBIDDEN");
    expect(codeOf(await t.graphql(ADVANCE, { p: "scoped", to: newest }))).toBe("UNAUTHENTICATED");
    expect(await t.prisma.behaviorProjectionState.count({ where: { projector: "scoped" } })).toBe(0);
    expect((await t.ok(ADVANCE, { p: "scoped", to: newest }, { token: admin.token })).advanceProjection).toEqual({
      lastProcessedId: newest,
    });
    const audit = await t.prisma.auditLog.findMany({ where: { action: "behavior.projection_advance", targetId: "scoped" } });
    expect(audit.map((entry) => [entry.userId, entry.metadata])).toEqual([[admin.userId, { from: null, to: newest }]]);
  });
});
