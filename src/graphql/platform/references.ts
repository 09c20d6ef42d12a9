import { z } from "zod";
import { builder } from "../builder.ts";
import { prisma } from "../../db/index.ts";
import type { Prisma } from "../../generated/prisma/client.ts";
import { notFound } from "../errors/index.ts";
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
      prisma.$transaction((tx) =>
        tx.userReference.create({
          ...query,
          data: {
            userId: context.viewer.userId,
            kind: input.kind ?? "link",
            title: input.title.trim(),
            url: input.url ?? null,
            description: input.description ?? null,
            tags: input.tags?.map((tag) => tag.trim()) ?? [],
            sortOrder: input.sortOrder ?? 0,
          },
        }),
      ),
  }),
);

builder.mutationField("updateUserReference", (t) =>
  t.withAuth({ signedIn: true }).prismaField({
    type: "UserReference",
    args: { id: t.arg.id({ required: true }), input: t.arg({ type: UpdateUserReferenceInput, required: true }) },
    resolve: (query, _root, { id: globalId, input }, context) => {
      const id = decodeId(globalId, "UserReference");
      refuseNulls(input, ["kind", "title", "tags", "sortOrder"], "input");
      const data: Prisma.UserReferenceUpdateManyMutationInput = { updatedAt: new Date() };
      if (input.kind != null) data.kind = input.kind;
      if (input.title != null) data.title = input.title.trim();
      if (input.url !== undefined) data.url = input.url;
      if (input.description !== undefined) data.description = input.description;
      if (input.tags != null) data.tags = input.tags.map((tag) => tag.trim());
      if (input.sortOrder != null) data.sortOrder = input.sortOrder;
      return prisma.$transaction(async (tx) => {
        const { count } = await tx.userReference.updateMany({ where: { id, userId: context.viewer.userId }, data });
        if (count === 0) throw notFound("UserReference");
        return tx.userReference.findUniqueOrThrow({ ...query, where: { id } });
      });
    },
  }),
);

builder.mutationField("deleteUserReference", (t) =>
  t.withAuth({ signedIn: true }).id({
    description: "Deletes one of the viewer's saved references; returns its ID.",
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, args, context) => {
      const id = decodeId(args.id, "UserReference");
      const { count } = await prisma.$transaction((tx) => tx.userReference.deleteMany({ where: { id, userId: context.viewer.userId } }));
      if (count === 0) throw notFound("UserReference");
      return encodeId("UserReference", id);
    },
  }),
);
