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

builder.prismaNode("Idea", {
  id: { field: "id" },
  findUnique: ownedByViewer,
  nullable: true,
  fields: (t) => ({
    title: t.exposeString("title"),
    body: t.exposeString("body", { nullable: true }),
    tags: t.exposeStringList("tags"),
    isPinned: t.exposeBoolean("isPinned"),
    sortOrder: t.exposeInt("sortOrder"),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    updatedAt: t.expose("updatedAt", { type: "DateTime" }),
  }),
});

builder.prismaObjectField("User", "ideas", (t) =>
  t.relatedConnection("ideas", {
    cursor: "id",
    description: "The user's ideas, by position.",
    args: {
      tag: t.arg.string({ required: false }),
      pinned: t.arg.boolean({ required: false }),
    },
    query: (args) => ({
      where: {
        ...(args.tag ? { tags: { has: args.tag } } : {}),
        ...(args.pinned != null ? { isPinned: args.pinned } : {}),
      },
      orderBy: orderByPosition(),
    }),
  }),
);

builder.queryField("idea", (t) =>
  t.withAuth({ signedIn: true }).prismaField({
    type: "Idea",
    nullable: true,
    args: { id: t.arg.id({ required: true }) },
    resolve: (query, _root, args, context) =>
      prisma.idea.findFirst({
        ...query,
        where: { id: decodeId(args.id, "Idea"), userId: context.viewer.userId },
      }),
  }),
);

const title = z.string().trim().min(1).max(200);
const body = z.string().max(20_000);

const CreateIdeaInput = builder.inputType("CreateIdeaInput", {
  fields: (t) => ({
    title: t.string({ required: true, validate: title }),
    body: t.string({ required: false, validate: body.nullish() }),
    tags: t.stringList({ required: false, validate: tagsSchema.nullish() }),
    isPinned: t.boolean({ required: false }),
    sortOrder: t.int({ required: false, validate: sortOrder }),
  }),
});

// Left-out fields are unchanged; `body: null` clears the body.
const UpdateIdeaInput = builder.inputType("UpdateIdeaInput", {
  fields: (t) => ({
    title: t.string({ validate: title.optional() }),
    body: t.string({ validate: body.nullish() }),
    tags: t.stringList({ validate: tagsSchema.optional() }),
    isPinned: t.boolean({ validate: z.boolean().optional() }),
    sortOrder: t.int({ validate: position.optional() }),
  }),
});

builder.mutationField("createIdea", (t) =>
  t.withAuth({ signedIn: true }).prismaField({
    type: "Idea",
    args: { input: t.arg({ type: CreateIdeaInput, required: true }) },
    resolve: (query, _root, { input }, context) =>
      runMutation(context, (tx, actor) => notes.createIdea(tx, actor, input), reread("Idea", query)),
  }),
);

builder.mutationField("updateIdea", (t) =>
  t.withAuth({ signedIn: true }).prismaField({
    type: "Idea",
    args: { id: t.arg.id({ required: true }), input: t.arg({ type: UpdateIdeaInput, required: true }) },
    resolve: (query, _root, { id: globalId, input }, context) => {
      const id = decodeId(globalId, "Idea");
      refuseNulls(input, ["title", "tags", "isPinned", "sortOrder"], "input");
      return runMutation(context, (tx, actor) => notes.updateIdea(tx, actor, id, input), reread("Idea", query));
    },
  }),
);

builder.mutationField("deleteIdea", (t) =>
  t.withAuth({ signedIn: true }).id({
    description: "Deletes one of the viewer's ideas; returns its ID.",
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, args, context) => {
      const id = decodeId(args.id, "Idea");
      await runMutation(context, (tx, actor) => notes.deleteIdea(tx, actor, id));
      return encodeId("Idea", id);
    },
  }),
);
