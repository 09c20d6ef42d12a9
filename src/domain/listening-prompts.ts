// Admin edits of the listening-prompt catalogue (templates and their presets); each leaves a
// `catalogue.*` audit row. Deleting a template deletes its presets.
import type { ListeningPromptPreset, ListeningPromptTemplate, Prisma } from "../generated/prisma/client.ts";
import type { Actor } from "./actor.ts";
import { auditCatalogueEdit, changedFields } from "./audit.ts";
import { notFound, withDatabaseErrors } from "./errors.ts";
import type { Tx } from "./transaction.ts";

export interface TemplateInput {
  key: string;
  title: string;
  prompt: string;
  category: string;
  sortOrder?: number | null;
}

export async function createListeningPromptTemplate(tx: Tx, actor: Actor, input: TemplateInput): Promise<ListeningPromptTemplate> {
  const template = await withDatabaseErrors(() =>
    tx.listeningPromptTemplate.create({
      data: {
        key: input.key,
        title: input.title.trim(),
        prompt: input.prompt,
        category: input.category.trim(),
        sortOrder: input.sortOrder ?? 0,
      },
    }),
  );
  await auditCatalogueEdit(tx, actor, "catalogue.create", { type: "listening_prompt_template", id: template.id }, { key: template.key });
  return template;
}

/** Only the fields given change (the resolver refuses nulls). */
export async function updateListeningPromptTemplate(
  tx: Tx,
  actor: Actor,
  id: string,
  input: Partial<TemplateInput>,
): Promise<ListeningPromptTemplate> {
  const existing = await tx.listeningPromptTemplate.findUnique({ where: { id } });
  if (!existing) throw notFound("ListeningPromptTemplate");
  const template = await withDatabaseErrors(() =>
    tx.listeningPromptTemplate.update({
      where: { id },
      data: {
        key: input.key ?? undefined,
        title: input.title?.trim() ?? undefined,
        prompt: input.prompt ?? undefined,
        category: input.category?.trim() ?? undefined,
        sortOrder: input.sortOrder ?? undefined,
      },
    }),
  );
  await auditCatalogueEdit(
    tx,
    actor,
    "catalogue.update",
    { type: "listening_prompt_template", id },
    {
      key: existing.key,
      changes: changedFields(input),
    },
  );
  return template;
}

export async function deleteListeningPromptTemplate(tx: Tx, actor: Actor, id: string): Promise<void> {
  const existing = await tx.listeningPromptTemplate.findUnique({ where: { id } });
  if (!existing) throw notFound("ListeningPromptTemplate");
  await tx.listeningPromptTemplate.delete({ where: { id } });
  await auditCatalogueEdit(tx, actor, "catalogue.delete", { type: "listening_prompt_template", id }, { key: existing.key });
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
  const preset = await withDatabaseErrors(() =>
    tx.listeningPromptPreset.create({
      data: {
        templateId: input.templateId,
        key: input.key,
        name: input.name.trim(),
        params: (input.params ?? {}) as Prisma.InputJsonValue,
        sortOrder: input.sortOrder ?? 0,
      },
    }),
  );
  await auditCatalogueEdit(tx, actor, "catalogue.create", { type: "listening_prompt_preset", id: preset.id }, { key: preset.key });
  return preset;
}

/** Only the fields given change (the resolver refuses nulls). */
export async function updateListeningPromptPreset(
  tx: Tx,
  actor: Actor,
  id: string,
  input: Partial<Omit<PresetInput, "templateId">>,
): Promise<ListeningPromptPreset> {
  const existing = await tx.listeningPromptPreset.findUnique({ where: { id } });
  if (!existing) throw notFound("ListeningPromptPreset");
  const preset = await withDatabaseErrors(() =>
    tx.listeningPromptPreset.update({
      where: { id },
      data: {
        key: input.key ?? undefined,
        name: input.name?.trim() ?? undefined,
        params: input.params == null ? undefined : (input.params as Prisma.InputJsonValue),
        sortOrder: input.sortOrder ?? undefined,
      },
    }),
  );
  await auditCatalogueEdit(
    tx,
    actor,
    "catalogue.update",
    { type: "listening_prompt_preset", id },
    {
      key: existing.key,
      changes: changedFields(input),
    },
  );
  return preset;
}

export async function deleteListeningPromptPreset(tx: Tx, actor: Actor, id: string): Promise<void> {
  const existing = await tx.listeningPromptPreset.findUnique({ where: { id } });
  if (!existing) throw notFound("ListeningPromptPreset");
  await tx.listeningPromptPreset.delete({ where: { id } });
  await auditCatalogueEdit(tx, actor, "catalogue.delete", { type: "listening_prompt_preset", id }, { key: existing.key });
}
