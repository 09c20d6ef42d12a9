import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestGateway, type TestGateway, type TestUser } from "./support/gateway.ts";
import { rawId } from "./support/graphqlIds.ts";

let t: TestGateway;
let alice: TestUser;
let bob: TestUser;
let admin: TestUser;

beforeAll(async () => {
  t = await startTestGateway();
  alice = await t.createUser();
  bob = await t.createUser();
  admin = await t.createUser({ admin: true });
});
afterAll(async () => {
  await t?.close();
});

function errorCode(response: { errors?: Array<{ extensions?: { code?: string } }> }): string | undefined {
  return response.errors?.[0]?.extensions?.code;
}

function float32le(values: number[]): Buffer {
  const buffer = Buffer.alloc(values.length * 4);
  for (const [index, value] of values.entries()) buffer.writeFloatLE(value, index * 4);
  return buffer;
}

async function createTrack(user: TestUser, input: Record<string, unknown>) {
  const data = await t.ok(
    `mutation($input: CreateReferenceTrackInput!) { createReferenceTrack(input: $input) { id title artist bpm durationSeconds sortOrder } }`,
    { input },
    { token: user.token },
  );
  return data.createReferenceTrack;
}

async function createAnalysis(user: TestUser, trackId: string) {
  const data = await t.ok(
    `mutation($id: ID!) { createTrackAnalysis(trackId: $id, analyzerVersion: "essentia-2.1") { id status analyzerVersion } }`,
    {
      id: trackId,
    },
    { token: user.token },
  );
  return data.createTrackAnalysis;
}

const UPLOAD = `
  mutation($input: UploadAnalysisFramesInput!) {
    uploadAnalysisFrames(input: $input) {
      id feature frameRate frameCount valuesPerFrame framesPerChunk encoding
      analysis { id status }
      chunks { edges { node { id chunkIndex startFrame frameCount byteLength data } } }
    }
  }`;

