// Platform family on the domain layer: inbox, settings and onboarding changes emit their
// catalogue events in the action's transaction; a rolled-back action leaves no event.
import { describe, expect, it } from "vitest";
import { createInboxItem, markInboxItemsRead } from "../src/domain/inbox.ts";
import { completeOnboarding } from "../src/domain/onboarding.ts";
import { updateSettings } from "../src/domain/settings.ts";
import { eventsOf, expectRolledBackLeavesNoEvent, onlyEventOf, outboxCount } from "./support/event-assertions.ts";
import { codeOf, startGatewayWithUsers, type TestUser } from "./support/gateway.ts";
import { globalId, rawId } from "./support/graphqlIds.ts";

const { t } = await startGatewayWithUsers();

const CREATE = `mutation($input: CreateInboxItemInput!) { createInboxItem(input: $input) { id kind } }`;
const READ = `mutation($ids: [ID!]!) { markInboxItemsRead(ids: $ids) { id isRead } }`;
const ARCHIVE = `mutation($ids: [ID!]!) { archiveInboxItems(ids: $ids) { id } }`;
const UNARCHIVE = `mutation($id: ID!) { unarchiveInboxItem(id: $id) { id } }`;
const DELETE = `mutation($id: ID!) { deleteInboxItem(id: $id) }`;

async function capture(user: TestUser, title: string, kind = "CAPTURE"): Promise<string> {
  return (await t.ok(CREATE, { input: { title, kind } }, { token: user.token })).createInboxItem.id;
}

describe("inbox events", () => {
  it("create, read, archive, unarchive and delete each emit their event with the items they changed", async () => {
    const user = await t.createUser();
    const first = await capture(user, "Call the plumber");
    const second = await capture(user, "Buy stamps", "REMINDER");
    expect(await eventsOf(t.prisma, user.userId, "inbox.item_created")).toEqual([
      { itemId: rawId(first), kind: "CAPTURE" },
      { itemId: rawId(second), kind: "REMINDER" },
    ]);

    await t.ok(READ, { ids: [first] }, { token: user.token });
    // The second call changes only the unread item: the event names just that one.
    await t.ok(READ, { ids: [first, second] }, { token: user.token });
    // Nothing left to read: no event.
    await t.ok(READ, { ids: [first, second] }, { token: user.token });
    expect(await eventsOf(t.prisma, user.userId, "inbox.item_read")).toEqual([{ itemIds: [rawId(first)] }, { itemIds: [rawId(second)] }]);

    await t.ok(ARCHIVE, { ids: [first, second] }, { token: user.token });
    await t.ok(ARCHIVE, { ids: [first] }, { token: user.token });
    const archived = await onlyEventOf(t.prisma, user.userId, "inbox.item_archived");
    expect([...archived.itemIds].sort()).toEqual([rawId(first), rawId(second)].sort());

    await t.ok(UNARCHIVE, { id: first }, { token: user.token });
    await t.ok(UNARCHIVE, { id: first }, { token: user.token });
    expect(await onlyEventOf(t.prisma, user.userId, "inbox.item_unarchived")).toEqual({ itemId: rawId(first) });

    await t.ok(DELETE, { id: second }, { token: user.token });
    expect(await onlyEventOf(t.prisma, user.userId, "inbox.item_deleted")).toEqual({ itemId: rawId(second) });
  });

  it("a batch with another user's item is NOT_FOUND, changes nothing and emits nothing", async () => {
    const owner = await t.createUser();
    const stranger = await t.createUser();
    const mine = await capture(owner, "mine");
    const theirs = await capture(stranger, "theirs");
    const before = await outboxCount(t.prisma, owner.userId);
    for (const document of [READ, ARCHIVE]) {
      expect(codeOf(await t.graphql(document, { ids: [mine, theirs] }, { token: owner.token }))).toBe("NOT_FOUND");
    }
    expect(codeOf(await t.graphql(DELETE, { id: theirs }, { token: owner.token }))).toBe("NOT_FOUND");
    expect(
      codeOf(await t.graphql(DELETE, { id: globalId("InboxItem", "00000000-0000-4000-8000-000000000000") }, { token: owner.token })),
    ).toBe("NOT_FOUND");
    expect(await outboxCount(t.prisma, owner.userId)).toBe(before);
    const row = await t.prisma.inboxItem.findUniqueOrThrow({ where: { id: rawId(mine) } });
    expect(row.readAt).toBeNull();
    expect(row.archivedAt).toBeNull();
  });

  it("rolled-back inbox actions leave no event", async () => {
    const user = await t.createUser();
    const actor = { userId: user.userId, timezone: "UTC" };
    await expectRolledBackLeavesNoEvent(t.prisma, user.userId, (tx) => createInboxItem(tx, actor, { title: "ghost" }));
    expect(await t.prisma.inboxItem.count({ where: { userId: user.userId } })).toBe(0);
    const id = rawId(await capture(user, "real"));
    await expectRolledBackLeavesNoEvent(t.prisma, user.userId, (tx) => markInboxItemsRead(tx, actor, [id]));
    expect((await t.prisma.inboxItem.findUniqueOrThrow({ where: { id } })).readAt).toBeNull();
  });
});

