import { beforeAll, describe, expect, it } from "vitest";
import { codeOf, type Connection, startGatewayWithUsers, type TestUser } from "./support/gateway.ts";
import { globalId, rawId } from "./support/graphqlIds.ts";

const { t, a, b, admin } = await startGatewayWithUsers({ a: { timezone: "Europe/Berlin" }, admin: true });

/** A connection of which a test reads the ids. */
type Ids = Connection<{ id: string }>;

/** FLOWS, below: the onboarding catalogue with the viewer's answers and state. */
interface Flows {
  onboardingFlows: Connection<{
    id: string;
    key: string;
    steps: Array<{ id: string; key: string; stepType: string; myResponse: { response: unknown } | null }>;
    myState: { status: string; currentStepKey: string | null } | null;
  }>;
}

/** A value the test needs: fails on undefined. */
function defined<T>(value: T | undefined): T {
  if (value === undefined) throw new Error("expected a value");
  return value;
}

const NODE = `query ($id: ID!) { node(id: $id) { id } }`;

describe("settings", () => {
  const UPDATE = `mutation ($input: UpdateSettingsInput!) {
    updateSettings(input: $input) { timezone locale theme weekStartsOn dailyXpGoal focusMinutes breakMinutes notifications }
  }`;

  it("updates the viewer's settings, leaving other fields and other users alone", async () => {
    const { updateSettings } = await t.ok(
      UPDATE,
      { input: { timezone: "America/New_York", weekStartsOn: 7, locale: "de-de", theme: "dark", notifications: { dailyDigest: true } } },
      { token: a.token },
    );
    expect(updateSettings).toMatchObject({
      timezone: "America/New_York",
      weekStartsOn: 7,
      locale: "de-DE",
      theme: "dark",
      focusMinutes: 25,
      notifications: { dailyDigest: true },
    });
    const viewer = await t.ok(`{ viewer { settings { timezone weekStartsOn } } }`, {}, { token: a.token });
    expect(viewer.viewer.settings).toEqual({ timezone: "America/New_York", weekStartsOn: 7 });
    expect((await t.prisma.userSettings.findUniqueOrThrow({ where: { userId: b.userId } })).timezone).toBe("UTC");
  });

  it("canonicalises the case of a zone name and keeps valid aliases", async () => {
    expect((await t.ok(UPDATE, { input: { timezone: "utc" } }, { token: b.token })).updateSettings.timezone).toBe("UTC");
    expect((await t.ok(UPDATE, { input: { timezone: "Asia/Kolkata" } }, { token: b.token })).updateSettings.timezone).toBe("Asia/Kolkata");
  });

  it.each([
    ["an unknown time zone", { timezone: "Mars/Olympus_Mons" }],
    ["a raw offset", { timezone: "+02:00" }],
    ["weekStartsOn 0", { weekStartsOn: 0 }],
    ["weekStartsOn 8", { weekStartsOn: 8 }],
    ["an unknown theme", { theme: "neon" }],
    ["a malformed locale", { locale: "not a locale!" }],
    ["null for a required setting", { timezone: null }],
    ["non-boolean notification switches", { notifications: { dailyDigest: "yes" } }],
    ["a valid field next to an invalid one", { weekStartsOn: 3, timezone: "Nowhere/Land" }],
  ])("refuses %s with BAD_USER_INPUT and changes nothing", async (_label, input) => {
    const before = await t.prisma.userSettings.findUniqueOrThrow({ where: { userId: a.userId } });
    const response = await t.graphql(UPDATE, { input }, { token: a.token });
    expect(codeOf(response)).toBe("BAD_USER_INPUT");
    expect(await t.prisma.userSettings.findUniqueOrThrow({ where: { userId: a.userId } })).toEqual(before);
  });

  it("needs a signed-in user", async () => {
    expect(codeOf(await t.graphql(UPDATE, { input: { theme: "dark" } }))).toBe("UNAUTHENTICATED");
  });

  it("creates the settings row when a user has none", async () => {
    const user = await t.createUser();
    await t.prisma.userSettings.delete({ where: { userId: user.userId } });
    expect((await t.ok(`{ viewer { settings { id } } }`, {}, { token: user.token })).viewer.settings).toBeNull();
    const { updateSettings } = await t.ok(UPDATE, { input: { focusMinutes: 50 } }, { token: user.token });
    expect(updateSettings).toMatchObject({ focusMinutes: 50, timezone: "UTC", weekStartsOn: 1 });
  });
});

