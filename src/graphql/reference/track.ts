import { z } from "zod";
import { prisma } from "../../db/index.ts";
import * as reference from "../../domain/reference.ts";
import type { Actor } from "../../domain/actor.ts";
import type { Tx } from "../../domain/transaction.ts";
import { builder, type InputFields } from "../builder.ts";
import { reread, runMutation } from "../mutation.ts";
import { decodeId, encodeId } from "../ids.ts";
import { orderByPosition, orderNewestFirst } from "../../domain/ordering.ts";
import { ownedByViewer, viewerIdOrNobody } from "../tenancy.ts";
import { nonBlank, optionalText, optionalUrl, refuseNulls, sortOrder } from "../validators.ts";

export const byTime = () => [{ timeSeconds: "asc" as const }, { createdAt: "asc" as const }, { id: "asc" as const }];

builder.prismaNode("ReferenceTrack", {
  id: { field: "id" },
  findUnique: ownedByViewer,
  nullable: true,
  description: "A piece of music the user studies as a reference.",
  fields: (t) => ({
    title: t.exposeString("title"),
    artist: t.exposeString("artist", { nullable: true }),
    sourceUrl: t.exposeString("sourceUrl", { nullable: true }),
    durationSeconds: t.exposeFloat("durationSeconds", { nullable: true }),
    bpm: t.exposeFloat("bpm", { nullable: true }),
    musicalKey: t.exposeString("musicalKey", { nullable: true }),
    genre: t.exposeString("genre", { nullable: true }),
    notes: t.exposeString("notes", { nullable: true }),
    sortOrder: t.exposeInt("sortOrder"),
    analyses: t.relation("analyses", {
      description: "Analyses of the track, newest first.",
      query: (_args, ctx) => ({ where: { userId: viewerIdOrNobody(ctx) }, orderBy: orderNewestFirst() }),
    }),
    annotations: t.relation("annotations", {
      description: "By time in the track, then createdAt, then id.",
      query: (_args, ctx) => ({ where: { userId: viewerIdOrNobody(ctx) }, orderBy: byTime() }),
    }),
    regions: t.relation("regions", {
      description: "By position (sortOrder, createdAt, id).",
      query: (_args, ctx) => ({ where: { userId: viewerIdOrNobody(ctx) }, orderBy: orderByPosition() }),
    }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    updatedAt: t.expose("updatedAt", { type: "DateTime" }),
  }),
});

builder.prismaNode("TrackAnnotation", {
  id: { field: "id" },
  findUnique: ownedByViewer,
  nullable: true,
  description: "A note pinned to a moment of a track.",
  fields: (t) => ({
    track: t.relation("track"),
    timeSeconds: t.exposeFloat("timeSeconds"),
    body: t.exposeString("body"),
    category: t.exposeString("category", { nullable: true }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    updatedAt: t.expose("updatedAt", { type: "DateTime" }),
  }),
});

builder.prismaNode("TrackRegion", {
  id: { field: "id" },
  findUnique: ownedByViewer,
  nullable: true,
  description: "A labelled time span of a track (intro, drop, …); endSeconds > startSeconds ≥ 0.",
  fields: (t) => ({
    track: t.relation("track"),
    startSeconds: t.exposeFloat("startSeconds"),
    endSeconds: t.exposeFloat("endSeconds"),
    label: t.exposeString("label"),
    color: t.exposeString("color", { nullable: true }),
    sortOrder: t.exposeInt("sortOrder"),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    updatedAt: t.expose("updatedAt", { type: "DateTime" }),
  }),
});

builder.prismaObjectField("User", "referenceTracks", (t) =>
  t.relatedConnection("referenceTracks", {
    cursor: "id",
    description: "The user's reference tracks by position (sortOrder, createdAt, id).",
    query: (_args, ctx) => ({ where: { userId: viewerIdOrNobody(ctx) }, orderBy: orderByPosition() }),
  }),
);

builder.queryField("referenceTrack", (t) =>
  t.withAuth({ signedIn: true }).prismaField({
    type: "ReferenceTrack",
    nullable: true,
    description: "One of the viewer's reference tracks (null for a missing or foreign ID).",
    args: { id: t.arg.id({ required: true }) },
    resolve: (query, _root, args, ctx) =>
      prisma.referenceTrack.findFirst({ ...query, where: { id: decodeId(args.id, "ReferenceTrack"), userId: ctx.viewer.userId } }),
  }),
);

// ---------------------------------------------------------------------------
// Track CRUD

const seconds = z.number().min(0).max(86_400);
const color = z.string().max(32).nullish();

/** The fields of CreateReferenceTrackInput and UpdateReferenceTrackInput besides `title`. */
const trackFields = (t: InputFields) => ({
  artist: t.string({ validate: optionalText(300) }),
  sourceUrl: t.string({ validate: optionalUrl }),
  durationSeconds: t.float({ validate: seconds.nullish() }),
  bpm: t.float({ validate: z.number().gt(0).max(1000).nullish() }),
  musicalKey: t.string({ validate: optionalText(20) }),
  genre: t.string({ validate: optionalText(100) }),
  notes: t.string({ validate: optionalText(10_000) }),
  sortOrder: t.int({ validate: sortOrder }),
});

const CreateReferenceTrackInput = builder.inputType("CreateReferenceTrackInput", {
  fields: (t) => ({ title: t.string({ required: true, validate: nonBlank(300) }), ...trackFields(t) }),
});

const UpdateReferenceTrackInput = builder.inputType("UpdateReferenceTrackInput", {
  description: "Only the fields given change; null clears an optional field.",
  fields: (t) => ({ title: t.string({ validate: nonBlank(300).nullish() }), ...trackFields(t) }),
});

/**
 * `delete<typename>(id)`: deletes one of the viewer's rows (with what cascades from it) and
 * returns its global ID; NOT_FOUND for a missing or another user's ID.
 */
function deleteOwnRowMutation(
  typename: "ReferenceTrack" | "TrackAnnotation" | "TrackRegion",
  deleteRow: (tx: Tx, actor: Actor, id: string) => Promise<void>,
  description?: string,
) {
  builder.mutationField(`delete${typename}`, (t) =>
    t.withAuth({ signedIn: true }).id({
      description,
      args: { id: t.arg.id({ required: true }) },
      resolve: async (_root, args, ctx) => {
        const id = decodeId(args.id, typename);
        await runMutation(ctx, (tx, actor) => deleteRow(tx, actor, id));
        return encodeId(typename, id);
      },
    }),
  );
}

builder.mutationField("createReferenceTrack", (t) =>
  t.withAuth({ signedIn: true }).prismaField({
    type: "ReferenceTrack",
    args: { input: t.arg({ type: CreateReferenceTrackInput, required: true }) },
    resolve: (query, _root, { input }, ctx) =>
      runMutation(ctx, (tx, actor) => reference.createReferenceTrack(tx, actor, input), reread("ReferenceTrack", query)),
  }),
);

builder.mutationField("updateReferenceTrack", (t) =>
  t.withAuth({ signedIn: true }).prismaField({
    type: "ReferenceTrack",
    args: { id: t.arg.id({ required: true }), input: t.arg({ type: UpdateReferenceTrackInput, required: true }) },
    resolve: (query, _root, args, ctx) => {
      const id = decodeId(args.id, "ReferenceTrack");
      const { input } = args;
      refuseNulls(input, ["title", "sortOrder"]);
      return runMutation(ctx, (tx, actor) => reference.updateReferenceTrack(tx, actor, id, input), reread("ReferenceTrack", query));
    },
  }),
);

deleteOwnRowMutation(
  "ReferenceTrack",
  reference.deleteReferenceTrack,
  "Deletes one of the viewer's tracks with its analyses, frames, annotations and regions; returns its global ID.",
);

// ---------------------------------------------------------------------------
// Annotations

const AnnotationInput = builder.inputType("TrackAnnotationInput", {
  fields: (t) => ({
    timeSeconds: t.float({ required: true, validate: seconds }),
    body: t.string({ required: true, validate: nonBlank(5000) }),
    category: t.string({ validate: optionalText(100) }),
  }),
});

const UpdateAnnotationInput = builder.inputType("UpdateTrackAnnotationInput", {
  fields: (t) => ({
    timeSeconds: t.float({ validate: seconds.nullish() }),
    body: t.string({ validate: nonBlank(5000).nullish() }),
    category: t.string({ validate: optionalText(100) }),
  }),
});

builder.mutationField("createTrackAnnotation", (t) =>
  t.withAuth({ signedIn: true }).prismaField({
    type: "TrackAnnotation",
    args: { trackId: t.arg.id({ required: true }), input: t.arg({ type: AnnotationInput, required: true }) },
    resolve: (query, _root, args, ctx) => {
      const trackId = decodeId(args.trackId, "ReferenceTrack", "trackId");
      return runMutation(
        ctx,
        (tx, actor) => reference.createTrackAnnotation(tx, actor, trackId, args.input),
        reread("TrackAnnotation", query),
      );
    },
  }),
);

builder.mutationField("updateTrackAnnotation", (t) =>
  t.withAuth({ signedIn: true }).prismaField({
    type: "TrackAnnotation",
    args: { id: t.arg.id({ required: true }), input: t.arg({ type: UpdateAnnotationInput, required: true }) },
    resolve: (query, _root, args, ctx) => {
      const id = decodeId(args.id, "TrackAnnotation");
      const { input } = args;
      refuseNulls(input, ["timeSeconds", "body"]);
      return runMutation(ctx, (tx, actor) => reference.updateTrackAnnotation(tx, actor, id, input), reread("TrackAnnotation", query));
    },
  }),
);

deleteOwnRowMutation("TrackAnnotation", reference.deleteTrackAnnotation);

// ---------------------------------------------------------------------------
// Regions

const RegionInput = builder.inputType("TrackRegionInput", {
  fields: (t) => ({
    startSeconds: t.float({ required: true, validate: seconds }),
    endSeconds: t.float({ required: true, description: "After startSeconds.", validate: seconds }),
    label: t.string({ required: true, validate: nonBlank(200) }),
    color: t.string({ validate: color }),
    sortOrder: t.int({ validate: sortOrder }),
  }),
});

const UpdateRegionInput = builder.inputType("UpdateTrackRegionInput", {
  fields: (t) => ({
    startSeconds: t.float({ validate: seconds.nullish() }),
    endSeconds: t.float({ validate: seconds.nullish() }),
    label: t.string({ validate: nonBlank(200).nullish() }),
    color: t.string({ validate: color }),
    sortOrder: t.int({ validate: sortOrder }),
  }),
});

builder.mutationField("createTrackRegion", (t) =>
  t.withAuth({ signedIn: true }).prismaField({
    type: "TrackRegion",
    args: { trackId: t.arg.id({ required: true }), input: t.arg({ type: RegionInput, required: true }) },
    resolve: (query, _root, args, ctx) => {
      const trackId = decodeId(args.trackId, "ReferenceTrack", "trackId");
      return runMutation(ctx, (tx, actor) => reference.createTrackRegion(tx, actor, trackId, args.input), reread("TrackRegion", query));
    },
  }),
);

builder.mutationField("updateTrackRegion", (t) =>
  t.withAuth({ signedIn: true }).prismaField({
    type: "TrackRegion",
    args: { id: t.arg.id({ required: true }), input: t.arg({ type: UpdateRegionInput, required: true }) },
    resolve: (query, _root, args, ctx) => {
      const id = decodeId(args.id, "TrackRegion");
      const { input } = args;
      refuseNulls(input, ["startSeconds", "endSeconds", "label", "sortOrder"]);
      return runMutation(ctx, (tx, actor) => reference.updateTrackRegion(tx, actor, id, input), reread("TrackRegion", query));
    },
  }),
);

deleteOwnRowMutation("TrackRegion", reference.deleteTrackRegion);
