// The one shape of a mutation: the field's `t.withAuth` authorizes, the resolver decodes its
// arguments, then `runMutation` runs one domain function in a transaction and, when the field
// returns a model, rereads the written row with the client's selection (Pothos' `query`) in that
// same transaction, so the answer is what the write left. docs/adding-a-mutation.md shows it.
import { prisma } from "../db/index.ts";
import type { Actor } from "../domain/actor.ts";
import { eventsWrittenIn } from "../domain/events.ts";
import type { Tx } from "../domain/transaction.ts";
import type PrismaTypes from "../generated/pothos-types.ts";
import { actorOf } from "./actor.ts";
import type { Context, SignedInContext } from "./context.ts";

/** Interactive-transaction options, for the rare write that needs more than Prisma's 5 s default. */
export interface MutationOptions {
  timeout?: number;
  maxWait?: number;
}

/** What a write hands on to `then`, and what `then` returns in the same transaction. */
type Then<T, R> = (tx: Tx, written: T) => Promise<R>;

/**
 * Runs `write` in one transaction with the signed-in viewer as its actor, then `then` (usually
 * `reread(...)`) in the same transaction; returns what `then` returns, or the write's own result.
 * For a signed-out mutation (sign-up, sign-in) the actor is null.
 */
export function runMutation<T>(
  ctx: SignedInContext,
  write: (tx: Tx, actor: Actor) => Promise<T>,
  then?: undefined,
  options?: MutationOptions,
): Promise<T>;
export function runMutation<T, R>(
  ctx: SignedInContext,
  write: (tx: Tx, actor: Actor) => Promise<T>,
  then: Then<T, R>,
  options?: MutationOptions,
): Promise<R>;
export function runMutation<T>(
  ctx: Context,
  write: (tx: Tx, actor: Actor | null) => Promise<T>,
  then?: undefined,
  options?: MutationOptions,
): Promise<T>;
export function runMutation<T, R>(
  ctx: Context,
  write: (tx: Tx, actor: Actor | null) => Promise<T>,
  then: Then<T, R>,
  options?: MutationOptions,
): Promise<R>;
export async function runMutation<T, R>(
  ctx: Context,
  write: (tx: Tx, actor: Actor) => Promise<T>,
  then?: Then<T, R>,
  options?: MutationOptions,
): Promise<T | R> {
  // Null only in the signed-out overloads, whose `write` takes `Actor | null`.
  const actor = (ctx.viewer ? actorOf(ctx.viewer, ctx.requestInfo) : null) as Actor;
  let events: readonly bigint[] = [];
  const result = await prisma.$transaction(async (tx) => {
    const written = await write(tx, actor);
    const answer = then ? await then(tx, written) : written;
    events = eventsWrittenIn(tx);
    return answer;
  }, options);
  // Committed: the operation may now tell its client which events were its own.
  if (events.length > 0) (ctx.written ??= []).push(...events);
  return result;
}

type ModelName = keyof PrismaTypes;
type RowOf<Name extends ModelName> = PrismaTypes[Name]["Shape"];
interface Rereadable<Name extends ModelName> {
  findUniqueOrThrow(args: object): Promise<RowOf<Name>>;
  findUnique(args: object): Promise<RowOf<Name> | null>;
}

function delegateOf<Name extends ModelName>(tx: Tx, type: Name): Rereadable<Name> {
  const key = type.charAt(0).toLowerCase() + type.slice(1);
  return (tx as unknown as Record<string, Rereadable<Name>>)[key];
}

/**
 * The `then` of a mutation that returns one `type` row: reads the row the write returned (by its
 * `id`) with the client's selection: `reread("Habit", query)` in a `prismaField` of type "Habit".
 */
export function reread<Name extends ModelName>(type: Name, query: object): Then<{ id: string }, RowOf<Name>>;
/** As above, for a write that does not return the row: reads the row `id`. */
export function reread<Name extends ModelName>(type: Name, query: object, id: string): Then<unknown, RowOf<Name>>;
export function reread<Name extends ModelName>(type: Name, query: object, id?: string): Then<{ id: string }, RowOf<Name>> {
  return (tx, written) => delegateOf(tx, type).findUniqueOrThrow({ ...query, where: { id: id ?? written.id } });
}

/** As `reread`, for a nullable field whose write may return null (nothing to show). */
export function rereadIfAny<Name extends ModelName>(type: Name, query: object): Then<{ id: string } | null, RowOf<Name> | null> {
  return async (tx, written) => (written ? delegateOf(tx, type).findUnique({ ...query, where: { id: written.id } }) : null);
}
