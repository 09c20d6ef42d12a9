import { z } from "zod";
import { builder } from "../builder.ts";
import { reread, runMutation } from "../mutation.ts";
import { prisma } from "../../db/index.ts";
import type { Prisma } from "../../generated/prisma/client.ts";
import type { Actor } from "../../domain/actor.ts";
import * as inbox from "../../domain/inbox.ts";
import type { Tx } from "../../domain/transaction.ts";
import { orderByPosition } from "../../domain/ordering.ts";
import { ownedByViewer } from "../tenancy.ts";
import { decodeId, decodeIds, encodeId } from "../ids.ts";
import { refuseNulls, sortOrder } from "../validators.ts";

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
    // No `select`: the type loads whole rows, and a field with one is wrapped by plugin-prisma
    // (a loader-mapping lookup per row: ~3 % of a 200-item Today page's CPU).
    isRead: t.boolean({ resolve: (item) => item.readAt !== null }),
    isArchived: t.boolean({ resolve: (item) => item.archivedAt !== null }),
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
      runMutation(context, (tx, actor) => inbox.createInboxItem(tx, actor, input), reread("InboxItem", query)),
  }),
);

const idList = z.array(z.string()).min(1, { message: "give at least one id" }).max(100);

function bulkInboxMutation(
  name: "markInboxItemsRead" | "archiveInboxItems",
  description: string,
  change: (tx: Tx, actor: Actor, ids: string[]) => Promise<void>,
) {
  builder.mutationField(name, (t) =>
    t.withAuth({ signedIn: true }).prismaField({
      type: ["InboxItem"],
      description,
      args: { ids: t.arg.idList({ required: true, validate: idList }) },
      resolve: (query, _root, args, context) => {
        const ids = decodeIds(args.ids, "InboxItem");
        const where = { id: { in: ids }, userId: context.viewer.userId };
        return runMutation(
          context,
          (tx, actor) => change(tx, actor, ids),
          (tx) => tx.inboxItem.findMany({ ...query, where, orderBy: orderByPosition() }),
        );
      },
    }),
  );
}

bulkInboxMutation(
  "markInboxItemsRead",
  "Marks the given items read (already-read items keep their read time). One foreign id: NOT_FOUND, nothing changes.",
  inbox.markInboxItemsRead,
);

bulkInboxMutation(
  "archiveInboxItems",
  "Archives the given items (they leave the OPEN list). One foreign id: NOT_FOUND, nothing changes.",
  inbox.archiveInboxItems,
);

builder.mutationField("unarchiveInboxItem", (t) =>
  t.withAuth({ signedIn: true }).prismaField({
    type: "InboxItem",
    description: "Brings an archived item back to the open inbox.",
    args: { id: t.arg.id({ required: true }) },
    resolve: (query, _root, args, context) => {
      const id = decodeId(args.id, "InboxItem");
      return runMutation(context, (tx, actor) => inbox.unarchiveInboxItem(tx, actor, id), reread("InboxItem", query, id));
    },
  }),
);

builder.mutationField("deleteInboxItem", (t) =>
  t.withAuth({ signedIn: true }).id({
    description: "Deletes one of the viewer's inbox items; returns its ID.",
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, args, context) => {
      const id = decodeId(args.id, "InboxItem");
      await runMutation(context, (tx, actor) => inbox.deleteInboxItem(tx, actor, id));
      return encodeId("InboxItem", id);
    },
  }),
);

const UpdateInboxItemInput = builder.inputType("UpdateInboxItemInput", {
  description: "Only the fields given change; null clears body, refType and refId.",
  fields: (t) => ({
    kind: t.field({
      type: InboxItemKind,
      required: false,
      description: "CAPTURE or REMINDER; a SYSTEM item keeps its kind.",
      validate: z.enum(["CAPTURE", "REMINDER"], { message: "must be CAPTURE or REMINDER" }).nullish(),
    }),
    title: t.string({ required: false, validate: z.string().trim().min(1).max(200).nullish() }),
    body: t.string({ required: false, validate: z.string().max(5000).nullish() }),
    refType: t.string({ required: false, validate: z.string().min(1).max(50).nullish() }),
    refId: t.string({ required: false, validate: z.string().min(1).max(200).nullish() }),
    sortOrder: t.int({ required: false, validate: sortOrder }),
  }),
});

builder.mutationField("updateInboxItem", (t) =>
  t.withAuth({ signedIn: true }).prismaField({
    type: "InboxItem",
    description: "Edits one of the viewer's inbox items.",
    args: { id: t.arg.id({ required: true }), input: t.arg({ type: UpdateInboxItemInput, required: true }) },
    resolve: (query, _root, { id: globalId, input }, context) => {
      const id = decodeId(globalId, "InboxItem");
      refuseNulls(input, ["kind", "title", "sortOrder"], "input");
      return runMutation(context, (tx, actor) => inbox.updateInboxItem(tx, actor, id, input), reread("InboxItem", query, id));
    },
  }),
);

export const MAX_REORDERED_INBOX_ITEMS = 500;

builder.mutationField("reorderInboxItems", (t) =>
  t.withAuth({ signedIn: true }).prismaField({
    type: ["InboxItem"],
    description:
      "Sets the order of the open inbox: `ids` must list every open (not archived) item exactly once; sortOrder becomes the position. " +
      "A foreign or unknown id is NOT_FOUND, a repeated, archived or left-out item BAD_USER_INPUT; on any error nothing changes. Returns the open inbox in its new order.",
    args: {
      ids: t.arg.idList({
        required: true,
        validate: z.array(z.string()).min(1, { message: "give at least one id" }).max(MAX_REORDERED_INBOX_ITEMS),
      }),
    },
    resolve: (query, _root, args, context) => {
      // Not decodeIds: a repeated id must reach the domain rule (and be refused), not be merged.
      const ids = args.ids.map((id) => decodeId(id, "InboxItem", "ids"));
      const where = { userId: context.viewer.userId, archivedAt: null };
      return runMutation(
        context,
        (tx, actor) => inbox.reorderInboxItems(tx, actor, ids),
        (tx) => tx.inboxItem.findMany({ ...query, where, orderBy: orderByPosition() }),
      );
    },
  }),
);
