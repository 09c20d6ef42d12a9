// updateInboxItem and reorderInboxItems: success, validation, tenancy and their events
// (reorder has the contract of reorderPlanItems: a full order, nothing changed on error).
import { describe, expect, it } from "vitest";
import { eventsOf, onlyEventOf, outboxCount } from "./support/event-assertions.ts";
import { codeOf, startGatewayWithUsers, type TestUser } from "./support/gateway.ts";
import { globalId, rawId } from "./support/graphqlIds.ts";

const { t } = await startGatewayWithUsers();

const CREATE = `mutation($input: CreateInboxItemInput!) { createInboxItem(input: $input) { id } }`;
const UPDATE = `mutation($id: ID!, $input: UpdateInboxItemInput!) {
  updateInboxItem(id: $id, input: $input) { id kind title body refType refId sortOrder } }`;
const REORDER = `mutation($ids: [ID!]!) { reorderInboxItems(ids: $ids) { id title sortOrder } }`;
const ARCHIVE = `mutation($ids: [ID!]!) { archiveInboxItems(ids: $ids) { id } }`;

async function capture(user: TestUser, title: string, sortOrder = 0): Promise<string> {
  return (await t.ok(CREATE, { input: { title, sortOrder } }, { token: user.token })).createInboxItem.id;
}

/** Every inbox row of the user as stored, for "nothing changed" checks. */
function inboxRows(userId: string) {
  return t.prisma.inboxItem.findMany({ where: { userId }, orderBy: { id: "asc" } });
}

describe("updateInboxItem", () => {
  it("edits the given fields only, clears with null, and emits inbox.item_updated naming them", async () => {
    const user = await t.createUser();
    const id = await capture(user, "Call the plumber");
    await t.ok(UPDATE, { id, input: { body: "about the sink", refType: "habit", refId: "x1" } }, { token: user.token });
    const edited = await t.ok(
      UPDATE,
      { id, input: { title: "  Call the plumber today ", kind: "REMINDER", refType: null, sortOrder: 4 } },
      { token: user.token },
    );
    expect(edited.updateInboxItem).toEqual({
      id,
      kind: "REMINDER",
      title: "Call the plumber today",
      body: "about the sink",
      refType: null,
      refId: "x1",
      sortOrder: 4,
    });
    expect(await eventsOf(t.prisma, user.userId, "inbox.item_updated")).toEqual([
      { itemId: rawId(id), changed: ["body", "refId", "refType"] },
      { itemId: rawId(id), changed: ["kind", "refType", "sortOrder", "title"] },
    ]);
  });

  it("refuses bad input (blank title, SYSTEM kind, null title, a SYSTEM item's kind) and changes nothing", async () => {
    const user = await t.createUser();
    const id = await capture(user, "Keep me");
    const system = await t.prisma.inboxItem.create({ data: { userId: user.userId, kind: "SYSTEM", title: "Welcome" } });
    const before = await inboxRows(user.userId);
    const events = await outboxCount(t.prisma, user.userId);
    for (const [target, input] of [
      [id, { title: "   " }],
      [id, { title: "x".repeat(201) }],
      [id, { kind: "SYSTEM" }],
      [id, { title: null }],
      [id, { sortOrder: 10_000_000 }],
      [globalId("InboxItem", system.id), { kind: "CAPTURE" }],
    ] as const) {
      expect(codeOf(await t.graphql(UPDATE, { id: target, input }, { token: user.token })), JSON.stringify(input)).toBe("BAD_USER_INPUT");
    }
    expect(await inboxRows(user.userId)).toEqual(before);
    expect(await outboxCount(t.prisma, user.userId)).toBe(events);
  });

  it("reads another user's item as NOT_FOUND and leaves it as it was", async () => {
    const owner = await t.createUser();
    const stranger = await t.createUser();
    const id = await capture(owner, "Mine");
    const before = await inboxRows(owner.userId);
    const response = await t.graphql(UPDATE, { id, input: { title: "Yours now" } }, { token: stranger.token });
    expect(codeOf(response)).toBe("NOT_FOUND");
    expect(await inboxRows(owner.userId)).toEqual(before);
    expect(await outboxCount(t.prisma, stranger.userId)).toBe(0);
  });
});

describe("reorderInboxItems", () => {
  it("sets the open inbox's order from a full list and emits inbox.reordered with it", async () => {
    const user = await t.createUser();
    const a = await capture(user, "A", 5);
    const b = await capture(user, "B", 5);
    const c = await capture(user, "C", 7);
    const archived = await capture(user, "Old");
    await t.ok(ARCHIVE, { ids: [archived] }, { token: user.token });
    const reordered = await t.ok(REORDER, { ids: [c, a, b] }, { token: user.token });
    expect(reordered.reorderInboxItems).toEqual([
      { id: c, title: "C", sortOrder: 0 },
      { id: a, title: "A", sortOrder: 1 },
      { id: b, title: "B", sortOrder: 2 },
    ]);
    const today = await t.ok(`{ today { inbox { id sortOrder } } }`, {}, { token: user.token });
    expect(today.today.inbox.map((item: { id: string }) => item.id)).toEqual([c, a, b]);
    expect(await onlyEventOf(t.prisma, user.userId, "inbox.reordered")).toEqual({ itemIds: [c, a, b].map(rawId) });
    // The archived item kept its position.
    expect((await t.prisma.inboxItem.findUniqueOrThrow({ where: { id: rawId(archived) } })).sortOrder).toBe(0);
  });

  it("refuses a partial list, a repeated id, an archived item and an empty list, and changes nothing", async () => {
    const user = await t.createUser();
    const a = await capture(user, "A");
    const b = await capture(user, "B");
    const archived = await capture(user, "Old");
    await t.ok(ARCHIVE, { ids: [archived] }, { token: user.token });
    const before = await inboxRows(user.userId);
    const events = await outboxCount(t.prisma, user.userId);
    for (const ids of [[a], [a, b, a], [a, b, archived], [b, a, "not an id"], []]) {
      const response = await t.graphql(REORDER, { ids }, { token: user.token });
      expect(codeOf(response), JSON.stringify(ids)).toBe("BAD_USER_INPUT");
    }
    expect(await inboxRows(user.userId)).toEqual(before);
    expect(await outboxCount(t.prisma, user.userId)).toBe(events);
  });

  it("reads another user's id, or an unknown one, as NOT_FOUND for the whole list; nobody's items change", async () => {
    const owner = await t.createUser();
    const stranger = await t.createUser();
    const mine = await capture(stranger, "Stranger's own");
    const theirs = await capture(owner, "Owner's");
    const ownerBefore = await inboxRows(owner.userId);
    const strangerBefore = await inboxRows(stranger.userId);
    for (const ids of [[mine, theirs], [theirs], [mine, globalId("InboxItem", "00000000-0000-4000-8000-000000000000")]]) {
      expect(codeOf(await t.graphql(REORDER, { ids }, { token: stranger.token })), JSON.stringify(ids)).toBe("NOT_FOUND");
    }
    expect(await inboxRows(owner.userId)).toEqual(ownerBefore);
    expect(await inboxRows(stranger.userId)).toEqual(strangerBefore);
    expect(await eventsOf(t.prisma, stranger.userId, "inbox.reordered")).toEqual([]);
  });

  it("requires sign-in", async () => {
    expect(codeOf(await t.graphql(REORDER, { ids: [globalId("InboxItem", "00000000-0000-4000-8000-000000000000")] }))).toBe(
      "UNAUTHENTICATED",
    );
  });
});
