import { resolveCursorConnection, type ResolveCursorConnectionArgs } from "@pothos/plugin-relay";
import { z } from "zod";
import { prisma } from "../../db/index.ts";
import { timezoneOrUtc } from "../../domain/calendar.ts";
import * as planning from "../../domain/planning.ts";
import { Prisma, type CalendarEvent } from "../../generated/prisma/client.ts";
import { builder } from "../builder.ts";
import { reread, runMutation } from "../mutation.ts";
import { badInput } from "../errors/index.ts";
import { decodeId, encodeId } from "../ids.ts";
import { ownedByViewer, viewerIdOrNobody } from "../tenancy.ts";
import { nonBlank, optionalText, refuseNulls, sortOrder } from "../validators.ts";

export const CalendarEventRef = builder.prismaNode("CalendarEvent", {
  id: { field: "id" },
  findUnique: ownedByViewer,
  nullable: true,
  description:
    "A calendar entry. A timed event has startsAt/endsAt; an all-day event (allDay) has startDate/endDate, inclusive calendar days.",
  fields: (t) => ({
    title: t.exposeString("title"),
    description: t.exposeString("description", { nullable: true }),
    location: t.exposeString("location", { nullable: true }),
    color: t.exposeString("color", { nullable: true }),
    allDay: t.exposeBoolean("allDay"),
    startsAt: t.expose("startsAt", { type: "DateTime", nullable: true }),
    endsAt: t.expose("endsAt", { type: "DateTime", nullable: true }),
    startDate: t.expose("startDate", { type: "Date", nullable: true }),
    endDate: t.expose("endDate", { type: "Date", nullable: true }),
    sortOrder: t.exposeInt("sortOrder"),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    updatedAt: t.expose("updatedAt", { type: "DateTime" }),
  }),
});

// ---------------------------------------------------------------------------
// User.calendarEvents: ordered by the event's start instant (an all-day event starts at
// local midnight of its first day in the user's time zone), then created_at, then id.
// The start of an all-day event is not a column, so the page is chosen in SQL with a
// keyset cursor over (start, created_at, id) and the rows are then loaded by id.

interface EventKey {
  id: string;
  start: Date;
  createdAt: Date;
}

function encodeEventCursor(key: EventKey): string {
  return Buffer.from(JSON.stringify([key.start.toISOString(), key.createdAt.toISOString(), key.id])).toString("base64url");
}

function decodeEventCursor(cursor: string): EventKey {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (Array.isArray(parsed) && parsed.length === 3 && parsed.every((part) => typeof part === "string")) {
      const [start, createdAt, id] = parsed as [string, string, string];
      const key = { id, start: new Date(start), createdAt: new Date(createdAt) };
      if (!Number.isNaN(key.start.getTime()) && !Number.isNaN(key.createdAt.getTime()) && /^[0-9a-f-]{36}$/i.test(id)) return key;
    }
  } catch {
    // fall through
  }
  throw badInput("Invalid cursor", "after");
}

async function eventKeysPage(
  userId: string,
  timezone: string,
  range: { from?: Date | null; to?: Date | null },
  page: ResolveCursorConnectionArgs,
): Promise<EventKey[]> {
  const start = Prisma.sql`COALESCE(e.starts_at, (e.start_date::timestamp AT TIME ZONE ${timezone}))`;
  const end = Prisma.sql`COALESCE(e.ends_at, ((e.end_date + 1)::timestamp AT TIME ZONE ${timezone}))`;
  const conditions: Prisma.Sql[] = [Prisma.sql`e.user_id = ${userId}::uuid`];
  if (range.from) conditions.push(Prisma.sql`${end} > ${range.from}`);
  if (range.to) conditions.push(Prisma.sql`${start} < ${range.to}`);
  const tuple = Prisma.sql`(${start}, e.created_at, e.id)`;
  const keyTuple = (key: EventKey) => Prisma.sql`(${key.start}::timestamptz, ${key.createdAt}::timestamptz, ${key.id}::uuid)`;
  if (page.after) conditions.push(Prisma.sql`${tuple} > ${keyTuple(decodeEventCursor(page.after))}`);
  if (page.before) conditions.push(Prisma.sql`${tuple} < ${keyTuple(decodeEventCursor(page.before))}`);
  const direction = page.inverted ? Prisma.sql`DESC` : Prisma.sql`ASC`;
  const rows = await prisma.$queryRaw<Array<{ id: string; start_key: Date; created_at: Date }>>`
    SELECT e.id::text AS id, ${start} AS start_key, e.created_at
    FROM calendar_events e
    WHERE ${Prisma.join(conditions, " AND ")}
    ORDER BY 2 ${direction}, e.created_at ${direction}, e.id ${direction}
    LIMIT ${page.limit}`;
  return rows.map((row) => ({ id: row.id, start: new Date(row.start_key), createdAt: new Date(row.created_at) }));
}

