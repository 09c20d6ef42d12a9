// The reference family's write rules: a user's reference tracks, their annotations, and their
// regions (the labelled spans a user marks on a track). Adding a region emits
// `reference.region_added`, which the catalogue's reference quests and achievements count.
// Analyses of a track are src/domain/track-analysis.ts.
import type { ReferenceTrack, TrackAnnotation, TrackRegion } from "../generated/prisma/client.ts";
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

export interface ReferenceTrackInput {
  artist?: string | null;
  sourceUrl?: string | null;
  durationSeconds?: number | null;
  bpm?: number | null;
  musicalKey?: string | null;
  genre?: string | null;
  notes?: string | null;
  sortOrder?: number | null;
}

/** One of the actor's tracks; NOT_FOUND for a missing or another user's track. */
export async function findOwnTrack(tx: Tx, actor: Actor, id: string): Promise<ReferenceTrack> {
  const track = await tx.referenceTrack.findFirst({ where: { id, userId: actor.userId } });
  if (!track) throw notFound("ReferenceTrack");
  return track;
}

export function createReferenceTrack(tx: Tx, actor: Actor, input: ReferenceTrackInput & { title: string }): Promise<ReferenceTrack> {
  return withDatabaseErrors(() =>
    tx.referenceTrack.create({
      data: {
        userId: actor.userId,
        title: input.title.trim(),
        artist: input.artist ?? null,
        sourceUrl: input.sourceUrl ?? null,
        durationSeconds: input.durationSeconds ?? null,
        bpm: input.bpm ?? null,
        musicalKey: input.musicalKey ?? null,
        genre: input.genre ?? null,
        notes: input.notes ?? null,
        sortOrder: input.sortOrder ?? 0,
      },
    }),
  );
}

/** Only the fields given change; null clears an optional field (the resolver refuses a null title or sortOrder). */
export async function updateReferenceTrack(
  tx: Tx,
  actor: Actor,
  id: string,
  input: ReferenceTrackInput & { title?: string | null },
): Promise<{ id: string }> {
  const { count } = await tx.referenceTrack.updateMany({
    where: { id, userId: actor.userId },
    data: {
      title: input.title?.trim(),
      artist: input.artist,
      sourceUrl: input.sourceUrl,
      durationSeconds: input.durationSeconds,
      bpm: input.bpm,
      musicalKey: input.musicalKey,
      genre: input.genre,
      notes: input.notes,
      sortOrder: input.sortOrder ?? undefined,
    },
  });
  if (count === 0) throw notFound("ReferenceTrack");
  return { id };
}

/** Deletes one of the actor's tracks with its analyses, frames, annotations and regions. */
export async function deleteReferenceTrack(tx: Tx, actor: Actor, id: string): Promise<void> {
  const { count } = await tx.referenceTrack.deleteMany({ where: { id, userId: actor.userId } });
  if (count === 0) throw notFound("ReferenceTrack");
}

export interface TrackAnnotationInput {
  timeSeconds?: number | null;
  body?: string | null;
  category?: string | null;
}

export async function createTrackAnnotation(
  tx: Tx,
  actor: Actor,
  trackId: string,
  input: TrackAnnotationInput & { timeSeconds: number; body: string },
): Promise<TrackAnnotation> {
  await findOwnTrack(tx, actor, trackId);
  return tx.trackAnnotation.create({
    data: { trackId, userId: actor.userId, timeSeconds: input.timeSeconds, body: input.body.trim(), category: input.category ?? null },
  });
}

/** Only the fields given change (the resolver refuses a null timeSeconds or body); null clears the category. */
export async function updateTrackAnnotation(tx: Tx, actor: Actor, id: string, input: TrackAnnotationInput): Promise<{ id: string }> {
  const { count } = await tx.trackAnnotation.updateMany({
    where: { id, userId: actor.userId },
    data: { timeSeconds: input.timeSeconds ?? undefined, body: input.body?.trim(), category: input.category },
  });
  if (count === 0) throw notFound("TrackAnnotation");
  return { id };
}

export async function deleteTrackAnnotation(tx: Tx, actor: Actor, id: string): Promise<void> {
  const { count } = await tx.trackAnnotation.deleteMany({ where: { id, userId: actor.userId } });
  if (count === 0) throw notFound("TrackAnnotation");
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

export async function deleteTrackRegion(tx: Tx, actor: Actor, id: string): Promise<void> {
  const { count } = await tx.trackRegion.deleteMany({ where: { id, userId: actor.userId } });
  if (count === 0) throw notFound("TrackRegion");
}