describe("settings.changed", () => {
  const UPDATE = `mutation($input: UpdateSettingsInput!) { updateSettings(input: $input) { timezone theme } }`;

  it("names the fields the edit set; an empty edit emits nothing; a refused edit emits nothing", async () => {
    const user = await t.createUser();
    await t.ok(UPDATE, { input: { timezone: "Europe/Berlin", theme: "dark" } }, { token: user.token });
    await t.ok(UPDATE, { input: {} }, { token: user.token });
    expect(codeOf(await t.graphql(UPDATE, { input: { theme: null } }, { token: user.token }))).toBe("BAD_USER_INPUT");
    expect(codeOf(await t.graphql(UPDATE, { input: { timezone: "Mars/Olympus" } }, { token: user.token }))).toBe("BAD_USER_INPUT");
    expect(await onlyEventOf(t.prisma, user.userId, "settings.changed")).toEqual({ changed: ["theme", "timezone"] });
  });

  it("a rolled-back change leaves no event and the old settings", async () => {
    const user = await t.createUser();
    await expectRolledBackLeavesNoEvent(t.prisma, user.userId, (tx) =>
      updateSettings(tx, { userId: user.userId, timezone: "UTC" }, { theme: "light" }),
    );
    expect((await t.prisma.userSettings.findUniqueOrThrow({ where: { userId: user.userId } })).theme).not.toBe("light");
  });
});

describe("onboarding.completed", () => {
  const ANSWER = `mutation($stepId: ID!, $response: JSON!) { answerOnboardingStep(stepId: $stepId, response: $response) { state { status } } }`;

  async function answerRequired(user: TestUser) {
    const steps = await t.prisma.onboardingStep.findMany({ where: { flow: { key: "welcome" } } });
    const id = (key: string) => globalId("OnboardingStep", steps.find((step) => step.key === key)!.id);
    await t.ok(ANSWER, { stepId: id("intro"), response: true }, { token: user.token });
    await t.ok(ANSWER, { stepId: id("focus-areas"), response: ["habits"] }, { token: user.token });
    await t.ok(ANSWER, { stepId: id("chronotype"), response: "early" }, { token: user.token });
  }

  it("skip emits it with skipped: true (once per skip), completing emits it once with skipped: false", async () => {
    const user = await t.createUser();
    await t.ok(`mutation { skipOnboarding(flowKey: "welcome") { status } }`, {}, { token: user.token });
    await t.ok(`mutation { skipOnboarding(flowKey: "welcome") { status } }`, {}, { token: user.token });
    expect(await eventsOf(t.prisma, user.userId, "onboarding.completed")).toEqual([{ flowKey: "welcome", skipped: true }]);

    expect(codeOf(await t.graphql(`mutation { completeOnboarding(flowKey: "welcome") { status } }`, {}, { token: user.token }))).toBe(
      "BAD_USER_INPUT",
    );
    await answerRequired(user);
    await t.ok(`mutation { completeOnboarding(flowKey: "welcome") { status } }`, {}, { token: user.token });
    await t.ok(`mutation { completeOnboarding(flowKey: "welcome") { status } }`, {}, { token: user.token });
    expect(await eventsOf(t.prisma, user.userId, "onboarding.completed")).toEqual([
      { flowKey: "welcome", skipped: true },
      { flowKey: "welcome", skipped: false },
    ]);
  });

  it("a rolled-back completion leaves no event and the flow open", async () => {
    const user = await t.createUser();
    await answerRequired(user);
    await expectRolledBackLeavesNoEvent(t.prisma, user.userId, (tx) =>
      completeOnboarding(tx, { userId: user.userId, timezone: "UTC" }, "welcome"),
    );
    const state = await t.prisma.userOnboardingState.findFirstOrThrow({ where: { userId: user.userId } });
    expect(state.status).toBe("IN_PROGRESS");
  });
});
