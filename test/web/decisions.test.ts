// The decisions loop in the browser: the Today page shows the next action (recorded SHOWN once),
// Done performs it and the server completes the decision with the event that did it; a
// client's COMPLETED is refused; the admin view draws acceptance and lift with intervals.
// Chromium at /usr/bin/chromium via playwright-core, as test/web/browser.test.ts; no request
// may leave localhost.
import { createServer, type Server } from "node:http";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { todayIn } from "../../src/domain/calendar.ts";
import { createHttpHandler, ensureWebBuild } from "../../src/http/web.ts";
import { codeOf, startTestGateway, type TestGateway, type TestUser } from "../support/gateway.ts";
import { rawId } from "../support/graphqlIds.ts";
import { NextActionShownDocument } from "../../src/generated/graphql/graphql.ts";

/** The SHOWN record's request, as the page sends it (its text in development, its hash in production). */
function isShownRecord(body: string): boolean {
  const hash = (NextActionShownDocument as { __meta__?: { hash?: string } }).__meta__?.hash?.replace(/^sha256:/, "");
  return body.includes("recordDecisionShown") || (hash !== undefined && body.includes(hash));
}

const CHROMIUM = "/usr/bin/chromium";
const available = existsSync(CHROMIUM);
if (!available && process.env.CI) throw new Error(`${CHROMIUM} is missing: CI must run the browser tests (.ci/run installs it)`);
const ARTIFACTS = join(import.meta.dirname, "..", "artifacts");
const eventually = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: 20_000, interval: 100 });

