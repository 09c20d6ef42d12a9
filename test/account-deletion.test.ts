import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACCOUNT_DELETION_TABLES } from "../src/auth/account-deletion.ts";
import { seedDemoUser } from "../src/db/seed/demo.ts";
import { cypherFor, eraseUser } from "../src/projector/neo4j/cypher.ts";
import { asOutboxEvent } from "./support/event-rows.ts";
import { codeOf, startTestGateway, type TestGateway } from "./support/gateway.ts";
import { globalId, rawId } from "./support/graphqlIds.ts";

let t: TestGateway;

beforeAll(async () => {
  t = await startTestGateway();
});

afterAll(async () => {
  await t?.close();
});

/** Every table of the schema with a `user_id` column, read from the database itself. */
async function userTables(): Promise<string[]> {
  const rows = await t.prisma.$queryRawUnsafe<Array<{ table_name: string }>>(
    `SELECT table_name FROM information_schema.columns
     WHERE column_name = 'user_id' AND table_schema = current_schema()
     ORDER BY table_name`,
  );
  return rows.map((row) => row.table_name);
}

async function rowCounts(userId: string): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of await userTables()) {
    const [{ n }] = await t.prisma.$queryRawUnsafe<Array<{ n: number }>>(
      `SELECT count(*)::int AS n FROM "${table}" WHERE user_id = $1::uuid`,
      userId,
    );
    counts[table] = n;
  }
  return counts;
}

async function signIn(email: string, password: string): Promise<string> {
  const data = await t.ok(`mutation ($input: SignInInput!) { signIn(input: $input) { token } }`, { input: { email, password } });
  return data.signIn.token;
}

/**
 * Fills the tables the demo seeder leaves empty for a user, through the API where it
 * exists, else directly: custom exercise (used by a workout and a set, the RESTRICT
 * case), focus library with a track and a session using it (with pause state), a
 * training program, frame manifests and data, feedback, references, decisions.
 */
async function addRowsDemoDoesNotHave(userId: string, token: string, password: string): Promise<void> {
  // A pending email change (email_verifications) and the mail it queues (mail_outbox).
  await t.ok(
    `mutation ($password: String!) { changeEmail(currentPassword: $password, newEmail: "moving-${userId}@example.test") }`,
    { password },
    { token },
  );
  await t.ok(`mutation { createFeedback(input: { kind: PRAISE, message: "love it" }) { id } }`, {}, { token });
  await t.ok(`mutation { createUserReference(input: { title: "A link", url: "https://example.test" }) { id } }`, {}, { token });
  await t.ok(`mutation { createIdea(input: { title: "An idea" }) { id } }`, {}, { token });
  await t.ok(`mutation { createInfobaseEntry(input: { title: "A note", content: "x" }) { id } }`, {}, { token });
  await t.ok(`mutation { createInboxItem(input: { title: "An item" }) { id } }`, {}, { token });
  const shown = await t.ok(`mutation { recordDecisionShown(input: { decisionKey: "next", surface: "today" }) { id } }`, {}, { token });
  await t.ok(
    `mutation ($id: ID!) { recordDecisionOutcome(id: $id, outcome: STARTED) { id } }`,
    { id: shown.recordDecisionShown.id },
    { token },
  );

  const exercise = await t.prisma.exercise.create({ data: { userId, name: "My own lunge", category: "STRENGTH" } });
  const workout = await t.prisma.workout.findFirstOrThrow({ where: { userId } });
  await t.prisma.workoutExercise.create({ data: { userId, workoutId: workout.id, exerciseId: exercise.id } });
  const workoutSession = await t.prisma.workoutSession.findFirstOrThrow({ where: { userId } });
  await t.prisma.exerciseSet.create({ data: { userId, sessionId: workoutSession.id, exerciseId: exercise.id, setNumber: 99, reps: 5 } });
  await t.prisma.trainingProgram.create({ data: { userId, name: "Base building" } });

  const library = await t.prisma.focusLibrary.create({ data: { userId, name: "Deep work" } });
  await t.prisma.focusLibraryTrack.create({ data: { userId, libraryId: library.id, title: "Rain", url: "https://example.test/rain.mp3" } });
  const ended = new Date();
  const focus = await t.prisma.focusSession.create({
    data: {
      userId,
      libraryId: library.id,
      status: "COMPLETED",
      plannedDurationSeconds: 1500,
      actualDurationSeconds: 1500,
      startedAt: new Date(ended.getTime() - 1_500_000),
      endedAt: ended,
    },
  });
  await t.prisma.focusPauseState.create({ data: { userId, sessionId: focus.id, totalPausedSeconds: 30 } });

  const analysis = await t.prisma.trackAnalysis.findFirstOrThrow({ where: { userId } });
  const manifest = await t.prisma.analysisFrameManifest.create({
    data: { userId, analysisId: analysis.id, feature: "rms", frameRate: 10, frameCount: 4, framesPerChunk: 4 },
  });
  await t.prisma.analysisFrameData.create({
    data: { userId, manifestId: manifest.id, chunkIndex: 0, startFrame: 0, frameCount: 4, data: Buffer.alloc(16) },
  });
}

