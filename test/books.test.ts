import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { todayIn } from "../src/domain/calendar.ts";
import { startTestGateway, type TestGateway, type TestUser } from "./support/gateway.ts";
import { globalId, rawId } from "./support/graphqlIds.ts";

let t: TestGateway;
let alice: TestUser;
let bob: TestUser;

const ALICE_ZONE = "Pacific/Kiritimati"; // UTC+14: "today" differs from UTC's for half the day

beforeAll(async () => {
  t = await startTestGateway();
  alice = await t.createUser({ timezone: ALICE_ZONE });
  bob = await t.createUser();
});
afterAll(async () => {
  await t?.close();
});

function errorCode(response: { errors?: Array<{ extensions?: { code?: string } }> }): string | undefined {
  return response.errors?.[0]?.extensions?.code;
}

const BOOK_FIELDS = "id title author totalPages currentPage progressPercent status rating startedOn finishedOn sortOrder";

async function createBook(user: TestUser, input: Record<string, unknown>) {
  const data = await t.ok(
    `mutation($input: CreateBookInput!) { createBook(input: $input) { ${BOOK_FIELDS} } }`,
    { input },
    { token: user.token },
  );
  return data.createBook;
}

const LOG = `
  mutation($input: LogReadingSessionInput!) {
    logReadingSession(input: $input) {
      session { id readOn startPage endPage pagesRead durationMinutes note book { id } }
      book { ${BOOK_FIELDS} }
      streak { streakType currentCount longestCount }
    }
  }`;

async function log(user: TestUser, input: Record<string, unknown>) {
  return (await t.ok(LOG, { input }, { token: user.token })).logReadingSession;
}

async function bookState(id: string) {
  const [book, sessions, streaks] = await Promise.all([
    t.prisma.book.findUniqueOrThrow({ where: { id } }),
    t.prisma.readingSession.count({ where: { bookId: id } }),
    t.prisma.userStreak.findMany({ where: { streakType: "reading" }, orderBy: { id: "asc" } }),
  ]);
  return { book, sessions, streaks };
}

