// The live-Today sink: after a batch is projected, one `todayChanged` message per user with
// the sections their events touched (one per day the events name). Its effect is a signal to refetch, so a replayed event
// (after a crash between apply and cursor) at worst repeats a refetch; within one process the
// ids it has published recently are remembered and not published again.
import type { OutboxEvent, ProjectorSink } from "./sink.ts";
import { LIVE_SECTIONS } from "../loaders/today/sections.ts";
import type { LiveBus, TodayChange } from "./pubsub.ts";
import { dayOf, sectionsOf } from "./sections.ts";

export const LIVE_PROJECTOR = "live-today";
const REMEMBERED = 10_000;

/**
 * Groups a batch into what each user is told: one change per day the events name, and one for
 * the events that name none (they may change Today on any date). Events touching no section
 * are left out.
 */
export function changesByUser(events: readonly OutboxEvent[]): Array<[userId: string, change: TodayChange]> {
  const groups = new Map<string, { userId: string; day: string | null; events: OutboxEvent[] }>();
  for (const event of events) {
    if (!event.userId || sectionsOf(event.eventType).length === 0) continue;
    const day = dayOf(event.payload);
    const key = `${event.userId}|${day ?? "*"}`;
    const group = groups.get(key) ?? { userId: event.userId, day, events: [] };
    group.events.push(event);
    groups.set(key, group);
  }
  return [...groups.values()].map(({ userId, day, events: list }) => {
    const sections = new Set(list.flatMap((event) => sectionsOf(event.eventType)));
    return [
      userId,
      {
        sections: LIVE_SECTIONS.filter((section) => sections.has(section)),
        eventTypes: [...new Set(list.map((event) => event.eventType))].sort(),
        days: day === null ? [] : [day],
        anyDay: day === null,
        lastSequence: list[list.length - 1].id.toString(),
        sequences: list.map((event) => event.id.toString()),
      },
    ];
  });
}

export function createLiveSink(bus: LiveBus, name = LIVE_PROJECTOR): ProjectorSink {
  const published = new Set<bigint>();
  return {
    name,
    async apply(events) {
      const fresh = events.filter((event) => !published.has(event.id));
      for (const [userId, change] of changesByUser(fresh)) bus.pubSub.publish("todayChanged", userId, change);
      for (const event of fresh) {
        published.add(event.id);
        if (published.size > REMEMBERED) published.delete(published.values().next().value as bigint);
      }
    },
  };
}
