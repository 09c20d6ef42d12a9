// The live-Today sink: after a batch is projected, one `todayChanged` message per user with
// the sections their events touched. Its effect is a signal to refetch, so a replayed event
// (after a crash between apply and cursor) at worst repeats a refetch; within one process the
// ids it has published recently are remembered and not published again.
import type { OutboxEvent, ProjectorSink } from "./sink.ts";
import { TODAY_SECTIONS, type LiveBus, type TodayChange } from "./pubsub.ts";
import { dayOf, sectionsOf } from "./sections.ts";

export const LIVE_PROJECTOR = "live-today";
const REMEMBERED = 10_000;

/** Groups a batch by user into the change each user is told about (users without a section change are left out). */
export function changesByUser(events: readonly OutboxEvent[]): Map<string, TodayChange> {
  const byUser = new Map<string, OutboxEvent[]>();
  for (const event of events) {
    if (!event.userId || sectionsOf(event.eventType).length === 0) continue;
    const list = byUser.get(event.userId) ?? [];
    list.push(event);
    byUser.set(event.userId, list);
  }
  const changes = new Map<string, TodayChange>();
  for (const [userId, list] of byUser) {
    const sections = new Set(list.flatMap((event) => sectionsOf(event.eventType)));
    const days = list.map((event) => dayOf(event.payload));
    changes.set(userId, {
      sections: TODAY_SECTIONS.filter((section) => sections.has(section)),
      eventTypes: [...new Set(list.map((event) => event.eventType))].sort(),
      days: [...new Set(days.filter((day): day is string => day !== null))].sort(),
      anyDay: days.some((day) => day === null),
      lastSequence: list[list.length - 1].id.toString(),
    });
  }
  return changes;
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
