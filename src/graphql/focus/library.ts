// The viewer's focus music libraries and their ordered tracks.
import { z } from "zod";
import { prisma } from "../../db/index.ts";
import * as focus from "../../domain/focus.ts";
import { builder } from "../builder.ts";
import { reread, runMutation } from "../mutation.ts";
import { decodeId, encodeId } from "../ids.ts";
import { orderByPosition } from "../../domain/ordering.ts";
import { ownedByViewer, viewerIdOrNobody } from "../tenancy.ts";
import { position, refuseNulls } from "../validators.ts";

builder.prismaNode("FocusLibrary", {
  id: { field: "id" },
  findUnique: ownedByViewer,
  nullable: true,
  description: "A playlist of focus music.",
  fields: (t) => ({
    name: t.exposeString("name"),
    description: t.exposeString("description", { nullable: true }),
    sortOrder: t.exposeInt("sortOrder"),
    tracks: t.relation("tracks", {
      description: "Tracks in play order.",
      query: (_args, ctx) => ({ where: { userId: viewerIdOrNobody(ctx) }, orderBy: orderByPosition() }),
    }),
    trackCount: t.relationCount("tracks"),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    updatedAt: t.expose("updatedAt", { type: "DateTime" }),
  }),
});

builder.prismaNode("FocusLibraryTrack", {
  id: { field: "id" },
  findUnique: ownedByViewer,
  nullable: true,
  fields: (t) => ({
    library: t.relation("library"),
    title: t.exposeString("title"),
    artist: t.exposeString("artist", { nullable: true }),
    url: t.exposeString("url"),
    durationSeconds: t.exposeInt("durationSeconds", { nullable: true }),
    sortOrder: t.exposeInt("sortOrder"),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    updatedAt: t.expose("updatedAt", { type: "DateTime" }),
  }),
});

builder.prismaObjectField("User", "focusLibraries", (t) =>
  t.relatedConnection("focusLibraries", {
    cursor: "id",
    totalCount: true,
    description: "Focus libraries in the user's order.",
    query: (_args, ctx) => ({ where: { userId: viewerIdOrNobody(ctx) }, orderBy: orderByPosition() }),
  }),
);

builder.queryField("focusLibrary", (t) =>
  t.withAuth({ signedIn: true }).prismaField({
    type: "FocusLibrary",
    nullable: true,
    args: { id: t.arg.id({ required: true }) },
    resolve: (query, _root, args, ctx) =>
      prisma.focusLibrary.findFirst({
        ...query,
        where: { id: decodeId(args.id, "FocusLibrary"), userId: ctx.viewer.userId },
      }),
  }),
);

const nameSchema = z.string().trim().min(1).max(200);
const descriptionSchema = z.string().max(2000);
const urlSchema = z
  .string()
  .max(2048)
  .refine((value) => {
    try {
      const url = new URL(value);
      return url.protocol === "https:" || url.protocol === "http:";
    } catch {
      return false;
    }
  }, "expected an http(s) URL");
const durationSchema = z.number().int().min(1).max(86_400);

const CreateFocusLibraryInput = builder.inputType("CreateFocusLibraryInput", {
  fields: (t) => ({
    name: t.string({ required: true, validate: nameSchema }),
    description: t.string({ validate: descriptionSchema }),
    sortOrder: t.int({ validate: position }),
  }),
});

const UpdateFocusLibraryInput = builder.inputType("UpdateFocusLibraryInput", {
  fields: (t) => ({
    name: t.string({ validate: nameSchema }),
    description: t.string({ validate: descriptionSchema }),
    sortOrder: t.int({ validate: position }),
  }),
});

const FocusLibraryTrackInput = builder.inputType("FocusLibraryTrackInput", {
  fields: (t) => ({
    title: t.string({ required: true, validate: nameSchema }),
    artist: t.string({ validate: z.string().trim().max(200) }),
    url: t.string({ required: true, validate: urlSchema }),
    durationSeconds: t.int({ validate: durationSchema }),
  }),
});

const UpdateFocusLibraryTrackInput = builder.inputType("UpdateFocusLibraryTrackInput", {
  fields: (t) => ({
    title: t.string({ validate: nameSchema }),
    artist: t.string({ validate: z.string().trim().max(200) }),
    url: t.string({ validate: urlSchema }),
    durationSeconds: t.int({ validate: durationSchema }),
  }),
});

