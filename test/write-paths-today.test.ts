// Today.viewer and Today.settings: read in the page statement (no extra round trip), the
// viewer's own row only, with the column defaults when the user has no settings row.
import { describe, expect, it } from "vitest";
import { startGatewayWithUsers } from "./support/gateway.ts";

const { t, a, b } = await startGatewayWithUsers({ a: { displayName: "Ada", timezone: "Europe/Berlin" }, b: { displayName: "Bob" } });

const VIEWER = `{ today(date: "2026-06-10") { viewer { displayName avatarUrl } settings { timezone weekStartsOn locale theme } } }`;

describe("Today.viewer and Today.settings", () => {
  it("come from the one page statement, beside the other sections", async () => {
    await t.prisma.user.update({ where: { id: a.userId }, data: { avatarUrl: "https://img.example.test/ada.png" } });
    await t.prisma.userSettings.update({ where: { userId: a.userId }, data: { weekStartsOn: 7, locale: "de-DE", theme: "dark" } });
    const { result, count, statements } = await t.countQueries(() =>
      t.ok(
        `{ today(date: "2026-06-10") { viewer { displayName avatarUrl } settings { timezone weekStartsOn locale theme } inbox { id } } }`,
        {},
        {
          token: a.token,
        },
      ),
    );
    expect(result.today).toEqual({
      viewer: { displayName: "Ada", avatarUrl: "https://img.example.test/ada.png" },
      settings: { timezone: "Europe/Berlin", weekStartsOn: 7, locale: "de-DE", theme: "dark" },
      inbox: [],
    });
    expect(count).toBe(2); // session lookup + the page statement
    expect(statements[1]).toMatch(/users u/);
    expect(statements[1]).toMatch(/user_settings/);
    expect(statements[1]).toMatch(/inbox_items/);
    const viewerOnly = await t.countQueries(() => t.ok(VIEWER, {}, { token: a.token }));
    expect(viewerOnly.count).toBe(2);
    expect(viewerOnly.statements[1]).not.toMatch(/inbox_items|habits|goals|points_ledger/);
  });

  it("shows each user their own name, and the defaults when there is no settings row", async () => {
    await t.prisma.userSettings.delete({ where: { userId: b.userId } });
    const bob = await t.ok(VIEWER, {}, { token: b.token });
    expect(bob.today).toEqual({
      viewer: { displayName: "Bob", avatarUrl: null },
      settings: { timezone: "UTC", weekStartsOn: 1, locale: "en-US", theme: "system" },
    });
    // Two users in one tick of the loader are two rows of the same statement.
    const [ada, again] = await Promise.all([t.ok(VIEWER, {}, { token: a.token }), t.ok(VIEWER, {}, { token: b.token })]);
    expect(ada.today.viewer.displayName).toBe("Ada");
    expect(again.today.viewer.displayName).toBe("Bob");
  });
});
