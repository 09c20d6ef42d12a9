import { z } from "zod";
import { builder } from "../builder.ts";
import { prisma } from "../../db/index.ts";
import { advanceProjection } from "../../domain/behavior.ts";
import type { Context } from "../context.ts";
import { asUuidOrNobody, NOBODY, viewerIdOrNobody } from "../tenancy.ts";
import { encodeId } from "../ids.ts";
import { reread, runMutation } from "../mutation.ts";

const isAdmin = (context: Context) => context.viewer?.roles.has("admin") ?? false;
const BIGINT_ID = /^[0-9]{1,19}$/;

/** A raw outbox id from its decimal string; anything else matches no row. */
function outboxIdOrNone(id: string): bigint {
  return BIGINT_ID.test(id) ? BigInt(id) : -1n;
}

builder.prismaNode("BehaviorOutbox", {
  id: { field: "id" },
  // Admins read any event; a user only their own (through node()).
  findUnique: (id, context) =>
    isAdmin(context) ? { id: outboxIdOrNone(id) } : { id: outboxIdOrNone(id), userId: viewerIdOrNobody(context) },
  nullable: true,
  description: "An append-only domain event for projections (the catalogue: docs/events.md).",
  fields: (t) => ({
    sequence: t.id({
      description: "The event's position in the outbox (the bigint key, as a decimal string); projectors keep this as their cursor.",
      resolve: (event) => event.id.toString(),
    }),
    eventType: t.exposeString("eventType"),
    payload: t.expose("payload", { type: "JSON" }),
    idempotencyKey: t.exposeString("idempotencyKey"),
    userId: t.id({ nullable: true, resolve: (event) => (event.userId ? encodeId("User", event.userId) : null) }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
  }),
});

const sequenceSchema = z.string().regex(BIGINT_ID, { message: "must be an outbox sequence (a non-negative integer)" });

builder.queryField("behaviorOutbox", (t) =>
  t.withAuth({ admin: true }).prismaConnection({
    type: "BehaviorOutbox",
    cursor: "id",
    description:
      "Admin: the outbox in write order (sequence ascending). `afterSequence` reads past a projector's " +
      "`lastProcessedId`; `after` is the usual connection cursor.",
    args: {
      afterSequence: t.arg.id({ required: false, validate: sequenceSchema.nullish() }),
      eventType: t.arg.string({ required: false, validate: z.string().min(1).max(100).nullish() }),
    },
    resolve: (query, _root, args) =>
      prisma.behaviorOutbox.findMany({
        ...query,
        where: {
          ...(args.afterSequence != null ? { id: { gt: BigInt(String(args.afterSequence)) } } : {}),
          ...(args.eventType ? { eventType: args.eventType } : {}),
        },
        orderBy: { id: "asc" },
      }),
  }),
);

builder.prismaNode("BehaviorProjectionState", {
  id: { field: "id" },
  findUnique: (id, context) => ({ id: isAdmin(context) ? asUuidOrNobody(id) : NOBODY }),
  nullable: true,
  authScopes: { admin: true },
  description: "How far one projector has read the outbox (admin only).",
  fields: (t) => ({
    projector: t.exposeString("projector"),
    lastProcessedId: t.id({
      nullable: true,
      description: "Sequence of the last event the projector handled.",
      resolve: (state) => state.lastProcessedId?.toString() ?? null,
    }),
    lastProcessedAt: t.expose("lastProcessedAt", { type: "DateTime", nullable: true }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    updatedAt: t.expose("updatedAt", { type: "DateTime" }),
  }),
});

builder.queryField("behaviorProjections", (t) =>
  t.withAuth({ admin: true }).prismaField({
    type: ["BehaviorProjectionState"],
    description: "Admin: every projector's cursor, by name.",
    resolve: (query) => prisma.behaviorProjectionState.findMany({ ...query, orderBy: [{ projector: "asc" }] }),
  }),
);

builder.mutationField("advanceProjection", (t) =>
  t.withAuth({ admin: true }).prismaField({
    type: "BehaviorProjectionState",
    description:
      "Admin: moves a projector's cursor forward to `lastProcessedId` (created on first use). Moving it back is a " +
      "CONFLICT; the same position again changes nothing; a position past the newest event is BAD_USER_INPUT.",
    args: {
      projector: t.arg.string({ required: true, validate: z.string().regex(/^[a-z0-9][a-z0-9_.:-]{0,99}$/) }),
      lastProcessedId: t.arg.id({ required: true, validate: sequenceSchema }),
    },
    resolve: (query, _root, args, context) => {
      const target = BigInt(String(args.lastProcessedId));
      return runMutation(
        context,
        (tx, admin) => advanceProjection(tx, admin, args.projector, target),
        reread("BehaviorProjectionState", query),
      );
    },
  }),
);
