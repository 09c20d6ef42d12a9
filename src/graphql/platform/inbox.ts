import { z } from "zod";
import { builder } from "../builder.ts";
import { prisma } from "../../db/index.ts";
import type { Prisma } from "../../generated/prisma/client.ts";
import type { Tx } from "../../domain/transaction.ts";
import { notFound } from "../errors/index.ts";
import { orderByPosition } from "../ordering.ts";
import { ownedByViewer } from "../tenancy.ts";
import { decodeId, decodeIds, encodeId } from "../ids.ts";
import { sortOrder } from "../validators.ts";

export const InboxItemKind = builder.enumType("InboxItemKind", { values: ["CAPTURE", "REMINDER", "SYSTEM"] as const });

export const InboxStatusFilter = builder.enumType("InboxStatusFilter", {
  description: "OPEN = not archived; UNREAD = open and never read; ARCHIVED; ALL.",
  values: ["OPEN", "UNREAD", "ARCHIVED", "ALL"] as const,
});

type InboxStatus = "OPEN" | "UNREAD" | "ARCHIVED" | "ALL";

export function inboxStatusWhere(status: InboxStatus): Prisma.InboxItemWhereInput {
  switch (status) {
    case "OPEN":
      return { archivedAt: null };
    case "UNREAD":
      return { archivedAt: null, readAt: null };
    case "ARCHIVED":
      return { archivedAt: { not: null } };
    case "ALL":
      return {};
  }
}

builder.prismaNode("InboxItem", {
  id: { field: "id" },
  findUnique: ownedByViewer,
  nullable: true,
  description: "A quick capture or notification. Open = not archived; unread = never read.",
  fields: (t) => ({
    kind: t.expose("kind", { type: InboxItemKind }),
    title: t.exposeString("title"),
    body: t.exposeString("body", { nullable: true }),
    refType: t.exposeString("refType", { nullable: true, description: "What the item is about (`habit`, `quest`, …)." }),
    refId: t.exposeString("refId", { nullable: true }),
    readAt: t.expose("readAt", { type: "DateTime", nullable: true }),
    archivedAt: t.expose("archivedAt", { type: "DateTime", nullable: true }),
    isRead: t.boolean({ select: { readAt: true }, resolve: (item) => item.readAt !== null }),
    isArchived: t.boolean({ select: { archivedAt: true }, resolve: (item) => item.archivedAt !== null }),
    sortOrder: t.exposeInt("sortOrder"),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    updatedAt: t.expose("updatedAt", { type: "DateTime" }),
  }),
});

builder.prismaObjectField("User", "inboxItems", (t) =>
  t.relatedConnection("inboxItems", {
    cursor: "id",
    description: "The user's inbox by position (sort order, then age); OPEN by default.",
    args: {
      status: t.arg({ type: InboxStatusFilter, required: false, defaultValue: "OPEN" }),
      kind: t.arg({ type: InboxItemKind, required: false }),
    },
    query: (args) => ({
      where: { ...inboxStatusWhere(args.status ?? "OPEN"), ...(args.kind ? { kind: args.kind } : {}) },
      orderBy: orderByPosition(),
    }),
  }),
);

builder.queryField("inboxItem", (t) =>
  t.withAuth({ signedIn: true }).prismaField({
    type: "InboxItem",
    nullable: true,
    args: { id: t.arg.id({ required: true }) },
    resolve: (query, _root, args, context) =>
      prisma.inboxItem.findFirst({
        ...query,
        where: { id: decodeId(args.id, "InboxItem"), userId: context.viewer.userId },
      }),
  }),
);

const CreateInboxItemInput = builder.inputType("CreateInboxItemInput", {
  fields: (t) => ({
    kind: t.field({
      type: InboxItemKind,
      required: false,
      description: "CAPTURE (default) or REMINDER; SYSTEM items come from the app only.",
      validate: z.enum(["CAPTURE", "REMINDER"], { message: "must be CAPTURE or REMINDER" }).nullish(),
    }),
    title: t.string({ required: true, validate: z.string().trim().min(1).max(200) }),
    body: t.string({ required: false, validate: z.string().max(5000).nullish() }),
    refType: t.string({ required: false, validate: z.string().min(1).max(50).nullish() }),
    refId: t.string({ required: false, validate: z.string().min(1).max(200).nullish() }),
    sortOrder: t.int({ required: false, validate: sortOrder }),
  }),
});

