// Books and reading sessions: the reading list's rules (pages, dates, status moves), the
// `reading` streak, and the events: book.created/updated/deleted, book.finished when a book
// reaches FINISHED (by a session or an edit), reading.logged and reading.deleted.
// Reading pays nothing directly; catalogue quests and achievements measure pages and books
// through the rules step.
import type { Book, BookStatus, Prisma, ReadingSession } from "../generated/prisma/client.ts";
import { badInput, notFound, withDatabaseErrors } from "./errors.ts";
import type { Actor } from "./actor.ts";
import { calendarDateToDb, timezoneOrUtc, toDay, todayIn } from "./calendar.ts";
import { changedFieldNames, emit } from "./events.ts";
import { recordStreakDay } from "./streaks.ts";
import type { Tx } from "./transaction.ts";

export interface BookFields {
  author?: string | null;
  isbn?: string | null;
  totalPages?: number | null;
  currentPage?: number | null;
  status?: BookStatus | null;
  rating?: number | null;
  startedOn?: string | null;
  finishedOn?: string | null;
  coverUrl?: string | null;
  notes?: string | null;
  sortOrder?: number | null;
}

export type CreateBookInput = BookFields & { title: string };
/** Only the fields given change (undefined); null clears an optional field. */
export type UpdateBookInput = BookFields & { title?: string | null };

interface BookState {
  totalPages: number | null;
  currentPage: number;
  startedOn: string | null;
  finishedOn: string | null;
}

function checkBook(state: BookState): void {
  if (state.totalPages !== null && state.currentPage > state.totalPages) {
    throw badInput("currentPage cannot exceed totalPages", "currentPage");
  }
  if (state.startedOn && state.finishedOn && state.finishedOn < state.startedOn) {
    throw badInput("finishedOn cannot be before startedOn", "finishedOn");
  }
}

const dayOrNull = (value: Date | null): string | null => (value ? toDay(value) : null);
const dbDay = (day: string | null | undefined): Date | null | undefined =>
  day === undefined ? undefined : day === null ? null : calendarDateToDb(day);

async function emitFinished(tx: Tx, actor: Actor, bookId: string, before: string | null, after: string): Promise<void> {
  if (after === "FINISHED" && before !== "FINISHED") {
    await emit(tx, { type: "book.finished", userId: actor.userId, payload: { bookId } });
  }
}

/** Adds a book to the reading list: book.created (and book.finished when it is added as FINISHED). */
export async function createBook(tx: Tx, actor: Actor, input: CreateBookInput): Promise<Book> {
  checkBook({
    totalPages: input.totalPages ?? null,
    currentPage: input.currentPage ?? 0,
    startedOn: input.startedOn ?? null,
    finishedOn: input.finishedOn ?? null,
  });
  const book = await withDatabaseErrors(() =>
    tx.book.create({
      data: {
        userId: actor.userId,
        title: input.title.trim(),
        author: input.author ?? null,
        isbn: input.isbn ?? null,
        totalPages: input.totalPages ?? null,
        currentPage: input.currentPage ?? 0,
        status: input.status ?? "WANT_TO_READ",
        rating: input.rating ?? null,
        startedOn: dbDay(input.startedOn) ?? null,
        finishedOn: dbDay(input.finishedOn) ?? null,
        coverUrl: input.coverUrl ?? null,
        notes: input.notes ?? null,
        sortOrder: input.sortOrder ?? 0,
      },
    }),
  );
  await emit(tx, { type: "book.created", userId: actor.userId, payload: { bookId: book.id } });
  await emitFinished(tx, actor, book.id, null, book.status);
  return book;
}

/** Edits a book: book.updated with the changed fields (and book.finished when the edit finishes it). */
export async function updateBook(tx: Tx, actor: Actor, bookId: string, input: UpdateBookInput): Promise<Book> {
  const book = await lockBook(tx, actor, bookId);
  checkBook({
    totalPages: input.totalPages === undefined ? book.totalPages : input.totalPages,
    currentPage: input.currentPage ?? book.currentPage,
    startedOn: input.startedOn === undefined ? dayOrNull(book.startedOn) : input.startedOn,
    finishedOn: input.finishedOn === undefined ? dayOrNull(book.finishedOn) : input.finishedOn,
  });
  const updated = await withDatabaseErrors(() =>
    tx.book.update({
      where: { id: bookId },
      data: {
        title: input.title?.trim() ?? undefined,
        author: input.author,
        isbn: input.isbn,
        totalPages: input.totalPages,
        currentPage: input.currentPage ?? undefined,
        status: input.status ?? undefined,
        rating: input.rating,
        startedOn: dbDay(input.startedOn),
        finishedOn: dbDay(input.finishedOn),
        coverUrl: input.coverUrl,
        notes: input.notes,
        sortOrder: input.sortOrder ?? undefined,
      },
    }),
  );
  await emit(tx, { type: "book.updated", userId: actor.userId, payload: { bookId, changed: changedFieldNames(input) } });
  await emitFinished(tx, actor, bookId, book.status, updated.status);
  return updated;
}

