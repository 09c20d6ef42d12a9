import { z } from "zod";
import { prisma } from "../../db/index.ts";
import * as books from "../../domain/books.ts";
import { builder, type InputFields } from "../builder.ts";
import { reread, runMutation } from "../mutation.ts";
import { decodeId, encodeId } from "../ids.ts";
import { orderByPosition } from "../../domain/ordering.ts";
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

builder.mutationField("createBook", (t) =>
  t.withAuth({ signedIn: true }).prismaField({
    type: "Book",
    args: { input: t.arg({ type: CreateBookInput, required: true }) },
    resolve: (query, _root, { input }, ctx) => runMutation(ctx, (tx, actor) => books.createBook(tx, actor, input), reread("Book", query)),
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
      return runMutation(ctx, (tx, actor) => books.updateBook(tx, actor, id, input), reread("Book", query, id));
    },
  }),
);

builder.mutationField("deleteBook", (t) =>
  t.withAuth({ signedIn: true }).id({
    description: "Deletes one of the viewer's books and its reading sessions; returns its global ID.",
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, args, ctx) => {
      const id = decodeId(args.id, "Book");
      await runMutation(ctx, (tx, actor) => books.deleteBook(tx, actor, id));
      return encodeId("Book", id);
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
      return runMutation(ctx, async (tx, actor): Promise<LoggedSession> => {
        const session = await books.logReadingSession(tx, actor, { ...input, bookId });
        return { sessionId: session.id, bookId, userId: actor.userId };
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
      await runMutation(ctx, (tx, actor) => books.deleteReadingSession(tx, actor, id));
      return encodeId("ReadingSession", id);
    },
  }),
);

const UpdateReadingSessionInput = builder.inputType("UpdateReadingSessionInput", {
  description:
    "Only the fields given change; null clears startedAt, durationMinutes and note. Pages: a new startPage or endPage recounts pagesRead; " +
    "pagesRead alone moves endPage. The book's currentPage and status follow (see updateReadingSession).",
  fields: (t) => ({
    readOn: t.field({ type: "Date" }),
    startedAt: t.field({ type: "DateTime" }),
    durationMinutes: t.int({ validate: optionalInt(0, 24 * 60) }),
    startPage: t.int({ validate: page }),
    endPage: t.int({ validate: page }),
    pagesRead: t.int({ validate: page }),
    note: t.string({ validate: optionalText(5000) }),
  }),
});

builder.mutationField("updateReadingSession", (t) =>
  t.withAuth({ signedIn: true }).prismaField({
    type: "ReadingSession",
    description:
      "Edits one of the viewer's reading sessions; its book stays consistent: currentPage is the furthest page read (it falls back " +
      "when the session that held it now ends earlier), reaching totalPages finishes the book and falling back below it re-opens it.",
    args: { id: t.arg.id({ required: true }), input: t.arg({ type: UpdateReadingSessionInput, required: true }) },
    resolve: (query, _root, args, ctx) => {
      const id = decodeId(args.id, "ReadingSession");
      const { input } = args;
      refuseNulls(input, ["readOn", "startPage", "endPage", "pagesRead"], "input");
      return runMutation(ctx, (tx, actor) => books.updateReadingSession(tx, actor, id, input), reread("ReadingSession", query, id));
    },
  }),
);
