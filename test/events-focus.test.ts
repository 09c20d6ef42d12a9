// Focus family on the domain layer: every timer transition emits its catalogue event in the
// action's transaction, XP comes from the server's clock only, and a rolled-back action
// leaves no event.
import { describe, expect, it } from "vitest";
import { abandonFocusSession, finishFocusSession, startFocusSession } from "../src/domain/focus.ts";
import { ledgerKeys } from "../src/domain/ledger-keys.ts";
import { eventsOf, expectRolledBackLeavesNoEvent, onlyEventOf, outboxCount } from "./support/event-assertions.ts";
import { codeOf, startGatewayWithUsers, type TestUser } from "./support/gateway.ts";
import { rawId } from "./support/graphqlIds.ts";
import { middayZone } from "./support/midday.ts";

const { t } = await startGatewayWithUsers();

const SESSION = `id mode status actualDurationSeconds xpAwarded`;
const START = `mutation($input: StartFocusSessionInput!) { startFocusSession(input: $input) { ${SESSION} } }`;
const act = (name: string) => `mutation($id: ID!) { ${name}(id: $id) { ${SESSION} } }`;
const FINISH = `mutation($id: ID!) { finishFocusSession(id: $id) { session { ${SESSION} } award { entry { xpDelta coinDelta idempotencyKey } } } }`;

async function start(user: TestUser, input: Record<string, unknown> = {}) {
  return (await t.ok(START, { input: { plannedDurationSeconds: 1500, ...input } }, { token: user.token })).startFocusSession;
}

/** Moves the session's start back by `seconds`, as if it had been running that long. */
async function backdate(sessionId: string, seconds: number) {
  const id = rawId(sessionId);
  const session = await t.prisma.focusSession.findUniqueOrThrow({ where: { id } });
  await t.prisma.focusSession.update({ where: { id }, data: { startedAt: new Date(session.startedAt.getTime() - seconds * 1000) } });
}