describe("ideas, infobase entries and references", () => {
  it("creates, lists by position, filters, updates and deletes ideas", async () => {
    const CREATE = `mutation ($input: CreateIdeaInput!) { createIdea(input: $input) { id title body tags isPinned sortOrder } }`;
    const first = (await t.ok(CREATE, { input: { title: "  Second by order ", sortOrder: 2, tags: ["music"] } }, { token: a.token }))
      .createIdea;
    const second = (await t.ok(CREATE, { input: { title: "First by order", sortOrder: 1, isPinned: true } }, { token: a.token }))
      .createIdea;
    expect(first).toMatchObject({ title: "Second by order", tags: ["music"], isPinned: false, body: null });

    const list = await t.ok<{ viewer: { ideas: Ids } }>(`{ viewer { ideas { edges { node { id title } } } } }`, {}, { token: a.token });
    expect(list.viewer.ideas.edges.map((edge) => edge.node.id)).toEqual([second.id, first.id]);
    const tagged = await t.ok<{ viewer: { ideas: Ids; pinned: Ids } }>(
      `{ viewer { ideas(tag: "music") { edges { node { id } } } pinned: ideas(pinned: true) { edges { node { id } } } } }`,
      {},
      { token: a.token },
    );
    expect(tagged.viewer.ideas.edges.map((edge) => edge.node.id)).toEqual([first.id]);
    expect(tagged.viewer.pinned.edges.map((edge) => edge.node.id)).toEqual([second.id]);

    const UPDATE = `mutation ($id: ID!, $input: UpdateIdeaInput!) { updateIdea(id: $id, input: $input) { id title body tags isPinned } }`;
    const updated = await t.ok(UPDATE, { id: first.id, input: { body: "a synth line", isPinned: true } }, { token: a.token });
    expect(updated.updateIdea).toMatchObject({ title: "Second by order", body: "a synth line", isPinned: true, tags: ["music"] });
    const cleared = await t.ok(UPDATE, { id: first.id, input: { body: null } }, { token: a.token });
    expect(cleared.updateIdea.body).toBeNull();
    expect(codeOf(await t.graphql(UPDATE, { id: first.id, input: { title: "" } }, { token: a.token }))).toBe("BAD_USER_INPUT");
    expect(codeOf(await t.graphql(UPDATE, { id: first.id, input: { title: null } }, { token: a.token }))).toBe("BAD_USER_INPUT");

    const single = await t.ok(`query ($id: ID!) { idea(id: $id) { title } }`, { id: second.id }, { token: a.token });
    expect(single.idea.title).toBe("First by order");

    const deleted = await t.ok(`mutation ($id: ID!) { deleteIdea(id: $id) }`, { id: second.id }, { token: a.token });
    expect(deleted.deleteIdea).toBe(second.id);
    expect(await t.prisma.idea.count({ where: { id: rawId(second.id) } })).toBe(0);
    expect(codeOf(await t.graphql(`mutation ($id: ID!) { deleteIdea(id: $id) }`, { id: second.id }, { token: a.token }))).toBe("NOT_FOUND");
  });

  it("refuses invalid idea input and changes nothing", async () => {
    const before = await t.prisma.idea.count();
    for (const input of [
      { title: "" },
      { title: "x".repeat(201) },
      { title: "ok", tags: ["x".repeat(41)] },
      { title: "ok", sortOrder: 10_000_000 },
    ]) {
      const response = await t.graphql(
        `mutation ($input: CreateIdeaInput!) { createIdea(input: $input) { id } }`,
        { input },
        { token: a.token },
      );
      expect(codeOf(response)).toBe("BAD_USER_INPUT");
    }
    expect(await t.prisma.idea.count()).toBe(before);
  });

  it("manages infobase entries with category and tag filters", async () => {
    const CREATE = `mutation ($input: CreateInfobaseEntryInput!) { createInfobaseEntry(input: $input) { id title category tags content } }`;
    const mixing = (
      await t.ok(CREATE, { input: { title: "Mixing", content: "# EQ", category: "music", tags: ["eq", "mix"] } }, { token: a.token })
    ).createInfobaseEntry;
    const sleep = (
      await t.ok(CREATE, { input: { title: "Sleep", content: "8h", category: "health", tags: ["habit"] } }, { token: a.token })
    ).createInfobaseEntry;
    const untagged = (await t.ok(CREATE, { input: { title: "Loose note", content: "" } }, { token: a.token })).createInfobaseEntry;
    expect(untagged).toMatchObject({ category: null, tags: [] });

    const q = `query ($category: String, $tag: String) { viewer { infobaseEntries(category: $category, tag: $tag) { edges { node { id } } } } }`;
    const ids = async (vars: Record<string, unknown>) =>
      (await t.ok<{ viewer: { infobaseEntries: Ids } }>(q, vars, { token: a.token })).viewer.infobaseEntries.edges.map(
        (edge) => edge.node.id,
      );
    expect(await ids({})).toEqual([mixing.id, sleep.id, untagged.id]);
    expect(await ids({ category: "music" })).toEqual([mixing.id]);
    expect(await ids({ tag: "habit" })).toEqual([sleep.id]);
    expect(await ids({ category: "music", tag: "habit" })).toEqual([]);

    const updated = await t.ok(
      `mutation ($id: ID!, $input: UpdateInfobaseEntryInput!) { updateInfobaseEntry(id: $id, input: $input) { category content } }`,
      { id: mixing.id, input: { category: null, content: "# Compression" } },
      { token: a.token },
    );
    expect(updated.updateInfobaseEntry).toEqual({ category: null, content: "# Compression" });
    expect(await ids({ category: "music" })).toEqual([]);
    await t.ok(`mutation ($id: ID!) { deleteInfobaseEntry(id: $id) }`, { id: untagged.id }, { token: a.token });
    expect(await ids({})).toEqual([mixing.id, sleep.id]);
  });

  it("manages saved references and validates their URL and kind", async () => {
    const CREATE = `mutation ($input: CreateUserReferenceInput!) { createUserReference(input: $input) { id kind title url tags } }`;
    const link = (await t.ok(CREATE, { input: { title: "Pothos docs", url: "https://pothos-graphql.dev" } }, { token: a.token }))
      .createUserReference;
    expect(link).toMatchObject({ kind: "link", url: "https://pothos-graphql.dev" });
    const note = (await t.ok(CREATE, { input: { kind: "note", title: "Chord idea", tags: ["music"] } }, { token: a.token }))
      .createUserReference;
    for (const input of [
      { title: "x", url: "javascript:alert(1)" },
      { title: "x", url: "not a url" },
      { kind: "Bad Kind", title: "x" },
    ]) {
      expect(codeOf(await t.graphql(CREATE, { input }, { token: a.token }))).toBe("BAD_USER_INPUT");
    }
    const listed = await t.ok<{ viewer: { notes: Ids; all: Ids } }>(
      `{ viewer { notes: references(kind: "note") { edges { node { id } } } all: references { edges { node { id } } } } }`,
      {},
      { token: a.token },
    );
    expect(listed.viewer.notes.edges.map((edge) => edge.node.id)).toEqual([note.id]);
    expect(listed.viewer.all.edges).toHaveLength(2);
    const updated = await t.ok(
      `mutation ($id: ID!, $input: UpdateUserReferenceInput!) { updateUserReference(id: $id, input: $input) { title url } }`,
      { id: link.id, input: { url: null, title: "Pothos" } },
      { token: a.token },
    );
    expect(updated.updateUserReference).toEqual({ title: "Pothos", url: null });
    await t.ok(`mutation ($id: ID!) { deleteUserReference(id: $id) }`, { id: note.id }, { token: a.token });
    expect(await t.prisma.userReference.count({ where: { userId: a.userId } })).toBe(1);
  });
});

