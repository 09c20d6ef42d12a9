import { describe, expect, it } from "vitest";
import { todayIn } from "../src/domain/calendar.ts";
import { codeOf, startGatewayWithUsers, type TestUser } from "./support/gateway.ts";
import { globalId, rawId } from "./support/graphqlIds.ts";
import { middayZone } from "./support/midday.ts";

const { t, a, b } = await startGatewayWithUsers();

const SESSION = `id mode status label plannedDurationSeconds actualDurationSeconds focusedSeconds endedAt xpAwarded
  library { name } pauseState { isPaused pausedAt resumedAt totalPausedSeconds }`;
const START = `mutation($input: StartFocusSessionInput!) { startFocusSession(input: $input) { ${SESSION} } }`;
const act = (name: string) => `mutation($id: ID!) { ${name}(id: $id) { ${SESSION} } }`;
const FINISH = `mutation($id: ID!) { finishFocusSession(id: $id) { session { ${SESSION} } award { entry { xpDelta coinDelta idempotencyKey } } } }`;

async function start(user: TestUser, input: Record<string, unknown> = {}) {
  return (await t.ok(START, { input: { plannedDurationSeconds: 1500, ...input } }, { token: user.token })).startFocusSession;
}

/** Moves a session's clock back, as if it had started `seconds` ago. */
async function backdate(sessionId: string, seconds: number) {
  const id = rawId(sessionId);
  const session = await t.prisma.focusSession.findUniqueOrThrow({ where: { id } });
  await t.prisma.focusSession.update({ where: { id }, data: { startedAt: new Date(session.startedAt.getTime() - seconds * 1000) } });
}

