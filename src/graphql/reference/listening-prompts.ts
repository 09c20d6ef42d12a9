// The guided-listening prompt catalogue: public reads, admin-only writes (audited).
import { prisma } from "../../db/index.ts";
import * as prompts from "../../domain/listening-prompts.ts";
import { builder } from "../builder.ts";
import { reread, runMutation } from "../mutation.ts";
import { decodeId, encodeId } from "../ids.ts";
import { orderByPosition } from "../../domain/ordering.ts";
import { catalogueNode } from "../tenancy.ts";
import { catalogueKey, jsonObject, nonBlank, refuseNulls, sortOrder } from "../validators.ts";

/** Fills `{name}` placeholders from params; unknown placeholders are left as written. */
export function renderPrompt(prompt: string, params: unknown): string {
  const values = typeof params === "object" && params !== null && !Array.isArray(params) ? (params as Record<string, unknown>) : {};
  return prompt.replace(/\{([A-Za-z0-9_]+)\}/g, (placeholder, name: string) => {
    const value = values[name];
    return typeof value === "string" || typeof value === "number" || typeof value === "boolean" ? String(value) : placeholder;
  });
}

builder.prismaNode("ListeningPromptTemplate", {
  id: { field: "id" },
  findUnique: catalogueNode,
  nullable: true,
  description: "A guided-listening prompt; `{placeholders}` are filled from a preset's params.",
  fields: (t) => ({
    key: t.exposeString("key"),
    title: t.exposeString("title"),
    prompt: t.exposeString("prompt"),
    category: t.exposeString("category"),
    sortOrder: t.exposeInt("sortOrder"),
    presets: t.relation("presets", { description: "By position.", query: { orderBy: orderByPosition() } }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    updatedAt: t.expose("updatedAt", { type: "DateTime" }),
  }),
});

builder.prismaNode("ListeningPromptPreset", {
  id: { field: "id" },
  findUnique: catalogueNode,
  nullable: true,
  description: "Ready-made parameters for a listening prompt template.",
  fields: (t) => ({
    template: t.relation("template"),
    key: t.exposeString("key"),
    name: t.exposeString("name"),
    params: t.expose("params", { type: "JSON" }),
    renderedPrompt: t.string({
      description: "The template's prompt with this preset's params filled in.",
      select: { params: true, template: { select: { prompt: true } } },
      resolve: (preset) => renderPrompt(preset.template.prompt, preset.params),
    }),
    sortOrder: t.exposeInt("sortOrder"),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    updatedAt: t.expose("updatedAt", { type: "DateTime" }),
  }),
});

builder.queryField("listeningPromptTemplates", (t) =>
  t.prismaConnection({
    type: "ListeningPromptTemplate",
    cursor: "id",
    description: "The listening prompt catalogue with presets, in catalogue order; optionally one category.",
    args: { category: t.arg.string() },
    resolve: (query, _root, args) =>
      prisma.listeningPromptTemplate.findMany({
        ...query,
        where: args.category ? { category: args.category } : {},
        orderBy: orderByPosition(),
      }),
  }),
);

// ---------------------------------------------------------------------------
// Admin writes

const CreateTemplateInput = builder.inputType("CreateListeningPromptTemplateInput", {
  fields: (t) => ({
    key: t.string({ required: true, validate: catalogueKey }),
    title: t.string({ required: true, validate: nonBlank(200) }),
    prompt: t.string({ required: true, validate: nonBlank(5000) }),
    category: t.string({ required: true, validate: nonBlank(100) }),
    sortOrder: t.int({ validate: sortOrder }),
  }),
});

const UpdateTemplateInput = builder.inputType("UpdateListeningPromptTemplateInput", {
  fields: (t) => ({
    key: t.string({ validate: catalogueKey.nullish() }),
    title: t.string({ validate: nonBlank(200).nullish() }),
    prompt: t.string({ validate: nonBlank(5000).nullish() }),
    category: t.string({ validate: nonBlank(100).nullish() }),
    sortOrder: t.int({ validate: sortOrder }),
  }),
});

const CreatePresetInput = builder.inputType("CreateListeningPromptPresetInput", {
  fields: (t) => ({
    templateId: t.id({ required: true }),
    key: t.string({ required: true, validate: catalogueKey }),
    name: t.string({ required: true, validate: nonBlank(200) }),
    params: t.field({ type: "JSON", description: "A JSON object.", validate: jsonObject.nullish() }),
    sortOrder: t.int({ validate: sortOrder }),
  }),
});

const UpdatePresetInput = builder.inputType("UpdateListeningPromptPresetInput", {
  fields: (t) => ({
    key: t.string({ validate: catalogueKey.nullish() }),
    name: t.string({ validate: nonBlank(200).nullish() }),
    params: t.field({ type: "JSON", validate: jsonObject.nullish() }),
    sortOrder: t.int({ validate: sortOrder }),
  }),
});

builder.mutationField("createListeningPromptTemplate", (t) =>
  t.withAuth({ admin: true }).prismaField({
    type: "ListeningPromptTemplate",
    description: "Admin only.",
    args: { input: t.arg({ type: CreateTemplateInput, required: true }) },
    resolve: (query, _root, { input }, ctx) =>
      runMutation(ctx, (tx, actor) => prompts.createListeningPromptTemplate(tx, actor, input), reread("ListeningPromptTemplate", query)),
  }),
);

builder.mutationField("updateListeningPromptTemplate", (t) =>
  t.withAuth({ admin: true }).prismaField({
    type: "ListeningPromptTemplate",
    description: "Admin only.",
    args: { id: t.arg.id({ required: true }), input: t.arg({ type: UpdateTemplateInput, required: true }) },
    resolve: (query, _root, args, ctx) => {
      const id = decodeId(args.id, "ListeningPromptTemplate");
      refuseNulls(args.input);
      const { input } = args;
      return runMutation(
        ctx,
        (tx, actor) => prompts.updateListeningPromptTemplate(tx, actor, id, input),
        reread("ListeningPromptTemplate", query),
      );
    },
  }),
);

builder.mutationField("deleteListeningPromptTemplate", (t) =>
  t.withAuth({ admin: true }).id({
    description: "Admin only: deletes a template and its presets.",
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, args, ctx) => {
      const id = decodeId(args.id, "ListeningPromptTemplate");
      await runMutation(ctx, (tx, actor) => prompts.deleteListeningPromptTemplate(tx, actor, id));
      return encodeId("ListeningPromptTemplate", id);
    },
  }),
);

