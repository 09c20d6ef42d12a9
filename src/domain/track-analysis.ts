// Analyses of a reference track: an analyzer run that goes PENDING → PROCESSING (on its first
// uploaded frames) → COMPLETED or FAILED, and stores per-frame feature series as binary chunks.
// A finished analysis (COMPLETED or FAILED) takes no more status changes; a FAILED one no frames.
import type { AnalysisFrameManifest, Prisma, TrackAnalysis } from "../generated/prisma/client.ts";
import type { Actor } from "./actor.ts";
import { badInput, conflict, notFound, withDatabaseErrors } from "./errors.ts";
import { findOwnTrack } from "./reference.ts";
import type { Tx } from "./transaction.ts";

/** Bytes per value of the only chunk encoding written so far. */
export const FLOAT32_BYTES = 4;

async function findOwnAnalysis(tx: Tx, actor: Actor, id: string): Promise<TrackAnalysis> {
  const analysis = await tx.trackAnalysis.findFirst({ where: { id, userId: actor.userId } });
  if (!analysis) throw notFound("TrackAnalysis");
  return analysis;
}

function refuseFinished(analysis: TrackAnalysis): void {
  if (analysis.status === "COMPLETED" || analysis.status === "FAILED") {
    throw conflict(`This analysis is already ${analysis.status.toLowerCase()}`);
  }
}

/** Starts a PENDING analysis of one of the actor's tracks. */
export async function createTrackAnalysis(tx: Tx, actor: Actor, trackId: string, analyzerVersion: string): Promise<TrackAnalysis> {
  await findOwnTrack(tx, actor, trackId);
  return tx.trackAnalysis.create({ data: { trackId, userId: actor.userId, analyzerVersion: analyzerVersion.trim() } });
}

export interface AnalysisEventInput {
  eventType: string;
  timeSeconds: number;
  durationSeconds?: number | null;
  confidence?: number | null;
  payload?: unknown;
}

/** Stores the summary and detected events and marks the analysis COMPLETED (CONFLICT once finished). */
export async function completeTrackAnalysis(
  tx: Tx,
  actor: Actor,
  id: string,
  result: { summary: unknown; events: readonly AnalysisEventInput[] },
): Promise<TrackAnalysis> {
  refuseFinished(await findOwnAnalysis(tx, actor, id));
  if (result.events.length > 0) {
    await tx.analysisEvent.createMany({
      data: result.events.map((event) => ({
        analysisId: id,
        userId: actor.userId,
        eventType: event.eventType,
        timeSeconds: event.timeSeconds,
        durationSeconds: event.durationSeconds ?? null,
        confidence: event.confidence ?? null,
        payload: (event.payload ?? {}) as Prisma.InputJsonValue,
      })),
    });
  }
  return tx.trackAnalysis.update({
    where: { id },
    data: { status: "COMPLETED", summary: result.summary as Prisma.InputJsonValue, completedAt: new Date() },
  });
}

/** Marks a pending or running analysis FAILED, keeping the reason in its summary (CONFLICT once finished). */
export async function failTrackAnalysis(tx: Tx, actor: Actor, id: string, reason: string): Promise<TrackAnalysis> {
  refuseFinished(await findOwnAnalysis(tx, actor, id));
  return tx.trackAnalysis.update({ where: { id }, data: { status: "FAILED", summary: { error: reason } } });
}

export async function deleteTrackAnalysis(tx: Tx, actor: Actor, id: string): Promise<void> {
  const { count } = await tx.trackAnalysis.deleteMany({ where: { id, userId: actor.userId } });
  if (count === 0) throw notFound("TrackAnalysis");
}

export interface FrameChunkInput {
  chunkIndex: number;
  startFrame: number;
  frameCount: number;
  data: Uint8Array;
}

export interface FrameUpload {
  analysisId: string;
  feature: string;
  frameRate: number;
  valuesPerFrame: number;
  framesPerChunk: number;
  chunks: readonly FrameChunkInput[];
}

