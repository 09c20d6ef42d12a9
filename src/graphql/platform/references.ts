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

builder.prismaNode("UserReference", {
  id: { field: "id" },
  findUnique: ownedByViewer,
  nullable: true,
  description: "A link, note or file the user keeps for later.",
  fields: (t) => ({
    kind: t.exposeString("kind", { description: "e.g. `link`, `note`, `file`." }),
    title: t.exposeString("title"),
    url: t.exposeString("url", { nullable: true }),
    description: t.exposeString("description", { nullable: true }),
    tags: t.exposeStringList("tags"),
    sortOrder: t.exposeInt("sortOrder"),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    updatedAt: t.expose("updatedAt", { type: "DateTime" }),
  }),
});

builder.prismaObjectField("User", "references", (t) =>
  t.relatedConnection("references", {
    cursor: "id",
    description: "The user's saved references, by position.",
    args: {
      kind: t.arg.string({ required: false }),
      tag: t.arg.string({ required: false }),
    },
    query: (args) => ({
      where: {
        ...(args.kind ? { kind: args.kind } : {}),
        ...(args.tag ? { tags: { has: args.tag } } : {}),
      },
      orderBy: orderByPosition(),
    }),
  }),
);

builder.queryField("userReference", (t) =>
  t.withAuth({ signedIn: true }).prismaField({
    type: "UserReference",
    nullable: true,
    args: { id: t.arg.id({ required: true }) },
    resolve: (query, _root, args, context) =>
      prisma.userReference.findFirst({
        ...query,
        where: { id: decodeId(args.id, "UserReference"), userId: context.viewer.userId },
      }),
  }),
);

const kind = z.string().regex(/^[a-z][a-z0-9_-]{0,39}$/, { message: "must be a lower-case word such as link" });
const title = z.string().trim().min(1).max(200);
const url = z.url({ protocol: /^https?$/, message: "must be an http(s) URL" }).max(2000);
const description = z.string().max(5000);

const CreateUserReferenceInput = builder.inputType("CreateUserReferenceInput", {
  fields: (t) => ({
    kind: t.string({ required: false, description: "Default `link`.", validate: kind.nullish() }),
    title: t.string({ required: true, validate: title }),
    url: t.string({ required: false, validate: url.nullish() }),
    description: t.string({ required: false, validate: description.nullish() }),
    tags: t.stringList({ required: false, validate: tagsSchema.nullish() }),
    sortOrder: t.int({ required: false, validate: sortOrder }),
  }),
});

// Left-out fields are unchanged; `url: null` / `description: null` clear them.
const UpdateUserReferenceInput = builder.inputType("UpdateUserReferenceInput", {
  fields: (t) => ({
    kind: t.string({ validate: kind.optional() }),
    title: t.string({ validate: title.optional() }),
    url: t.string({ validate: url.nullish() }),
    description: t.string({ validate: description.nullish() }),
    tags: t.stringList({ validate: tagsSchema.optional() }),
    sortOrder: t.int({ validate: position.optional() }),
  }),
});

builder.mutationField("createUserReference", (t) =>
  t.withAuth({ signedIn: true }).prismaField({
    type: "UserReference",
    args: { input: t.arg({ type: CreateUserReferenceInput, required: true }) },
    resolve: (query, _root, { input }, context) =>
      runMutation(context, (tx, actor) => notes.createUserReference(tx, actor, input), reread("UserReference", query)),
  }),
);

builder.mutationField("updateUserReference", (t) =>
  t.withAuth({ signedIn: true }).prismaField({
    type: "UserReference",
    args: { id: t.arg.id({ required: true }), input: t.arg({ type: UpdateUserReferenceInput, required: true }) },
    resolve: (query, _root, { id: globalId, input }, context) => {
      const id = decodeId(globalId, "UserReference");
      refuseNulls(input, ["kind", "title", "tags", "sortOrder"], "input");
      return runMutation(context, (tx, actor) => notes.updateUserReference(tx, actor, id, input), reread("UserReference", query));
    },
  }),
);

builder.mutationField("deleteUserReference", (t) =>
  t.withAuth({ signedIn: true }).id({
    description: "Deletes one of the viewer's saved references; returns its ID.",
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, args, context) => {
      const id = decodeId(args.id, "UserReference");
      await runMutation(context, (tx, actor) => notes.deleteUserReference(tx, actor, id));
      return encodeId("UserReference", id);
    },
  }),
);