/** Deletes a book and its reading sessions: book.deleted. */
export async function deleteBook(tx: Tx, actor: Actor, bookId: string): Promise<void> {
  await lockBook(tx, actor, bookId);
  await tx.readingSession.deleteMany({ where: { bookId, userId: actor.userId } });
  await tx.book.delete({ where: { id: bookId } });
  await emit(tx, { type: "book.deleted", userId: actor.userId, payload: { bookId } });
}

/** Locks one of the actor's books (concurrent sessions of it update currentPage in turn), or NOT_FOUND. */
async function lockBook(tx: Tx, actor: Actor, bookId: string): Promise<Book> {
  const locked = await tx.$queryRaw<Array<{ id: string }>>`
    SELECT id::text AS id FROM books WHERE id = ${bookId}::uuid AND user_id = ${actor.userId}::uuid FOR UPDATE`;
  if (locked.length === 0) throw notFound("Book");
  return tx.book.findUniqueOrThrow({ where: { id: bookId } });
}

// ---- Reading sessions

export interface LogReadingInput {
  bookId: string;
  /** Defaults to today in the actor's time zone. */
  readOn?: string | null;
  startedAt?: Date | null;
  durationMinutes?: number | null;
  startPage?: number | null;
  endPage?: number | null;
  pagesRead?: number | null;
  note?: string | null;
}

interface PageRange {
  startPage: number | null;
  endPage: number | null;
  pagesRead: number;
}

/** Works out the session's page range from what was given, against the book, or BAD_USER_INPUT. */
function pageRange(
  book: Pick<Book, "currentPage" | "totalPages">,
  input: { startPage?: number | null; endPage?: number | null; pagesRead?: number | null },
): PageRange {
  let startPage = input.startPage ?? null;
  let endPage = input.endPage ?? null;
  let pagesRead = input.pagesRead ?? null;
  if (startPage !== null && endPage === null && pagesRead !== null) endPage = startPage + pagesRead;
  if (endPage !== null && startPage === null) startPage = pagesRead !== null ? endPage - pagesRead : book.currentPage;
  if (startPage === null && endPage === null && pagesRead !== null && pagesRead > 0) {
    startPage = book.currentPage;
    endPage = book.currentPage + pagesRead;
  }
  if (startPage !== null && endPage !== null) {
    if (startPage < 0) throw badInput("startPage cannot be negative", "startPage");
    if (endPage < startPage) throw badInput("endPage cannot be before startPage", "endPage");
    if (pagesRead !== null && pagesRead !== endPage - startPage) {
      throw badInput("pagesRead must equal endPage − startPage", "pagesRead");
    }
    pagesRead = endPage - startPage;
  }
  if (book.totalPages !== null) {
    if (endPage !== null && endPage > book.totalPages)
      throw badInput(`endPage cannot exceed the book's ${book.totalPages} pages`, "endPage");
    if (startPage !== null && startPage > book.totalPages)
      throw badInput(`startPage cannot exceed the book's ${book.totalPages} pages`, "startPage");
  }
  return { startPage, endPage, pagesRead: pagesRead ?? 0 };
}

/**
 * Records reading: moves the book's currentPage forward, starts it (READING, startedOn) on
 * the first session, finishes it (FINISHED, finishedOn) when currentPage reaches totalPages,
 * and counts the day for the `reading` streak. Emits reading.logged (and book.finished).
 */
export async function logReadingSession(tx: Tx, actor: Actor, input: LogReadingInput): Promise<ReadingSession> {
  const { userId } = actor;
  const { bookId } = input;
  const book = await lockBook(tx, actor, bookId);
  const range = pageRange(book, input);
  const readOn = input.readOn ?? todayIn(timezoneOrUtc(actor.timezone));

  const session = await withDatabaseErrors(() =>
    tx.readingSession.create({
      data: {
        userId,
        bookId,
        readOn: calendarDateToDb(readOn),
        startedAt: input.startedAt ?? null,
        durationMinutes: input.durationMinutes ?? null,
        startPage: range.startPage,
        endPage: range.endPage,
        pagesRead: range.pagesRead,
        note: input.note ?? null,
      },
    }),
  );

  const currentPage = Math.max(book.currentPage, range.endPage ?? 0);
  const update: Prisma.BookUpdateInput = { currentPage };
  const startedOn = dayOrNull(book.startedOn);
  if (!startedOn || readOn < startedOn) update.startedOn = calendarDateToDb(readOn);
  if (book.totalPages !== null && currentPage >= book.totalPages) {
    if (book.status !== "FINISHED") {
      update.status = "FINISHED";
      update.finishedOn = calendarDateToDb(readOn);
    }
  } else if (book.status === "WANT_TO_READ" || book.status === "ABANDONED") {
    update.status = "READING";
  }
  const updated = await tx.book.update({ where: { id: bookId }, data: update });
  await recordStreakDay(tx, userId, "reading", readOn);
  await emit(tx, { type: "reading.logged", userId, payload: { sessionId: session.id, bookId, day: readOn, pages: range.pagesRead } });
  await emitFinished(tx, actor, bookId, book.status, updated.status);
  return session;
}