describe("books", () => {
  it("creates books with validation", async () => {
    const book = await createBook(alice, { title: " Dune ", author: "Frank Herbert", totalPages: 100 });
    expect(book).toMatchObject({
      title: "Dune",
      totalPages: 100,
      currentPage: 0,
      progressPercent: 0,
      status: "WANT_TO_READ",
      startedOn: null,
    });
    const before = await t.prisma.book.count();
    for (const input of [
      { title: "" },
      { title: "x".repeat(301) },
      { title: "Bad rating", rating: 6 },
      { title: "Too far", totalPages: 10, currentPage: 11 },
      { title: "Backwards", startedOn: "2024-02-02", finishedOn: "2024-02-01" },
      { title: "Zero pages", totalPages: 0 },
    ]) {
      const response = await t.graphql(
        `mutation($input: CreateBookInput!) { createBook(input: $input) { id } }`,
        { input },
        { token: alice.token },
      );
      expect(errorCode(response), JSON.stringify(input)).toBe("BAD_USER_INPUT");
    }
    expect(await t.prisma.book.count()).toBe(before);
  });

  it("logs sessions: starts the book, moves currentPage, counts the reading streak and finishes at the last page", async () => {
    const book = await createBook(alice, { title: "Short Book", totalPages: 50 });
    const first = await log(alice, {
      bookId: book.id,
      readOn: "2024-03-01",
      startPage: 0,
      endPage: 20,
      durationMinutes: 30,
      note: "good start",
    });
    expect(first.session).toMatchObject({
      readOn: "2024-03-01",
      startPage: 0,
      endPage: 20,
      pagesRead: 20,
      durationMinutes: 30,
      book: { id: book.id },
    });
    expect(first.book).toMatchObject({
      status: "READING",
      startedOn: "2024-03-01",
      currentPage: 20,
      progressPercent: 40,
      finishedOn: null,
    });
    expect(first.streak).toEqual({ streakType: "reading", currentCount: 1, longestCount: 1 });

    // endPage alone continues from currentPage; the next day extends the streak.
    const second = await log(alice, { bookId: book.id, readOn: "2024-03-02", endPage: 35 });
    expect(second.session).toMatchObject({ startPage: 20, endPage: 35, pagesRead: 15 });
    expect(second.book.currentPage).toBe(35);
    expect(second.streak.currentCount).toBe(2);

    // pagesRead alone also continues; reaching totalPages finishes the book.
    const third = await log(alice, { bookId: book.id, readOn: "2024-03-03", pagesRead: 15 });
    expect(third.session).toMatchObject({ startPage: 35, endPage: 50, pagesRead: 15 });
    expect(third.book).toMatchObject({ status: "FINISHED", currentPage: 50, finishedOn: "2024-03-03", progressPercent: 100 });
    expect(third.streak).toMatchObject({ currentCount: 3, longestCount: 3 });

    // A gap restarts the streak.
    const other = await createBook(alice, { title: "Another" });
    const later = await log(alice, { bookId: other.id, readOn: "2024-03-10", pagesRead: 5 });
    expect(later.streak).toMatchObject({ currentCount: 1, longestCount: 3 });
    expect(later.book).toMatchObject({ status: "READING", currentPage: 5 });

    const sessions = await t.ok(
      `query($id: ID!) { book(id: $id) { sessions { edges { node { readOn pagesRead } } } } }`,
      { id: book.id },
      { token: alice.token },
    );
    expect(sessions.book.sessions.edges.map((edge: any) => edge.node.readOn)).toEqual(["2024-03-03", "2024-03-02", "2024-03-01"]);
  });

  it("defaults readOn to today in the user's time zone", async () => {
    const book = await createBook(alice, { title: "Today's book" });
    const before = todayIn(ALICE_ZONE);
    const result = await log(alice, { bookId: book.id, pagesRead: 3 });
    const after = todayIn(ALICE_ZONE);
    expect([before, after]).toContain(result.session.readOn);
  });

  it("refuses inconsistent page ranges and changes nothing", async () => {
    const book = await createBook(alice, { title: "Ranges", totalPages: 100, currentPage: 10 });
    const before = await bookState(rawId(book.id));
    for (const input of [
      { startPage: 30, endPage: 20 },
      { endPage: 101 },
      { startPage: 0, endPage: 10, pagesRead: 5 },
      { endPage: 5 },
      { pagesRead: -1 },
      { durationMinutes: 2000 },
    ]) {
      const response = await t.graphql(LOG, { input: { bookId: book.id, readOn: "2024-04-01", ...input } }, { token: alice.token });
      expect(errorCode(response), JSON.stringify(input)).toBe("BAD_USER_INPUT");
    }
    expect(await bookState(rawId(book.id))).toEqual(before);
  });

  it("filters by status, updates and deletes books and sessions", async () => {
    const finished = await t.ok(`{ viewer { books(status: FINISHED) { edges { node { title } } } } }`, {}, { token: alice.token });
    expect(finished.viewer.books.edges.map((edge: any) => edge.node.title)).toEqual(["Short Book"]);
    const all = await t.ok(
      `{ viewer { books { edges { node { title } } } readingSessions { edges { node { readOn } } } } }`,
      {},
      {
        token: alice.token,
      },
    );
    expect(all.viewer.books.edges.map((edge: any) => edge.node.title)).toEqual(["Dune", "Short Book", "Another", "Today's book", "Ranges"]);
    expect(all.viewer.readingSessions.edges.length).toBe(5);

    const dune = await t.prisma.book.findFirstOrThrow({ where: { userId: alice.userId, title: "Dune" } });
    const duneId = globalId("Book", dune.id);
    const updated = await t.ok(
      `mutation($id: ID!) { updateBook(id: $id, input: { rating: 5, status: ABANDONED, sortOrder: 9, author: null }) { ${BOOK_FIELDS} } }`,
      { id: duneId },
      { token: alice.token },
    );
    expect(updated.updateBook).toMatchObject({ rating: 5, status: "ABANDONED", sortOrder: 9, author: null });
    const badUpdate = await t.graphql(
      `mutation($id: ID!) { updateBook(id: $id, input: { currentPage: 101 }) { id } }`,
      { id: duneId },
      {
        token: alice.token,
      },
    );
    expect(errorCode(badUpdate)).toBe("BAD_USER_INPUT");

    const shortBook = await t.prisma.book.findFirstOrThrow({ where: { userId: alice.userId, title: "Short Book" } });
    const session = await t.prisma.readingSession.findFirstOrThrow({ where: { bookId: shortBook.id, readOn: new Date("2024-03-02") } });
    const sessionId = globalId("ReadingSession", session.id);
    expect(
      (await t.ok(`mutation($id: ID!) { deleteReadingSession(id: $id) }`, { id: sessionId }, { token: alice.token })).deleteReadingSession,
    ).toBe(sessionId);
    expect(await t.prisma.readingSession.count({ where: { bookId: shortBook.id } })).toBe(2);

    const shortId = globalId("Book", shortBook.id);
    expect((await t.ok(`mutation($id: ID!) { deleteBook(id: $id) }`, { id: shortId }, { token: alice.token })).deleteBook).toBe(shortId);
    expect(await t.prisma.book.count({ where: { id: shortBook.id } })).toBe(0);
    expect(await t.prisma.readingSession.count({ where: { bookId: shortBook.id } })).toBe(0);
    const again = await t.graphql(`mutation($id: ID!) { deleteBook(id: $id) }`, { id: shortId }, { token: alice.token });
    expect(errorCode(again)).toBe("NOT_FOUND");
  });
});