describe("feedback", () => {
  it("lets users send feedback and admins triage it, with an audit entry", async () => {
    const { createFeedback } = await t.ok(
      `mutation { createFeedback(input: { kind: BUG, message: "The timer skips", page: "/focus" }) { id kind status message page } }`,
      {},
      { token: a.token },
    );
    expect(createFeedback).toMatchObject({ kind: "BUG", status: "OPEN", page: "/focus" });
    const mine = await t.ok<{ viewer: { feedback: Ids } }>(`{ viewer { feedback { edges { node { id } } } } }`, {}, { token: a.token });
    expect(mine.viewer.feedback.edges.map((edge) => edge.node.id)).toEqual([createFeedback.id]);
    expect(codeOf(await t.graphql(`mutation { createFeedback(input: { message: "   " }) { id } }`, {}, { token: a.token }))).toBe(
      "BAD_USER_INPUT",
    );

    const UPDATE = `mutation ($id: ID!, $status: FeedbackStatus!) { updateFeedbackStatus(id: $id, status: $status) { id status } }`;
    expect(codeOf(await t.graphql(UPDATE, { id: createFeedback.id, status: "CLOSED" }, { token: a.token }))).toBe("FORBIDDEN");
    expect(codeOf(await t.graphql(`{ allFeedback { edges { node { id } } } }`, {}, { token: a.token }))).toBe("FORBIDDEN");

    const queue = await t.ok<{ allFeedback: Ids }>(
      `{ allFeedback(status: OPEN) { edges { node { id message } } } }`,
      {},
      { token: admin.token },
    );
    expect(queue.allFeedback.edges.map((edge) => edge.node.id)).toContain(createFeedback.id);
    const { updateFeedbackStatus } = await t.ok(UPDATE, { id: createFeedback.id, status: "TRIAGED" }, { token: admin.token });
    expect(updateFeedbackStatus.status).toBe("TRIAGED");
    const entry = await t.prisma.auditLog.findFirstOrThrow({ where: { action: "feedback.status_update" } });
    expect(entry).toMatchObject({ userId: admin.userId, targetId: rawId(createFeedback.id), metadata: { from: "OPEN", to: "TRIAGED" } });
    expect(
      codeOf(
        await t.graphql(
          UPDATE,
          { id: globalId("Feedback", "7d0c1f53-0000-4000-8000-000000000000"), status: "CLOSED" },
          { token: admin.token },
        ),
      ),
    ).toBe("NOT_FOUND");
  });
});

