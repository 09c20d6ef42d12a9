import { z } from "zod";
import { builder } from "../builder.ts";
import { prisma } from "../../db/index.ts";
import { auditViewerAction } from "../audit.ts";
import { conflict, notFound, withDatabaseErrors } from "../errors/index.ts";
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
      return prisma.$transaction(async (tx) => {
        const [role, user] = await Promise.all([
          tx.role.findUnique({ where: { key: args.roleKey }, select: { id: true } }),
          tx.user.findUnique({ where: { id: userId }, select: { id: true } }),
        ]);
        if (!role) throw notFound("Role");
        if (!user) throw notFound("User");
        const existing = await tx.userRole.findUnique({
          ...query,
          where: { userId_roleId: { userId: user.id, roleId: role.id } },
        });
        if (existing) return existing;
        const created = await withDatabaseErrors(() =>
          tx.userRole.create({ data: { userId: user.id, roleId: role.id, grantedById: context.viewer.userId } }),
        );
        await auditViewerAction(tx, context, "role.grant", { type: "User", id: user.id }, { roleKey: args.roleKey });
        return tx.userRole.findUniqueOrThrow({ ...query, where: { id: created.id } });
      });
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
    resolve: (_root, args, context) => {
      const userId = decodeId(args.userId, "User", "userId");
      return prisma.$transaction(async (tx) => {
        const userRole = await tx.userRole.findFirst({
          where: { userId, role: { key: args.roleKey } },
          select: { id: true, roleId: true },
        });
        if (!userRole) throw notFound("UserRole");
        if (args.roleKey === "admin") {
          const admins = await tx.userRole.count({ where: { roleId: userRole.roleId } });
          if (admins <= 1) throw conflict("The last admin cannot lose the admin role");
        }
        await tx.userRole.delete({ where: { id: userRole.id } });
        await auditViewerAction(tx, context, "role.revoke", { type: "User", id: userId }, { roleKey: args.roleKey });
        return encodeId("UserRole", userRole.id);
      });
    },
  }),
);
