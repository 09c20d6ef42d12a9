import { z } from "zod";
import * as analyses from "../../domain/track-analysis.ts";
import { builder } from "../builder.ts";
import { reread, runMutation } from "../mutation.ts";
import { decodeId, encodeId } from "../ids.ts";
import { ownedByViewer, viewerIdOrNobody } from "../tenancy.ts";
import { jsonObject, nonBlank } from "../validators.ts";
import { byTime } from "./track.ts";

export const AnalysisStatus = builder.enumType("AnalysisStatus", {
  values: ["PENDING", "PROCESSING", "COMPLETED", "FAILED"] as const,
});

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

const slug = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[a-z][a-z0-9_.-]*$/, "must be lower-case letters, digits, '_', '-' or '.'");

builder.mutationField("createTrackAnalysis", (t) =>
  t.withAuth({ signedIn: true }).prismaField({
    type: "TrackAnalysis",
    description: "Starts an analysis of one of the viewer's tracks (PENDING).",
    args: {
      trackId: t.arg.id({ required: true }),
      analyzerVersion: t.arg.string({ required: true, validate: nonBlank(100) }),
    },
    resolve: (query, _root, args, ctx) => {
      const trackId = decodeId(args.trackId, "ReferenceTrack", "trackId");
      return runMutation(
        ctx,
        (tx, actor) => analyses.createTrackAnalysis(tx, actor, trackId, args.analyzerVersion),
        reread("TrackAnalysis", query),
      );
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
    resolve: (query, _root, args, ctx) => {
      const id = decodeId(args.id, "TrackAnalysis");
      const result = { summary: args.summary, events: args.events ?? [] };
      return runMutation(ctx, (tx, actor) => analyses.completeTrackAnalysis(tx, actor, id, result), reread("TrackAnalysis", query));
    },
  }),
);

builder.mutationField("failTrackAnalysis", (t) =>
  t.withAuth({ signedIn: true }).prismaField({
    type: "TrackAnalysis",
    description: "Marks a pending or running analysis FAILED, keeping the reason in its summary.",
    args: { id: t.arg.id({ required: true }), reason: t.arg.string({ required: true, validate: nonBlank(1000) }) },
    resolve: (query, _root, args, ctx) => {
      const id = decodeId(args.id, "TrackAnalysis");
      return runMutation(ctx, (tx, actor) => analyses.failTrackAnalysis(tx, actor, id, args.reason), reread("TrackAnalysis", query));
    },
  }),
);

builder.mutationField("deleteTrackAnalysis", (t) =>
  t.withAuth({ signedIn: true }).id({
    description: "Deletes one of the viewer's analyses with its frames and events; returns its global ID.",
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, args, ctx) => {
      const id = decodeId(args.id, "TrackAnalysis");
      await runMutation(ctx, (tx, actor) => analyses.deleteTrackAnalysis(tx, actor, id));
      return encodeId("TrackAnalysis", id);
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
    resolve: (query, _root, { input }, ctx) => {
      const analysisId = decodeId(input.analysisId, "TrackAnalysis", "analysisId");
      return runMutation(
        ctx,
        (tx, actor) => analyses.uploadAnalysisFrames(tx, actor, { ...input, analysisId }),
        reread("AnalysisFrameManifest", query),
      );
    },
  }),
);