describe("focus events", () => {
  it("start emits focus.started with the session, mode and planned seconds", async () => {
    const user = await t.createUser({ timezone: middayZone() });
    const session = await start(user, { mode: "SHORT_BREAK", plannedDurationSeconds: 300 });
    expect(await onlyEventOf(t.prisma, user.userId, "focus.started")).toMatchObject({
      sessionId: rawId(session.id),
      mode: "SHORT_BREAK",
      plannedSeconds: 300,
    });
  });

  it("pause and resume emit one event per transition; a refused transition emits nothing", async () => {
    const user = await t.createUser({ timezone: middayZone() });
    const session = await start(user);
    await t.ok(act("pauseFocusSession"), { id: session.id }, { token: user.token });
    const before = await outboxCount(t.prisma, user.userId);
    expect(codeOf(await t.graphql(act("pauseFocusSession"), { id: session.id }, { token: user.token }))).toBe("CONFLICT");
    expect(await outboxCount(t.prisma, user.userId)).toBe(before);
    // The pause began 90 seconds ago.
    const pause = await t.prisma.focusPauseState.findUniqueOrThrow({ where: { sessionId: rawId(session.id) } });
    await t.prisma.focusPauseState.update({ where: { id: pause.id }, data: { pausedAt: new Date(pause.pausedAt!.getTime() - 90_000) } });
    await t.ok(act("resumeFocusSession"), { id: session.id }, { token: user.token });
    await t.ok(act("pauseFocusSession"), { id: session.id }, { token: user.token });
    await t.ok(act("resumeFocusSession"), { id: session.id }, { token: user.token });

    const sessionId = rawId(session.id);
    expect(await eventsOf(t.prisma, user.userId, "focus.paused")).toEqual([{ sessionId }, { sessionId }]);
    const resumed = await eventsOf(t.prisma, user.userId, "focus.resumed");
    expect(resumed).toHaveLength(2);
    expect(resumed[0].pausedSeconds).toBeGreaterThanOrEqual(90);
    expect(resumed[0].pausedSeconds).toBeLessThan(150);
    expect(resumed[1].pausedSeconds).toBeGreaterThanOrEqual(resumed[0].pausedSeconds);
  });

  it("finish emits focus.finished with the server-measured seconds and pays XP per focused minute once", async () => {
    const user = await t.createUser({ timezone: middayZone() });
    const session = await start(user, { plannedDurationSeconds: 1200 });
    await backdate(session.id, 600); // ten minutes in, by the server's clock

    const result = (await t.ok(FINISH, { id: session.id }, { token: user.token })).finishFocusSession;
    const event = await onlyEventOf(t.prisma, user.userId, "focus.finished");
    expect(event).toMatchObject({ sessionId: rawId(session.id), mode: "FOCUS" });
    expect(event.focusedSeconds).toBe(result.session.actualDurationSeconds);
    expect(event.focusedSeconds).toBeGreaterThanOrEqual(600);
    expect(event.focusedSeconds).toBeLessThan(660);
    expect(result.award.entry).toEqual({ xpDelta: 10, coinDelta: 0, idempotencyKey: ledgerKeys.focusSession(rawId(session.id)) });
    const awarded = await eventsOf(t.prisma, user.userId, "points.awarded");
    expect(awarded.filter((award) => award.ledgerKey === ledgerKeys.focusSession(rawId(session.id)))).toHaveLength(1);

    // Finishing again is refused and neither pays nor emits.
    const before = await outboxCount(t.prisma, user.userId);
    expect(codeOf(await t.graphql(FINISH, { id: session.id }, { token: user.token }))).toBe("CONFLICT");
    expect(await outboxCount(t.prisma, user.userId)).toBe(before);
    expect(
      await t.prisma.pointsLedger.count({ where: { userId: user.userId, idempotencyKey: ledgerKeys.focusSession(rawId(session.id)) } }),
    ).toBe(1);
  });

  it("a break earns nothing but still emits focus.finished", async () => {
    const user = await t.createUser({ timezone: middayZone() });
    const session = await start(user, { mode: "LONG_BREAK", plannedDurationSeconds: 900 });
    await backdate(session.id, 900);
    const result = (await t.ok(FINISH, { id: session.id }, { token: user.token })).finishFocusSession;
    expect(result.award).toBeNull();
    expect(await onlyEventOf(t.prisma, user.userId, "focus.finished")).toMatchObject({ mode: "LONG_BREAK" });
    expect(await t.prisma.pointsLedger.count({ where: { userId: user.userId } })).toBe(0);
  });

  it("abandon emits focus.abandoned and pays nothing", async () => {
    const user = await t.createUser({ timezone: middayZone() });
    const session = await start(user);
    await backdate(session.id, 300);
    await t.ok(act("abandonFocusSession"), { id: session.id }, { token: user.token });
    const event = await onlyEventOf(t.prisma, user.userId, "focus.abandoned");
    expect(event.sessionId).toBe(rawId(session.id));
    expect(event.focusedSeconds).toBeGreaterThanOrEqual(300);
    expect(await eventsOf(t.prisma, user.userId, "focus.finished")).toEqual([]);
    expect(await t.prisma.pointsLedger.count({ where: { userId: user.userId } })).toBe(0);
  });

  it("another user's session is NOT_FOUND and emits nothing", async () => {
    const owner = await t.createUser({ timezone: middayZone() });
    const stranger = await t.createUser({ timezone: middayZone() });
    const session = await start(owner);
    for (const name of ["pauseFocusSession", "abandonFocusSession"]) {
      expect(codeOf(await t.graphql(act(name), { id: session.id }, { token: stranger.token }))).toBe("NOT_FOUND");
    }
    expect(codeOf(await t.graphql(FINISH, { id: session.id }, { token: stranger.token }))).toBe("NOT_FOUND");
    expect(await outboxCount(t.prisma, stranger.userId)).toBe(0);
    expect(await eventsOf(t.prisma, owner.userId, "focus.started")).toHaveLength(1);
    expect(await outboxCount(t.prisma, owner.userId)).toBe(1);
  });

  it("rolled-back actions leave no event, session or ledger row", async () => {
    const user = await t.createUser({ timezone: middayZone() });
    const actor = { userId: user.userId, timezone: "UTC" };
    await expectRolledBackLeavesNoEvent(t.prisma, user.userId, (tx) => startFocusSession(tx, actor, { plannedDurationSeconds: 600 }));
    expect(await t.prisma.focusSession.count({ where: { userId: user.userId } })).toBe(0);

    const session = await start(user, { plannedDurationSeconds: 600 });
    await backdate(session.id, 600);
    const sessionId = rawId(session.id);
    await expectRolledBackLeavesNoEvent(t.prisma, user.userId, (tx) => finishFocusSession(tx, actor, sessionId));
    await expectRolledBackLeavesNoEvent(t.prisma, user.userId, (tx) => abandonFocusSession(tx, actor, sessionId));
    expect(await t.prisma.pointsLedger.count({ where: { userId: user.userId } })).toBe(0);
    expect((await t.prisma.focusSession.findUniqueOrThrow({ where: { id: sessionId } })).status).toBe("ACTIVE");
  });
});