builder.prismaObjectField("User", "calendarEvents", (t) =>
  t.connection({
    type: CalendarEventRef,
    description: "The user's calendar events overlapping [from, to) (both optional), ordered by start, then createdAt, then id.",
    args: {
      from: t.arg({ type: "DateTime" }),
      to: t.arg({ type: "DateTime" }),
    },
    resolve: async (user, args, ctx) => {
      if (args.from && args.to && args.from >= args.to) throw badInput("from must be before to", "from");
      const userId = viewerIdOrNobody(ctx);
      if (user.id !== userId) return resolveCursorConnection({ args, toCursor: () => "" }, () => [] as CalendarEvent[]);
      const timezone = timezoneOrUtc(ctx.viewer?.timezone);
      const keys = new Map<string, EventKey>();
      return resolveCursorConnection(
        { args, toCursor: (event: CalendarEvent) => encodeEventCursor(keys.get(event.id) as EventKey) },
        async (page: ResolveCursorConnectionArgs) => {
          const pageKeys = await eventKeysPage(userId, timezone, { from: args.from, to: args.to }, page);
          if (pageKeys.length === 0) return [];
          for (const key of pageKeys) keys.set(key.id, key);
          const events = await prisma.calendarEvent.findMany({ where: { userId, id: { in: pageKeys.map((key) => key.id) } } });
          const byId = new Map(events.map((event) => [event.id, event]));
          return pageKeys.map((key) => byId.get(key.id)).filter((event): event is CalendarEvent => event !== undefined);
        },
      );
    },
  }),
);

// ---------------------------------------------------------------------------
// Mutations

const color = z.string().max(32).nullish();

const CreateCalendarEventInput = builder.inputType("CreateCalendarEventInput", {
  fields: (t) => ({
    title: t.string({ required: true, validate: nonBlank(200) }),
    description: t.string({ validate: optionalText(5000) }),
    location: t.string({ validate: optionalText(500) }),
    color: t.string({ validate: color }),
    allDay: t.boolean({ defaultValue: false }),
    startsAt: t.field({ type: "DateTime", description: "Timed events only." }),
    endsAt: t.field({ type: "DateTime", description: "Timed events only; after startsAt, at most 14 days later." }),
    startDate: t.field({ type: "Date", description: "All-day events only." }),
    endDate: t.field({ type: "Date", description: "All-day events only; inclusive, defaults to startDate." }),
    sortOrder: t.int({ validate: sortOrder }),
  }),
});

const UpdateCalendarEventInput = builder.inputType("UpdateCalendarEventInput", {
  description: "Only the fields given change; null clears an optional field. Switching allDay drops the other kind's span.",
  fields: (t) => ({
    title: t.string({ validate: nonBlank(200).nullish() }),
    description: t.string({ validate: optionalText(5000) }),
    location: t.string({ validate: optionalText(500) }),
    color: t.string({ validate: color }),
    allDay: t.boolean(),
    startsAt: t.field({ type: "DateTime" }),
    endsAt: t.field({ type: "DateTime" }),
    startDate: t.field({ type: "Date" }),
    endDate: t.field({ type: "Date" }),
    sortOrder: t.int({ validate: sortOrder }),
  }),
});

builder.mutationField("createCalendarEvent", (t) =>
  t.withAuth({ signedIn: true }).prismaField({
    type: "CalendarEvent",
    args: { input: t.arg({ type: CreateCalendarEventInput, required: true }) },
    resolve: (query, _root, { input }, ctx) =>
      runMutation(ctx, (tx, actor) => planning.createCalendarEvent(tx, actor, input), reread("CalendarEvent", query)),
  }),
);

builder.mutationField("updateCalendarEvent", (t) =>
  t.withAuth({ signedIn: true }).prismaField({
    type: "CalendarEvent",
    args: {
      id: t.arg.id({ required: true }),
      input: t.arg({ type: UpdateCalendarEventInput, required: true }),
    },
    resolve: (query, _root, args, ctx) => {
      const id = decodeId(args.id, "CalendarEvent");
      const { input } = args;
      refuseNulls(input, ["title"]);
      return runMutation(ctx, (tx, actor) => planning.updateCalendarEvent(tx, actor, id, input), reread("CalendarEvent", query, id));
    },
  }),
);

builder.mutationField("deleteCalendarEvent", (t) =>
  t.withAuth({ signedIn: true }).id({
    description: "Deletes one of the viewer's events; returns its global ID.",
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, args, ctx) => {
      const id = decodeId(args.id, "CalendarEvent");
      await runMutation(ctx, (tx, actor) => planning.deleteCalendarEvent(tx, actor, id));
      return encodeId("CalendarEvent", id);
    },
  }),
);