describe("focus session state machine", () => {
  it("validates start input", async () => {
    const user = await t.createUser({ timezone: middayZone() });
    for (const input of [
      { plannedDurationSeconds: 59 },
      { plannedDurationSeconds: 14_401 },
      { plannedDurationSeconds: 1500, label: "x".repeat(201) },
    ]) {
      expect(codeOf(await t.graphql(START, { input }, { token: user.token }))).toBe("BAD_USER_INPUT");
    }
    // An unknown enum value fails GraphQL's own variable coercion.
    expect((await t.graphql(START, { input: { plannedDurationSeconds: 1500, mode: "NAP" } }, { token: user.token })).errors).toHaveLength(
      1,
    );
    expect(await t.prisma.focusSession.count({ where: { userId: user.userId } })).toBe(0);
  });

  it("starts one session at a time: a second start is CONFLICT", async () => {
    const user = await t.createUser({ timezone: middayZone() });
    const session = await start(user, { label: "Write report" });
    expect(session).toMatchObject({ mode: "FOCUS", status: "ACTIVE", label: "Write report", endedAt: null, xpAwarded: 0 });
    expect(session.pauseState).toMatchObject({ isPaused: false, totalPausedSeconds: 0 });
    const second = await t.graphql(START, { input: { plannedDurationSeconds: 600 } }, { token: user.token });
    expect(codeOf(second)).toBe("CONFLICT");
    const active = await t.ok(`{ viewer { activeFocusSession { id } } }`, {}, { token: user.token });
    expect(active.viewer.activeFocusSession.id).toBe(session.id);
  });

  it("concurrent starts leave exactly one active session (the rest CONFLICT)", async () => {
    const user = await t.createUser({ timezone: middayZone() });
    const responses = await Promise.all(
      Array.from({ length: 8 }, () => t.graphql(START, { input: { plannedDurationSeconds: 900 } }, { token: user.token })),
    );
    expect(responses.filter((r) => !r.errors)).toHaveLength(1);
    for (const response of responses.filter((r) => r.errors)) expect(codeOf(response)).toBe("CONFLICT");
    expect(await t.prisma.focusSession.count({ where: { userId: user.userId, status: "ACTIVE" } })).toBe(1);
  });

  it("the partial unique index itself refuses a second active session", async () => {
    const user = await t.createUser({ timezone: middayZone() });
    await start(user);
    await expect(t.prisma.focusSession.create({ data: { userId: user.userId, plannedDurationSeconds: 60 } })).rejects.toMatchObject({
      code: "P2002",
    });
  });

  it("pause/resume bookkeeping and wrong transitions", async () => {
    const user = await t.createUser({ timezone: middayZone() });
    const session = await start(user);
    expect(codeOf(await t.graphql(act("resumeFocusSession"), { id: session.id }, { token: user.token }))).toBe("CONFLICT");
    const paused = (await t.ok(act("pauseFocusSession"), { id: session.id }, { token: user.token })).pauseFocusSession;
    expect(paused.pauseState.isPaused).toBe(true);
    expect(paused.pauseState.pausedAt).not.toBeNull();
    expect(codeOf(await t.graphql(act("pauseFocusSession"), { id: session.id }, { token: user.token }))).toBe("CONFLICT");
    // The pause began two minutes ago.
    const pause = await t.prisma.focusPauseState.findUniqueOrThrow({ where: { sessionId: rawId(session.id) } });
    await t.prisma.focusPauseState.update({ where: { id: pause.id }, data: { pausedAt: new Date(pause.pausedAt!.getTime() - 120_000) } });
    const resumed = (await t.ok(act("resumeFocusSession"), { id: session.id }, { token: user.token })).resumeFocusSession;
    expect(resumed.pauseState.isPaused).toBe(false);
    expect(resumed.pauseState.resumedAt).not.toBeNull();
    expect(resumed.pauseState.totalPausedSeconds).toBeGreaterThanOrEqual(120);
    expect(resumed.pauseState.totalPausedSeconds).toBeLessThan(180);
  });

  it("finishing records focused time, awards XP per minute once, counts the focus streak and emits an event", async () => {
    const user = await t.createUser({ timezone: middayZone() });
    const session = await start(user, { plannedDurationSeconds: 1500 });
    await backdate(session.id, 1800);
    const pause = await t.prisma.focusPauseState.findUniqueOrThrow({ where: { sessionId: rawId(session.id) } });
    await t.prisma.focusPauseState.update({ where: { id: pause.id }, data: { totalPausedSeconds: 300 } });

    const result = (await t.ok(FINISH, { id: session.id }, { token: user.token })).finishFocusSession;
    expect(result.session.status).toBe("COMPLETED");
    expect(result.session.endedAt).not.toBeNull();
    expect(result.session.actualDurationSeconds).toBeGreaterThanOrEqual(1500);
    expect(result.session.actualDurationSeconds).toBeLessThan(1560);
    expect(result.session.focusedSeconds).toBe(result.session.actualDurationSeconds);
    expect(result.session.xpAwarded).toBe(25);
    expect(result.award.entry).toEqual({ xpDelta: 25, coinDelta: 0, idempotencyKey: `focus:${rawId(session.id)}` });

    expect(codeOf(await t.graphql(FINISH, { id: session.id }, { token: user.token }))).toBe("CONFLICT");
    expect(codeOf(await t.graphql(act("pauseFocusSession"), { id: session.id }, { token: user.token }))).toBe("CONFLICT");
    expect(codeOf(await t.graphql(act("abandonFocusSession"), { id: session.id }, { token: user.token }))).toBe("CONFLICT");
    expect(await t.prisma.pointsLedger.count({ where: { userId: user.userId, idempotencyKey: `focus:${rawId(session.id)}` } })).toBe(1);
    // The rules step may pay more for the same session (the first-session achievement): the progress is the ledger's sum.
    const progress = await t.prisma.userProgress.findUniqueOrThrow({ where: { userId: user.userId } });
    const ledger = await t.prisma.pointsLedger.aggregate({ where: { userId: user.userId }, _sum: { xpDelta: true } });
    expect(progress.totalXp).toBe(ledger._sum.xpDelta);
    expect(progress.totalXp).toBeGreaterThanOrEqual(25);
    const streak = await t.prisma.userStreak.findUniqueOrThrow({
      where: { userId_streakType: { userId: user.userId, streakType: "focus" } },
    });
    expect(streak.currentCount).toBe(1);
    expect(streak.lastActivityDate?.toISOString().slice(0, 10)).toBe(todayIn("UTC"));
    expect(await t.prisma.behaviorOutbox.count({ where: { userId: user.userId, eventType: "focus.finished" } })).toBe(1);

    const none = await t.ok(`{ viewer { activeFocusSession { id } } }`, {}, { token: user.token });
    expect(none.viewer.activeFocusSession).toBeNull();
    await start(user); // a new session may start now
  });

  it("XP is capped at the planned duration; finishing while paused closes the pause", async () => {
    const user = await t.createUser({ timezone: middayZone() });
    const long = await start(user, { plannedDurationSeconds: 600 });
    await backdate(long.id, 3600);
    const capped = (await t.ok(FINISH, { id: long.id }, { token: user.token })).finishFocusSession;
    expect(capped.session.xpAwarded).toBe(10);

    const paused = await start(user, { plannedDurationSeconds: 1500 });
    await backdate(paused.id, 1200);
    await t.ok(act("pauseFocusSession"), { id: paused.id }, { token: user.token });
    const pause = await t.prisma.focusPauseState.findUniqueOrThrow({ where: { sessionId: rawId(paused.id) } });
    await t.prisma.focusPauseState.update({ where: { id: pause.id }, data: { pausedAt: new Date(Date.now() - 600_000) } });
    const finished = (await t.ok(FINISH, { id: paused.id }, { token: user.token })).finishFocusSession;
    expect(finished.session.pauseState.isPaused).toBe(false);
    expect(finished.session.pauseState.totalPausedSeconds).toBeGreaterThanOrEqual(600);
    expect(finished.session.actualDurationSeconds).toBeGreaterThanOrEqual(590);
    expect(finished.session.actualDurationSeconds).toBeLessThan(660);
    expect(finished.session.xpAwarded).toBe(Math.floor(finished.session.actualDurationSeconds / 60));
  });

  it("breaks earn no XP; abandoning ends without reward", async () => {
    const user = await t.createUser({ timezone: middayZone() });
    const pause = await start(user, { mode: "SHORT_BREAK", plannedDurationSeconds: 300 });
    await backdate(pause.id, 300);
    const result = (await t.ok(FINISH, { id: pause.id }, { token: user.token })).finishFocusSession;
    expect(result.award).toBeNull();
    expect(result.session).toMatchObject({ status: "COMPLETED", xpAwarded: 0 });

    const focus = await start(user);
    await backdate(focus.id, 900);
    const abandoned = (await t.ok(act("abandonFocusSession"), { id: focus.id }, { token: user.token })).abandonFocusSession;
    expect(abandoned).toMatchObject({ status: "ABANDONED", xpAwarded: 0 });
    expect(abandoned.actualDurationSeconds).toBeGreaterThanOrEqual(900);
    expect(abandoned.endedAt).not.toBeNull();
    expect(codeOf(await t.graphql(act("abandonFocusSession"), { id: focus.id }, { token: user.token }))).toBe("CONFLICT");
    expect(await t.prisma.pointsLedger.count({ where: { userId: user.userId } })).toBe(0);
  });

  it("lists sessions newest first, filtered by the viewer's calendar day and status", async () => {
    const user = await t.createUser({ timezone: "America/New_York" });
    const make = (startedAt: string, status: "COMPLETED" | "ABANDONED") =>
      t.prisma.focusSession.create({
        data: {
          userId: user.userId,
          plannedDurationSeconds: 600,
          startedAt: new Date(startedAt),
          status,
          endedAt: new Date(new Date(startedAt).getTime() + 600_000),
          label: startedAt,
        },
      });
    await make("2024-03-10T04:30:00Z", "COMPLETED"); // 2024-03-09 23:30 in New York
    await make("2024-03-10T05:30:00Z", "COMPLETED"); // 2024-03-10 00:30
    await make("2024-03-11T03:30:00Z", "ABANDONED"); // 2024-03-10 23:30 (EDT)
    await make("2024-03-11T04:30:00Z", "COMPLETED"); // 2024-03-11 00:30
    const data = await t.ok(
      `{ viewer {
          day: focusSessions(day: "2024-03-10") { edges { node { label } } }
          done: focusSessions(day: "2024-03-10", status: COMPLETED) { edges { node { label } } }
          all: focusSessions(first: 2) { edges { node { label } } pageInfo { hasNextPage } } } }`,
      {},
      { token: user.token },
    );
    expect(data.viewer.day.edges.map((e: any) => e.node.label)).toEqual(["2024-03-11T03:30:00Z", "2024-03-10T05:30:00Z"]);
    expect(data.viewer.done.edges.map((e: any) => e.node.label)).toEqual(["2024-03-10T05:30:00Z"]);
    expect(data.viewer.all.edges.map((e: any) => e.node.label)).toEqual(["2024-03-11T04:30:00Z", "2024-03-11T03:30:00Z"]);
    expect(data.viewer.all.pageInfo.hasNextPage).toBe(true);
  });
});

