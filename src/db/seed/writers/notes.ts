/** One idea and one infobase entry. */
import type { UserContext } from "../context.ts";

export async function writeNotes(ctx: UserContext): Promise<void> {
  const { tx, userId, at, past } = ctx;
  await tx.idea.create({
    data: {
      userId,
      title: "Rain recording as the EP intro pad",
      body: "Record the rain on the balcony, time-stretch it 8x and band-pass it around 1 kHz for the opening of track 1.",
      tags: ["music", "sound-design", "ep"],
      isPinned: true,
      sortOrder: 10,
      createdAt: at(past(12), 22 * 60 + 10),
    },
  });
  await tx.infobaseEntry.create({
    data: {
      userId,
      title: "Mix-down checklist",
      content: [
        "## Before the mix",
        "",
        "- Gain-stage every channel to around -18 dBFS average.",
        "- Load the reference track on its own bus, level-matched.",
        "",
        "## Low end",
        "",
        "1. Decide who owns the sub: kick or bass.",
        "2. High-pass everything else, listen in mono.",
        "",
        "## Before bouncing",
        "",
        "- Peaks below -1 dBTP, no limiter on the master for the mastering engineer.",
      ].join("\n"),
      category: "music",
      tags: ["mixing", "checklist"],
      sortOrder: 10,
      createdAt: at(past(30), 21 * 60),
    },
  });
}
