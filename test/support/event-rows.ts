// Reads a user's outbox rows in order and checks each payload against the event catalogue.
import { expect } from "vitest";
import type { PrismaClient } from "../../src/db/client.ts";
import { EVENT_SCHEMA_VERSION, eventPayloads, type EventType } from "../../src/domain/events.ts";
import type { OutboxEvent } from "../../src/projector/sink.ts";

export interface EventRow {
  eventType: string;
  payload: Record<string, unknown>;
  idempotencyKey: string;
}

/** The user's events (optionally of some types), oldest first; every payload must parse with its schema. */
export async function eventsOf(prisma: PrismaClient, userId: string, types?: readonly EventType[]): Promise<EventRow[]> {
  const rows = await prisma.behaviorOutbox.findMany({
    where: { userId, ...(types ? { eventType: { in: [...types] } } : {}) },
    orderBy: { id: "asc" },
  });
  return rows.map((row) => {
    const schema = eventPayloads[row.eventType as EventType];
    expect(schema, `${row.eventType} is in the catalogue`).toBeDefined();
    const payload = row.payload as Record<string, unknown>;
    expect(payload.v).toBe(EVENT_SCHEMA_VERSION);
    schema.parse(payload);
    return { eventType: row.eventType, payload, idempotencyKey: row.idempotencyKey };
  });
}

/** The types of the user's events, oldest first. */
export async function eventTypesOf(prisma: PrismaClient, userId: string): Promise<string[]> {
  return (await eventsOf(prisma, userId)).map((row) => row.eventType);
}

/** An outbox row as the projector hands it to a sink (its stored payload, an object). */
export function asOutboxEvent(row: Omit<OutboxEvent, "payload"> & { payload: unknown }): OutboxEvent {
  return {
    id: row.id,
    userId: row.userId,
    eventType: row.eventType,
    payload: row.payload as Record<string, unknown>,
    createdAt: row.createdAt,
  };
}
