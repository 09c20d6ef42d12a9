// Admin edits of the listening-prompt catalogue (templates and their presets); each leaves a
// `catalogue.*` audit row. Deleting a template deletes its presets.
import type { ListeningPromptPreset, ListeningPromptTemplate, Prisma } from "../generated/prisma/client.ts";
import type { Actor } from "./actor.ts";
import { changedFields } from "./audit.ts";
import { catalogueTable, createCatalogueRow, deleteCatalogueRow, updateCatalogueRow } from "./catalogue-edit.ts";
import { notFound } from "./errors.ts";
import type { Tx } from "./transaction.ts";

export interface TemplateInput {
  key: string;
  title: string;
  prompt: string;
  category: string;
  sortOrder?: number | null;
}

const templates = catalogueTable<ListeningPromptTemplate>(
  "ListeningPromptTemplate",
  "listening_prompt_template",
  (tx) => tx.listeningPromptTemplate,
);
const presets = catalogueTable<ListeningPromptPreset>("ListeningPromptPreset", "listening_prompt_preset", (tx) => tx.listeningPromptPreset);

export function createListeningPromptTemplate(tx: Tx, actor: Actor, input: TemplateInput): Promise<ListeningPromptTemplate> {
  const { key, prompt } = input;
  return createCatalogueRow(tx, actor, templates, () =>
    tx.listeningPromptTemplate.create({
      data: { key, title: input.title.trim(), prompt, category: input.category.trim(), sortOrder: input.sortOrder ?? 0 },
    }),
  );
}

/** Only the fields given change (the resolver refuses nulls). */
export function updateListeningPromptTemplate(
  tx: Tx,
  actor: Actor,
  id: string,
  input: Partial<TemplateInput>,
): Promise<ListeningPromptTemplate> {
  const data = {
    key: input.key ?? undefined,
    title: input.title?.trim() ?? undefined,
    prompt: input.prompt ?? undefined,
    category: input.category?.trim() ?? undefined,
    sortOrder: input.sortOrder ?? undefined,
  };
  return updateCatalogueRow(tx, actor, templates, id, { changes: changedFields(input) }, () =>
    tx.listeningPromptTemplate.update({ where: { id }, data }),
  );
}

/** Its presets go with it. */
export function deleteListeningPromptTemplate(tx: Tx, actor: Actor, id: string): Promise<void> {
  return deleteCatalogueRow(tx, actor, templates, id);
}

export interface PresetInput {
  templateId: string;
  key: string;
  name: string;
  params?: unknown;
  sortOrder?: number | null;
}

export async function createListeningPromptPreset(tx: Tx, actor: Actor, input: PresetInput): Promise<ListeningPromptPreset> {
  if (!(await tx.listeningPromptTemplate.findUnique({ where: { id: input.templateId }, select: { id: true } }))) {
    throw notFound("ListeningPromptTemplate");
  }
  const { templateId, key } = input;
  return createCatalogueRow(tx, actor, presets, () =>
    tx.listeningPromptPreset.create({
      data: {
        templateId,
        key,
        name: input.name.trim(),
        params: (input.params ?? {}) as Prisma.InputJsonValue,
        sortOrder: input.sortOrder ?? 0,
      },
    }),
  );
}

/** Only the fields given change (the resolver refuses nulls). */
export function updateListeningPromptPreset(
  tx: Tx,
  actor: Actor,
  id: string,
  input: Partial<Omit<PresetInput, "templateId">>,
): Promise<ListeningPromptPreset> {
  const params = input.params == null ? undefined : (input.params as Prisma.InputJsonValue);
  const data = { key: input.key ?? undefined, name: input.name?.trim() ?? undefined, params, sortOrder: input.sortOrder ?? undefined };
  return updateCatalogueRow(tx, actor, presets, id, { changes: changedFields(input) }, () =>
    tx.listeningPromptPreset.update({ where: { id }, data }),
  );
}

export function deleteListeningPromptPreset(tx: Tx, actor: Actor, id: string): Promise<void> {
  return deleteCatalogueRow(tx, actor, presets, id);
}
