import { expect } from "vitest";
import type { PrismaClient } from "../../src/db/client.ts";
import { EVENT_SCHEMA_VERSION, eventPayloads, type EventPayload, type EventType } from "../../src/domain/events.ts";

/**
 * The user's outbox events of one type, oldest first, each payload checked against the
 * catalogue's schema (and its schema version) and returned as parsed.
 */
export async function eventsOf<T extends EventType>(prisma: PrismaClient, userId: string, type: T): Promise<Array<EventPayload<T>>> {
  const rows = await prisma.behaviorOutbox.findMany({ where: { userId, eventType: type }, orderBy: { id: "asc" } });
  return rows.map((row) => {
    expect((row.payload as { v?: unknown }).v, `${type} payload version`).toBe(EVENT_SCHEMA_VERSION);
    const parsed = eventPayloads[type].safeParse(row.payload);
    expect(parsed.error, `${type} payload ${JSON.stringify(row.payload)}`).toBeUndefined();
    return parsed.data as EventPayload<T>;
  });
}

/** The one event of `type` the user has (fails unless there is exactly one). */
export async function onlyEventOf<T extends EventType>(prisma: PrismaClient, userId: string, type: T): Promise<EventPayload<T>> {
  const events = await eventsOf(prisma, userId, type);
  expect(events, `${type} events`).toHaveLength(1);
  return events[0];
}

/** Every outbox row of the user: what a rolled-back action must leave unchanged. */
export function outboxCount(prisma: PrismaClient, userId: string): Promise<number> {
  return prisma.behaviorOutbox.count({ where: { userId } });
}

/**
 * Runs `action` inside a transaction that then fails, and checks that the outbox of the
 * user is as it was: an event is written in its action's transaction or not at all.
 */
export async function expectRolledBackLeavesNoEvent(
  prisma: PrismaClient,
  userId: string,
  action: (tx: Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0]) => Promise<unknown>,
): Promise<void> {
  const before = await outboxCount(prisma, userId);
  let emitted = -1;
  await expect(
    prisma.$transaction(async (tx) => {
      await action(tx);
      emitted = await tx.behaviorOutbox.count({ where: { userId } });
      throw new Error("rolled back on purpose");
    }),
  ).rejects.toThrow("rolled back on purpose");
  // The action did emit inside its transaction, and nothing of it survived the rollback.
  expect(emitted, "events the action wrote inside its transaction").toBeGreaterThan(before);
  expect(await outboxCount(prisma, userId)).toBe(before);
}