describe.skipIf(!available)("decisions in Chromium", () => {
  let t: TestGateway;
  let context: BrowserContext;
  let userDataDir: string;
  let url: string;
  let server: Server;
  const blocked: string[] = [];

  beforeAll(async () => {
    // Every suggestion in the shown arm here; the holdout has its own test (test/decisions.test.ts).
    process.env.DECISION_HOLDOUT_SHARE = "0";
    await ensureWebBuild(() => {});
    t = await startTestGateway();
    server = createServer(createHttpHandler(t.gateway, { demoAccount: null }));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    await mkdir(ARTIFACTS, { recursive: true });
    userDataDir = await mkdtemp(join(tmpdir(), "today-decisions-"));
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1280, height: 900 },
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-sync"],
    });
    await context.route("**/*", (route) => {
      const { hostname, protocol } = new URL(route.request().url());
      if (["data:", "blob:", "about:"].includes(protocol) || hostname === "127.0.0.1" || hostname === "localhost") return route.continue();
      blocked.push(route.request().url());
      return route.abort("blockedbyclient");
    });
  }, 240_000);

  afterAll(async () => {
    await context?.close();
    server?.close();
    await t?.close();
    if (userDataDir) await rm(userDataDir, { recursive: true, force: true });
  });

  afterEach(async (test) => {
    const failed = test.task.result?.state === "fail";
    for (const [index, page] of context.pages().entries()) {
      const path = join(ARTIFACTS, `failed-decisions-${test.task.name.slice(0, 30).replace(/\W+/g, "-")}-${index}.png`);
      if (failed) await page.screenshot({ path, fullPage: true }).catch(() => {});
      await page.close();
    }
  });

  /** The page signed in with `user`'s session (the token the app keeps in localStorage). */
  async function pageAs(user: TestUser): Promise<Page> {
    const page = await context.newPage();
    await page.goto(`${url}/`);
    await page.evaluate((token) => localStorage.setItem("today.sessionToken", token), user.token);
    await page.reload();
    return page;
  }

  it("shows the next action once, Done ticks the habit, and the decision reads COMPLETED with that event", async () => {
    const user = await t.createUser({ timezone: "UTC" });
    const day = todayIn("UTC");
    const created = await t.ok(
      `mutation ($input: CreateHabitInput!) { createHabit(input: $input) { id } }`,
      { input: { name: "Drink water", startDate: day } },
      { token: user.token },
    );
    const habitId = rawId(created.createHabit.id);
    const page = await pageAs(user);
    const card = page.getByTestId("next-action");
    await card.waitFor();
    expect(await card.getByTestId("next-action-what").innerText()).toBe("Drink water");
    expect(await card.getByTestId("next-action-reason").innerText()).toContain("is due on");
    const suggestionId = await card.getAttribute("data-suggestion");
    expect(suggestionId).toBe(`habit_due:${habitId}:${day}`);
    await eventually(() => t.prisma.decisionTelemetry.count({ where: { userId: user.userId, suggestionId } })).toBe(1);
    // Rendered again (a reload): still one decision.
    await page.reload();
    await card.waitFor();
    await page.screenshot({ path: join(ARTIFACTS, "next-action-desktop.png"), fullPage: true });
    expect(await t.prisma.decisionTelemetry.count({ where: { userId: user.userId } })).toBe(1);

    // Done is the page's own action: the habit is ticked on the screen at once, in one request.
    const sent: string[] = [];
    page.on("request", (request) => {
      if (request.url().endsWith("/graphql") && request.method() === "POST" && request.headers().accept !== "text/event-stream")
        sent.push(request.postData() ?? "");
    });
    await card.getByRole("button", { name: "Done" }).click();
    await eventually(async () => (await t.prisma.decisionTelemetry.findFirstOrThrow({ where: { userId: user.userId } })).outcome).toBe(
      "COMPLETED",
    );
    const decision = await t.prisma.decisionTelemetry.findFirstOrThrow({ where: { userId: user.userId } });
    const acting = await t.prisma.behaviorOutbox.findFirstOrThrow({ where: { userId: user.userId, eventType: "habit.completed" } });
    expect(decision.outcomeEventId).toBe(acting.id);
    expect(acting.payload).toMatchObject({ habitId, day, done: true });
    // The habit is ticked on the page, and nothing is left to suggest.
    await eventually(() => page.locator("input[type=checkbox]:checked").count()).toBeGreaterThan(0);
    await eventually(() => card.count()).toBe(0);
    await page.waitForTimeout(300);
    expect(sent.filter((body) => !isShownRecord(body))).toHaveLength(1);

    // A fake COMPLETED from a client is refused and changes nothing.
    const other = await t.ok(
      `mutation ($input: RecordDecisionShownInput!) { recordDecisionShown(input: $input) { id } }`,
      { input: { decisionKey: "banner", surface: "today" } },
      { token: user.token },
    );
    const fake = await t.graphql(
      `mutation ($id: ID!) { recordDecisionOutcome(id: $id, outcome: COMPLETED) { id } }`,
      {
        id: other.recordDecisionShown.id,
      },
      { token: user.token },
    );
    expect(codeOf(fake)).toBe("FORBIDDEN");
    expect((await t.prisma.decisionTelemetry.findUniqueOrThrow({ where: { id: rawId(other.recordDecisionShown.id) } })).outcome).toBe(
      "SHOWN",
    );
    expect(blocked).toEqual([]);
  });

  it("Not now snoozes the suggestion and hides it", async () => {
    const user = await t.createUser({ timezone: "UTC" });
    await t.ok(
      `mutation ($input: CreateHabitInput!) { createHabit(input: $input) { id } }`,
      { input: { name: "Stretch", startDate: todayIn("UTC") } },
      { token: user.token },
    );
    const page = await pageAs(user);
    const card = page.getByTestId("next-action");
    await card.waitFor();
    await eventually(() => t.prisma.decisionTelemetry.count({ where: { userId: user.userId } })).toBe(1);
    await card.getByRole("button", { name: "Not now" }).click();
    await eventually(() => card.count()).toBe(0);
    await eventually(async () => (await t.prisma.decisionTelemetry.findFirstOrThrow({ where: { userId: user.userId } })).outcome).toBe(
      "SNOOZED",
    );
  });

  it("the admin view charts acted-on rates and lift per kind, with their intervals", async () => {
    const admin = await t.createUser({ admin: true });
    const page = await pageAs(admin);
    await page.getByRole("button", { name: "Decisions (admin)" }).click();
    await page.getByTestId("admin-decisions").waitFor();
    const rows = await page.getByTestId("impact-row").count();
    expect(rows).toBeGreaterThanOrEqual(1);
    expect(await page.getByTestId("rates-chart").locator("[data-testid=rates-row]").count()).toBe(rows);
    expect(await page.getByTestId("lift-chart").locator("[data-testid=lift-row]").count()).toBe(rows);
    // Each row: two bars (shown, held out), each with its interval whisker.
    expect(await page.getByTestId("rates-chart").locator("rect").count()).toBe(rows * 2);
    const habitDue = page.getByTestId("impact-row").filter({ hasText: "habit_due" });
    expect(await habitDue.count()).toBe(1);
    await page.screenshot({ path: join(ARTIFACTS, "admin-decisions.png"), fullPage: true });
    // An ordinary user has no admin link.
    const user = await t.createUser();
    const plain = await pageAs(user);
    await plain.getByText("Today").first().waitFor();
    expect(await plain.getByRole("button", { name: "Decisions (admin)" }).count()).toBe(0);
    expect(blocked).toEqual([]);
  });
});