/** Each chunk once, at its place in the series, with exactly frameCount × valuesPerFrame float32 values. */
function checkChunks(upload: FrameUpload): void {
  const seen = new Set<number>();
  upload.chunks.forEach((chunk, index) => {
    const field = `chunks.${index}`;
    if (seen.has(chunk.chunkIndex)) throw badInput(`${field}.chunkIndex: chunk ${chunk.chunkIndex} is listed twice`, `${field}.chunkIndex`);
    seen.add(chunk.chunkIndex);
    if (chunk.frameCount > upload.framesPerChunk) {
      throw badInput(`${field}.frameCount: a chunk holds at most ${upload.framesPerChunk} frames`, `${field}.frameCount`);
    }
    if (chunk.startFrame !== chunk.chunkIndex * upload.framesPerChunk) {
      throw badInput(
        `${field}.startFrame: must be chunkIndex × framesPerChunk = ${chunk.chunkIndex * upload.framesPerChunk}`,
        `${field}.startFrame`,
      );
    }
    const expected = chunk.frameCount * upload.valuesPerFrame * FLOAT32_BYTES;
    if (chunk.data.byteLength !== expected) {
      throw badInput(
        `${field}.data: expected ${expected} bytes (${chunk.frameCount} frames × ${upload.valuesPerFrame} values × 4), got ${chunk.data.byteLength}`,
        `${field}.data`,
      );
    }
  });
}

/**
 * Adds chunks to the (analysis, feature) series, creating its manifest on the first upload; later
 * uploads must repeat its frameRate, valuesPerFrame and framesPerChunk. The manifest row is locked
 * (FOR UPDATE) so concurrent uploads to one series count its frames one after the other. A chunk
 * already stored is a CONFLICT; the first upload moves a PENDING analysis to PROCESSING.
 */
export async function uploadAnalysisFrames(tx: Tx, actor: Actor, upload: FrameUpload): Promise<AnalysisFrameManifest> {
  checkChunks(upload);
  const { analysisId, feature } = upload;
  const analysis = await findOwnAnalysis(tx, actor, analysisId);
  if (analysis.status === "FAILED") throw conflict("This analysis failed; start a new one");

  await tx.analysisFrameManifest.createMany({
    data: [
      {
        analysisId,
        userId: actor.userId,
        feature,
        frameRate: upload.frameRate,
        valuesPerFrame: upload.valuesPerFrame,
        framesPerChunk: upload.framesPerChunk,
        frameCount: 0,
        encoding: "float32le",
      },
    ],
    skipDuplicates: true,
  });
  const [locked] = await tx.$queryRaw<Array<{ id: string }>>`
    SELECT id::text AS id FROM analysis_frame_manifests
    WHERE analysis_id = ${analysisId}::uuid AND feature = ${feature} FOR UPDATE`;
  const manifest = await tx.analysisFrameManifest.findUniqueOrThrow({ where: { id: locked.id } });
  if (
    manifest.frameRate !== upload.frameRate ||
    manifest.valuesPerFrame !== upload.valuesPerFrame ||
    manifest.framesPerChunk !== upload.framesPerChunk
  ) {
    throw badInput(
      `The ${feature} series was started with frameRate ${manifest.frameRate}, valuesPerFrame ${manifest.valuesPerFrame}, framesPerChunk ${manifest.framesPerChunk}`,
      "feature",
    );
  }

  await withDatabaseErrors(() =>
    tx.analysisFrameData.createMany({
      data: upload.chunks.map((chunk) => ({
        manifestId: manifest.id,
        userId: actor.userId,
        chunkIndex: chunk.chunkIndex,
        startFrame: chunk.startFrame,
        frameCount: chunk.frameCount,
        data: new Uint8Array(chunk.data),
      })),
    }),
  );
  const total = await tx.analysisFrameData.aggregate({ where: { manifestId: manifest.id }, _sum: { frameCount: true } });
  const updated = await tx.analysisFrameManifest.update({ where: { id: manifest.id }, data: { frameCount: total._sum.frameCount ?? 0 } });
  if (analysis.status === "PENDING") {
    await tx.trackAnalysis.update({ where: { id: analysisId }, data: { status: "PROCESSING" } });
  }
  return updated;
}
