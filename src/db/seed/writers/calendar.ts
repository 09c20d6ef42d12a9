/** Today's calendar (the first event all-day, then timed ones) and a few events on nearby days. */
import type { Prisma } from "../../../generated/prisma/client.ts";
import { addDays, calendarDateToDb } from "../../../domain/calendar.ts";
import { insertManyReturning, type UserContext } from "../context.ts";

interface EventTemplate {
  title: string;
  description: string | null;
  location: string | null;
  color: string;
  /** Day offset from today. */
  dayOffset: number;
  /** Local start/end minute; null = all-day. */
  start: number | null;
  end: number | null;
  /** For all-day events: number of days (inclusive span). */
  days?: number;
}

const TODAY_EVENTS: readonly EventTemplate[] = [
  {
    title: "Anna's birthday",
    description: "Call her in the evening; the present is in the hallway cupboard.",
    location: null,
    color: "#EC4899",
    dayOffset: 0,
    start: null,
    end: null,
    days: 1,
  },
  {
    title: "Team stand-up",
    description: "Yesterday, today, blockers. Fifteen minutes, cameras on.",
    location: "Video call",
    color: "#6366F1",
    dayOffset: 0,
    start: 9 * 60 + 30,
    end: 9 * 60 + 45,
  },
  {
    title: "Lunch with Sam",
    description: "Talk about the EP artwork.",
    location: "Markthalle Neun",
    color: "#F59E0B",
    dayOffset: 0,
    start: 12 * 60 + 30,
    end: 13 * 60 + 30,
  },
  {
    title: "Dentist appointment",
    description: "Yearly check-up and cleaning.",
    location: "Dr. Keller, Oranienstrasse 12",
    color: "#EF4444",
    dayOffset: 0,
    start: 16 * 60,
    end: 16 * 60 + 45,
  },
  {
    title: "Yoga class",
    description: null,
    location: "Studio Ost",
    color: "#14B8A6",
    dayOffset: 0,
    start: 18 * 60 + 30,
    end: 19 * 60 + 30,
  },
  {
    title: "Mix session: track 3",
    description: "Low end and the breakdown automation.",
    location: "Home studio",
    color: "#8B5CF6",
    dayOffset: 0,
    start: 20 * 60,
    end: 22 * 60,
  },
];

const NEARBY_EVENTS: readonly EventTemplate[] = [
  {
    title: "Physio appointment",
    description: "Left knee follow-up.",
    location: "Physio Kreuzberg",
    color: "#EF4444",
    dayOffset: -3,
    start: 8 * 60,
    end: 8 * 60 + 45,
  },
  {
    title: "Coffee with Lena",
    description: "She offered to listen to the EP demos.",
    location: "Cafe Fleury",
    color: "#F59E0B",
    dayOffset: -1,
    start: 10 * 60,
    end: 11 * 60,
  },
  {
    title: "Project review with the label",
    description: "Bring the rough mixes and the release timeline.",
    location: "Video call",
    color: "#6366F1",
    dayOffset: 1,
    start: 11 * 60,
    end: 12 * 60,
  },
  {
    title: "Piano lesson",
    description: "Scales in B and F-sharp; the Chopin prelude.",
    location: "Music school",
    color: "#EC4899",
    dayOffset: 2,
    start: 17 * 60,
    end: 18 * 60,
  },
  {
    title: "Weekend trip to Hamburg",
    description: "Train at 9:12 from the main station.",
    location: "Hamburg",
    color: "#0EA5E9",
    dayOffset: 4,
    start: null,
    end: null,
    days: 3,
  },
];

export interface CalendarWritten {
  /** The id of the first event with this title, or null. */
  eventId(title: string): string | null;
}

export async function writeCalendar(ctx: UserContext): Promise<CalendarWritten> {
  const { tx, o, userId, today, at } = ctx;
  const eventRows: Prisma.CalendarEventCreateManyInput[] = [];
  const pushEvent = (e: EventTemplate, title: string, sortOrder: number) => {
    const day = addDays(today, e.dayOffset);
    const created = at(addDays(day, -7), 19 * 60);
    if (e.start === null || e.end === null) {
      eventRows.push({
        userId,
        title,
        description: e.description,
        location: e.location,
        color: e.color,
        allDay: true,
        startDate: calendarDateToDb(day),
        endDate: calendarDateToDb(addDays(day, (e.days ?? 1) - 1)),
        sortOrder,
        createdAt: created,
      });
    } else {
      eventRows.push({
        userId,
        title,
        description: e.description,
        location: e.location,
        color: e.color,
        allDay: false,
        startsAt: at(day, e.start),
        endsAt: at(day, e.end),
        sortOrder,
        createdAt: created,
      });
    }
  };
  for (let i = 0; i < o.calendarEvents; i += 1) {
    if (i < TODAY_EVENTS.length) {
      pushEvent(TODAY_EVENTS[i], TODAY_EVENTS[i].title, 0);
    } else {
      const start = 6 * 60 + (((i - TODAY_EVENTS.length) * 25) % (16 * 60));
      pushEvent(
        { title: "", description: "Blocked for focused work.", location: null, color: "#94A3B8", dayOffset: 0, start, end: start + 20 },
        `Focus block ${i - TODAY_EVENTS.length + 1}`,
        0,
      );
    }
  }
  for (const e of NEARBY_EVENTS) pushEvent(e, e.title, 0);
  const events = await insertManyReturning(eventRows, (chunk) =>
    tx.calendarEvent.createManyAndReturn({ data: chunk, select: { id: true, title: true } }),
  );
  return { eventId: (title: string) => events.find((e) => e.title === title)?.id ?? null };
}