/** Deletes one of the actor's reading sessions (the book's progress stays as it is): reading.deleted. */
export async function deleteReadingSession(tx: Tx, actor: Actor, sessionId: string): Promise<void> {
  const session = await tx.readingSession.findFirst({ where: { id: sessionId, userId: actor.userId }, select: { bookId: true } });
  if (!session) throw notFound("ReadingSession");
  await tx.readingSession.delete({ where: { id: sessionId } });
  await emit(tx, { type: "reading.deleted", userId: actor.userId, payload: { sessionId, bookId: session.bookId } });
}

/** Only the fields given change (undefined); null clears startedAt/durationMinutes/note. */
export interface UpdateReadingInput {
  readOn?: string;
  startedAt?: Date | null;
  durationMinutes?: number | null;
  startPage?: number;
  endPage?: number;
  pagesRead?: number;
  note?: string | null;
}

/** The session's new pages: the given fields over the stored ones, the derived one following. */
function editedRange(book: Pick<Book, "currentPage" | "totalPages">, session: ReadingSession, input: UpdateReadingInput): PageRange {
  if (input.startPage === undefined && input.endPage === undefined && input.pagesRead === undefined) {
    return { startPage: session.startPage, endPage: session.endPage, pagesRead: session.pagesRead };
  }
  const startPage = input.startPage ?? session.startPage;
  let endPage = input.endPage ?? session.endPage;
  let pagesRead: number | null = input.pagesRead ?? session.pagesRead;
  // pagesRead alone moves the end; a new start or end alone recounts the pages.
  if (input.pagesRead !== undefined && input.endPage === undefined && startPage !== null) endPage = null;
  else if (input.pagesRead === undefined && startPage !== null && endPage !== null) pagesRead = null;
  return pageRange(book, { startPage, endPage, pagesRead });
}

/**
 * Edits one of the actor's reading sessions and keeps its book consistent with it, by the
 * rules of logging: the book's currentPage is the furthest page read (moved forward by a
 * larger endPage; when this session held the furthest page and now ends earlier, it falls
 * back to the furthest page of the book's sessions); reaching totalPages finishes the book,
 * and falling back below it from a finish re-opens it as READING; an earlier readOn moves
 * startedOn back. Emits reading.updated (and book.finished).
 */
export async function updateReadingSession(tx: Tx, actor: Actor, sessionId: string, input: UpdateReadingInput): Promise<ReadingSession> {
  const { userId } = actor;
  const found = await tx.readingSession.findFirst({ where: { id: sessionId, userId }, select: { bookId: true } });
  if (!found) throw notFound("ReadingSession");
  // The book's lock first, as logging takes it: edits and logs of one book run in turn.
  const book = await lockBook(tx, actor, found.bookId);
  const session = await tx.readingSession.findUniqueOrThrow({ where: { id: sessionId } });
  const range = editedRange(book, session, input);
  const readOn = input.readOn ?? toDay(session.readOn);

  const updated = await withDatabaseErrors(() =>
    tx.readingSession.update({
      where: { id: sessionId },
      data: {
        readOn: calendarDateToDb(readOn),
        startedAt: input.startedAt,
        durationMinutes: input.durationMinutes,
        startPage: range.startPage,
        endPage: range.endPage,
        pagesRead: range.pagesRead,
        note: input.note,
      },
    }),
  );

  let currentPage = Math.max(book.currentPage, range.endPage ?? 0);
  if (session.endPage !== null && session.endPage === book.currentPage && (range.endPage ?? 0) < session.endPage) {
    const furthest = await tx.readingSession.aggregate({ where: { bookId: book.id, userId }, _max: { endPage: true } });
    currentPage = furthest._max.endPage ?? 0;
  }
  const change: Prisma.BookUpdateInput = {};
  if (currentPage !== book.currentPage) change.currentPage = currentPage;
  const startedOn = dayOrNull(book.startedOn);
  if (!startedOn || readOn < startedOn) change.startedOn = calendarDateToDb(readOn);
  const reached = book.totalPages !== null && currentPage >= book.totalPages;
  if (reached && book.status !== "FINISHED") {
    change.status = "FINISHED";
    change.finishedOn = calendarDateToDb(readOn);
  } else if (!reached && book.status === "FINISHED" && book.totalPages !== null && book.currentPage >= book.totalPages) {
    // Finished by reading to the last page, which this edit takes back.
    change.status = "READING";
    change.finishedOn = null;
  }
  const after = Object.keys(change).length > 0 ? await tx.book.update({ where: { id: book.id }, data: change }) : book;
  if (readOn !== toDay(session.readOn)) await recordStreakDay(tx, userId, "reading", readOn);
  await emit(tx, {
    type: "reading.updated",
    userId,
    payload: { sessionId, bookId: book.id, day: readOn, pages: range.pagesRead, changed: changedFieldNames(input) },
  });
  await emitFinished(tx, actor, book.id, book.status, after.status);
  return updated;
}