describe("reference tracks", () => {
  it("creates tracks with annotations by time and regions by position", async () => {
    const track = await createTrack(alice, { title: " Windowlicker ", artist: "Aphex Twin", bpm: 127.5, durationSeconds: 367.2 });
    expect(track).toMatchObject({ title: "Windowlicker", bpm: 127.5, durationSeconds: 367.2, sortOrder: 0 });
    for (const [time, body] of [
      [90.5, "second"],
      [12, "first"],
      [300, "third"],
    ] as const) {
      await t.ok(
        `mutation($id: ID!, $input: TrackAnnotationInput!) { createTrackAnnotation(trackId: $id, input: $input) { id } }`,
        {
          id: track.id,
          input: { timeSeconds: time, body },
        },
        { token: alice.token },
      );
    }
    for (const [label, start, end, sortOrder] of [
      ["Outro", 300, 367, 3],
      ["Intro", 0, 30, 1],
      ["Drop", 90, 120, 2],
    ] as const) {
      await t.ok(
        `mutation($id: ID!, $input: TrackRegionInput!) { createTrackRegion(trackId: $id, input: $input) { id } }`,
        {
          id: track.id,
          input: { label, startSeconds: start, endSeconds: end, sortOrder },
        },
        { token: alice.token },
      );
    }
    const data = await t.ok(
      `query($id: ID!) { referenceTrack(id: $id) { annotations { body timeSeconds } regions { id label startSeconds endSeconds } } viewer { referenceTracks { edges { node { id } } } } }`,
      { id: track.id },
      { token: alice.token },
    );
    expect(data.referenceTrack.annotations.map((annotation: any) => annotation.body)).toEqual(["first", "second", "third"]);
    expect(data.referenceTrack.regions.map((region: any) => region.label)).toEqual(["Intro", "Drop", "Outro"]);
    expect(data.viewer.referenceTracks.edges.map((edge: any) => edge.node.id)).toEqual([track.id]);

    const drop = data.referenceTrack.regions[1];
    const moved = await t.ok(
      `mutation($id: ID!) { updateTrackRegion(id: $id, input: { endSeconds: 150, label: "Big drop" }) { label startSeconds endSeconds } }`,
      {
        id: drop.id,
      },
      { token: alice.token },
    );
    expect(moved.updateTrackRegion).toEqual({ label: "Big drop", startSeconds: 90, endSeconds: 150 });
  });

  it("validates tracks, annotations and regions (region end after start) and changes nothing", async () => {
    const track = (await t.ok(`{ viewer { referenceTracks { edges { node { id regions { id } } } } } }`, {}, { token: alice.token })).viewer
      .referenceTracks.edges[0].node;
    const before = await Promise.all([
      t.prisma.referenceTrack.count(),
      t.prisma.trackRegion.findMany({ orderBy: { id: "asc" } }),
      t.prisma.trackAnnotation.count(),
    ]);
    const attempts: Array<[string, Record<string, unknown>]> = [
      [`mutation { createReferenceTrack(input: { title: "" }) { id } }`, {}],
      [`mutation { createReferenceTrack(input: { title: "x", bpm: 0 }) { id } }`, {}],
      [`mutation { createReferenceTrack(input: { title: "x", sourceUrl: "ftp://nope" }) { id } }`, {}],
      [
        `mutation($id: ID!) { createTrackRegion(trackId: $id, input: { label: "x", startSeconds: 10, endSeconds: 10 }) { id } }`,
        { id: track.id },
      ],
      [
        `mutation($id: ID!) { createTrackRegion(trackId: $id, input: { label: "x", startSeconds: 20, endSeconds: 10 }) { id } }`,
        { id: track.id },
      ],
      [
        `mutation($id: ID!) { createTrackRegion(trackId: $id, input: { label: "x", startSeconds: -1, endSeconds: 10 }) { id } }`,
        { id: track.id },
      ],
      [`mutation($id: ID!) { updateTrackRegion(id: $id, input: { startSeconds: 500 }) { id } }`, { id: track.regions[0].id }],
      [`mutation($id: ID!) { createTrackAnnotation(trackId: $id, input: { timeSeconds: -3, body: "x" }) { id } }`, { id: track.id }],
      [`mutation($id: ID!) { createTrackAnnotation(trackId: $id, input: { timeSeconds: 3, body: " " }) { id } }`, { id: track.id }],
    ];
    for (const [query, variables] of attempts) {
      expect(errorCode(await t.graphql(query, variables, { token: alice.token })), query).toBe("BAD_USER_INPUT");
    }
    expect(
      await Promise.all([
        t.prisma.referenceTrack.count(),
        t.prisma.trackRegion.findMany({ orderBy: { id: "asc" } }),
        t.prisma.trackAnnotation.count(),
      ]),
    ).toEqual(before);
  });
});

