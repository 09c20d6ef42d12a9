// Books: book.created/updated/deleted, book.finished when a book reaches FINISHED (by a session
// or an edit, once per transition), reading.logged and reading.deleted; refused or rolled-back
// actions leave no event.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { logReadingSession } from "../src/domain/books.ts";
import { todayIn } from "../src/domain/calendar.ts";
import { codeOf, startTestGateway, type TestGateway, type TestUser } from "./support/gateway.ts";
import { eventsOf } from "./support/event-rows.ts";
import { rawId } from "./support/graphqlIds.ts";

let t: TestGateway;

beforeAll(async () => {
  t = await startTestGateway();
});
afterAll(async () => {
  await t?.close();
});

const BOOK_EVENTS = ["book.created", "book.updated", "book.deleted", "book.finished", "reading.logged", "reading.deleted"] as const;

async function createBook(user: TestUser, input: Record<string, unknown>): Promise<string> {
  return (await t.ok(`mutation($input: CreateBookInput!) { createBook(input: $input) { id } }`, { input }, { token: user.token }))
    .createBook.id;
}

const LOG = `mutation($input: LogReadingSessionInput!) { logReadingSession(input: $input) { session { id } book { status currentPage } } }`;

describe("book and reading events", () => {
  it("logging sessions emits reading.logged; the session that finishes the book emits book.finished once", async () => {
    const user = await t.createUser({ timezone: "Europe/Berlin" });
    const id = await createBook(user, { title: "Dune", totalPages: 50 });
    const bookId = rawId(id);
    const first = (await t.ok(LOG, { input: { bookId: id, pagesRead: 20 } }, { token: user.token })).logReadingSession;
    expect(first.book).toEqual({ status: "READING", currentPage: 20 });
    const last = (await t.ok(LOG, { input: { bookId: id, startPage: 20, endPage: 50, readOn: "2026-01-02" } }, { token: user.token }))
      .logReadingSession;
    expect(last.book).toEqual({ status: "FINISHED", currentPage: 50 });
    // A session logged on an already finished book does not finish it again.
    const reread = (await t.ok(LOG, { input: { bookId: id, startPage: 0, endPage: 5 } }, { token: user.token })).logReadingSession;

    const events = await eventsOf(t.prisma, user.userId, BOOK_EVENTS);
    expect(events.map((e) => [e.eventType, e.payload])).toEqual([
      ["book.created", { v: 1, bookId }],
      ["reading.logged", { v: 1, sessionId: rawId(first.session.id), bookId, day: todayIn("Europe/Berlin"), pages: 20 }],
      ["reading.logged", { v: 1, sessionId: rawId(last.session.id), bookId, day: "2026-01-02", pages: 30 }],
      ["book.finished", { v: 1, bookId }],
      ["reading.logged", { v: 1, sessionId: rawId(reread.session.id), bookId, day: todayIn("Europe/Berlin"), pages: 5 }],
    ]);

    await t.ok(`mutation($id: ID!) { deleteReadingSession(id: $id) }`, { id: reread.session.id }, { token: user.token });
    expect(
      codeOf(await t.graphql(`mutation($id: ID!) { deleteReadingSession(id: $id) }`, { id: reread.session.id }, { token: user.token })),
    ).toBe("NOT_FOUND");
    const after = await eventsOf(t.prisma, user.userId, BOOK_EVENTS);
    expect(after.slice(events.length).map((e) => [e.eventType, e.payload])).toEqual([
      ["reading.deleted", { v: 1, sessionId: rawId(reread.session.id), bookId }],
    ]);
  });

  it("edits emit book.updated with the changed fields, book.finished on the move to FINISHED; delete emits book.deleted", async () => {
    const user = await t.createUser();
    const id = await createBook(user, { title: "Emma" });
    const bookId = rawId(id);
    const finishedOnCreate = rawId(await createBook(user, { title: "Done already", status: "FINISHED" }));
    await t.ok(`mutation($id: ID!) { updateBook(id: $id, input: { rating: 4, notes: "good" }) { id } }`, { id }, { token: user.token });
    await t.ok(`mutation($id: ID!) { updateBook(id: $id, input: { status: FINISHED }) { id } }`, { id }, { token: user.token });
    await t.ok(`mutation($id: ID!) { updateBook(id: $id, input: { status: FINISHED }) { id } }`, { id }, { token: user.token });
    await t.ok(`mutation($id: ID!) { deleteBook(id: $id) }`, { id }, { token: user.token });

    const events = await eventsOf(t.prisma, user.userId, BOOK_EVENTS);
    expect(events.map((e) => [e.eventType, e.payload])).toEqual([
      ["book.created", { v: 1, bookId }],
      ["book.created", { v: 1, bookId: finishedOnCreate }],
      ["book.finished", { v: 1, bookId: finishedOnCreate }],
      ["book.updated", { v: 1, bookId, changed: ["notes", "rating"] }],
      ["book.updated", { v: 1, bookId, changed: ["status"] }],
      ["book.finished", { v: 1, bookId }],
      ["book.updated", { v: 1, bookId, changed: ["status"] }],
      ["book.deleted", { v: 1, bookId }],
    ]);
  });

  it("refused and rolled-back actions leave no event", async () => {
    const user = await t.createUser();
    const id = await createBook(user, { title: "Short", totalPages: 10 });
    const count = (await eventsOf(t.prisma, user.userId)).length;
    // endPage past the book's pages, someone else's book, a bad edit.
    expect(codeOf(await t.graphql(LOG, { input: { bookId: id, startPage: 0, endPage: 11 } }, { token: user.token }))).toBe(
      "BAD_USER_INPUT",
    );
    const stranger = await t.createUser();
    expect(codeOf(await t.graphql(LOG, { input: { bookId: id, pagesRead: 1 } }, { token: stranger.token }))).toBe("NOT_FOUND");
    expect(
      codeOf(
        await t.graphql(`mutation($id: ID!) { updateBook(id: $id, input: { currentPage: 11 }) { id } }`, { id }, { token: user.token }),
      ),
    ).toBe("BAD_USER_INPUT");
    await expect(
      t.prisma.$transaction(async (tx) => {
        await logReadingSession(tx, { userId: user.userId, timezone: "UTC" }, { bookId: rawId(id), pagesRead: 10 });
        throw new Error("rolled back");
      }),
    ).rejects.toThrow("rolled back");
    expect(await eventsOf(t.prisma, user.userId)).toHaveLength(count);
    expect(await eventsOf(t.prisma, stranger.userId)).toHaveLength(0);
    expect(await t.prisma.book.findUniqueOrThrow({ where: { id: rawId(id) } })).toMatchObject({ currentPage: 0, status: "WANT_TO_READ" });
    expect(await t.prisma.readingSession.count({ where: { bookId: rawId(id) } })).toBe(0);
  });
});
