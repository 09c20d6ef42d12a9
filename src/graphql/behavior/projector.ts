// Admin: the projectors' progress over the outbox (cursor, lag, throughput).
import { builder } from "../builder.ts";
import { prisma } from "../../db/index.ts";
import { projectionStatus, type ProjectionStatus } from "../../domain/projection.ts";

const ProjectorStatus = builder.objectRef<ProjectionStatus>("ProjectorStatus").implement({
  description: "One projector's cursor over the outbox and how far behind it is.",
  fields: (t) => ({
    projector: t.exposeString("projector"),
    lastProcessedId: t.id({
      nullable: true,
      description: "Sequence of the last event handled (the cursor is kept in projection order, (transaction, sequence)).",
      resolve: (status) => status.lastProcessedId?.toString() ?? null,
    }),
    lastProcessedAt: t.expose("lastProcessedAt", { type: "DateTime", nullable: true }),
    eventsProcessed: t.string({
      description: "Events delivered to the sink so far (a decimal string; replays after a crash count again).",
      resolve: (status) => status.eventsProcessed.toString(),
    }),
    lagEvents: t.string({ description: "Events after the cursor (a decimal string).", resolve: (status) => status.lagEvents.toString() }),
    lagSeconds: t.float({
      description: "Age of the oldest event after the cursor; 0 when caught up.",
      resolve: (status) => status.lagSeconds,
    }),
  }),
});

builder.queryField("projectorStatus", (t) =>
  t.withAuth({ admin: true }).field({
    type: [ProjectorStatus],
    description: "Admin: every projector's cursor, lag (events, seconds) and events processed, by name.",
    resolve: () => projectionStatus(prisma),
  }),
);