builder.mutationField("createListeningPromptPreset", (t) =>
  t.withAuth({ admin: true }).prismaField({
    type: "ListeningPromptPreset",
    description: "Admin only.",
    args: { input: t.arg({ type: CreatePresetInput, required: true }) },
    resolve: (query, _root, { input }, ctx) => {
      const templateId = decodeId(input.templateId, "ListeningPromptTemplate", "templateId");
      return runMutation(
        ctx,
        (tx, actor) => prompts.createListeningPromptPreset(tx, actor, { ...input, templateId }),
        reread("ListeningPromptPreset", query),
      );
    },
  }),
);

builder.mutationField("updateListeningPromptPreset", (t) =>
  t.withAuth({ admin: true }).prismaField({
    type: "ListeningPromptPreset",
    description: "Admin only.",
    args: { id: t.arg.id({ required: true }), input: t.arg({ type: UpdatePresetInput, required: true }) },
    resolve: (query, _root, args, ctx) => {
      const id = decodeId(args.id, "ListeningPromptPreset");
      refuseNulls(args.input);
      const { input } = args;
      return runMutation(
        ctx,
        (tx, actor) => prompts.updateListeningPromptPreset(tx, actor, id, input),
        reread("ListeningPromptPreset", query),
      );
    },
  }),
);

builder.mutationField("deleteListeningPromptPreset", (t) =>
  t.withAuth({ admin: true }).id({
    description: "Admin only.",
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, args, ctx) => {
      const id = decodeId(args.id, "ListeningPromptPreset");
      await runMutation(ctx, (tx, actor) => prompts.deleteListeningPromptPreset(tx, actor, id));
      return encodeId("ListeningPromptPreset", id);
    },
  }),
);
