import { z } from "zod";
import { prisma } from "../../db/index.ts";
import type { Tx } from "../../domain/transaction.ts";
import type { Prisma } from "../../generated/prisma/client.ts";
import { builder } from "../builder.ts";
import { badInput, conflict, notFound, withDatabaseErrors } from "../errors/index.ts";
import { decodeId, encodeId } from "../ids.ts";
import { ownedByViewer, viewerIdOrNobody } from "../tenancy.ts";
import { jsonObject, nonBlank } from "../validators.ts";
import { byTime, findOwnTrack } from "./track.ts";

export const AnalysisStatus = builder.enumType("AnalysisStatus", {
  values: ["PENDING", "PROCESSING", "COMPLETED", "FAILED"] as const,
});

/** Bytes per value of the only chunk encoding written so far. */
export const FLOAT32_BYTES = 4;
export const MAX_CHUNKS_PER_UPLOAD = 1000;
export const MAX_EVENTS = 20_000;

const byChunkIndex = () => [{ chunkIndex: "asc" as const }];

builder.prismaNode("TrackAnalysis", {
  id: { field: "id" },
  findUnique: ownedByViewer,
  nullable: true,
  description: "One run of an analyzer over a track.",
  fields: (t) => ({
    track: t.relation("track"),
    status: t.expose("status", { type: AnalysisStatus }),
    analyzerVersion: t.exposeString("analyzerVersion"),
    summary: t.expose("summary", { type: "JSON", description: "Whole-track results: tempo, key, loudness, …" }),
    completedAt: t.expose("completedAt", { type: "DateTime", nullable: true }),
    manifests: t.relation("manifests", {
      description: "The per-frame feature series, by feature name.",
      query: (_args, ctx) => ({ where: { userId: viewerIdOrNobody(ctx) }, orderBy: [{ feature: "asc" as const }, { id: "asc" as const }] }),
    }),
    events: t.relatedConnection("events", {
      cursor: "id",
      description: "Detected events by time (then createdAt, id); optionally of one eventType.",
      args: { eventType: t.arg.string() },
      query: (args, ctx) => ({
        where: { userId: viewerIdOrNobody(ctx), ...(args.eventType ? { eventType: args.eventType } : {}) },
        orderBy: byTime(),
      }),
    }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    updatedAt: t.expose("updatedAt", { type: "DateTime" }),
  }),
});

builder.prismaNode("AnalysisFrameManifest", {
  id: { field: "id" },
  findUnique: ownedByViewer,
  nullable: true,
  description: "One per-frame feature series of an analysis, stored as binary chunks.",
  fields: (t) => ({
    analysis: t.relation("analysis"),
    feature: t.exposeString("feature"),
    frameRate: t.exposeFloat("frameRate", { description: "Frames per second." }),
    frameCount: t.exposeInt("frameCount", { description: "Frames stored over all chunks." }),
    valuesPerFrame: t.exposeInt("valuesPerFrame"),
    framesPerChunk: t.exposeInt("framesPerChunk"),
    encoding: t.exposeString("encoding", { description: "Layout of a chunk's data, e.g. `float32le`." }),
    chunks: t.relatedConnection("chunks", {
      cursor: "id",
      description: "The binary chunks by chunkIndex.",
      query: (_args, ctx) => ({ where: { userId: viewerIdOrNobody(ctx) }, orderBy: byChunkIndex() }),
    }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
  }),
});

builder.prismaNode("AnalysisFrameData", {
  id: { field: "id" },
  findUnique: ownedByViewer,
  nullable: true,
  description: "One binary chunk of frames: frameCount × valuesPerFrame values in the manifest's encoding.",
  fields: (t) => ({
    manifest: t.relation("manifest"),
    chunkIndex: t.exposeInt("chunkIndex"),
    startFrame: t.exposeInt("startFrame"),
    frameCount: t.exposeInt("frameCount"),
    data: t.field({ type: "Byte", description: "The chunk's bytes, base64.", select: { data: true }, resolve: (chunk) => chunk.data }),
    byteLength: t.int({ select: { data: true }, resolve: (chunk) => chunk.data.byteLength }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
  }),
});

builder.prismaNode("AnalysisEvent", {
  id: { field: "id" },
  findUnique: ownedByViewer,
  nullable: true,
  description: "A point or span an analysis detected (beat, downbeat, section change, drop, …).",
  fields: (t) => ({
    analysis: t.relation("analysis"),
    eventType: t.exposeString("eventType"),
    timeSeconds: t.exposeFloat("timeSeconds"),
    durationSeconds: t.exposeFloat("durationSeconds", { nullable: true }),
    confidence: t.exposeFloat("confidence", { nullable: true }),
    payload: t.expose("payload", { type: "JSON" }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
  }),
});

// ---------------------------------------------------------------------------
// Writes

const slug = z.string().min(1).max(100).regex(/^[a-z][a-z0-9_.-]*$/, "must be lower-case letters, digits, '_', '-' or '.'");

async function findOwnAnalysis(tx: Tx, id: string, userId: string) {
  const analysis = await tx.trackAnalysis.findFirst({ where: { id, userId } });
  if (!analysis) throw notFound("TrackAnalysis");
  return analysis;
}

builder.mutationField("createTrackAnalysis", (t) =>
  t.withAuth({ signedIn: true }).prismaField({
    type: "TrackAnalysis",
    description: "Starts an analysis of one of the viewer's tracks (PENDING).",
    args: {
      trackId: t.arg.id({ required: true }),
      analyzerVersion: t.arg.string({ required: true, validate: nonBlank(100) }),
    },
    resolve: async (query, _root, args, ctx) => {
      const trackId = decodeId(args.trackId, "ReferenceTrack", "trackId");
      const userId = ctx.viewer.userId;
      return prisma.$transaction(async (tx) => {
        await findOwnTrack(tx, trackId, userId);
        return tx.trackAnalysis.create({ ...query, data: { trackId, userId, analyzerVersion: args.analyzerVersion.trim() } });
      });
    },
  }),
);

const AnalysisEventInput = builder.inputType("AnalysisEventInput", {
  fields: (t) => ({
    eventType: t.string({ required: true, validate: slug }),
    timeSeconds: t.float({ required: true, validate: z.number().min(0).max(86_400) }),
    durationSeconds: t.float({ validate: z.number().min(0).max(86_400).nullish() }),
    confidence: t.float({ validate: z.number().min(0).max(1).nullish() }),
    payload: t.field({ type: "JSON", validate: jsonObject.nullish() }),
  }),
});

builder.mutationField("completeTrackAnalysis", (t) =>
  t.withAuth({ signedIn: true }).prismaField({
    type: "TrackAnalysis",
    description: "Stores an analysis' summary and detected events and marks it COMPLETED (CONFLICT when it already finished).",
    args: {
      id: t.arg.id({ required: true }),
      summary: t.arg({ type: "JSON", required: true, validate: jsonObject }),
      events: t.arg({
        type: [AnalysisEventInput],
        defaultValue: [],
        validate: z.array(z.unknown()).max(MAX_EVENTS, `at most ${MAX_EVENTS} events`).nullish(),
      }),
    },
    resolve: async (query, _root, args, ctx) => {
      const id = decodeId(args.id, "TrackAnalysis");
      const userId = ctx.viewer.userId;
      const events = args.events ?? [];
      return prisma.$transaction(async (tx) => {
        const analysis = await findOwnAnalysis(tx, id, userId);
        if (analysis.status === "COMPLETED" || analysis.status === "FAILED") {
          throw conflict(`This analysis is already ${analysis.status.toLowerCase()}`);
        }
        if (events.length > 0) {
          await tx.analysisEvent.createMany({
            data: events.map((event) => ({
              analysisId: id,
              userId,
              eventType: event.eventType,
              timeSeconds: event.timeSeconds,
              durationSeconds: event.durationSeconds ?? null,
              confidence: event.confidence ?? null,
              payload: (event.payload ?? {}) as Prisma.InputJsonValue,
            })),
          });
        }
        await tx.trackAnalysis.update({
          where: { id },
          data: { status: "COMPLETED", summary: args.summary as Prisma.InputJsonValue, completedAt: new Date() },
        });
        return tx.trackAnalysis.findUniqueOrThrow({ ...query, where: { id } });
      });
    },
  }),
);

builder.mutationField("failTrackAnalysis", (t) =>
  t.withAuth({ signedIn: true }).prismaField({
    type: "TrackAnalysis",
    description: "Marks a pending or running analysis FAILED, keeping the reason in its summary.",
    args: { id: t.arg.id({ required: true }), reason: t.arg.string({ required: true, validate: nonBlank(1000) }) },
    resolve: async (query, _root, args, ctx) => {
      const id = decodeId(args.id, "TrackAnalysis");
      return prisma.$transaction(async (tx) => {
        const analysis = await findOwnAnalysis(tx, id, ctx.viewer.userId);
        if (analysis.status === "COMPLETED" || analysis.status === "FAILED") {
          throw conflict(`This analysis is already ${analysis.status.toLowerCase()}`);
        }
        await tx.trackAnalysis.update({ where: { id }, data: { status: "FAILED", summary: { error: args.reason } } });
        return tx.trackAnalysis.findUniqueOrThrow({ ...query, where: { id } });
      });
    },
  }),
);

builder.mutationField("deleteTrackAnalysis", (t) =>
  t.withAuth({ signedIn: true }).id({
    description: "Deletes one of the viewer's analyses with its frames and events; returns its global ID.",
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, args, ctx) => {
      const id = decodeId(args.id, "TrackAnalysis");
      return prisma.$transaction(async (tx) => {
        const { count } = await tx.trackAnalysis.deleteMany({ where: { id, userId: ctx.viewer.userId } });
        if (count === 0) throw notFound("TrackAnalysis");
        return encodeId("TrackAnalysis", id);
      });
    },
  }),
);

// ---------------------------------------------------------------------------
// uploadAnalysisFrames: binary chunks of one feature series (float32 little-endian).

const FrameChunkInput = builder.inputType("AnalysisFrameChunkInput", {
  fields: (t) => ({
    chunkIndex: t.int({ required: true, validate: z.number().int().min(0).max(1_000_000) }),
    startFrame: t.int({ required: true, description: "Must be chunkIndex × framesPerChunk.", validate: z.number().int().min(0) }),
    frameCount: t.int({ required: true, description: "1..framesPerChunk.", validate: z.number().int().min(1) }),
    data: t.field({ type: "Byte", required: true, description: "frameCount × valuesPerFrame float32 values, little-endian, base64." }),
  }),
});

const UploadAnalysisFramesInput = builder.inputType("UploadAnalysisFramesInput", {
  description:
    "Adds chunks to the (analysis, feature) series, creating its manifest on the first upload; later uploads must repeat the same frameRate, valuesPerFrame and framesPerChunk.",
  fields: (t) => ({
    analysisId: t.id({ required: true }),
    feature: t.string({ required: true, description: "e.g. `rms`, `spectral_centroid`, `chroma`.", validate: slug }),
    frameRate: t.float({ required: true, validate: z.number().gt(0).max(100_000) }),
    valuesPerFrame: t.int({ required: true, validate: z.number().int().min(1).max(4096) }),
    framesPerChunk: t.int({ required: true, validate: z.number().int().min(1).max(1_000_000) }),
    chunks: t.field({
      type: [FrameChunkInput],
      required: true,
      validate: z.array(z.unknown()).min(1).max(MAX_CHUNKS_PER_UPLOAD),
    }),
  }),
});

builder.mutationField("uploadAnalysisFrames", (t) =>
  t.withAuth({ signedIn: true }).prismaField({
    type: "AnalysisFrameManifest",
    description:
      "Stores binary frame chunks of an analysis feature (bytea). Each chunk's data must be exactly frameCount × valuesPerFrame × 4 bytes. " +
      "A chunkIndex already stored is a CONFLICT.",
    args: { input: t.arg({ type: UploadAnalysisFramesInput, required: true }) },
    resolve: async (query, _root, { input }, ctx) => {
      const analysisId = decodeId(input.analysisId, "TrackAnalysis", "analysisId");
      const userId = ctx.viewer.userId;
      const seen = new Set<number>();
      input.chunks.forEach((chunk, index) => {
        const field = `chunks.${index}`;
        if (seen.has(chunk.chunkIndex)) throw badInput(`${field}.chunkIndex: chunk ${chunk.chunkIndex} is listed twice`, `${field}.chunkIndex`);
        seen.add(chunk.chunkIndex);
        if (chunk.frameCount > input.framesPerChunk) {
          throw badInput(`${field}.frameCount: a chunk holds at most ${input.framesPerChunk} frames`, `${field}.frameCount`);
        }
        if (chunk.startFrame !== chunk.chunkIndex * input.framesPerChunk) {
          throw badInput(`${field}.startFrame: must be chunkIndex × framesPerChunk = ${chunk.chunkIndex * input.framesPerChunk}`, `${field}.startFrame`);
        }
        const expected = chunk.frameCount * input.valuesPerFrame * FLOAT32_BYTES;
        if (chunk.data.byteLength !== expected) {
          throw badInput(
            `${field}.data: expected ${expected} bytes (${chunk.frameCount} frames × ${input.valuesPerFrame} values × 4), got ${chunk.data.byteLength}`,
            `${field}.data`,
          );
        }
      });
      return prisma.$transaction(async (tx) => {
        const analysis = await findOwnAnalysis(tx, analysisId, userId);
        if (analysis.status === "FAILED") throw conflict("This analysis failed; start a new one");

        await tx.analysisFrameManifest.createMany({
          data: [
            {
              analysisId,
              userId,
              feature: input.feature,
              frameRate: input.frameRate,
              valuesPerFrame: input.valuesPerFrame,
              framesPerChunk: input.framesPerChunk,
              frameCount: 0,
              encoding: "float32le",
            },
          ],
          skipDuplicates: true,
        });
        const [locked] = await tx.$queryRaw<Array<{ id: string }>>`
          SELECT id::text AS id FROM analysis_frame_manifests
          WHERE analysis_id = ${analysisId}::uuid AND feature = ${input.feature} FOR UPDATE`;
        const manifest = await tx.analysisFrameManifest.findUniqueOrThrow({ where: { id: locked.id } });
        if (
          manifest.frameRate !== input.frameRate ||
          manifest.valuesPerFrame !== input.valuesPerFrame ||
          manifest.framesPerChunk !== input.framesPerChunk
        ) {
          throw badInput(
            `The ${input.feature} series was started with frameRate ${manifest.frameRate}, valuesPerFrame ${manifest.valuesPerFrame}, framesPerChunk ${manifest.framesPerChunk}`,
            "feature",
          );
        }

        await withDatabaseErrors(() =>
          tx.analysisFrameData.createMany({
            data: input.chunks.map((chunk) => ({
              manifestId: manifest.id,
              userId,
              chunkIndex: chunk.chunkIndex,
              startFrame: chunk.startFrame,
              frameCount: chunk.frameCount,
              data: new Uint8Array(chunk.data),
            })),
          }),
        );
        const total = await tx.analysisFrameData.aggregate({ where: { manifestId: manifest.id }, _sum: { frameCount: true } });
        await tx.analysisFrameManifest.update({ where: { id: manifest.id }, data: { frameCount: total._sum.frameCount ?? 0 } });
        if (analysis.status === "PENDING") {
          await tx.trackAnalysis.update({ where: { id: analysisId }, data: { status: "PROCESSING" } });
        }
        return tx.analysisFrameManifest.findUniqueOrThrow({ ...query, where: { id: manifest.id } });
      });
    },
  }),
);
