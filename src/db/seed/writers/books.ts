/** Two books, one finished and one being read, with the reading sessions (stream `reading`). */
import { addDays, calendarDateToDb } from "../../../domain/calendar.ts";
import { plusSeconds, type UserContext } from "../context.ts";

export interface ReadingSessionDraft {
  day: string;
  at: Date;
  minutes: number;
  startPage: number;
  endPage: number;
}

export interface BooksWritten {
  readingSessions: ReadingSessionDraft[];
  /** The day the finished book was finished. */
  finishedOn: string;
}

export async function writeBooks(ctx: UserContext): Promise<BooksWritten> {
  const { tx, userId, today, at, past, stream } = ctx;
  const readingRng = stream("reading");
  const finishedStart = past(70);
  const finishedOn = past(38);
  const readingStart = past(24);
  const readingSessions: ReadingSessionDraft[] = [];
  let page = 0;
  for (let day = readingStart; day < today; day = addDays(day, 1)) {
    if (!readingRng.chance(0.6)) continue;
    const pages = readingRng.int(8, 24);
    if (page + pages >= 296) break;
    readingSessions.push({
      day,
      at: at(day, 21 * 60 + 30 + readingRng.int(-15, 20)),
      minutes: pages * 2 + readingRng.int(0, 6),
      startPage: page,
      endPage: page + pages,
    });
    page += pages;
  }
  const books = await tx.book.createManyAndReturn({
    data: [
      {
        userId,
        title: "Deep Work",
        author: "Cal Newport",
        isbn: "9781455586691",
        totalPages: 296,
        currentPage: page,
        status: "READING" as const,
        startedOn: calendarDateToDb(readingStart),
        notes: "Rule 2, embrace boredom: schedule internet time instead of focus time.",
        sortOrder: 10,
        createdAt: at(readingStart, 21 * 60),
      },
      {
        userId,
        title: "The Creative Act: A Way of Being",
        author: "Rick Rubin",
        isbn: "9780593652886",
        totalPages: 432,
        currentPage: 432,
        status: "FINISHED" as const,
        rating: 5,
        startedOn: calendarDateToDb(finishedStart),
        finishedOn: calendarDateToDb(finishedOn),
        notes: "Read a chapter before every studio session. Re-read the part on finishing.",
        sortOrder: 20,
        createdAt: at(finishedStart, 21 * 60),
      },
    ],
    select: { id: true, sortOrder: true },
  });
  const readingBookId = books.find((b) => b.sortOrder === 10)!.id;
  await tx.readingSession.createMany({
    data: readingSessions.map((r) => ({
      userId,
      bookId: readingBookId,
      readOn: calendarDateToDb(r.day),
      startedAt: r.at,
      durationMinutes: r.minutes,
      startPage: r.startPage,
      endPage: r.endPage,
      pagesRead: r.endPage - r.startPage,
      createdAt: plusSeconds(r.at, r.minutes * 60),
    })),
  });

  return { readingSessions, finishedOn };
}