describe("tenancy", () => {
  it("never reads or changes another user's books and sessions", async () => {
    const bobBook = await createBook(bob, { title: "Bob's diary", totalPages: 10 });
    const bobLog = await log(bob, { bookId: bobBook.id, readOn: "2024-05-01", pagesRead: 2 });
    const bobIds = [bobBook.id, bobLog.session.id];

    const reads = await t.ok(
      `query($ids: [ID!]!, $book: ID!) { nodes(ids: $ids) { id } book(id: $book) { id } viewer { books(first: 100) { edges { node { id } } } readingSessions(first: 100) { edges { node { id } } } } }`,
      { ids: bobIds, book: bobBook.id },
      { token: alice.token },
    );
    expect(reads.nodes).toEqual([null, null]);
    expect(reads.book).toBeNull();
    for (const id of bobIds) expect(JSON.stringify(reads.viewer)).not.toContain(id);

    const before = await bookState(rawId(bobBook.id));
    const attempts: Array<[string, Record<string, unknown>]> = [
      [LOG, { input: { bookId: bobBook.id, pagesRead: 1 } }],
      [`mutation($id: ID!) { updateBook(id: $id, input: { title: "mine" }) { id } }`, { id: bobBook.id }],
      [`mutation($id: ID!) { deleteBook(id: $id) }`, { id: bobBook.id }],
      [`mutation($id: ID!) { deleteReadingSession(id: $id) }`, { id: bobLog.session.id }],
    ];
    for (const [query, variables] of attempts) {
      expect(errorCode(await t.graphql(query, variables, { token: alice.token })), query).toBe("NOT_FOUND");
    }
    expect(await bookState(rawId(bobBook.id))).toEqual(before);

    const anonymous = await t.graphql(`query($id: ID!) { book(id: $id) { id } }`, { id: bobBook.id });
    expect(errorCode(anonymous)).toBe("UNAUTHENTICATED");
  });
});