describe("inbox", () => {
  const CREATE = `mutation ($input: CreateInboxItemInput!) { createInboxItem(input: $input) { id kind title isRead isArchived sortOrder } }`;
  const LIST = `query ($status: InboxStatusFilter) { viewer { inboxItems(status: $status) { edges { node { id title isRead isArchived } } } } }`;
  let user: TestUser;
  let items: Array<{ id: string; title: string }>;

  beforeAll(async () => {
    user = await t.createUser();
    items = [];
    for (const [title, sortOrder] of [
      ["third", 3],
      ["first", 1],
      ["second", 2],
    ] as const) {
      items.push((await t.ok(CREATE, { input: { title, sortOrder } }, { token: user.token })).createInboxItem);
    }
  });

  const titles = async (status?: string) =>
    (
      await t.ok<{ viewer: { inboxItems: Connection<{ title: string }> } }>(LIST, status ? { status } : {}, { token: user.token })
    ).viewer.inboxItems.edges.map((edge) => edge.node.title);

  it("lists open items by sort order, and refuses SYSTEM items from users", async () => {
    expect(await titles()).toEqual(["first", "second", "third"]);
    expect(await titles("UNREAD")).toEqual(["first", "second", "third"]);
    expect(await titles("ARCHIVED")).toEqual([]);
    expect(codeOf(await t.graphql(CREATE, { input: { title: "fake", kind: "SYSTEM" } }, { token: user.token }))).toBe("BAD_USER_INPUT");
    const reminder = await t.ok(CREATE, { input: { title: "reminder", kind: "REMINDER", sortOrder: 9 } }, { token: user.token });
    expect(reminder.createInboxItem.kind).toBe("REMINDER");
    await t.ok(`mutation ($id: ID!) { deleteInboxItem(id: $id) }`, { id: reminder.createInboxItem.id }, { token: user.token });
  });

  it("marks items read and archives them in bulk; the filters follow", async () => {
    const [third, first] = items;
    const read = await t.ok<{ markInboxItemsRead: Array<{ id: string; isRead: boolean; readAt: string | null }> }>(
      `mutation ($ids: [ID!]!) { markInboxItemsRead(ids: $ids) { id isRead readAt } }`,
      { ids: [third.id, first.id, first.id] },
      { token: user.token },
    );
    expect(read.markInboxItemsRead.map((item) => item.id)).toEqual([first.id, third.id]);
    expect(read.markInboxItemsRead.every((item) => item.isRead)).toBe(true);
    expect(await titles("UNREAD")).toEqual(["second"]);

    // Reading again keeps the first read time.
    const readAt = read.markInboxItemsRead[0].readAt;
    const again = await t.ok(
      `mutation ($ids: [ID!]!) { markInboxItemsRead(ids: $ids) { readAt } }`,
      { ids: [first.id] },
      { token: user.token },
    );
    expect(again.markInboxItemsRead[0].readAt).toBe(readAt);

    await t.ok(`mutation ($ids: [ID!]!) { archiveInboxItems(ids: $ids) { id isArchived } }`, { ids: [first.id] }, { token: user.token });
    expect(await titles()).toEqual(["second", "third"]);
    expect(await titles("ARCHIVED")).toEqual(["first"]);
    expect(await titles("ALL")).toEqual(["first", "second", "third"]);

    const back = await t.ok(`mutation ($id: ID!) { unarchiveInboxItem(id: $id) { isArchived } }`, { id: first.id }, { token: user.token });
    expect(back.unarchiveInboxItem.isArchived).toBe(false);
    expect(await titles()).toEqual(["first", "second", "third"]);
  });

  it("refuses a whole batch containing another user's item (NOT_FOUND) and changes nothing", async () => {
    const foreign = (await t.ok(CREATE, { input: { title: "B's item" } }, { token: b.token })).createInboxItem;
    const second = items[2];
    const snapshot = await t.prisma.inboxItem.findMany({
      where: { id: { in: [rawId(second.id), rawId(foreign.id)] } },
      orderBy: { id: "asc" },
    });
    for (const mutation of ["markInboxItemsRead", "archiveInboxItems"]) {
      const response = await t.graphql(
        `mutation ($ids: [ID!]!) { ${mutation}(ids: $ids) { id } }`,
        { ids: [second.id, foreign.id] },
        { token: user.token },
      );
      expect(codeOf(response)).toBe("NOT_FOUND");
    }
    expect(
      codeOf(await t.graphql(`mutation ($ids: [ID!]!) { archiveInboxItems(ids: $ids) { id } }`, { ids: [] }, { token: user.token })),
    ).toBe("BAD_USER_INPUT");
    expect(
      codeOf(
        await t.graphql(
          `mutation ($ids: [ID!]!) { archiveInboxItems(ids: $ids) { id } }`,
          { ids: [globalId("Idea", rawId(second.id))] },
          { token: user.token },
        ),
      ),
    ).toBe("BAD_USER_INPUT");
    expect(
      codeOf(await t.graphql(`mutation ($id: ID!) { unarchiveInboxItem(id: $id) { id } }`, { id: foreign.id }, { token: user.token })),
    ).toBe("NOT_FOUND");
    expect(codeOf(await t.graphql(`mutation ($id: ID!) { deleteInboxItem(id: $id) }`, { id: foreign.id }, { token: user.token }))).toBe(
      "NOT_FOUND",
    );
    const after = await t.prisma.inboxItem.findMany({
      where: { id: { in: [rawId(second.id), rawId(foreign.id)] } },
      orderBy: { id: "asc" },
    });
    expect(after).toEqual(snapshot);
    expect(await titles("UNREAD")).toEqual(["second"]);
  });
});

