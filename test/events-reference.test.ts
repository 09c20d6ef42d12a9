// Reference family: adding a track region emits `reference.region_added`, and the catalogue
// quest that counts regions ("once-first-reference": three regions, ONCE) completes from that
// real activity and pays exactly once.
import { describe, expect, it } from "vitest";
import { ledgerKeys } from "../src/domain/ledger-keys.ts";
import { createTrackRegion } from "../src/domain/reference.ts";
import { eventsOf, expectRolledBackLeavesNoEvent, outboxCount } from "./support/event-assertions.ts";
import { codeOf, startGatewayWithUsers, type TestUser } from "./support/gateway.ts";
import { rawId } from "./support/graphqlIds.ts";

const { t } = await startGatewayWithUsers();

const REGION = `mutation($id: ID!, $input: TrackRegionInput!) { createTrackRegion(trackId: $id, input: $input) { id } }`;

async function track(user: TestUser): Promise<string> {
  return (await t.ok(`mutation { createReferenceTrack(input: { title: "Windowlicker" }) { id } }`, {}, { token: user.token }))
    .createReferenceTrack.id;
}

async function region(user: TestUser, trackId: string, start: number): Promise<string> {
  return (
    await t.ok(REGION, { id: trackId, input: { label: `at ${start}`, startSeconds: start, endSeconds: start + 10 } }, { token: user.token })
  ).createTrackRegion.id;
}

describe("reference.region_added", () => {
  it("each new region emits the event; three complete the catalogue quest, paid once", async () => {
    const user = await t.createUser();
    const trackId = await track(user);
    const regions = [await region(user, trackId, 0), await region(user, trackId, 20), await region(user, trackId, 40)];
    expect(await eventsOf(t.prisma, user.userId, "reference.region_added")).toEqual(
      regions.map((id) => ({ trackId: rawId(trackId), regionId: rawId(id) })),
    );

    const quest = await t.prisma.universalQuest.findUniqueOrThrow({ where: { key: "once-first-reference" } });
    const completed = await eventsOf(t.prisma, user.userId, "universal_quest.completed");
    expect(completed.filter((event) => event.questKey === "once-first-reference")).toHaveLength(1);
    const paid = await t.prisma.pointsLedger.findMany({ where: { userId: user.userId, sourceType: "user_quest_progress" } });
    expect(paid.filter((entry) => entry.idempotencyKey.startsWith(ledgerKeys.universalQuestPeriod(quest.id, "")))).toHaveLength(1);

    // More regions, or deleting and re-adding, never pay the ONCE quest again.
    await t.ok(`mutation($id: ID!) { deleteTrackRegion(id: $id) }`, { id: regions[0] }, { token: user.token });
    await region(user, trackId, 60);
    await region(user, trackId, 80);
    const after = await t.prisma.pointsLedger.findMany({ where: { userId: user.userId } });
    expect(after.filter((entry) => entry.idempotencyKey.startsWith(ledgerKeys.universalQuestPeriod(quest.id, "")))).toHaveLength(1);
  });

  it("a refused region (bad span, another user's track) emits nothing", async () => {
    const owner = await t.createUser();
    const stranger = await t.createUser();
    const trackId = await track(owner);
    const before = await outboxCount(t.prisma, owner.userId);
    const bad = await t.graphql(REGION, { id: trackId, input: { label: "x", startSeconds: 10, endSeconds: 5 } }, { token: owner.token });
    expect(codeOf(bad)).toBe("BAD_USER_INPUT");
    const foreign = await t.graphql(
      REGION,
      { id: trackId, input: { label: "x", startSeconds: 0, endSeconds: 5 } },
      { token: stranger.token },
    );
    expect(codeOf(foreign)).toBe("NOT_FOUND");
    expect(await outboxCount(t.prisma, owner.userId)).toBe(before);
    expect(await outboxCount(t.prisma, stranger.userId)).toBe(0);
  });

  it("a rolled-back region leaves no event and no row", async () => {
    const user = await t.createUser();
    const trackId = rawId(await track(user));
    await expectRolledBackLeavesNoEvent(t.prisma, user.userId, (tx) =>
      createTrackRegion(tx, { userId: user.userId, timezone: "UTC" }, trackId, { label: "ghost", startSeconds: 0, endSeconds: 1 }),
    );
    expect(await t.prisma.trackRegion.count({ where: { userId: user.userId } })).toBe(0);
  });
});