builder.mutationField("createFocusLibrary", (t) =>
  t.withAuth({ signedIn: true }).prismaField({
    type: "FocusLibrary",
    args: { input: t.arg({ type: CreateFocusLibraryInput, required: true }) },
    resolve: (query, _root, { input }, ctx) =>
      runMutation(ctx, (tx, actor) => focus.createFocusLibrary(tx, actor, input), reread("FocusLibrary", query)),
  }),
);

builder.mutationField("updateFocusLibrary", (t) =>
  t.withAuth({ signedIn: true }).prismaField({
    type: "FocusLibrary",
    args: { id: t.arg.id({ required: true }), input: t.arg({ type: UpdateFocusLibraryInput, required: true }) },
    resolve: (query, _root, { id, input }, ctx) => {
      const libraryId = decodeId(id, "FocusLibrary");
      refuseNulls(input, ["name"]);
      return runMutation(
        ctx,
        (tx, actor) => focus.updateFocusLibrary(tx, actor, libraryId, input),
        reread("FocusLibrary", query, libraryId),
      );
    },
  }),
);

builder.mutationField("deleteFocusLibrary", (t) =>
  t.withAuth({ signedIn: true }).field({
    type: "ID",
    description: "Deletes a library and its tracks; sessions that used it keep running without it. Returns the deleted ID.",
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, { id }, ctx) => {
      const libraryId = decodeId(id, "FocusLibrary");
      await runMutation(ctx, (tx, actor) => focus.deleteFocusLibrary(tx, actor, libraryId));
      return encodeId("FocusLibrary", libraryId);
    },
  }),
);

builder.mutationField("addFocusLibraryTrack", (t) =>
  t.withAuth({ signedIn: true }).prismaField({
    type: "FocusLibraryTrack",
    description: "Appends a track to the end of one of the viewer's libraries.",
    args: { libraryId: t.arg.id({ required: true }), input: t.arg({ type: FocusLibraryTrackInput, required: true }) },
    resolve: (query, _root, { libraryId, input }, ctx) => {
      const id = decodeId(libraryId, "FocusLibrary");
      return runMutation(ctx, (tx, actor) => focus.addFocusLibraryTrack(tx, actor, id, input), reread("FocusLibraryTrack", query));
    },
  }),
);

builder.mutationField("updateFocusLibraryTrack", (t) =>
  t.withAuth({ signedIn: true }).prismaField({
    type: "FocusLibraryTrack",
    args: { id: t.arg.id({ required: true }), input: t.arg({ type: UpdateFocusLibraryTrackInput, required: true }) },
    resolve: (query, _root, { id, input }, ctx) => {
      const trackId = decodeId(id, "FocusLibraryTrack");
      refuseNulls(input, ["title", "url"]);
      return runMutation(
        ctx,
        (tx, actor) => focus.updateFocusLibraryTrack(tx, actor, trackId, input),
        reread("FocusLibraryTrack", query, trackId),
      );
    },
  }),
);

builder.mutationField("removeFocusLibraryTrack", (t) =>
  t.withAuth({ signedIn: true }).field({
    type: "ID",
    description: "Removes a track. Returns the removed ID.",
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, { id }, ctx) => {
      const trackId = decodeId(id, "FocusLibraryTrack");
      await runMutation(ctx, (tx, actor) => focus.removeFocusLibraryTrack(tx, actor, trackId));
      return encodeId("FocusLibraryTrack", trackId);
    },
  }),
);

builder.mutationField("reorderFocusLibraryTracks", (t) =>
  t.withAuth({ signedIn: true }).prismaField({
    type: "FocusLibrary",
    description: "Sets the play order: `trackIds` must list every track of the library exactly once.",
    args: {
      libraryId: t.arg.id({ required: true }),
      trackIds: t.arg.idList({ required: true, validate: z.array(z.unknown()).max(1000) }),
    },
    resolve: (query, _root, { libraryId, trackIds }, ctx) => {
      const id = decodeId(libraryId, "FocusLibrary");
      const ids = trackIds.map((trackId) => decodeId(trackId, "FocusLibraryTrack"));
      return runMutation(ctx, (tx, actor) => focus.reorderFocusLibraryTracks(tx, actor, id, ids), reread("FocusLibrary", query, id));
    },
  }),
);