describe("onboarding", () => {
  const FLOWS = `{ onboardingFlows { edges { node { id key steps { id key stepType isRequired options myResponse { response } } myState { status currentStepKey } } } } }`;
  const ANSWER = `mutation ($stepId: ID!, $response: JSON!) {
    answerOnboardingStep(stepId: $stepId, response: $response) { response { response step { key } } state { status currentStepKey } }
  }`;
  let user: TestUser;
  let steps: Record<string, { id: string; stepType: string }>;

  beforeAll(async () => {
    user = await t.createUser();
    const data = await t.ok<Flows>(FLOWS);
    const welcome = data.onboardingFlows.edges.map((edge) => edge.node).find((flow) => flow.key === "welcome");
    steps = Object.fromEntries(defined(welcome).steps.map((step) => [step.key, step]));
  });

  it("shows the public catalogue in step order, without any user's answers when signed out", async () => {
    const data = await t.ok<Flows>(FLOWS);
    const welcome = data.onboardingFlows.edges.map((edge) => edge.node).find((flow) => flow.key === "welcome");
    expect(defined(welcome).steps.map((step) => step.key)).toEqual([
      "intro",
      "focus-areas",
      "chronotype",
      "focus-length",
      "first-habit",
      "done",
    ]);
    expect(defined(welcome).myState).toBeNull();
    expect(defined(welcome).steps.every((step) => step.myResponse === null)).toBe(true);
  });

  it("starts, validates answers against the step, moves on, and completes once required steps are answered", async () => {
    const start = await t.ok(
      `mutation { startOnboarding(flowKey: "welcome") { status currentStepKey startedAt } }`,
      {},
      { token: user.token },
    );
    expect(start.startOnboarding).toMatchObject({ status: "IN_PROGRESS", currentStepKey: "intro" });

    const bad: Array<[string, unknown]> = [
      ["intro", "yes"],
      ["chronotype", "midnight"],
      ["chronotype", ["early"]],
      ["focus-areas", ["habits", "juggling"]],
      ["focus-areas", ["habits", "habits"]],
      ["focus-areas", []],
      ["first-habit", 42],
      ["first-habit", "x".repeat(5001)],
    ];
    for (const [key, response] of bad) {
      const result = await t.graphql(ANSWER, { stepId: steps[key].id, response }, { token: user.token });
      expect(codeOf(result), `${key} ${JSON.stringify(response)}`).toBe("BAD_USER_INPUT");
    }
    expect(await t.prisma.userOnboardingResponse.count({ where: { userId: user.userId } })).toBe(0);

    const incomplete = await t.graphql(`mutation { completeOnboarding(flowKey: "welcome") { status } }`, {}, { token: user.token });
    expect(codeOf(incomplete)).toBe("BAD_USER_INPUT");
    expect(incomplete.errors?.[0].message).toContain("focus-areas");

    const intro = await t.ok(ANSWER, { stepId: steps.intro.id, response: true }, { token: user.token });
    expect(intro.answerOnboardingStep.state).toEqual({ status: "IN_PROGRESS", currentStepKey: "focus-areas" });
    await t.ok(ANSWER, { stepId: steps["focus-areas"].id, response: ["habits"] }, { token: user.token });
    const replaced = await t.ok(ANSWER, { stepId: steps["focus-areas"].id, response: ["focus", "reading"] }, { token: user.token });
    expect(replaced.answerOnboardingStep.response).toEqual({ response: ["focus", "reading"], step: { key: "focus-areas" } });
    const chrono = await t.ok(ANSWER, { stepId: steps.chronotype.id, response: "early" }, { token: user.token });
    expect(chrono.answerOnboardingStep.state.currentStepKey).toBe("focus-length");
    expect(await t.prisma.userOnboardingResponse.count({ where: { userId: user.userId } })).toBe(3);

    const done = await t.ok(
      `mutation { completeOnboarding(flowKey: "welcome") { status completedAt currentStepKey } }`,
      {},
      { token: user.token },
    );
    expect(done.completeOnboarding).toMatchObject({ status: "COMPLETED", currentStepKey: null });
    expect(done.completeOnboarding.completedAt).not.toBeNull();
    expect(await t.prisma.behaviorOutbox.count({ where: { userId: user.userId, eventType: "onboarding.completed" } })).toBe(1);
    // Completing again changes nothing.
    await t.ok(`mutation { completeOnboarding(flowKey: "welcome") { status } }`, {}, { token: user.token });
    expect(await t.prisma.behaviorOutbox.count({ where: { userId: user.userId, eventType: "onboarding.completed" } })).toBe(1);
    expect(codeOf(await t.graphql(`mutation { skipOnboarding(flowKey: "welcome") { status } }`, {}, { token: user.token }))).toBe(
      "CONFLICT",
    );
    expect(codeOf(await t.graphql(`mutation { startOnboarding(flowKey: "welcome") { status } }`, {}, { token: user.token }))).toBe(
      "CONFLICT",
    );

    const mine = await t.ok<Flows>(FLOWS, {}, { token: user.token });
    const welcome = mine.onboardingFlows.edges.map((edge) => edge.node).find((flow) => flow.key === "welcome");
    expect(defined(welcome).myState?.status).toBe("COMPLETED");
    const chronotype = defined(welcome).steps.find((step) => step.key === "chronotype");
    expect(chronotype?.myResponse).toEqual({ response: "early" });
    const states = await t.ok<{ viewer: { onboardingStates: Connection<unknown> } }>(
      `{ viewer { onboardingStates { edges { node { status flow { key } } } } } }`,
      {},
      { token: user.token },
    );
    expect(states.viewer.onboardingStates.edges.map((edge) => edge.node)).toEqual([{ status: "COMPLETED", flow: { key: "welcome" } }]);
  });

  it("skips a flow, and answers unknown flows with NOT_FOUND", async () => {
    const other = await t.createUser();
    const skipped = await t.ok(`mutation { skipOnboarding(flowKey: "welcome") { status } }`, {}, { token: other.token });
    expect(skipped.skipOnboarding.status).toBe("SKIPPED");
    const resumed = await t.ok(`mutation { startOnboarding(flowKey: "welcome") { status currentStepKey } }`, {}, { token: other.token });
    expect(resumed.startOnboarding).toEqual({ status: "IN_PROGRESS", currentStepKey: "intro" });
    expect(codeOf(await t.graphql(`mutation { startOnboarding(flowKey: "nope") { status } }`, {}, { token: other.token }))).toBe(
      "NOT_FOUND",
    );
    expect(codeOf(await t.graphql(`mutation { startOnboarding(flowKey: "welcome") { status } }`))).toBe("UNAUTHENTICATED");
  });

  it("never shows another user's answers or state, by any path", async () => {
    const data = await t.ok<Flows>(FLOWS, {}, { token: b.token });
    const welcome = data.onboardingFlows.edges.map((edge) => edge.node).find((flow) => flow.key === "welcome");
    expect(defined(welcome).myState).toBeNull();
    expect(defined(welcome).steps.every((step) => step.myResponse === null)).toBe(true);
    const response = await t.prisma.userOnboardingResponse.findFirstOrThrow({ where: { userId: user.userId } });
    const state = await t.prisma.userOnboardingState.findFirstOrThrow({ where: { userId: user.userId } });
    expect((await t.ok(NODE, { id: globalId("UserOnboardingResponse", response.id) }, { token: b.token })).node).toBeNull();
    expect((await t.ok(NODE, { id: globalId("UserOnboardingState", state.id) }, { token: b.token })).node).toBeNull();
    const stepNode = await t.ok(
      `query ($id: ID!) { node(id: $id) { ... on OnboardingStep { myResponse { id } } } }`,
      { id: globalId("OnboardingStep", response.stepId) },
      { token: b.token },
    );
    expect(stepNode.node.myResponse).toBeNull();
    const bStates = await t.ok(
      `{ viewer { onboardingStates { edges { node { id } } } onboardingResponses { edges { node { id } } } } }`,
      {},
      { token: b.token },
    );
    expect(bStates.viewer.onboardingStates.edges).toEqual([]);
    expect(bStates.viewer.onboardingResponses.edges).toEqual([]);
  });

  it("lets only admins edit the catalogue, validating step options, with catalogue.* audit entries", async () => {
    const CREATE_FLOW = `mutation ($input: CreateOnboardingFlowInput!) { createOnboardingFlow(input: $input) { id key isActive } }`;
    const flowInput = { key: "music-setup", title: "Music setup" };
    expect(codeOf(await t.graphql(CREATE_FLOW, { input: flowInput }, { token: a.token }))).toBe("FORBIDDEN");
    expect(codeOf(await t.graphql(CREATE_FLOW, { input: flowInput }))).toBe("UNAUTHENTICATED");
    expect(await t.prisma.onboardingFlow.count({ where: { key: "music-setup" } })).toBe(0);

    const flow = (await t.ok(CREATE_FLOW, { input: flowInput }, { token: admin.token })).createOnboardingFlow;
    expect(codeOf(await t.graphql(CREATE_FLOW, { input: flowInput }, { token: admin.token }))).toBe("CONFLICT");
    expect(codeOf(await t.graphql(CREATE_FLOW, { input: { key: "Bad Key", title: "x" } }, { token: admin.token }))).toBe("BAD_USER_INPUT");

    const CREATE_STEP = `mutation ($input: CreateOnboardingStepInput!) { createOnboardingStep(input: $input) { id key stepType options } }`;
    const badOptions = [
      { flowId: flow.id, key: "daw", title: "Your DAW?", stepType: "SINGLE_CHOICE" },
      {
        flowId: flow.id,
        key: "daw",
        title: "Your DAW?",
        stepType: "SINGLE_CHOICE",
        options: [
          { value: "a", label: "A" },
          { value: "a", label: "B" },
        ],
      },
      { flowId: flow.id, key: "daw", title: "Your DAW?", stepType: "TEXT", options: [{ value: "a", label: "A" }] },
    ];
    for (const input of badOptions) {
      expect(codeOf(await t.graphql(CREATE_STEP, { input }, { token: admin.token }))).toBe("BAD_USER_INPUT");
    }
    const options = [
      { value: "ableton", label: "Ableton Live" },
      { value: "logic", label: "Logic Pro" },
    ];
    const step = (
      await t.ok(
        CREATE_STEP,
        { input: { flowId: flow.id, key: "daw", title: "Your DAW?", stepType: "SINGLE_CHOICE", options, isRequired: true } },
        { token: admin.token },
      )
    ).createOnboardingStep;
    expect(step.options).toEqual(options);
    expect(codeOf(await t.graphql(CREATE_STEP, { input: { flowId: flow.id, key: "x", title: "x" } }, { token: a.token }))).toBe(
      "FORBIDDEN",
    );

    const UPDATE_STEP = `mutation ($id: ID!, $input: UpdateOnboardingStepInput!) { updateOnboardingStep(id: $id, input: $input) { stepType options title } }`;
    expect(codeOf(await t.graphql(UPDATE_STEP, { id: step.id, input: { stepType: "TEXT" } }, { token: admin.token }))).toBe(
      "BAD_USER_INPUT",
    );
    const toText = await t.ok(UPDATE_STEP, { id: step.id, input: { stepType: "TEXT", options: [] } }, { token: admin.token });
    expect(toText.updateOnboardingStep).toMatchObject({ stepType: "TEXT", options: [] });

    const hidden = await t.ok(
      `mutation ($id: ID!) { updateOnboardingFlow(id: $id, input: { isActive: false }) { isActive } }`,
      { id: flow.id },
      { token: admin.token },
    );
    expect(hidden.updateOnboardingFlow.isActive).toBe(false);
    const publicKeys = (await t.ok<Flows>(FLOWS)).onboardingFlows.edges.map((edge) => edge.node.key);
    expect(publicKeys).not.toContain("music-setup");
    expect(codeOf(await t.graphql(`{ onboardingFlows(includeInactive: true) { edges { node { key } } } }`, {}, { token: a.token }))).toBe(
      "FORBIDDEN",
    );
    const adminKeys = (
      await t.ok<{ onboardingFlows: Connection<{ key: string }> }>(
        `{ onboardingFlows(includeInactive: true) { edges { node { key } } } }`,
        {},
        { token: admin.token },
      )
    ).onboardingFlows.edges.map((edge) => edge.node.key);
    expect(adminKeys).toContain("music-setup");
    expect(codeOf(await t.graphql(`mutation { startOnboarding(flowKey: "music-setup") { status } }`, {}, { token: a.token }))).toBe(
      "BAD_USER_INPUT",
    );
    const BY_KEY = `{ onboardingFlow(key: "music-setup") { key isActive steps { key } } }`;
    expect((await t.ok(BY_KEY, {}, { token: a.token })).onboardingFlow).toBeNull();
    expect((await t.ok(BY_KEY, {}, { token: admin.token })).onboardingFlow).toEqual({
      key: "music-setup",
      isActive: false,
      steps: [{ key: "daw" }],
    });
    expect((await t.ok(`{ onboardingFlow(key: "welcome") { key } }`)).onboardingFlow).toEqual({ key: "welcome" });

    await t.ok(`mutation ($id: ID!) { deleteOnboardingStep(id: $id) }`, { id: step.id }, { token: admin.token });
    await t.ok(`mutation ($id: ID!) { deleteOnboardingFlow(id: $id) }`, { id: flow.id }, { token: admin.token });
    expect(await t.prisma.onboardingFlow.count({ where: { key: "music-setup" } })).toBe(0);

    const audit = await t.prisma.auditLog.findMany({ where: { action: { startsWith: "catalogue." } }, orderBy: { createdAt: "asc" } });
    expect(audit.map((entry) => `${entry.action} ${entry.targetType}`)).toEqual([
      "catalogue.create OnboardingFlow",
      "catalogue.create OnboardingStep",
      "catalogue.update OnboardingStep",
      "catalogue.update OnboardingFlow",
      "catalogue.delete OnboardingStep",
      "catalogue.delete OnboardingFlow",
    ]);
    expect(audit.every((entry) => entry.userId === admin.userId)).toBe(true);
  });
});

