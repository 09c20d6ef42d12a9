// Live Today: `todayChanged(date)`, a subscription (SSE through Yoga) that tells the signed-in
// user which sections of their Today changed, once the projector has delivered their events to
// the live sink (src/projector/live.ts). Tenancy: it listens on the viewer's own topic only.
// A stream lives as long as the session that opened it (src/auth/session-watch.ts): when the
// session is revoked, signed out everywhere, deleted with its account or expires, the stream
// sends one last result, an UNAUTHENTICATED error, and completes.
import { filter, pipe, Repeater } from "graphql-yoga";
import { watchSession, type SessionWatch } from "../auth/session-watch.ts";
import { builder } from "../graphql/builder.ts";
import { unauthenticated } from "../graphql/errors/index.ts";
import { LIVE_SECTIONS } from "../loaders/today/sections.ts";
import type { TodayChange } from "../projector/pubsub.ts";

type TodayChangedPayload = TodayChange & { date: string };

/** Pushed once when the session ends: resolved as an UNAUTHENTICATED error, then the stream completes. */
const SESSION_ENDED: unique symbol = Symbol("session ended");

const TodaySectionEnum = builder.enumType("TodaySection", {
  description: "A section of the Today page (a field, or group of fields, of `Today`).",
  values: LIVE_SECTIONS,
});

const TodayChanged = builder.objectRef<TodayChangedPayload>("TodayChanged").implement({
  description: "Some of the user's events were projected that change their Today of `date`: refetch `sections`.",
  fields: (t) => ({
    date: t.field({ type: "Date", resolve: (change) => change.date }),
    sections: t.field({ type: [TodaySectionEnum], resolve: (change) => change.sections }),
    eventTypes: t.stringList({
      description: "The event types behind the change (catalogue: docs/events.md).",
      resolve: (change) => change.eventTypes,
    }),
    sequence: t.id({ description: "Outbox sequence of the last event in the change.", resolve: (change) => change.lastSequence }),
    sequences: t.idList({
      description:
        "Outbox sequences of every event in the change, in order. A page that wrote them itself (`Mutation.writtenEvents`) " +
        "already shows the change.",
      // A message published by an older instance (over Redis) carries only its last sequence.
      resolve: (change) => change.sequences ?? [change.lastSequence],
    }),
  }),
});

builder.subscriptionField("todayChanged", (t) =>
  t.withAuth({ signedIn: true }).field({
    type: TodayChanged,
    description:
      "Signed-in: a message each time events of the viewer's that touch Today on `date` (or on any date, such as a new " +
      "habit) have been projected. Over Server-Sent Events (`Accept: text/event-stream`).",
    args: { date: t.arg({ type: "Date", required: true }) },
    subscribe: (_root, args, context) => {
      if (!context.viewer) throw unauthenticated();
      const date = args.date;
      const changes = pipe(
        context.live.pubSub.subscribe("todayChanged", context.viewer.userId),
        filter((change: TodayChange) => change.anyDay || change.days.includes(date)),
      );
      // Ends (and the SSE response completes) when the bus closes, e.g. on shutdown, or with the session.
      return untilEnded(changes, context.live.closed, () => watchSession(context.live, context.viewer!));
    },
    resolve: (change: TodayChange | typeof SESSION_ENDED, args) => {
      if (change === SESSION_ENDED) throw unauthenticated("The session has ended: sign in again");
      return { ...change, date: args.date };
    },
  }),
);

/**
 * `source` until `closed` aborts, the subscriber leaves, or the session ends (then
 * SESSION_ENDED is pushed last). The abort listener and the session watch are removed either way.
 */
function untilEnded<T>(source: AsyncIterable<T>, closed: AbortSignal, watch: () => SessionWatch): AsyncIterable<T | typeof SESSION_ENDED> {
  return new Repeater<T | typeof SESSION_ENDED>(async (push, stop) => {
    const iterator = source[Symbol.asyncIterator]();
    const session = watch();
    const onClose = () => stop();
    closed.addEventListener("abort", onClose, { once: true });
    if (closed.aborted) stop();
    const stopped = stop.then(() => ({ done: true as const, value: undefined }));
    const sessionEnded = session.ended.then(() => ({ done: false as const, value: SESSION_ENDED as typeof SESSION_ENDED }));
    try {
      for (;;) {
        const next = await Promise.race([iterator.next(), stopped, sessionEnded]);
        if (next.done) break;
        await push(next.value);
        if (next.value === SESSION_ENDED) break;
      }
    } finally {
      closed.removeEventListener("abort", onClose);
      session.stop();
      stop();
      await iterator.return?.();
    }
  });
}
