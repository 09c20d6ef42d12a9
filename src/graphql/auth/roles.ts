import { z } from "zod";
import { builder } from "../builder.ts";
import { prisma } from "../../db/index.ts";
import * as roles from "../../domain/roles.ts";
import { reread, runMutation } from "../mutation.ts";
import { orderOldestFirst } from "../../domain/ordering.ts";
import { catalogueNode, ownedByViewer } from "../tenancy.ts";
import { decodeId, encodeId } from "../ids.ts";

builder.prismaNode("Role", {
  id: { field: "id" },
  findUnique: catalogueNode,
  nullable: true,
  authScopes: { signedIn: true },
  description: "A role of the catalogue (e.g. `user`, `admin`). Readable by signed-in users.",
  fields: (t) => ({
    key: t.exposeString("key"),
    name: t.exposeString("name"),
    description: t.exposeString("description", { nullable: true }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    updatedAt: t.expose("updatedAt", { type: "DateTime" }),
  }),
});

builder.prismaNode("UserRole", {
  id: { field: "id" },
  findUnique: ownedByViewer,
  nullable: true,
  description: "A role held by a user.",
  fields: (t) => ({
    role: t.relation("role"),
    userId: t.id({ resolve: (userRole) => encodeId("User", userRole.userId) }),
    // Only the ID of the granting admin: the User type never exposes another user.
    grantedById: t.id({
      nullable: true,
      resolve: (userRole) => (userRole.grantedById ? encodeId("User", userRole.grantedById) : null),
    }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
  }),
});

builder.queryField("roles", (t) =>
  t.withAuth({ signedIn: true }).prismaConnection({
    type: "Role",
    cursor: "id",
    description: "The role catalogue, oldest first.",
    resolve: (query) => prisma.role.findMany({ ...query, orderBy: orderOldestFirst() }),
  }),
);

builder.mutationField("grantRole", (t) =>
  t.withAuth({ admin: true }).prismaField({
    type: "UserRole",
    description: "Admin: gives a user a role. Granting a role the user already holds changes nothing.",
    args: {
      userId: t.arg.id({ required: true }),
      roleKey: t.arg.string({ required: true, validate: z.string().min(1).max(64) }),
    },
    resolve: (query, _root, args, context) => {
      const userId = decodeId(args.userId, "User", "userId");
      return runMutation(context, (tx, admin) => roles.grantRole(tx, admin, { userId, roleKey: args.roleKey }), reread("UserRole", query));
    },
  }),
);

builder.mutationField("revokeRole", (t) =>
  t.withAuth({ admin: true }).id({
    description: "Admin: takes a role away from a user. Returns the ID of the removed UserRole.",
    args: {
      userId: t.arg.id({ required: true }),
      roleKey: t.arg.string({ required: true, validate: z.string().min(1).max(64) }),
    },
    resolve: async (_root, args, context) => {
      const userId = decodeId(args.userId, "User", "userId");
      const id = await runMutation(context, (tx, admin) => roles.revokeRole(tx, admin, { userId, roleKey: args.roleKey }));
      return encodeId("UserRole", id);
    },
  }),
);