describe("analyses and binary frames", () => {
  it("uploads float32 frame chunks and returns them byte-exact, by chunkIndex", async () => {
    const track = await createTrack(alice, { title: "Frames" });
    const analysis = await createAnalysis(alice, track.id);
    expect(analysis.status).toBe("PENDING");

    const chunk0 = float32le([0.5, -1.25, 2.71875, 1e-7, -0, Number.NaN, Number.POSITIVE_INFINITY, 42]); // 4 frames × 2 values
    // Bytes whose base64 text is also valid hex: must still be read as base64.
    const chunk1 = Buffer.from("deadbeef".repeat(4), "base64"); // 24 bytes = 3 frames × 2 values
    expect(chunk1.toString("base64")).toBe("deadbeef".repeat(4));
    const base = { analysisId: analysis.id, feature: "chroma", frameRate: 43.07, valuesPerFrame: 2, framesPerChunk: 4 };

    const second = await t.ok(
      UPLOAD,
      { input: { ...base, chunks: [{ chunkIndex: 1, startFrame: 4, frameCount: 3, data: chunk1.toString("base64") }] } },
      {
        token: alice.token,
      },
    );
    expect(second.uploadAnalysisFrames).toMatchObject({
      feature: "chroma",
      frameCount: 3,
      encoding: "float32le",
      analysis: { status: "PROCESSING" },
    });
    const first = await t.ok(
      UPLOAD,
      { input: { ...base, chunks: [{ chunkIndex: 0, startFrame: 0, frameCount: 4, data: chunk0.toString("base64") }] } },
      {
        token: alice.token,
      },
    );
    const manifest = first.uploadAnalysisFrames;
    expect(manifest).toMatchObject({
      id: second.uploadAnalysisFrames.id,
      frameRate: 43.07,
      frameCount: 7,
      valuesPerFrame: 2,
      framesPerChunk: 4,
    });
    const chunks = manifest.chunks.edges.map((edge: any) => edge.node);
    expect(chunks.map((chunk: any) => [chunk.chunkIndex, chunk.startFrame, chunk.frameCount, chunk.byteLength])).toEqual([
      [0, 0, 4, 32],
      [1, 4, 3, 24],
    ]);
    expect(Buffer.from(chunks[0].data, "base64").equals(chunk0)).toBe(true);
    expect(Buffer.from(chunks[1].data, "base64").equals(chunk1)).toBe(true);
    const decoded = Buffer.from(chunks[0].data, "base64");
    expect(decoded.readFloatLE(0)).toBe(0.5);
    expect(Number.isNaN(decoded.readFloatLE(20))).toBe(true);

    const stored = await t.prisma.analysisFrameData.findMany({ where: { manifestId: rawId(manifest.id) }, orderBy: { chunkIndex: "asc" } });
    expect(Buffer.from(stored[0].data).equals(chunk0)).toBe(true);
    expect(Buffer.from(stored[1].data).equals(chunk1)).toBe(true);

    const viaTrack = await t.ok(
      `query($id: ID!) { referenceTrack(id: $id) { analyses { status manifests { feature chunks(first: 1) { edges { node { data } } } } } } }`,
      { id: track.id },
      { token: alice.token },
    );
    expect(viaTrack.referenceTrack.analyses[0].manifests[0].chunks.edges[0].node.data).toBe(chunk0.toString("base64"));
  });

  it("refuses wrong sizes, bad base64, inconsistent chunks and repeated chunk indexes, storing nothing", async () => {
    const analysis = (
      await t.ok(`{ viewer { referenceTracks { edges { node { title analyses { id } } } } } }`, {}, { token: alice.token })
    ).viewer.referenceTracks.edges.find((edge: any) => edge.node.title === "Frames").node.analyses[0];
    const base = { analysisId: analysis.id, feature: "chroma", frameRate: 43.07, valuesPerFrame: 2, framesPerChunk: 4 };
    const eight = float32le([1, 2, 3, 4, 5, 6, 7, 8]).toString("base64");
    const before = await Promise.all([
      t.prisma.analysisFrameData.count(),
      t.prisma.analysisFrameManifest.findMany({ orderBy: { id: "asc" } }),
    ]);
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ ...base, chunks: [{ chunkIndex: 2, startFrame: 8, frameCount: 3, data: eight }] }, "BAD_USER_INPUT"], // 32 bytes for 3 frames
      [{ ...base, chunks: [{ chunkIndex: 2, startFrame: 8, frameCount: 4, data: "not base64!" }] }, "BAD_USER_INPUT"],
      [{ ...base, chunks: [{ chunkIndex: 2, startFrame: 7, frameCount: 4, data: eight }] }, "BAD_USER_INPUT"],
      [{ ...base, chunks: [{ chunkIndex: 2, startFrame: 8, frameCount: 5, data: eight }] }, "BAD_USER_INPUT"],
      [{ ...base, valuesPerFrame: 1, chunks: [{ chunkIndex: 2, startFrame: 8, frameCount: 8, data: eight }] }, "BAD_USER_INPUT"],
      [
        {
          ...base,
          chunks: [
            { chunkIndex: 2, startFrame: 8, frameCount: 4, data: eight },
            { chunkIndex: 2, startFrame: 8, frameCount: 4, data: eight },
          ],
        },
        "BAD_USER_INPUT",
      ],
      [{ ...base, chunks: [] }, "BAD_USER_INPUT"],
      [
        {
          ...base,
          chunks: [
            { chunkIndex: 2, startFrame: 8, frameCount: 4, data: eight },
            { chunkIndex: 0, startFrame: 0, frameCount: 4, data: eight },
          ],
        },
        "CONFLICT",
      ],
    ];
    for (const [input, code] of cases) {
      expect(errorCode(await t.graphql(UPLOAD, { input }, { token: alice.token })), JSON.stringify(input).slice(0, 200)).toBe(code);
    }
    expect(
      await Promise.all([t.prisma.analysisFrameData.count(), t.prisma.analysisFrameManifest.findMany({ orderBy: { id: "asc" } })]),
    ).toEqual(before);
  });

  it("completes an analysis with its events ordered by time, once", async () => {
    const track = await createTrack(alice, { title: "Events" });
    const analysis = await createAnalysis(alice, track.id);
    const COMPLETE = `mutation($id: ID!, $summary: JSON!, $events: [AnalysisEventInput!]) {
      completeTrackAnalysis(id: $id, summary: $summary, events: $events) { status summary completedAt events { edges { node { eventType timeSeconds confidence payload } } } }
    }`;
    const events = [
      { eventType: "drop", timeSeconds: 61.2, confidence: 0.9, payload: { strength: "high" } },
      { eventType: "beat", timeSeconds: 0.47 },
      { eventType: "downbeat", timeSeconds: 1.88, durationSeconds: 0.1 },
    ];
    const result = (
      await t.ok(COMPLETE, { id: analysis.id, summary: { bpm: 127.9, key: "F minor", lufs: -8.1 }, events }, { token: alice.token })
    ).completeTrackAnalysis;
    expect(result).toMatchObject({ status: "COMPLETED", summary: { bpm: 127.9, key: "F minor", lufs: -8.1 } });
    expect(result.completedAt).not.toBeNull();
    expect(result.events.edges.map((edge: any) => edge.node.eventType)).toEqual(["beat", "downbeat", "drop"]);
    expect(result.events.edges[2].node).toMatchObject({ confidence: 0.9, payload: { strength: "high" } });

    const beats = await t.ok(
      `query($id: ID!) { node(id: $id) { ... on TrackAnalysis { events(eventType: "beat") { edges { node { timeSeconds } } } } } }`,
      {
        id: analysis.id,
      },
      { token: alice.token },
    );
    expect(beats.node.events.edges).toEqual([{ node: { timeSeconds: 0.47 } }]);

    const again = await t.graphql(COMPLETE, { id: analysis.id, summary: {}, events: [] }, { token: alice.token });
    expect(errorCode(again)).toBe("CONFLICT");
    const badSummary = await t.graphql(
      COMPLETE,
      { id: (await createAnalysis(alice, track.id)).id, summary: [1], events: [] },
      { token: alice.token },
    );
    expect(errorCode(badSummary)).toBe("BAD_USER_INPUT");
    expect(await t.prisma.analysisEvent.count({ where: { analysisId: rawId(analysis.id) } })).toBe(3);
  });
});

