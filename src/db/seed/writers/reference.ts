/** Music reference: one track, its analysis, annotations and regions. */
import { plusSeconds, type UserContext } from "../context.ts";

export async function writeReference(ctx: UserContext): Promise<void> {
  const { tx, userId, at, past } = ctx;
  const trackCreated = at(past(6), 20 * 60);
  const track = await tx.referenceTrack.create({
    data: {
      userId,
      title: "Night Drive (Extended Mix)",
      artist: "Lumen Park",
      durationSeconds: 412.5,
      bpm: 122,
      musicalKey: "A minor",
      genre: "Melodic House",
      notes: "Reference for the low end and for how long the breakdown is allowed to breathe.",
      sortOrder: 10,
      createdAt: trackCreated,
      annotations: {
        createMany: {
          data: [
            {
              userId,
              timeSeconds: 15.7,
              body: "Kick and sub share the low end; the sub is mono and sits under 60 Hz.",
              category: "mixing",
            },
            {
              userId,
              timeSeconds: 62.9,
              body: "Open hi-hat on the offbeat lifts the energy without adding level.",
              category: "arrangement",
            },
            { userId, timeSeconds: 125.9, body: "Low-pass filter opens over 16 bars before the breakdown.", category: "arrangement" },
            { userId, timeSeconds: 188.8, body: "Breakdown: pad and vocal chop only, no kick for 32 bars.", category: "arrangement" },
            { userId, timeSeconds: 251.8, body: "Lead comes back an octave higher and much wider in stereo.", category: "sound-design" },
          ].map((a, i) => ({ ...a, createdAt: plusSeconds(trackCreated, 600 + i * 60) })),
        },
      },
      regions: {
        createMany: {
          data: [
            { label: "Intro", startSeconds: 0, endSeconds: 31.5, color: "#94A3B8" },
            { label: "Groove", startSeconds: 31.5, endSeconds: 125.9, color: "#0EA5E9" },
            { label: "Build", startSeconds: 125.9, endSeconds: 188.8, color: "#F59E0B" },
            { label: "Breakdown", startSeconds: 188.8, endSeconds: 251.8, color: "#8B5CF6" },
            { label: "Drop", startSeconds: 251.8, endSeconds: 346.2, color: "#EF4444" },
            { label: "Outro", startSeconds: 346.2, endSeconds: 412.5, color: "#94A3B8" },
          ].map((r, i) => ({ ...r, userId, sortOrder: (i + 1) * 10, createdAt: plusSeconds(trackCreated, 1200 + i * 30) })),
        },
      },
    },
    select: { id: true },
  });
  await tx.trackAnalysis.create({
    data: {
      trackId: track.id,
      userId,
      status: "COMPLETED",
      analyzerVersion: "1.4.0",
      summary: { tempoBpm: 122, key: "A minor", integratedLufs: -8.4, truePeakDbtp: -0.7, loudnessRange: 5.9, durationSeconds: 412.5 },
      completedAt: plusSeconds(trackCreated, 45),
      createdAt: plusSeconds(trackCreated, 2),
      events: {
        createMany: {
          data: [31.5, 125.9, 188.8, 251.8, 346.2].map((time, i) => ({
            userId,
            eventType: "section_change",
            timeSeconds: time,
            confidence: [0.94, 0.88, 0.97, 0.99, 0.91][i],
            payload: { bar: Math.round((time * 122) / 240) + 1 },
            createdAt: plusSeconds(trackCreated, 45),
          })),
        },
      },
    },
  });
}
