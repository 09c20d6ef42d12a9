// The user's own notes: ideas, infobase entries and saved references. Each row belongs to one
// user; another user's row answers NOT_FOUND exactly as a missing one. Tags are trimmed; in a
// change, a field left out (undefined) stays as it is and a null clears a clearable field.
import type { Idea, InfobaseEntry, UserReference } from "../generated/prisma/client.ts";
import type { Actor } from "./actor.ts";
import { notFound } from "./errors.ts";
import type { Tx } from "./transaction.ts";

const trimmed = (tags: readonly string[] | null | undefined) => tags?.map((tag) => tag.trim());

/** The actor's row `id`: the `where` of every change and delete. */
const owned = (actor: Actor, id: string) => ({ id, userId: actor.userId });

/** Throws NOT_FOUND when a change or delete of the actor's row touched no row. */
async function touchedOne(what: string, id: string, write: Promise<{ count: number }>): Promise<{ id: string }> {
  if ((await write).count === 0) throw notFound(what);
  return { id };
}

/** Changes the actor's row `id` with `updateMany` (stamping updatedAt); NOT_FOUND when it is not theirs. */
function updateOwned<Data extends object>(
  what: string,
  actor: Actor,
  id: string,
  data: Data,
  updateMany: (args: { where: { id: string; userId: string }; data: Data & { updatedAt: Date } }) => Promise<{ count: number }>,
): Promise<{ id: string }> {
  return touchedOne(what, id, updateMany({ where: owned(actor, id), data: { ...data, updatedAt: new Date() } }));
}

/** The columns every new note has: owner, trimmed title and tags, position. */
const newNote = (actor: Actor, input: Tagged & { title: string }) => ({
  userId: actor.userId,
  title: input.title.trim(),
  tags: trimmed(input.tags) ?? [],
  sortOrder: input.sortOrder ?? 0,
});

/** Fields shared by the three kinds (their changes too, where nulls of required fields are refused at the edge). */
interface Tagged {
  tags?: readonly string[] | null;
  sortOrder?: number | null;
}

// ---- Ideas

export interface IdeaInput extends Tagged {
  title: string;
  body?: string | null;
  isPinned?: boolean | null;
}

export function createIdea(tx: Tx, actor: Actor, input: IdeaInput): Promise<Idea> {
  return tx.idea.create({ data: { ...newNote(actor, input), body: input.body ?? null, isPinned: input.isPinned ?? false } });
}

export function updateIdea(tx: Tx, actor: Actor, id: string, input: Partial<IdeaInput>): Promise<{ id: string }> {
  const data = { title: input.title?.trim(), body: input.body, tags: trimmed(input.tags), isPinned: input.isPinned ?? undefined };
  return updateOwned("Idea", actor, id, { ...data, sortOrder: input.sortOrder ?? undefined }, (args) => tx.idea.updateMany(args));
}

export async function deleteIdea(tx: Tx, actor: Actor, id: string): Promise<void> {
  await touchedOne("Idea", id, tx.idea.deleteMany({ where: owned(actor, id) }));
}

// ---- Infobase entries

export interface InfobaseEntryInput extends Tagged {
  title: string;
  content: string;
  category?: string | null;
}

export function createInfobaseEntry(tx: Tx, actor: Actor, input: InfobaseEntryInput): Promise<InfobaseEntry> {
  const category = input.category?.trim() ?? null;
  return tx.infobaseEntry.create({ data: { ...newNote(actor, input), content: input.content, category } });
}

export function updateInfobaseEntry(tx: Tx, actor: Actor, id: string, input: Partial<InfobaseEntryInput>): Promise<{ id: string }> {
  const category = input.category === undefined ? undefined : (input.category?.trim() ?? null);
  const data = { title: input.title?.trim(), content: input.content ?? undefined, category, tags: trimmed(input.tags) };
  return updateOwned("InfobaseEntry", actor, id, { ...data, sortOrder: input.sortOrder ?? undefined }, (args) =>
    tx.infobaseEntry.updateMany(args),
  );
}

export async function deleteInfobaseEntry(tx: Tx, actor: Actor, id: string): Promise<void> {
  await touchedOne("InfobaseEntry", id, tx.infobaseEntry.deleteMany({ where: owned(actor, id) }));
}

// ---- Saved references

export interface UserReferenceInput extends Tagged {
  kind?: string | null;
  title: string;
  url?: string | null;
  description?: string | null;
}

export function createUserReference(tx: Tx, actor: Actor, input: UserReferenceInput): Promise<UserReference> {
  const { url, description } = input;
  return tx.userReference.create({
    data: { ...newNote(actor, input), kind: input.kind ?? "link", url: url ?? null, description: description ?? null },
  });
}

export function updateUserReference(tx: Tx, actor: Actor, id: string, input: Partial<UserReferenceInput>): Promise<{ id: string }> {
  const data = {
    kind: input.kind ?? undefined,
    title: input.title?.trim(),
    url: input.url,
    description: input.description,
    tags: trimmed(input.tags),
  };
  return updateOwned("UserReference", actor, id, { ...data, sortOrder: input.sortOrder ?? undefined }, (args) =>
    tx.userReference.updateMany(args),
  );
}

export async function deleteUserReference(tx: Tx, actor: Actor, id: string): Promise<void> {
  await touchedOne("UserReference", id, tx.userReference.deleteMany({ where: owned(actor, id) }));
}
