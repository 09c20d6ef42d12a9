// The viewer's focus music libraries and their ordered tracks.
import { z } from "zod";
import { prisma } from "../../db/index.ts";
import { lockOwnedRow } from "../../domain/locks.ts";
import { builder } from "../builder.ts";
import { badInput, notFound, withDatabaseErrors } from "../errors/index.ts";
import { decodeId, encodeId } from "../ids.ts";
import { orderByPosition } from "../ordering.ts";
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
      prisma.$transaction(async (tx) => {
        const library = await tx.focusLibrary.create({
          data: {
            userId: ctx.viewer.userId,
            name: input.name.trim(),
            description: input.description ?? null,
            sortOrder: input.sortOrder ?? 0,
          },
        });
        return tx.focusLibrary.findUniqueOrThrow({ ...query, where: { id: library.id } });
      }),
  }),
);

builder.mutationField("updateFocusLibrary", (t) =>
  t.withAuth({ signedIn: true }).prismaField({
    type: "FocusLibrary",
    args: { id: t.arg.id({ required: true }), input: t.arg({ type: UpdateFocusLibraryInput, required: true }) },
    resolve: (query, _root, { id, input }, ctx) =>
      prisma.$transaction(async (tx) => {
        const libraryId = decodeId(id, "FocusLibrary");
        refuseNulls(input, ["name"]);
        const { count } = await tx.focusLibrary.updateMany({
          where: { id: libraryId, userId: ctx.viewer.userId },
          data: { name: input.name?.trim(), description: input.description, sortOrder: input.sortOrder ?? undefined },
        });
        if (count === 0) throw notFound("FocusLibrary");
        return tx.focusLibrary.findUniqueOrThrow({ ...query, where: { id: libraryId } });
      }),
  }),
);

builder.mutationField("deleteFocusLibrary", (t) =>
  t.withAuth({ signedIn: true }).field({
    type: "ID",
    description: "Deletes a library and its tracks; sessions that used it keep running without it. Returns the deleted ID.",
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, ctx) =>
      prisma.$transaction(async (tx) => {
        const libraryId = decodeId(id, "FocusLibrary");
        const { count } = await withDatabaseErrors(() =>
          tx.focusLibrary.deleteMany({ where: { id: libraryId, userId: ctx.viewer.userId } }),
        );
        if (count === 0) throw notFound("FocusLibrary");
        return encodeId("FocusLibrary", libraryId);
      }),
  }),
);

builder.mutationField("addFocusLibraryTrack", (t) =>
  t.withAuth({ signedIn: true }).prismaField({
    type: "FocusLibraryTrack",
    description: "Appends a track to the end of one of the viewer's libraries.",
    args: { libraryId: t.arg.id({ required: true }), input: t.arg({ type: FocusLibraryTrackInput, required: true }) },
    resolve: (query, _root, { libraryId, input }, ctx) =>
      prisma.$transaction(async (tx) => {
        const userId = ctx.viewer.userId;
        const id = decodeId(libraryId, "FocusLibrary");
        if (!(await lockOwnedRow(tx, "focus_libraries", id, userId))) throw notFound("FocusLibrary");
        const last = await tx.focusLibraryTrack.aggregate({ where: { libraryId: id }, _max: { sortOrder: true } });
        const track = await tx.focusLibraryTrack.create({
          data: {
            libraryId: id,
            userId,
            title: input.title.trim(),
            artist: input.artist?.trim() || null,
            url: input.url,
            durationSeconds: input.durationSeconds ?? null,
            sortOrder: last._max.sortOrder === null ? 0 : last._max.sortOrder + 1,
          },
        });
        return tx.focusLibraryTrack.findUniqueOrThrow({ ...query, where: { id: track.id } });
      }),
  }),
);

builder.mutationField("updateFocusLibraryTrack", (t) =>
  t.withAuth({ signedIn: true }).prismaField({
    type: "FocusLibraryTrack",
    args: { id: t.arg.id({ required: true }), input: t.arg({ type: UpdateFocusLibraryTrackInput, required: true }) },
    resolve: (query, _root, { id, input }, ctx) =>
      prisma.$transaction(async (tx) => {
        const trackId = decodeId(id, "FocusLibraryTrack");
        refuseNulls(input, ["title", "url"]);
        const { count } = await tx.focusLibraryTrack.updateMany({
          where: { id: trackId, userId: ctx.viewer.userId },
          data: {
            title: input.title?.trim(),
            artist: input.artist === undefined ? undefined : input.artist?.trim() || null,
            url: input.url,
            durationSeconds: input.durationSeconds,
          },
        });
        if (count === 0) throw notFound("FocusLibraryTrack");
        return tx.focusLibraryTrack.findUniqueOrThrow({ ...query, where: { id: trackId } });
      }),
  }),
);

builder.mutationField("removeFocusLibraryTrack", (t) =>
  t.withAuth({ signedIn: true }).field({
    type: "ID",
    description: "Removes a track. Returns the removed ID.",
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, ctx) =>
      prisma.$transaction(async (tx) => {
        const trackId = decodeId(id, "FocusLibraryTrack");
        const { count } = await tx.focusLibraryTrack.deleteMany({ where: { id: trackId, userId: ctx.viewer.userId } });
        if (count === 0) throw notFound("FocusLibraryTrack");
        return encodeId("FocusLibraryTrack", trackId);
      }),
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
    resolve: (query, _root, { libraryId, trackIds }, ctx) =>
      prisma.$transaction(async (tx) => {
        const userId = ctx.viewer.userId;
        const id = decodeId(libraryId, "FocusLibrary");
        if (!(await lockOwnedRow(tx, "focus_libraries", id, userId))) throw notFound("FocusLibrary");
        const ids = trackIds.map((trackId) => decodeId(trackId, "FocusLibraryTrack"));
        const tracks = await tx.focusLibraryTrack.findMany({ where: { libraryId: id, userId }, select: { id: true } });
        const current = new Set(tracks.map((track) => track.id));
        if (new Set(ids).size !== ids.length) throw badInput("trackIds must not repeat", "trackIds");
        if (ids.length !== current.size || ids.some((trackId) => !current.has(trackId))) {
          throw badInput("trackIds must list every track of the library exactly once", "trackIds");
        }
        for (const [position, trackId] of ids.entries()) {
          await tx.focusLibraryTrack.update({ where: { id: trackId }, data: { sortOrder: position } });
        }
        return tx.focusLibrary.findUniqueOrThrow({ ...query, where: { id } });
      }),
  }),
);