describe("tenancy", () => {
  it("never lets A read or change B's platform rows, by any path or global ID", async () => {
    const idea = (await t.ok(`mutation { createIdea(input: { title: "B's secret idea", tags: ["b"] }) { id } }`, {}, { token: b.token }))
      .createIdea.id;
    const entry = (
      await t.ok(
        `mutation { createInfobaseEntry(input: { title: "B's note", content: "private", category: "b" }) { id } }`,
        {},
        { token: b.token },
      )
    ).createInfobaseEntry.id;
    const reference = (
      await t.ok(`mutation { createUserReference(input: { title: "B's link", url: "https://b.example" }) { id } }`, {}, { token: b.token })
    ).createUserReference.id;
    const inbox = (await t.ok(`mutation { createInboxItem(input: { title: "B's inbox" }) { id } }`, {}, { token: b.token })).createInboxItem
      .id;
    const feedback = (await t.ok(`mutation { createFeedback(input: { message: "B's feedback" }) { id } }`, {}, { token: b.token }))
      .createFeedback.id;
    const settings = await t.prisma.userSettings.findUniqueOrThrow({ where: { userId: b.userId } });

    const globalIds = [idea, entry, reference, inbox, feedback, globalId("UserSettings", settings.id), globalId("User", b.userId)];
    for (const id of globalIds) {
      expect((await t.ok(NODE, { id }, { token: a.token })).node, id).toBeNull();
      expect((await t.ok(NODE, { id })).node, id).toBeNull();
    }
    const single = await t.ok(
      `query ($idea: ID!, $entry: ID!, $reference: ID!, $inbox: ID!) { idea(id: $idea) { id } infobaseEntry(id: $entry) { id } userReference(id: $reference) { id } inboxItem(id: $inbox) { id } }`,
      { idea, entry, reference, inbox },
      { token: a.token },
    );
    expect(single).toEqual({ idea: null, infobaseEntry: null, userReference: null, inboxItem: null });

    const lists = await t.ok<{
      viewer: {
        ideas: Ids;
        infobaseEntries: Ids;
        references: Connection<{ title: string }>;
        inboxItems: Connection<{ title: string }>;
        feedback: Ids;
      };
    }>(
      `{ viewer { ideas(tag: "b") { edges { node { id } } } infobaseEntries(category: "b") { edges { node { id } } } references { edges { node { id title } } } inboxItems(status: ALL) { edges { node { title } } } feedback { edges { node { id } } } } }`,
      {},
      { token: a.token },
    );
    expect(lists.viewer.ideas.edges).toEqual([]);
    expect(lists.viewer.infobaseEntries.edges).toEqual([]);
    expect(lists.viewer.references.edges.map((edge) => edge.node.title)).not.toContain("B's link");
    expect(lists.viewer.inboxItems.edges.map((edge) => edge.node.title)).not.toContain("B's inbox");
    expect(lists.viewer.feedback.edges.map((edge) => edge.node.id)).not.toContain(feedback);

    const snapshot = async () =>
      Promise.all([
        t.prisma.idea.findUniqueOrThrow({ where: { id: rawId(idea) } }),
        t.prisma.infobaseEntry.findUniqueOrThrow({ where: { id: rawId(entry) } }),
        t.prisma.userReference.findUniqueOrThrow({ where: { id: rawId(reference) } }),
        t.prisma.inboxItem.findUniqueOrThrow({ where: { id: rawId(inbox) } }),
      ]);
    const before = await snapshot();
    const attempts: Array<[string, Record<string, unknown>]> = [
      [`mutation ($id: ID!) { updateIdea(id: $id, input: { title: "pwned" }) { id } }`, { id: idea }],
      [`mutation ($id: ID!) { deleteIdea(id: $id) }`, { id: idea }],
      [`mutation ($id: ID!) { updateInfobaseEntry(id: $id, input: { content: "pwned" }) { id } }`, { id: entry }],
      [`mutation ($id: ID!) { deleteInfobaseEntry(id: $id) }`, { id: entry }],
      [`mutation ($id: ID!) { updateUserReference(id: $id, input: { title: "pwned" }) { id } }`, { id: reference }],
      [`mutation ($id: ID!) { deleteUserReference(id: $id) }`, { id: reference }],
      [`mutation ($id: ID!) { markInboxItemsRead(ids: [$id]) { id } }`, { id: inbox }],
      [`mutation ($id: ID!) { archiveInboxItems(ids: [$id]) { id } }`, { id: inbox }],
      [`mutation ($id: ID!) { unarchiveInboxItem(id: $id) { id } }`, { id: inbox }],
      [`mutation ($id: ID!) { deleteInboxItem(id: $id) }`, { id: inbox }],
    ];
    for (const [mutation, vars] of attempts) {
      expect(codeOf(await t.graphql(mutation, vars, { token: a.token })), mutation).toBe("NOT_FOUND");
    }
    expect(await snapshot()).toEqual(before);
  });
});
