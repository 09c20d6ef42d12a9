import { z } from "zod";
import { builder } from "../builder.ts";
import { prisma } from "../../db/index.ts";
import * as notes from "../../domain/notes.ts";
import { reread, runMutation } from "../mutation.ts";
import { orderByPosition } from "../../domain/ordering.ts";
import { ownedByViewer } from "../tenancy.ts";
import { decodeId, encodeId } from "../ids.ts";
import { position, refuseNulls, sortOrder } from "../validators.ts";
import { tagsSchema } from "./validators.ts";

builder.prismaNode("InfobaseEntry", {
  id: { field: "id" },
  findUnique: ownedByViewer,
  nullable: true,
  description: "An entry of the user's personal knowledge base.",
  fields: (t) => ({
    title: t.exposeString("title"),
    content: t.exposeString("content", { description: "Markdown." }),
    category: t.exposeString("category", { nullable: true }),
    tags: t.exposeStringList("tags"),
    sortOrder: t.exposeInt("sortOrder"),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    updatedAt: t.expose("updatedAt", { type: "DateTime" }),
  }),
});

builder.prismaObjectField("User", "infobaseEntries", (t) =>
  t.relatedConnection("infobaseEntries", {
    cursor: "id",
    description: "The user's knowledge base, by position; filter by category and/or tag.",
    args: {
      category: t.arg.string({ required: false }),
      tag: t.arg.string({ required: false }),
    },
    query: (args) => ({
      where: {
        ...(args.category ? { category: args.category } : {}),
        ...(args.tag ? { tags: { has: args.tag } } : {}),
      },
      orderBy: orderByPosition(),
    }),
  }),
);

builder.queryField("infobaseEntry", (t) =>
  t.withAuth({ signedIn: true }).prismaField({
    type: "InfobaseEntry",
    nullable: true,
    args: { id: t.arg.id({ required: true }) },
    resolve: (query, _root, args, context) =>
      prisma.infobaseEntry.findFirst({
        ...query,
        where: { id: decodeId(args.id, "InfobaseEntry"), userId: context.viewer.userId },
      }),
  }),
);

const title = z.string().trim().min(1).max(200);
const content = z.string().max(100_000);
const category = z.string().trim().min(1).max(100);

const CreateInfobaseEntryInput = builder.inputType("CreateInfobaseEntryInput", {
  fields: (t) => ({
    title: t.string({ required: true, validate: title }),
    content: t.string({ required: true, validate: content }),
    category: t.string({ required: false, validate: category.nullish() }),
    tags: t.stringList({ required: false, validate: tagsSchema.nullish() }),
    sortOrder: t.int({ required: false, validate: sortOrder }),
  }),
});

// Left-out fields are unchanged; `category: null` clears the category.
const UpdateInfobaseEntryInput = builder.inputType("UpdateInfobaseEntryInput", {
  fields: (t) => ({
    title: t.string({ validate: title.optional() }),
    content: t.string({ validate: content.optional() }),
    category: t.string({ validate: category.nullish() }),
    tags: t.stringList({ validate: tagsSchema.optional() }),
    sortOrder: t.int({ validate: position.optional() }),
  }),
});

builder.mutationField("createInfobaseEntry", (t) =>
  t.withAuth({ signedIn: true }).prismaField({
    type: "InfobaseEntry",
    args: { input: t.arg({ type: CreateInfobaseEntryInput, required: true }) },
    resolve: (query, _root, { input }, context) =>
      runMutation(context, (tx, actor) => notes.createInfobaseEntry(tx, actor, input), reread("InfobaseEntry", query)),
  }),
);

builder.mutationField("updateInfobaseEntry", (t) =>
  t.withAuth({ signedIn: true }).prismaField({
    type: "InfobaseEntry",
    args: { id: t.arg.id({ required: true }), input: t.arg({ type: UpdateInfobaseEntryInput, required: true }) },
    resolve: (query, _root, { id: globalId, input }, context) => {
      const id = decodeId(globalId, "InfobaseEntry");
      refuseNulls(input, ["title", "content", "tags", "sortOrder"], "input");
      return runMutation(context, (tx, actor) => notes.updateInfobaseEntry(tx, actor, id, input), reread("InfobaseEntry", query));
    },
  }),
);

builder.mutationField("deleteInfobaseEntry", (t) =>
  t.withAuth({ signedIn: true }).id({
    description: "Deletes one of the viewer's infobase entries; returns its ID.",
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, args, context) => {
      const id = decodeId(args.id, "InfobaseEntry");
      await runMutation(context, (tx, actor) => notes.deleteInfobaseEntry(tx, actor, id));
      return encodeId("InfobaseEntry", id);
    },
  }),
);
