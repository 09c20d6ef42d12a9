/**
 * What every demo seed writer shares: the transaction, the resolved options, the user's
 * clock (local instants, "n days ago", the history window, off days), the PRNG streams,
 * the shape of a points-ledger entry, and small batching and streak helpers.
 */
import type { Prisma } from "../../generated/prisma/client.ts";
import { addDays, daysBetween, zonedInstant } from "../../domain/calendar.ts";
import type { Tx } from "../../domain/transaction.ts";
import type { ResolvedOptions } from "./options.ts";
import { Random } from "./random.ts";

const BATCH_ROWS = 1000;

export interface DemoContext {
  tx: Tx;
  o: ResolvedOptions;
  today: string;
  /** The user's IANA zone. */
  tz: string;
  historyDays: number;
  seed: number;
  /** The instant of a local `minute` after midnight on `day` in the user's zone. */
  at(day: string, minute: number): Date;
  /** A day `daysAgo` before today, but never before the first day of the history. */
  past(daysAgo: number): string;
  historyStart: string;
  /** Every day of the history, oldest first, today excluded. */
  historyDaysList: string[];
  joinedAt: Date;
  /** A long weekend away and a sick day: nothing gets done, so the streaks have gaps. */
  offDays: Set<string>;
  /** The PRNG stream `name` of this seed (see Random.stream). */
  stream(name: string): Random;
}

/** The context once the user row exists. */
export interface UserContext extends DemoContext {
  userId: string;
}

export function createDemoContext(tx: Tx, o: ResolvedOptions): DemoContext {
  const { today, timezone: tz, historyDays, seed } = o;
  const at = (day: string, minute: number) => zonedInstant(day, minute, tz);
  const past = (daysAgo: number) => addDays(today, -Math.min(daysAgo, historyDays));
  const historyStart = addDays(today, -historyDays);
  const historyDaysList: string[] = [];
  for (let d = historyStart; d < today; d = addDays(d, 1)) historyDaysList.push(d);
  const joinedAt = at(addDays(historyStart, -1), 9 * 60);
  const offDays = new Set([41, 40, 39, 17].filter((n) => n <= historyDays).map((n) => addDays(today, -n)));
  return {
    tx,
    o,
    today,
    tz,
    historyDays,
    seed,
    at,
    past,
    historyStart,
    historyDaysList,
    joinedAt,
    offDays,
    stream: (name) => Random.stream(seed, name),
  };
}

export function clampMinute(minute: number): number {
  return Math.min(Math.max(minute, 5 * 60), 23 * 60 + 50);
}

export function plusSeconds(at: Date, seconds: number): Date {
  return new Date(at.getTime() + seconds * 1000);
}

export interface LedgerDraft {
  xp: number;
  coins: number;
  reason: string;
  sourceType: string | null;
  sourceId: string | null;
  idempotencyKey: string;
  at: Date;
  metadata: Prisma.InputJsonValue;
}

export interface StreakSummary {
  current: number;
  longest: number;
  last: string | null;
}

/** Runs of consecutive days in a sorted list of distinct days. */
export function summarizeStreak(days: readonly string[]): StreakSummary {
  let longest = 0;
  let run = 0;
  let previous: string | null = null;
  for (const day of days) {
    run = previous !== null && daysBetween(previous, day) === 1 ? run + 1 : 1;
    longest = Math.max(longest, run);
    previous = day;
  }
  return { current: previous === null ? 0 : run, longest, last: previous };
}

export function uniqueSorted(days: Iterable<string>): string[] {
  return [...new Set(days)].sort();
}

export function cycled<T>(list: readonly T[], index: number): { item: T; round: number } {
  return { item: list[index % list.length], round: Math.floor(index / list.length) };
}

export function withRound(title: string, round: number): string {
  return round === 0 ? title : `${title} (${round + 1})`;
}

export function chunks<T>(rows: readonly T[], size = BATCH_ROWS): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

export async function insertMany<T>(rows: readonly T[], insert: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (const chunk of chunks(rows)) await insert(chunk);
}

export async function insertManyReturning<T, R>(rows: readonly T[], insert: (chunk: T[]) => Promise<R[]>): Promise<R[]> {
  const out: R[] = [];
  for (const chunk of chunks(rows)) out.push(...(await insert(chunk)));
  return out;
}

export function dayKey(id: string, day: Date | string): string {
  return `${id}|${typeof day === "string" ? day : day.toISOString().slice(0, 10)}`;
}