describe("listening prompts", () => {
  it("lists the public catalogue with presets and their rendered prompts", async () => {
    const data = await t.ok(`{ listeningPromptTemplates { edges { node { key prompt presets { key params renderedPrompt } } } } }`);
    const lowEnd = data.listeningPromptTemplates.edges.find((edge: any) => edge.node.key === "low-end-balance").node;
    expect(lowEnd.presets.map((preset: any) => preset.key)).toEqual(["low-end-kick-16", "low-end-808-8"]);
    expect(lowEnd.presets[0].renderedPrompt).toBe(
      "Listen to the first 16 bars. Is the kick drum or the bass carrying the low end? Note where they overlap and how the mix keeps them apart.",
    );
  });

  it("lets only admins edit the catalogue, with audit rows", async () => {
    const input = { key: "test-template", title: "Test", prompt: "Hear the {thing}.", category: "test" };
    const forbidden = await t.graphql(
      `mutation($input: CreateListeningPromptTemplateInput!) { createListeningPromptTemplate(input: $input) { id } }`,
      { input },
      {
        token: alice.token,
      },
    );
    expect(errorCode(forbidden)).toBe("FORBIDDEN");
    const template = (
      await t.ok(
        `mutation($input: CreateListeningPromptTemplateInput!) { createListeningPromptTemplate(input: $input) { id } }`,
        { input },
        {
          token: admin.token,
        },
      )
    ).createListeningPromptTemplate;
    const preset = (
      await t.ok(
        `mutation($input: CreateListeningPromptPresetInput!) { createListeningPromptPreset(input: $input) { id renderedPrompt template { key } } }`,
        { input: { templateId: template.id, key: "test-preset", name: "Preset", params: { thing: "hi-hats" } } },
        { token: admin.token },
      )
    ).createListeningPromptPreset;
    expect(preset).toMatchObject({ renderedPrompt: "Hear the hi-hats.", template: { key: "test-template" } });
    const badParams = await t.graphql(
      `mutation($id: ID!) { updateListeningPromptPreset(id: $id, input: { params: "x" }) { id } }`,
      { id: preset.id },
      {
        token: admin.token,
      },
    );
    expect(errorCode(badParams)).toBe("BAD_USER_INPUT");
    await t.ok(
      `mutation($id: ID!) { updateListeningPromptTemplate(id: $id, input: { prompt: "Find the {thing}." }) { id } }`,
      { id: template.id },
      {
        token: admin.token,
      },
    );
    const rendered = await t.ok(`query($id: ID!) { node(id: $id) { ... on ListeningPromptPreset { renderedPrompt } } }`, { id: preset.id });
    expect(rendered.node.renderedPrompt).toBe("Find the hi-hats.");
    await t.ok(
      `mutation($id: ID!) { updateListeningPromptPreset(id: $id, input: { name: "Renamed" }) { id } }`,
      { id: preset.id },
      { token: admin.token },
    );
    await t.ok(`mutation($id: ID!) { deleteListeningPromptPreset(id: $id) }`, { id: preset.id }, { token: admin.token });
    await t.ok(`mutation($id: ID!) { deleteListeningPromptTemplate(id: $id) }`, { id: template.id }, { token: admin.token });
    const audit = await t.prisma.auditLog.findMany({ where: { userId: admin.userId } });
    expect(audit.map((row) => `${row.action} ${row.targetType}`).sort()).toEqual([
      "catalogue.create listening_prompt_preset",
      "catalogue.create listening_prompt_template",
      "catalogue.delete listening_prompt_preset",
      "catalogue.delete listening_prompt_template",
      "catalogue.update listening_prompt_preset",
      "catalogue.update listening_prompt_template",
    ]);
  });
});

