// The reference family's write rules for track regions (the labelled spans a user marks on
// a reference track). Adding one emits `reference.region_added`, which the catalogue's
// reference quests and achievements count.
import type { TrackRegion } from "../generated/prisma/client.ts";
import { badInput, notFound, withDatabaseErrors } from "./errors.ts";
import type { Actor } from "./actor.ts";
import { emit } from "./events.ts";
import type { Tx } from "./transaction.ts";

export interface TrackRegionInput {
  startSeconds?: number | null;
  endSeconds?: number | null;
  label?: string | null;
  color?: string | null;
  sortOrder?: number | null;
}

function checkRegion(startSeconds: number, endSeconds: number): void {
  if (endSeconds <= startSeconds) throw badInput("endSeconds must be after startSeconds", "endSeconds");
}

/** Adds a region to one of the actor's tracks (NOT_FOUND for another user's or a missing track). */
export async function createTrackRegion(
  tx: Tx,
  actor: Actor,
  trackId: string,
  input: TrackRegionInput & { startSeconds: number; endSeconds: number; label: string },
): Promise<TrackRegion> {
  checkRegion(input.startSeconds, input.endSeconds);
  const track = await tx.referenceTrack.findFirst({ where: { id: trackId, userId: actor.userId }, select: { id: true } });
  if (!track) throw notFound("ReferenceTrack");
  const region = await withDatabaseErrors(() =>
    tx.trackRegion.create({
      data: {
        trackId,
        userId: actor.userId,
        startSeconds: input.startSeconds,
        endSeconds: input.endSeconds,
        label: input.label.trim(),
        color: input.color ?? null,
        sortOrder: input.sortOrder ?? 0,
      },
    }),
  );
  await emit(tx, { type: "reference.region_added", userId: actor.userId, payload: { trackId, regionId: region.id } }, { once: region.id });
  return region;
}

/** Only the fields given change (the resolver refuses nulls of required fields); the span stays valid. */
export async function updateTrackRegion(tx: Tx, actor: Actor, regionId: string, input: TrackRegionInput): Promise<TrackRegion> {
  const region = await tx.trackRegion.findFirst({ where: { id: regionId, userId: actor.userId } });
  if (!region) throw notFound("TrackRegion");
  checkRegion(input.startSeconds ?? region.startSeconds, input.endSeconds ?? region.endSeconds);
  return withDatabaseErrors(() =>
    tx.trackRegion.update({
      where: { id: regionId },
      data: {
        startSeconds: input.startSeconds ?? undefined,
        endSeconds: input.endSeconds ?? undefined,
        label: input.label?.trim() ?? undefined,
        color: input.color,
        sortOrder: input.sortOrder ?? undefined,
      },
    }),
  );
}
