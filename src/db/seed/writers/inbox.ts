/** Inbox items of three kinds, some read and some archived. */
import type { Prisma } from "../../../generated/prisma/client.ts";
import { insertMany, plusSeconds, type UserContext } from "../context.ts";

interface InboxTemplate {
  kind: "CAPTURE" | "REMINDER" | "SYSTEM";
  title: string;
  body: string | null;
  refType: string | null;
  refKey: string | null;
  daysAgo: number;
  minute: number;
  read: boolean;
  archived: boolean;
}

const INBOX: readonly InboxTemplate[] = [
  {
    kind: "CAPTURE",
    title: "Sidechain the pad to the kick in track 3",
    body: "Try a slower release, around 180 ms, so the pad breathes with the groove.",
    refType: null,
    refKey: null,
    daysAgo: 0,
    minute: 7 * 60 + 40,
    read: false,
    archived: false,
  },
  {
    kind: "REMINDER",
    title: "Renew the gym membership before Friday",
    body: "The card on file expired last month.",
    refType: null,
    refKey: null,
    daysAgo: 1,
    minute: 18 * 60 + 5,
    read: false,
    archived: false,
  },
  {
    kind: "CAPTURE",
    title: "Book tip from Sam: Four Thousand Weeks",
    body: "Oliver Burkeman, about time management and finitude.",
    refType: null,
    refKey: null,
    daysAgo: 2,
    minute: 13 * 60 + 20,
    read: true,
    archived: false,
  },
  {
    kind: "SYSTEM",
    title: "New in the market: Rainy Cafe Soundscape",
    body: "Light rain and a quiet cafe murmur for your focus sessions.",
    refType: null,
    refKey: null,
    daysAgo: 3,
    minute: 10 * 60,
    read: true,
    archived: false,
  },
  {
    kind: "REMINDER",
    title: "Call the landlord about the radiator",
    body: null,
    refType: null,
    refKey: null,
    daysAgo: 0,
    minute: 8 * 60 + 10,
    read: false,
    archived: false,
  },
  {
    kind: "CAPTURE",
    title: "Buy new running shoes",
    body: "Size 44, neutral, something for long runs.",
    refType: null,
    refKey: null,
    daysAgo: 5,
    minute: 19 * 60 + 45,
    read: true,
    archived: true,
  },
  {
    kind: "SYSTEM",
    title: "Welcome to Today",
    body: "Your habits, plan, focus timer and quests now live on one page.",
    refType: null,
    refKey: null,
    daysAgo: 9999,
    minute: 9 * 60 + 5,
    read: true,
    archived: true,
  },
  {
    kind: "CAPTURE",
    title: "Ask Lena for the vocal stems",
    body: "WAV, 24-bit, dry and with the delay printed separately.",
    refType: null,
    refKey: null,
    daysAgo: 4,
    minute: 15 * 60 + 10,
    read: false,
    archived: false,
  },
];

export async function writeInbox(ctx: UserContext): Promise<void> {
  const { tx, o, userId, at, past } = ctx;
  const inboxRows: Prisma.InboxItemCreateManyInput[] = [];
  for (let i = 0; i < o.inboxItems; i += 1) {
    const template: InboxTemplate =
      i < INBOX.length
        ? INBOX[i]
        : {
            kind: "CAPTURE",
            title: `Quick note ${i - INBOX.length + 1}: follow up on the weekly review`,
            body: null,
            refType: null,
            refKey: null,
            daysAgo: i % 7,
            minute: 7 * 60 + (i % 600),
            read: i % 3 === 0,
            archived: i % 5 === 0,
          };
    const created = at(past(template.daysAgo), template.minute);
    inboxRows.push({
      userId,
      kind: template.kind,
      title: template.title,
      body: template.body,
      refType: template.refType,
      refId: template.refKey,
      readAt: template.read ? plusSeconds(created, 3600) : null,
      archivedAt: template.archived ? plusSeconds(created, 7200) : null,
      sortOrder: (i + 1) * 10,
      createdAt: created,
    });
  }
  await insertMany(inboxRows, (chunk) => tx.inboxItem.createMany({ data: chunk }));
}