describe("tenancy", () => {
  it("never reads or changes another user's tracks, analyses, frames and events", async () => {
    const track = await createTrack(bob, { title: "Bob's secret track" });
    const annotation = (
      await t.ok(
        `mutation($id: ID!) { createTrackAnnotation(trackId: $id, input: { timeSeconds: 1, body: "bob note" }) { id } }`,
        { id: track.id },
        {
          token: bob.token,
        },
      )
    ).createTrackAnnotation;
    const region = (
      await t.ok(
        `mutation($id: ID!) { createTrackRegion(trackId: $id, input: { label: "bob", startSeconds: 0, endSeconds: 5 }) { id } }`,
        {
          id: track.id,
        },
        { token: bob.token },
      )
    ).createTrackRegion;
    const analysis = await createAnalysis(bob, track.id);
    const manifest = (
      await t.ok(
        UPLOAD,
        {
          input: {
            analysisId: analysis.id,
            feature: "rms",
            frameRate: 10,
            valuesPerFrame: 1,
            framesPerChunk: 2,
            chunks: [{ chunkIndex: 0, startFrame: 0, frameCount: 2, data: float32le([0.1, 0.2]).toString("base64") }],
          },
        },
        { token: bob.token },
      )
    ).uploadAnalysisFrames;
    const completed = (
      await t.ok(
        `mutation($id: ID!) { completeTrackAnalysis(id: $id, summary: {}, events: [{ eventType: "beat", timeSeconds: 1 }]) { events { edges { node { id } } } } }`,
        {
          id: analysis.id,
        },
        { token: bob.token },
      )
    ).completeTrackAnalysis;
    const bobIds = [
      track.id,
      annotation.id,
      region.id,
      analysis.id,
      manifest.id,
      manifest.chunks.edges[0].node.id,
      completed.events.edges[0].node.id,
    ];

    const nodes = await t.ok(`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids: bobIds }, { token: alice.token });
    expect(nodes.nodes).toEqual(bobIds.map(() => null));
    const anonymous = await t.ok(`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids: bobIds });
    expect(anonymous.nodes).toEqual(bobIds.map(() => null));
    // Two documents: in one, the nested lists would pass the cost limit (chunks are checked by nodes(ids:) above).
    const aliceView = await t.ok(
      `query($id: ID!) { referenceTrack(id: $id) { id } viewer { referenceTracks(first: 3) { edges { node { id annotations { id } regions { id } analyses { id events(first: 3) { edges { node { id } } } } } } } } }`,
      { id: track.id },
      { token: alice.token },
    );
    const aliceFrames = await t.ok(
      `{ viewer { referenceTracks(first: 3) { edges { node { analyses { manifests { id } } } } } } }`,
      {},
      { token: alice.token },
    );
    expect(aliceView.referenceTrack).toBeNull();
    for (const id of bobIds) expect(JSON.stringify([aliceView, aliceFrames])).not.toContain(id);

    const counts = async () =>
      Promise.all([
        t.prisma.referenceTrack.findMany({ where: { userId: bob.userId }, orderBy: { id: "asc" } }),
        t.prisma.trackAnnotation.findMany({ where: { userId: bob.userId }, orderBy: { id: "asc" } }),
        t.prisma.trackRegion.findMany({ where: { userId: bob.userId }, orderBy: { id: "asc" } }),
        t.prisma.trackAnalysis.findMany({ where: { userId: bob.userId }, orderBy: { id: "asc" } }),
        t.prisma.analysisFrameData.count({ where: { userId: bob.userId } }),
        t.prisma.analysisEvent.count({ where: { userId: bob.userId } }),
      ]);
    const before = await counts();
    const attempts: Array<[string, Record<string, unknown>]> = [
      [`mutation($id: ID!) { updateReferenceTrack(id: $id, input: { title: "x" }) { id } }`, { id: track.id }],
      [`mutation($id: ID!) { deleteReferenceTrack(id: $id) }`, { id: track.id }],
      [`mutation($id: ID!) { createTrackAnnotation(trackId: $id, input: { timeSeconds: 1, body: "x" }) { id } }`, { id: track.id }],
      [`mutation($id: ID!) { updateTrackAnnotation(id: $id, input: { body: "x" }) { id } }`, { id: annotation.id }],
      [`mutation($id: ID!) { deleteTrackAnnotation(id: $id) }`, { id: annotation.id }],
      [
        `mutation($id: ID!) { createTrackRegion(trackId: $id, input: { label: "x", startSeconds: 0, endSeconds: 1 }) { id } }`,
        { id: track.id },
      ],
      [`mutation($id: ID!) { updateTrackRegion(id: $id, input: { label: "x" }) { id } }`, { id: region.id }],
      [`mutation($id: ID!) { deleteTrackRegion(id: $id) }`, { id: region.id }],
      [`mutation($id: ID!) { createTrackAnalysis(trackId: $id, analyzerVersion: "x") { id } }`, { id: track.id }],
      [`mutation($id: ID!) { completeTrackAnalysis(id: $id, summary: {}) { id } }`, { id: analysis.id }],
      [`mutation($id: ID!) { failTrackAnalysis(id: $id, reason: "x") { id } }`, { id: analysis.id }],
      [`mutation($id: ID!) { deleteTrackAnalysis(id: $id) }`, { id: analysis.id }],
      [
        UPLOAD,
        {
          input: {
            analysisId: analysis.id,
            feature: "rms",
            frameRate: 10,
            valuesPerFrame: 1,
            framesPerChunk: 2,
            chunks: [{ chunkIndex: 1, startFrame: 2, frameCount: 1, data: float32le([1]).toString("base64") }],
          },
        },
      ],
    ];
    for (const [query, variables] of attempts) {
      expect(errorCode(await t.graphql(query, variables, { token: alice.token })), query).toBe("NOT_FOUND");
    }
    expect(await counts()).toEqual(before);
  });
});
