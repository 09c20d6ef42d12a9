// The one shape of a mutation: the field's `t.withAuth` authorizes, the resolver decodes its
// arguments, then `runMutation` runs one domain function in a transaction and, when the field
// returns a model, rereads the written row with the client's selection (Pothos' `query`) in that
// same transaction, so the answer is what the write left. docs/adding-a-mutation.md shows it.
import { prisma } from "../db/index.ts";
import type { RequestInfo } from "../auth/viewer.ts";
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

/** The arguments after the context: the write (given who or what it runs for), then `then`, then options. */
type Steps<By, T, R> = [write: (tx: Tx, by: By) => Promise<T>, then?: Then<T, R>, options?: MutationOptions];

/**
 * Runs `write` in one transaction with the signed-in viewer as its actor, then `then` (usually
 * `reread(...)`) in the same transaction; returns what `then` returns, or the write's own result.
 * A mutation open to signed-out clients uses `runPublicMutation` below.
 */
export function runMutation<T, R = T>(ctx: SignedInContext, ...[write, then, options]: Steps<Actor, T, R>): Promise<R> {
  const actor = actorOf(ctx.viewer, ctx.requestInfo);
  return inTransaction(ctx, (tx) => write(tx, actor), then, options);
}

/**
 * The same shape for a mutation that has no actor yet (sign-up, sign-in, redeeming a mailed link):
 * `write` gets the request (client address and user agent, for the audit trail) instead of an actor.
 * Rate limits and password checks that must not hold a transaction open run before it, in the resolver.
 */
export function runPublicMutation<T, R = T>(ctx: Context, ...[write, then, options]: Steps<RequestInfo, T, R>): Promise<R> {
  return inTransaction(ctx, (tx) => write(tx, ctx.requestInfo), then, options);
}

/**
 * Without `then`, R is T (its default): the write's result is the answer. Once committed, the
 * events the transaction wrote are the operation's own (`Mutation.writtenEvents`).
 */
async function inTransaction<T, R>(
  ctx: Context,
  write: (tx: Tx) => Promise<T>,
  then: Then<T, R> | undefined,
  options: MutationOptions | undefined,
): Promise<R> {
  let events: readonly bigint[] = [];
  const result = await prisma.$transaction(async (tx) => {
    const written = await write(tx);
    const answer = then ? await then(tx, written) : (written as unknown as R);
    events = eventsWrittenIn(tx);
    return answer;
  }, options);
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
