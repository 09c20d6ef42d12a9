import { builder } from "../builder.ts";
import { prisma } from "../../db/index.ts";
import { orderNewestFirst, orderOldestFirst } from "../../domain/ordering.ts";
import { NOBODY, ownedByViewer } from "../tenancy.ts";

builder.prismaNode("User", {
  id: { field: "id" },
  // Only the viewer's own user resolves: any other user's ID reads exactly like a missing one.
  findUnique: (id, context) => ({ id: context.viewer?.userId === id ? id : NOBODY }),
  nullable: true,
  description: "The signed-in user. Other users are never readable.",
  fields: (t) => ({
    email: t.exposeString("email"),
    displayName: t.exposeString("displayName"),
    avatarUrl: t.exposeString("avatarUrl", { nullable: true }),
    emailVerifiedAt: t.expose("emailVerifiedAt", { type: "DateTime", nullable: true }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    updatedAt: t.expose("updatedAt", { type: "DateTime" }),
    roles: t.stringList({
      description: "Keys of the roles the user holds (e.g. `user`, `admin`), sorted.",
      select: { userRoles: { select: { role: { select: { key: true } } } } },
      resolve: (user) => user.userRoles.map((userRole) => userRole.role.key).sort(),
    }),
    roleAssignments: t.relation("userRoles", {
      description: "The user's role grants, oldest first.",
      query: { orderBy: orderOldestFirst() },
    }),
    settings: t.relation("settings", { nullable: true }),
    sessions: t.relatedConnection("sessions", {
      cursor: "id",
      description: "The user's sessions, newest first (revoked and expired ones included).",
      query: { orderBy: orderNewestFirst() },
    }),
    auditLog: t.relatedConnection("auditLog", {
      cursor: "id",
      description: "The user's own security trail, newest first.",
      args: { action: t.arg.string({ required: false }) },
      query: (args) => ({ where: args.action ? { action: args.action } : {}, orderBy: orderNewestFirst() }),
    }),
    accounts: t.relatedConnection("accounts", {
      cursor: "id",
      description: "The ways the user can sign in.",
      query: { orderBy: orderOldestFirst() },
    }),
  }),
});

builder.prismaNode("Account", {
  id: { field: "id" },
  findUnique: ownedByViewer,
  nullable: true,
  description: "A way to sign in (`credentials` = email and password). Secrets are never exposed.",
  fields: (t) => ({
    provider: t.exposeString("provider"),
    providerAccountId: t.exposeString("providerAccountId"),
  }),
});

builder.prismaNode("Session", {
  id: { field: "id" },
  findUnique: ownedByViewer,
  nullable: true,
  description: "A signed-in session. The bearer token is shown once at sign-in and never again.",
  fields: (t) => ({
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    expiresAt: t.expose("expiresAt", { type: "DateTime" }),
    revokedAt: t.expose("revokedAt", { type: "DateTime", nullable: true }),
    lastUsedAt: t.expose("lastUsedAt", { type: "DateTime", nullable: true }),
    userAgent: t.exposeString("userAgent", { nullable: true }),
    ipAddress: t.exposeString("ipAddress", { nullable: true }),
    isCurrent: t.boolean({
      description: "True for the session this request is signed in with.",
      resolve: (session, _args, context) => context.viewer?.sessionId === session.id,
    }),
  }),
});

builder.queryField("viewer", (t) =>
  t.prismaField({
    type: "User",
    nullable: true,
    description: "The signed-in user, or null when signed out.",
    resolve: (query, _root, _args, context) =>
      context.viewer ? prisma.user.findUnique({ ...query, where: { id: context.viewer.userId } }) : null,
  }),
);
