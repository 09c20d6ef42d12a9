import { z } from "zod";
import { builder } from "../builder.ts";
import { prisma } from "../../db/index.ts";
import type { Context } from "../context.ts";
import { orderNewestFirst } from "../../domain/ordering.ts";
import { asUuidOrNobody, ownedByViewer } from "../tenancy.ts";
import { encodeId } from "../ids.ts";

function isAdmin(context: Context): boolean {
  return context.viewer?.roles.has("admin") ?? false;
}

builder.prismaNode("AuditLog", {
  id: { field: "id" },
  // A user reads their own rows; an admin reads any row (the admin `auditLog` root lists them all).
  findUnique: (id, context) => (isAdmin(context) ? { id: asUuidOrNobody(id) } : ownedByViewer(id, context)),
  nullable: true,
  description: "One entry of the security trail: sign-in/out, failed sign-in, role changes, catalogue edits, …",
  fields: (t) => ({
    action: t.exposeString("action"),
    targetType: t.exposeString("targetType", { nullable: true }),
    targetId: t.exposeString("targetId", { nullable: true }),
    ipAddress: t.exposeString("ipAddress", { nullable: true }),
    userAgent: t.exposeString("userAgent", { nullable: true }),
    metadata: t.expose("metadata", { type: "JSON" }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    userId: t.id({
      nullable: true,
      description: "The acting user (null when unknown or deleted).",
      resolve: (entry) => (entry.userId ? encodeId("User", entry.userId) : null),
    }),
    sessionId: t.id({
      nullable: true,
      resolve: (entry) => (entry.sessionId ? encodeId("Session", entry.sessionId) : null),
    }),
  }),
});

builder.queryField("auditLog", (t) =>
  t.withAuth({ admin: true }).prismaConnection({
    type: "AuditLog",
    cursor: "id",
    description: "Admin: the whole security trail, newest first.",
    args: { action: t.arg.string({ required: false, validate: z.string().min(1).max(100).nullish() }) },
    resolve: (query, _root, args) =>
      prisma.auditLog.findMany({
        ...query,
        where: args.action ? { action: args.action } : {},
        orderBy: orderNewestFirst(),
      }),
  }),
);