builder.mutationField("createInboxItem", (t) =>
  t.withAuth({ signedIn: true }).prismaField({
    type: "InboxItem",
    args: { input: t.arg({ type: CreateInboxItemInput, required: true }) },
    resolve: (query, _root, { input }, context) =>
      prisma.$transaction((tx) =>
        tx.inboxItem.create({
          ...query,
          data: {
            userId: context.viewer.userId,
            kind: input.kind ?? "CAPTURE",
            title: input.title.trim(),
            body: input.body ?? null,
            refType: input.refType ?? null,
            refId: input.refId ?? null,
            sortOrder: input.sortOrder ?? 0,
          },
        }),
      ),
  }),
);

const idList = z.array(z.string()).min(1, { message: "give at least one id" }).max(100);

/** All of `ids` must be the viewer's items; one foreign or missing id refuses the whole batch. */
async function assertAllOwned(tx: Tx, ids: string[], userId: string): Promise<void> {
  const owned = await tx.inboxItem.count({ where: { id: { in: ids }, userId } });
  if (owned !== ids.length) throw notFound("InboxItem");
}

function bulkInboxMutation(
  name: "markInboxItemsRead" | "archiveInboxItems",
  description: string,
  change: (now: Date) => { where: Prisma.InboxItemWhereInput; data: Prisma.InboxItemUpdateManyMutationInput },
) {
  builder.mutationField(name, (t) =>
    t.withAuth({ signedIn: true }).prismaField({
      type: ["InboxItem"],
      description,
      args: { ids: t.arg.idList({ required: true, validate: idList }) },
      resolve: (query, _root, args, context) => {
        const ids = decodeIds(args.ids, "InboxItem");
        const userId = context.viewer.userId;
        return prisma.$transaction(async (tx) => {
          await assertAllOwned(tx, ids, userId);
          const { where, data } = change(new Date());
          await tx.inboxItem.updateMany({ where: { ...where, id: { in: ids }, userId }, data });
          return tx.inboxItem.findMany({ ...query, where: { id: { in: ids }, userId }, orderBy: orderByPosition() });
        });
      },
    }),
  );
}

bulkInboxMutation(
  "markInboxItemsRead",
  "Marks the given items read (already-read items keep their read time). One foreign id: NOT_FOUND, nothing changes.",
  (now) => ({ where: { readAt: null }, data: { readAt: now, updatedAt: now } }),
);

bulkInboxMutation(
  "archiveInboxItems",
  "Archives the given items (they leave the OPEN list). One foreign id: NOT_FOUND, nothing changes.",
  (now) => ({ where: { archivedAt: null }, data: { archivedAt: now, updatedAt: now } }),
);

builder.mutationField("unarchiveInboxItem", (t) =>
  t.withAuth({ signedIn: true }).prismaField({
    type: "InboxItem",
    description: "Brings an archived item back to the open inbox.",
    args: { id: t.arg.id({ required: true }) },
    resolve: (query, _root, args, context) => {
      const id = decodeId(args.id, "InboxItem");
      const userId = context.viewer.userId;
      return prisma.$transaction(async (tx) => {
        await assertAllOwned(tx, [id], userId);
        await tx.inboxItem.updateMany({
          where: { id, userId, archivedAt: { not: null } },
          data: { archivedAt: null, updatedAt: new Date() },
        });
        return tx.inboxItem.findUniqueOrThrow({ ...query, where: { id } });
      });
    },
  }),
);

builder.mutationField("deleteInboxItem", (t) =>
  t.withAuth({ signedIn: true }).id({
    description: "Deletes one of the viewer's inbox items; returns its ID.",
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, args, context) => {
      const id = decodeId(args.id, "InboxItem");
      const { count } = await prisma.$transaction((tx) =>
        tx.inboxItem.deleteMany({ where: { id, userId: context.viewer.userId } }),
      );
      if (count === 0) throw notFound("InboxItem");
      return encodeId("InboxItem", id);
    },
  }),
);