describe("focus libraries", () => {
  const LIBRARY = `id name description trackCount tracks { id title artist url durationSeconds sortOrder }`;

  it("creates libraries with ordered tracks; reorders, updates and removes tracks", async () => {
    const user = await t.createUser({ timezone: middayZone() });
    const library = (
      await t.ok(`mutation { createFocusLibrary(input: { name: "Lo-fi", description: "calm" }) { ${LIBRARY} } }`, {}, { token: user.token })
    ).createFocusLibrary;
    const ids: string[] = [];
    for (const title of ["One", "Two", "Three"]) {
      const track = await t.ok(
        `mutation($id: ID!, $input: FocusLibraryTrackInput!) { addFocusLibraryTrack(libraryId: $id, input: $input) { id sortOrder library { name } } }`,
        { id: library.id, input: { title, url: `https://music.example/${title}`, durationSeconds: 180 } },
        { token: user.token },
      );
      ids.push(track.addFocusLibraryTrack.id);
    }
    const badUrl = await t.graphql(
      `mutation($id: ID!) { addFocusLibraryTrack(libraryId: $id, input: { title: "x", url: "ftp://nope" }) { id } }`,
      { id: library.id },
      { token: user.token },
    );
    expect(codeOf(badUrl)).toBe("BAD_USER_INPUT");

    const REORDER = `mutation($id: ID!, $ids: [ID!]!) { reorderFocusLibraryTracks(libraryId: $id, trackIds: $ids) { ${LIBRARY} } }`;
    const reordered = (await t.ok(REORDER, { id: library.id, ids: [ids[2], ids[0], ids[1]] }, { token: user.token }))
      .reorderFocusLibraryTracks;
    expect(reordered.tracks.map((tr: any) => tr.title)).toEqual(["Three", "One", "Two"]);
    for (const bad of [
      [ids[0], ids[1]],
      [ids[0], ids[0], ids[1]],
      [...ids, ids[0]],
    ]) {
      expect(codeOf(await t.graphql(REORDER, { id: library.id, ids: bad }, { token: user.token }))).toBe("BAD_USER_INPUT");
    }

    await t.ok(
      `mutation($id: ID!) { updateFocusLibraryTrack(id: $id, input: { title: "Uno", artist: "Band" }) { title artist } }`,
      { id: ids[0] },
      { token: user.token },
    );
    await t.ok(`mutation($id: ID!) { removeFocusLibraryTrack(id: $id) }`, { id: ids[1] }, { token: user.token });
    const list = await t.ok(`{ viewer { focusLibraries { totalCount edges { node { ${LIBRARY} } } } } }`, {}, { token: user.token });
    expect(list.viewer.focusLibraries.totalCount).toBe(1);
    const node = list.viewer.focusLibraries.edges[0].node;
    expect(node.trackCount).toBe(2);
    expect(node.tracks.map((tr: any) => [tr.title, tr.artist])).toEqual([
      ["Three", null],
      ["Uno", "Band"],
    ]);

    const session = await start(user, { libraryId: library.id });
    expect(session.library.name).toBe("Lo-fi");
    await t.ok(
      `mutation($id: ID!) { updateFocusLibrary(id: $id, input: { name: "Deep" }) { name } }`,
      { id: library.id },
      { token: user.token },
    );
    await t.ok(`mutation($id: ID!) { deleteFocusLibrary(id: $id) }`, { id: library.id }, { token: user.token });
    expect(await t.prisma.focusLibraryTrack.count({ where: { libraryId: rawId(library.id) } })).toBe(0);
    const kept = await t.prisma.focusSession.findUniqueOrThrow({ where: { id: rawId(session.id) } });
    expect(kept.libraryId).toBeNull();
  });
});

