// The behavior graph's questions answered from PostgreSQL (src/behavior-queries/): viewer-scoped,
// so the product answers them with or without Neo4j.
import { z } from "zod";
import { builder } from "../builder.ts";
import { prisma } from "../../db/index.ts";
import {
  decisionLeads,
  MAX_EVENTS,
  MAX_WINDOW_HOURS,
  skippedHabits,
  type DecisionLead,
  type SkippedHabitsReport,
} from "../../behavior-queries/index.ts";
import { dayBoundsUtc } from "../../domain/calendar.ts";
import { badInput } from "../errors/index.ts";
import { HabitRef } from "../habits/habit.ts";

const hours = z.number().int().min(1).max(MAX_WINDOW_HOURS);
const first = z.number().int().min(1).max(MAX_EVENTS);

const SkippedHabitsRef = builder.objectRef<SkippedHabitsReport>("SkippedHabitsReport").implement({
  description: "Habits due on a day and not done, and what the viewer did next.",
  fields: (t) => ({
    date: t.field({ type: "Date", resolve: (report) => report.date }),
    skipped: t.field({
      type: [HabitRef],
      description: "Due that day, not done (by the day's last habit event), in position order.",
      resolve: (report) => report.skipped,
    }),
    after: t.prismaField({
      type: ["BehaviorOutbox"],
      description: "The viewer's events from the end of that day for `withinHours`, in outbox order (empty when nothing was skipped).",
      resolve: (_query, report) => report.after,
    }),
  }),
});

const DecisionLeadRef = builder.objectRef<DecisionLead>("DecisionLead").implement({
  description: "A decision (suggestion) and the first event that acted on what it suggested.",
  fields: (t) => ({
    decision: t.prismaField({ type: "DecisionTelemetry", resolve: (_query, lead) => lead.decision }),
    action: t.prismaField({ type: "BehaviorOutbox", resolve: (_query, lead) => lead.action }),
  }),
});

builder.queryField("skippedHabits", (t) =>
  t.withAuth({ signedIn: true }).field({
    type: SkippedHabitsRef,
    description:
      "What the viewer did after skipping habits: the habits due on `date` and not done, and the viewer's next events " +
      "(the `withinHours` after the day ended, at most `first`). Answered from the outbox, without Neo4j.",
    args: {
      date: t.arg({ type: "Date", required: true }),
      withinHours: t.arg.int({ required: false, defaultValue: 24, validate: hours }),
      first: t.arg.int({ required: false, defaultValue: 20, validate: first }),
    },
    resolve: (_root, args, context) => {
      try {
        dayBoundsUtc(args.date, context.viewer.timezone);
      } catch {
        throw badInput(`Cannot compute the day ${args.date}`, "date");
      }
      return skippedHabits(prisma, context.viewer, args.date, { withinHours: args.withinHours ?? 24, first: args.first ?? 20 });
    },
  }),
);

builder.queryField("decisionLeads", (t) =>
  t.withAuth({ signedIn: true }).field({
    type: [DecisionLeadRef],
    description:
      "What led to completions: the viewer's decisions with a suggestion id (e.g. `Today.nextAction.id`), newest first, " +
      "each with the first event acting on its target within `withinHours` after it was shown. Answered from the outbox.",
    args: {
      since: t.arg({ type: "DateTime", required: false }),
      withinHours: t.arg.int({ required: false, defaultValue: 24, validate: hours }),
      first: t.arg.int({ required: false, defaultValue: 20, validate: first }),
    },
    resolve: (_root, args, context) =>
      decisionLeads(prisma, context.viewer.userId, {
        since: args.since ?? null,
        withinHours: args.withinHours ?? 24,
        first: args.first ?? 20,
      }),
  }),
);
