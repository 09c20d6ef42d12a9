import { z } from "zod";
import { prisma } from "../../db/index.ts";
import { calendarDateToDb, timezoneOrUtc, todayIn } from "../../domain/calendar.ts";
import { recordStreakDay } from "../../domain/streaks.ts";
import type { Book, Prisma } from "../../generated/prisma/client.ts";
import { builder, type InputFields } from "../builder.ts";
import { badInput, notFound, withDatabaseErrors } from "../errors/index.ts";
import { decodeId, encodeId } from "../ids.ts";
import { orderByPosition } from "../ordering.ts";
import { serializeCalendarDate } from "../scalars/date.ts";
import { ownedByViewer, viewerIdOrNobody } from "../tenancy.ts";
import { nonBlank, optionalInt, optionalText, optionalUrl, refuseNulls, sortOrder } from "../validators.ts";

export const BookStatus = builder.enumType("BookStatus", {
  values: ["WANT_TO_READ", "READING", "FINISHED", "ABANDONED"] as const,
});

const MAX_PAGES = 100_000;
const sessionsNewestFirst = () => [{ readOn: "desc" as const }, { createdAt: "desc" as const }, { id: "desc" as const }];

builder.prismaNode("Book", {
  id: { field: "id" },
  findUnique: ownedByViewer,
  nullable: true,
  description: "A book on the user's reading list.",
  fields: (t) => ({
    title: t.exposeString("title"),
    author: t.exposeString("author", { nullable: true }),
    isbn: t.exposeString("isbn", { nullable: true }),
    totalPages: t.exposeInt("totalPages", { nullable: true }),
    currentPage: t.exposeInt("currentPage"),
    progressPercent: t.int({
      nullable: true,
      description: "currentPage / totalPages in whole percent; null without totalPages.",
      select: { currentPage: true, totalPages: true },
      resolve: (book) => (book.totalPages ? Math.min(100, Math.floor((book.currentPage * 100) / book.totalPages)) : null),
    }),
    status: t.expose("status", { type: BookStatus }),
    rating: t.exposeInt("rating", { nullable: true, description: "1–5 stars." }),
    startedOn: t.expose("startedOn", { type: "Date", nullable: true }),
    finishedOn: t.expose("finishedOn", { type: "Date", nullable: true }),
    coverUrl: t.exposeString("coverUrl", { nullable: true }),
    notes: t.exposeString("notes", { nullable: true }),
    sortOrder: t.exposeInt("sortOrder"),
    sessions: t.relatedConnection("sessions", {
      cursor: "id",
      description: "Reading sessions of this book, newest first (readOn, then createdAt).",
      query: (_args, ctx) => ({ where: { userId: viewerIdOrNobody(ctx) }, orderBy: sessionsNewestFirst() }),
    }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    updatedAt: t.expose("updatedAt", { type: "DateTime" }),
  }),
});

builder.prismaNode("ReadingSession", {
  id: { field: "id" },
  findUnique: ownedByViewer,
  nullable: true,
  description: "A stretch of reading on one calendar day.",
  fields: (t) => ({
    book: t.relation("book"),
    readOn: t.expose("readOn", { type: "Date" }),
    startedAt: t.expose("startedAt", { type: "DateTime", nullable: true }),
    durationMinutes: t.exposeInt("durationMinutes", { nullable: true }),
    startPage: t.exposeInt("startPage", { nullable: true }),
    endPage: t.exposeInt("endPage", { nullable: true }),
    pagesRead: t.exposeInt("pagesRead"),
    note: t.exposeString("note", { nullable: true }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
  }),
});

builder.prismaObjectField("User", "books", (t) =>
  t.relatedConnection("books", {
    cursor: "id",
    description: "The reading list, by position (sortOrder, createdAt, id); optionally one status only.",
    args: { status: t.arg({ type: BookStatus }) },
    query: (args, ctx) => ({
      where: { userId: viewerIdOrNobody(ctx), ...(args.status ? { status: args.status } : {}) },
      orderBy: orderByPosition(),
    }),
  }),
);

builder.prismaObjectField("User", "readingSessions", (t) =>
  t.relatedConnection("readingSessions", {
    cursor: "id",
    description: "All reading sessions, newest first.",
    query: (_args, ctx) => ({ where: { userId: viewerIdOrNobody(ctx) }, orderBy: sessionsNewestFirst() }),
  }),
);

builder.queryField("book", (t) =>
  t.withAuth({ signedIn: true }).prismaField({
    type: "Book",
    nullable: true,
    description: "One of the viewer's books (null for a missing or foreign ID).",
    args: { id: t.arg.id({ required: true }) },
    resolve: (query, _root, args, ctx) =>
      prisma.book.findFirst({ ...query, where: { id: decodeId(args.id, "Book"), userId: ctx.viewer.userId } }),
  }),
);

// ---------------------------------------------------------------------------
// Book CRUD

const pages = optionalInt(1, MAX_PAGES);
const page = optionalInt(0, MAX_PAGES);
const rating = optionalInt(1, 5);
const isbn = z
  .string()
  .regex(/^[0-9Xx-]{10,17}$/, "must be an ISBN-10 or ISBN-13")
  .nullish();

/** The fields of CreateBookInput and UpdateBookInput besides `title`. */
const bookFields = (t: InputFields) => ({
  author: t.string({ validate: optionalText(300) }),
  isbn: t.string({ validate: isbn }),
  totalPages: t.int({ validate: pages }),
  currentPage: t.int({ validate: page }),
  status: t.field({ type: BookStatus }),
  rating: t.int({ validate: rating }),
  startedOn: t.field({ type: "Date" }),
  finishedOn: t.field({ type: "Date" }),
  coverUrl: t.string({ validate: optionalUrl }),
  notes: t.string({ validate: optionalText(10_000) }),
  sortOrder: t.int({ validate: sortOrder }),
});

const CreateBookInput = builder.inputType("CreateBookInput", {
  fields: (t) => ({ title: t.string({ required: true, validate: nonBlank(300) }), ...bookFields(t) }),
});

const UpdateBookInput = builder.inputType("UpdateBookInput", {
  description: "Only the fields given change; null clears an optional field.",
  fields: (t) => ({ title: t.string({ validate: nonBlank(300).nullish() }), ...bookFields(t) }),
});

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

const dayOrNull = (value: Date | null): string | null => (value ? serializeCalendarDate(value) : null);
const dbDay = (day: string | null | undefined): Date | null | undefined =>
  day === undefined ? undefined : day === null ? null : calendarDateToDb(day);

builder.mutationField("createBook", (t) =>
  t.withAuth({ signedIn: true }).prismaField({
    type: "Book",
    args: { input: t.arg({ type: CreateBookInput, required: true }) },
    resolve: async (query, _root, { input }, ctx) => {
      checkBook({
        totalPages: input.totalPages ?? null,
        currentPage: input.currentPage ?? 0,
        startedOn: input.startedOn ?? null,
        finishedOn: input.finishedOn ?? null,
      });
      return prisma.$transaction((tx) =>
        withDatabaseErrors(() =>
          tx.book.create({
            ...query,
            data: {
              userId: ctx.viewer.userId,
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
        ),
      );
    },
  }),
);

builder.mutationField("updateBook", (t) =>
  t.withAuth({ signedIn: true }).prismaField({
    type: "Book",
    args: {
      id: t.arg.id({ required: true }),
      input: t.arg({ type: UpdateBookInput, required: true }),
    },
    resolve: async (query, _root, args, ctx) => {
      const id = decodeId(args.id, "Book");
      const { input } = args;
      refuseNulls(input, ["title", "currentPage", "status", "sortOrder"]);
      return prisma.$transaction(async (tx) => {
        const book = await tx.book.findFirst({ where: { id, userId: ctx.viewer.userId } });
        if (!book) throw notFound("Book");
        checkBook({
          totalPages: input.totalPages === undefined ? book.totalPages : input.totalPages,
          currentPage: input.currentPage ?? book.currentPage,
          startedOn: input.startedOn === undefined ? dayOrNull(book.startedOn) : input.startedOn,
          finishedOn: input.finishedOn === undefined ? dayOrNull(book.finishedOn) : input.finishedOn,
        });
        await withDatabaseErrors(() =>
          tx.book.update({
            where: { id },
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
        return tx.book.findUniqueOrThrow({ ...query, where: { id } });
      });
    },
  }),
);

builder.mutationField("deleteBook", (t) =>
  t.withAuth({ signedIn: true }).id({
    description: "Deletes one of the viewer's books and its reading sessions; returns its global ID.",
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, args, ctx) => {
      const id = decodeId(args.id, "Book");
      return prisma.$transaction(async (tx) => {
        const book = await tx.book.findFirst({ where: { id, userId: ctx.viewer.userId }, select: { id: true } });
        if (!book) throw notFound("Book");
        await tx.readingSession.deleteMany({ where: { bookId: id, userId: ctx.viewer.userId } });
        await tx.book.delete({ where: { id } });
        return encodeId("Book", id);
      });
    },
  }),
);

// ---------------------------------------------------------------------------
// Reading sessions

const LogReadingSessionInput = builder.inputType("LogReadingSessionInput", {
  description:
    "Pages: give startPage/endPage (pagesRead = endPage − startPage), or endPage alone (starts at the book's currentPage), or pagesRead alone (continues from currentPage).",
  fields: (t) => ({
    bookId: t.id({ required: true }),
    readOn: t.field({ type: "Date", description: "Defaults to today in the user's time zone." }),
    startedAt: t.field({ type: "DateTime" }),
    durationMinutes: t.int({ validate: optionalInt(0, 24 * 60) }),
    startPage: t.int({ validate: page }),
    endPage: t.int({ validate: page }),
    pagesRead: t.int({ validate: page }),
    note: t.string({ validate: optionalText(5000) }),
  }),
});

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
    if (endPage !== null && endPage > book.totalPages) throw badInput(`endPage cannot exceed the book's ${book.totalPages} pages`, "endPage");
    if (startPage !== null && startPage > book.totalPages) throw badInput(`startPage cannot exceed the book's ${book.totalPages} pages`, "startPage");
  }
  return { startPage, endPage, pagesRead: pagesRead ?? 0 };
}

interface LoggedSession {
  sessionId: string;
  bookId: string;
  userId: string;
}

const LogReadingSessionPayload = builder.objectRef<LoggedSession>("LogReadingSessionPayload").implement({
  fields: (t) => ({
    session: t.prismaField({
      type: "ReadingSession",
      resolve: (query, logged) => prisma.readingSession.findUniqueOrThrow({ ...query, where: { id: logged.sessionId } }),
    }),
    book: t.prismaField({
      type: "Book",
      resolve: (query, logged) => prisma.book.findUniqueOrThrow({ ...query, where: { id: logged.bookId } }),
    }),
    streak: t.prismaField({
      type: "UserStreak",
      description: "The `reading` streak after this session.",
      resolve: (query, logged) =>
        prisma.userStreak.findUniqueOrThrow({
          ...query,
          where: { userId_streakType: { userId: logged.userId, streakType: "reading" } },
        }),
    }),
  }),
});

builder.mutationField("logReadingSession", (t) =>
  t.withAuth({ signedIn: true }).field({
    type: LogReadingSessionPayload,
    description:
      "Records reading: moves the book's currentPage forward, starts it (READING, startedOn) on the first session, " +
      "finishes it (FINISHED, finishedOn) when currentPage reaches totalPages, and counts the day for the `reading` streak.",
    args: { input: t.arg({ type: LogReadingSessionInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const bookId = decodeId(input.bookId, "Book", "bookId");
      const userId = ctx.viewer.userId;
      return prisma.$transaction(async (tx): Promise<LoggedSession> => {
        // Lock the book: concurrent sessions of the same book update currentPage in turn.
        const locked = await tx.$queryRaw<Array<{ id: string }>>`
          SELECT id::text AS id FROM books WHERE id = ${bookId}::uuid AND user_id = ${userId}::uuid FOR UPDATE`;
        if (locked.length === 0) throw notFound("Book");
        const book = await tx.book.findUniqueOrThrow({ where: { id: bookId } });
        const range = pageRange(book, input);
        const readOn = input.readOn ?? todayIn(timezoneOrUtc(ctx.viewer.timezone));

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
        const startedOn = book.startedOn ? serializeCalendarDate(book.startedOn) : null;
        if (!startedOn || readOn < startedOn) update.startedOn = calendarDateToDb(readOn);
        if (book.totalPages !== null && currentPage >= book.totalPages) {
          if (book.status !== "FINISHED") {
            update.status = "FINISHED";
            update.finishedOn = calendarDateToDb(readOn);
          }
        } else if (book.status === "WANT_TO_READ" || book.status === "ABANDONED") {
          update.status = "READING";
        }
        await tx.book.update({ where: { id: bookId }, data: update });
        await recordStreakDay(tx, userId, "reading", readOn);
        await tx.behaviorOutbox.create({
          data: {
            userId,
            eventType: "reading.logged",
            idempotencyKey: `reading.logged:${session.id}`,
            payload: { sessionId: session.id, bookId, readOn, pagesRead: range.pagesRead, currentPage },
          },
        });
        return { sessionId: session.id, bookId, userId };
      });
    },
  }),
);

builder.mutationField("deleteReadingSession", (t) =>
  t.withAuth({ signedIn: true }).id({
    description: "Deletes one of the viewer's reading sessions (the book's progress is left as it is); returns its global ID.",
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, args, ctx) => {
      const id = decodeId(args.id, "ReadingSession");
      return prisma.$transaction(async (tx) => {
        const { count } = await tx.readingSession.deleteMany({ where: { id, userId: ctx.viewer.userId } });
        if (count === 0) throw notFound("ReadingSession");
        return encodeId("ReadingSession", id);
      });
    },
  }),
);