describe("deleteAccount", () => {
  it("deletes everything the user owns in one go, keeps the audit trail unlinked, and leaves other users untouched", async () => {
    const victim = await seedDemoUser(t.prisma, { email: "victim@example.test", password: "delete-me-please", historyDays: 30 });
    const bystander = await seedDemoUser(t.prisma, {
      email: "bystander@example.test",
      password: "keep-me-around",
      historyDays: 20,
      seed: 7,
    });
    const victimToken = await signIn(victim.email, victim.password);
    const bystanderToken = await signIn(bystander.email, bystander.password);
    await addRowsDemoDoesNotHave(victim.userId, victimToken, victim.password);
    await addRowsDemoDoesNotHave(bystander.userId, bystanderToken, bystander.password);

    // The victim is an admin who granted the bystander a role: that grant must outlive the victim.
    const adminRole = await t.prisma.role.findUniqueOrThrow({ where: { key: "admin" } });
    await t.prisma.userRole.create({ data: { userId: victim.userId, roleId: adminRole.id } });
    const grant = await t.prisma.userRole.create({ data: { userId: bystander.userId, roleId: adminRole.id, grantedById: victim.userId } });

    const tables = await userTables();
    expect(tables.length).toBeGreaterThanOrEqual(50);
    // Every table with a user_id is cleared by the deletion flow (a new table must be added there).
    expect([...tables].sort()).toEqual(
      [...ACCOUNT_DELETION_TABLES.filter((table) => table !== "users" && table !== "mail_outbox"), "audit_log"].sort(),
    );

    const victimBefore = await rowCounts(victim.userId);
    const emptyForVictim = Object.entries(victimBefore)
      .filter(([, n]) => n === 0)
      .map(([table]) => table);
    expect(emptyForVictim).toEqual([]);
    const bystanderBefore = await rowCounts(bystander.userId);
    const victimAudit = await t.prisma.auditLog.findMany({ where: { userId: victim.userId }, select: { id: true } });
    expect(victimAudit.length).toBeGreaterThan(0);

    // A wrong password is refused and deletes nothing.
    const DELETE = `mutation ($password: String!) { deleteAccount(password: $password) }`;
    const refused = await t.graphql(DELETE, { password: "not-my-password" }, { token: victimToken });
    expect(codeOf(refused)).toBe("UNAUTHENTICATED");
    expect(await rowCounts(victim.userId)).toEqual({ ...victimBefore, audit_log: victimBefore.audit_log + 1 });
    expect(await t.prisma.auditLog.count({ where: { userId: victim.userId, action: "account.delete_failed" } })).toBe(1);
    expect(codeOf(await t.graphql(DELETE, { password: victim.password }))).toBe("UNAUTHENTICATED");

    const { deleteAccount } = await t.ok(DELETE, { password: victim.password }, { token: victimToken });
    expect(deleteAccount).toBe(globalId("User", victim.userId));

    // Nothing anywhere still points at the user: not in a user_id column, not in the users table.
    const victimAfter = await rowCounts(victim.userId);
    expect(Object.entries(victimAfter).filter(([, n]) => n > 0)).toEqual([]);
    expect(await t.prisma.user.count({ where: { id: victim.userId } })).toBe(0);
    expect(await t.prisma.user.count({ where: { email: victim.email } })).toBe(0);
    // Mail to the deleted address is gone with it; the bystander's stays.
    expect(await t.prisma.mailOutbox.count({ where: { toAddress: victim.email } })).toBe(0);
    expect(await t.prisma.mailOutbox.count({ where: { toAddress: bystander.email } })).toBeGreaterThan(0);

    // The security trail survives, unlinked, with one account.delete entry naming the deleted id.
    const keptAudit = await t.prisma.auditLog.findMany({ where: { id: { in: victimAudit.map((entry) => entry.id) } } });
    expect(keptAudit).toHaveLength(victimAudit.length);
    expect(keptAudit.every((entry) => entry.userId === null && entry.sessionId === null)).toBe(true);
    const deletion = await t.prisma.auditLog.findMany({ where: { action: "account.delete" } });
    expect(deletion).toHaveLength(1);
    expect(deletion[0]).toMatchObject({ userId: null, targetType: "User", targetId: victim.userId });
    expect((deletion[0].metadata as { deletedRows: Record<string, number> }).deletedRows.users).toBe(1);

    // The token died with the session.
    expect((await t.ok(`{ viewer { id } }`, {}, { token: victimToken })).viewer).toBeNull();
    expect(
      codeOf(
        await t.graphql(`mutation ($input: SignInInput!) { signIn(input: $input) { token } }`, {
          input: { email: victim.email, password: victim.password },
        }),
      ),
    ).toBe("UNAUTHENTICATED");

    // The bystander lost nothing (only gained the sign-in audit row above), and keeps the grant, now unattributed.
    const bystanderAfter = await rowCounts(bystander.userId);
    expect(bystanderAfter).toEqual(bystanderBefore);
    expect(await t.prisma.userRole.findUniqueOrThrow({ where: { id: grant.id } })).toMatchObject({
      userId: bystander.userId,
      grantedById: null,
    });
    const viewer = await t.ok(`{ viewer { email roles ideas { edges { node { title } } } } }`, {}, { token: bystanderToken });
    expect(viewer.viewer).toMatchObject({ email: bystander.email, roles: ["admin", "user"] });
    expect(viewer.viewer.ideas.edges.length).toBeGreaterThan(0);

    // The email can be used again.
    const again = await t.ok(
      `mutation { signUp(input: { email: "victim@example.test", password: "a fresh start", displayName: "Back" }) { user { id } } }`,
    );
    expect(again.signUp.user.id).not.toBe(deleteAccount);
  });

  it("deletes a user with no data besides the basics", async () => {
    const data = await t.ok(
      `mutation { signUp(input: { email: "brief@example.test", password: "short-stay", displayName: "Brief" }) { token user { id } } }`,
    );
    const userId = rawId(data.signUp.user.id);
    await t.ok(`mutation { deleteAccount(password: "short-stay") }`, {}, { token: data.signUp.token });
    const counts = await rowCounts(userId);
    expect(Object.values(counts).every((n) => n === 0)).toBe(true);
    const deletion = await t.prisma.auditLog.findFirstOrThrow({ where: { action: "account.delete", targetId: userId } });
    expect(deletion.userId).toBeNull();
    // The outbox keeps nothing of the user but one `account.deleted`, on no user's row, with only
    // the id (as the audit row has it) so the graph can remove the user's subgraph.
    expect(await t.prisma.behaviorOutbox.count({ where: { userId } })).toBe(0);
    const deleted = await t.prisma.behaviorOutbox.findMany({
      where: { eventType: "account.deleted", payload: { path: ["userId"], equals: userId } },
    });
    expect(deleted.map((event) => ({ userId: event.userId, payload: event.payload }))).toEqual([
      { userId: null, payload: { v: 1, userId } },
    ]);
    // The trail keeps ids, never the deleted address.
    expect(JSON.stringify(await t.prisma.auditLog.findMany({ where: { targetId: userId } }))).not.toContain("brief@example.test");
  });
});

