import { builder } from "../builder.ts";
import { prisma } from "../../db/index.ts";
import { orderByPosition } from "../../domain/ordering.ts";
import { catalogueNode, viewersRowOf } from "../tenancy.ts";
import { UserDrillStatRef, UserLessonProgressRef } from "./progress.ts";

builder.prismaNode("LearnTopic", {
  id: { field: "id" },
  findUnique: catalogueNode,
  nullable: true,
  fields: (t) => ({
    key: t.exposeString("key"),
    title: t.exposeString("title"),
    description: t.exposeString("description"),
    sortOrder: t.exposeInt("sortOrder"),
    lessons: t.relation("lessons", { query: { orderBy: orderByPosition() } }),
    drills: t.relation("drills", { query: { orderBy: orderByPosition() } }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    updatedAt: t.expose("updatedAt", { type: "DateTime" }),
  }),
});

builder.prismaNode("LearnLesson", {
  id: { field: "id" },
  findUnique: catalogueNode,
  nullable: true,
  fields: (t) => ({
    key: t.exposeString("key"),
    title: t.exposeString("title"),
    summary: t.exposeString("summary"),
    content: t.exposeString("content", { description: "Markdown." }),
    estimatedMinutes: t.exposeInt("estimatedMinutes"),
    xpReward: t.exposeInt("xpReward"),
    sortOrder: t.exposeInt("sortOrder"),
    topic: t.relation("topic"),
    myProgress: t.field({
      type: UserLessonProgressRef,
      nullable: true,
      description: "The viewer's progress on this lesson (null when signed out or not started).",
      ...viewersRowOf("progress"),
    }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    updatedAt: t.expose("updatedAt", { type: "DateTime" }),
  }),
});

builder.prismaNode("LearnDrill", {
  id: { field: "id" },
  findUnique: catalogueNode,
  nullable: true,
  fields: (t) => ({
    key: t.exposeString("key"),
    title: t.exposeString("title"),
    prompt: t.exposeString("prompt"),
    drillType: t.exposeString("drillType"),
    difficulty: t.exposeInt("difficulty"),
    config: t.expose("config", { type: "JSON" }),
    xpReward: t.exposeInt("xpReward"),
    sortOrder: t.exposeInt("sortOrder"),
    topic: t.relation("topic"),
    myStats: t.field({
      type: UserDrillStatRef,
      nullable: true,
      description: "The viewer's results on this drill (null when signed out or never attempted).",
      ...viewersRowOf("stats"),
    }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    updatedAt: t.expose("updatedAt", { type: "DateTime" }),
  }),
});

builder.queryField("learnTopics", (t) =>
  t.prismaConnection({
    type: "LearnTopic",
    cursor: "id",
    description: "Learning topics with their lessons and drills, in catalogue order.",
    resolve: (query) => prisma.learnTopic.findMany({ ...query, orderBy: orderByPosition() }),
  }),
);