describe("tenancy", () => {
  it("user A can neither read nor change user B's sessions, pause state, libraries or tracks", async () => {
    const library = (await t.ok(`mutation { createFocusLibrary(input: { name: "B lib" }) { id } }`, {}, { token: b.token }))
      .createFocusLibrary;
    const track = (
      await t.ok(
        `mutation($id: ID!) { addFocusLibraryTrack(libraryId: $id, input: { title: "B track", url: "https://b.example/1" }) { id } }`,
        { id: library.id },
        { token: b.token },
      )
    ).addFocusLibraryTrack;
    const session = await start(b, { libraryId: library.id, label: "B session" });
    const pause = await t.prisma.focusPauseState.findUniqueOrThrow({ where: { sessionId: rawId(session.id) } });

    const ids = [session.id, globalId("FocusPauseState", pause.id), library.id, track.id];
    expect((await t.ok(`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids }, { token: a.token })).nodes).toEqual([
      null,
      null,
      null,
      null,
    ]);
    const direct = await t.ok(
      `query($s: ID!, $l: ID!) { focusSession(id: $s) { id } focusLibrary(id: $l) { id } viewer { activeFocusSession { id }
         focusSessions { edges { node { label } } } focusLibraries { edges { node { name } } } } }`,
      { s: session.id, l: library.id },
      { token: a.token },
    );
    expect(direct).toMatchObject({ focusSession: null, focusLibrary: null, viewer: { activeFocusSession: null } });
    expect(JSON.stringify(direct)).not.toContain("B ");

    const attempts = [
      t.graphql(act("pauseFocusSession"), { id: session.id }, { token: a.token }),
      t.graphql(act("resumeFocusSession"), { id: session.id }, { token: a.token }),
      t.graphql(FINISH, { id: session.id }, { token: a.token }),
      t.graphql(act("abandonFocusSession"), { id: session.id }, { token: a.token }),
      t.graphql(START, { input: { plannedDurationSeconds: 600, libraryId: library.id } }, { token: a.token }),
      t.graphql(`mutation($id: ID!) { updateFocusLibrary(id: $id, input: { name: "x" }) { id } }`, { id: library.id }, { token: a.token }),
      t.graphql(`mutation($id: ID!) { deleteFocusLibrary(id: $id) }`, { id: library.id }, { token: a.token }),
      t.graphql(
        `mutation($id: ID!) { addFocusLibraryTrack(libraryId: $id, input: { title: "x", url: "https://x.example" }) { id } }`,
        { id: library.id },
        { token: a.token },
      ),
      t.graphql(
        `mutation($id: ID!, $t: [ID!]!) { reorderFocusLibraryTracks(libraryId: $id, trackIds: $t) { id } }`,
        { id: library.id, t: [track.id] },
        {
          token: a.token,
        },
      ),
      t.graphql(
        `mutation($id: ID!) { updateFocusLibraryTrack(id: $id, input: { title: "x" }) { id } }`,
        { id: track.id },
        { token: a.token },
      ),
      t.graphql(`mutation($id: ID!) { removeFocusLibraryTrack(id: $id) }`, { id: track.id }, { token: a.token }),
    ];
    for (const response of await Promise.all(attempts)) expect(codeOf(response)).toBe("NOT_FOUND");

    const row = await t.prisma.focusSession.findUniqueOrThrow({ where: { id: rawId(session.id) }, include: { pauseState: true } });
    expect(row).toMatchObject({ status: "ACTIVE", libraryId: rawId(library.id) });
    expect(row.pauseState?.isPaused).toBe(false);
    expect(await t.prisma.focusLibraryTrack.findUniqueOrThrow({ where: { id: rawId(track.id) } })).toMatchObject({ title: "B track" });
    expect(await t.prisma.focusLibrary.findUniqueOrThrow({ where: { id: rawId(library.id) } })).toMatchObject({ name: "B lib" });
    expect(await t.prisma.focusSession.count({ where: { userId: a.userId } })).toBe(0);
  });
});