describe("deleteAccount and the behavior graph", () => {
  it("takes the user's decision telemetry with the account and projects the deletion: the graph erases the user", async () => {
    const data = await t.ok(
      `mutation { signUp(input: { email: "graph-gone@example.test", password: "graph-gone-pw", displayName: "Gone" }) { token user { id } } }`,
    );
    const token = data.signUp.token as string;
    const userId = rawId(data.signUp.user.id);
    await t.ok(`mutation { recordDecisionShown(input: { decisionKey: "banner", surface: "today" }) { id } }`, {}, { token });
    expect(await t.prisma.decisionTelemetry.count({ where: { userId } })).toBe(1);
    const failed = await t.graphql(`mutation { deleteAccount(password: "wrong-password") }`, {}, { token });
    expect(codeOf(failed)).toBe("UNAUTHENTICATED");
    expect(await t.prisma.auditLog.count({ where: { action: "account.delete_failed", targetId: userId } })).toBe(1);
    expect(
      await t.prisma.behaviorOutbox.count({ where: { eventType: "account.deleted", payload: { path: ["userId"], equals: userId } } }),
    ).toBe(0);

    await t.ok(`mutation { deleteAccount(password: "graph-gone-pw") }`, {}, { token });
    expect(await t.prisma.decisionTelemetry.count({ where: { userId } })).toBe(0);
    const event = await t.prisma.behaviorOutbox.findFirstOrThrow({
      where: { eventType: "account.deleted", payload: { path: ["userId"], equals: userId } },
    });
    expect(event.userId).toBeNull();
    // What the Neo4j sink runs for it: only the erase of the user's subgraph, by their id.
    const statements = cypherFor(asOutboxEvent(event));
    expect(statements).toEqual(eraseUser(userId));
    expect(statements.at(-1)?.statement).toBe("MATCH (u:User {id: $userId})\nDETACH DELETE u");
  });
});
