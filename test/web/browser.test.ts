// The web Today page, GraphiQL and production mode, in Debian's Chromium driven by
// playwright-core. Every request to a host other than localhost is blocked and counted: none
// may happen. Skipped only outside CI when /usr/bin/chromium is missing (.ci/run installs it).
import { createServer, type Server } from "node:http";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { chromium, type Browser, type BrowserContext, type Page, type Request } from "playwright-core";
import { seedDemoIfMissing, type DemoUser } from "../../src/db/seed/demo.ts";
import { createGateway } from "../../src/server.ts";
import { createHttpHandler, ensureWebBuild } from "../../src/http/web.ts";
import { startTestGateway, type TestGateway } from "../support/gateway.ts";
import {
  CompleteHabitDocument,
  NextActionShownDocument,
  TodayPageDocument,
  UncompleteHabitDocument,
} from "../../src/generated/graphql/graphql.ts";
import { Projector, runProjectors } from "../../src/projector/projector.ts";
import { createLiveSink } from "../../src/projector/live.ts";
import { sharedLiveBus } from "../../src/projector/pubsub.ts";
import { outboxWakeups } from "../../src/projector/wakeups.ts";
import { idle, summarize, timeTap, watchOther, type TapTiming } from "../../bench/browser-measure.ts";

const CHROMIUM = "/usr/bin/chromium";
const available = existsSync(CHROMIUM);
if (!available && process.env.CI) throw new Error(`${CHROMIUM} is missing: CI must run the browser tests (.ci/run installs it)`);

const ARTIFACTS = join(import.meta.dirname, "..", "artifacts");
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** Waits for the page to catch up (a mutation, then the Today document, on a loaded machine). */
const eventually = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: 20_000, interval: 100 });

/** The sha256 of a trusted document, as the built page sends it. */
/**
 * A request the page sends to /graphql for what the user did: not the live stream, and not the
 * next-action card's SHOWN record, telemetry sent once per suggestion the screen shows (a tap that
 * brings up a new suggestion is followed by its record).
 */
function isActionRequest(request: Request): boolean {
  if (!request.url().endsWith("/graphql") || request.method() !== "POST") return false;
  if (request.headers().accept === "text/event-stream") return false;
  return !(request.postData() ?? "").includes(hashOf(NextActionShownDocument));
}

function hashOf(document: unknown): string {
  return (document as { __meta__: { hash: string } }).__meta__.hash.replace(/^sha256:/, "");
}

function isLocal(url: string): boolean {
  const { protocol, hostname } = new URL(url);
  if (protocol === "data:" || protocol === "blob:" || protocol === "about:") return true;
  return hostname === "127.0.0.1" || hostname === "localhost" || hostname === "[::1]";
}

describe.skipIf(!available)("in Chromium", () => {
  let t: TestGateway;
  let demo: DemoUser;
  let context: BrowserContext;
  let userDataDir: string;
  let devUrl: string;
  let prodUrl: string;
  const servers: Server[] = [];
  const blocked: string[] = [];
  const graphqlBodies: string[] = [];

  beforeAll(async () => {
    await ensureWebBuild(() => {});
    t = await startTestGateway();
    demo = await seedDemoIfMissing(t.prisma);
    const dev = createServer(createHttpHandler(t.gateway, { demoAccount: demo }));
    const prod = createServer(createHttpHandler(createGateway({ production: true }), { demoAccount: null }));
    servers.push(dev, prod);
    devUrl = await listen(dev);
    prodUrl = await listen(prod);

    await mkdir(ARTIFACTS, { recursive: true });
    userDataDir = await mkdtemp(join(tmpdir(), "today-chromium-"));
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: DESKTOP,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    });
    await context.route("**/*", (route) => {
      const url = route.request().url();
      if (isLocal(url)) return route.continue();
      blocked.push(url);
      return route.abort("blockedbyclient");
    });
    context.on("request", (request) => {
      if (!isLocal(request.url()) && !blocked.includes(request.url())) blocked.push(request.url());
      if (request.url().endsWith("/graphql") && request.method() === "POST") graphqlBodies.push(request.postData() ?? "");
    });
  }, 240_000);

  afterAll(async () => {
    await context?.close();
    for (const server of servers) server.close();
    await t?.close();
    if (userDataDir) await rm(userDataDir, { recursive: true, force: true });
  });

  // A failing test leaves a picture of every page it had open.
  afterEach(async (test) => {
    const failed = test.task.result?.state === "fail";
    for (const [index, page] of context.pages().entries()) {
      const path = join(ARTIFACTS, `failed-${test.task.name.slice(0, 30).replace(/\W+/g, "-")}-${index}.png`);
      if (failed) await page.screenshot({ path, fullPage: true }).catch(() => {});
      await page.close();
    }
  });

  async function signedInPage(): Promise<Page> {
    const page = await context.newPage();
    await page.goto(`${devUrl}/`);
    await page.evaluate(() => localStorage.clear());
    await page.reload();
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await page.getByTestId("habit").first().waitFor();
    return page;
  }

  const numberIn = async (page: Page, testId: string) => Number((await page.getByTestId(testId).first().innerText()).replace(/[^\d]/g, ""));

  it("signs in as the demo user, ticks a habit, runs focus, archives, switches days; screenshots", async () => {
    const page = await context.newPage();
    await page.goto(`${devUrl}/`);
    await page.evaluate(() => localStorage.clear());
    await page.reload();
    // Development: the demo account is prefilled.
    await eventually(() => page.getByLabel("Email").inputValue()).toBe(demo.email);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await page.getByTestId("habits").waitFor();
    await page.getByTestId("habit").first().waitFor();
    await page.screenshot({ path: join(ARTIFACTS, "today-desktop-light.png"), fullPage: true });

    // Tick the first habit that is not done: XP goes up, its streak by one.
    const habit = page
      .getByTestId("habit")
      .filter({ has: page.locator("input[type=checkbox]:not(:checked)") })
      .first();
    const name = (await habit.locator("label").innerText()).trim();
    const xpBefore = await numberIn(page, "xp");
    const streakBefore = Number(await habit.getByTestId("habit-streak").innerText());
    await habit.getByRole("checkbox").click();
    const ticked = page.getByTestId("habit").filter({ hasText: name });
    await eventually(() => ticked.getByRole("checkbox").isChecked()).toBe(true);
    await eventually(() => numberIn(page, "xp")).toBeGreaterThan(xpBefore);
    expect(Number(await ticked.getByTestId("habit-streak").innerText())).toBe(streakBefore + 1);

    // Focus: start, see the time run, pause, see it stand still.
    const focus = page.getByTestId("focus");
    if (await focus.getByRole("button", { name: "Finish" }).isVisible()) {
      await focus.getByRole("button", { name: "Finish" }).click();
    }
    await focus.getByRole("button", { name: /Start/ }).click();
    await eventually(() => page.getByTestId("focus-state").innerText()).toMatch(/^Focusing/);
    const first = await page.getByTestId("focus-elapsed").innerText();
    await eventually(() => page.getByTestId("focus-elapsed").innerText()).not.toBe(first);
    await focus.getByRole("button", { name: "Pause" }).click();
    await eventually(() => page.getByTestId("focus-state").innerText()).toMatch(/^Paused/);
    // Shown paused at once; the time stands still from the server's pause on, once its answer is in.
    await idle(page);
    const paused = await page.getByTestId("focus-elapsed").innerText();
    await page.waitForTimeout(1_500);
    expect(await page.getByTestId("focus-elapsed").innerText()).toBe(paused);
    await expect(focus.getByRole("button", { name: "Resume" }).isVisible()).resolves.toBe(true);

    // Inbox: archive one item; it leaves the list.
    const inboxCount = await page.getByTestId("inbox-item").count();
    expect(inboxCount).toBeGreaterThan(0);
    const archived = (await page.getByTestId("inbox-item").first().locator("strong").innerText()).trim();
    await page
      .getByTestId("inbox-item")
      .first()
      .getByRole("button", { name: /^Archive/ })
      .click();
    await eventually(() => page.getByTestId("inbox-item").count()).toBe(inboxCount - 1);
    expect(await page.getByTestId("inbox").innerText()).not.toContain(archived);

    await page.screenshot({ path: join(ARTIFACTS, "today-desktop-after-actions.png"), fullPage: true });
    await page.setViewportSize(PHONE);
    await page.screenshot({ path: join(ARTIFACTS, "today-phone-light.png"), fullPage: true });
    await page.emulateMedia({ colorScheme: "dark" });
    await page.screenshot({ path: join(ARTIFACTS, "today-phone-dark.png"), fullPage: true });
    await page.setViewportSize(DESKTOP);
    await page.screenshot({ path: join(ARTIFACTS, "today-desktop-dark.png"), fullPage: true });
    await page.emulateMedia({ colorScheme: "light" });

    // Yesterday: the day title changes, and the page still renders the whole day.
    const todayTitle = await page.getByTestId("day").innerText();
    await page.getByRole("button", { name: /Yesterday/ }).click();
    await eventually(() => page.getByTestId("day").innerText()).not.toBe(todayTitle);
    await page.getByTestId("habits").waitFor();
    await page.screenshot({ path: join(ARTIFACTS, "yesterday-desktop.png"), fullPage: true });

    // The built page sent document hashes, never document text.
    expect(graphqlBodies.length).toBeGreaterThan(5);
    for (const body of graphqlBodies) {
      const parsed = JSON.parse(body) as { query?: string; extensions?: { persistedQuery?: { sha256Hash?: string } } };
      expect(parsed.query).toBeUndefined();
      expect(parsed.extensions?.persistedQuery?.sha256Hash).toMatch(/^[0-9a-f]{64}$/);
    }
    await page.close();
    expect(blocked).toEqual([]);
  });

  it("has no serious or critical accessibility violations (axe-core), light and dark", async () => {
    const axeSource = await readFile(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
    const page = await signedInPage();
    const found: string[] = [];
    for (const colorScheme of ["light", "dark"] as const) {
      await page.emulateMedia({ colorScheme });
      // Evaluated over the DevTools protocol: the page's CSP would refuse an injected <script>.
      await page.evaluate(axeSource);
      const violations = await page.evaluate(async () => {
        const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<any> } }).axe;
        const result = await axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21aa"] } });
        return (result.violations as Array<{ id: string; impact: string; nodes: Array<{ target: string[] }> }>).map((v) => ({
          id: v.id,
          impact: v.impact,
          targets: v.nodes.map((n) => n.target.join(" ")).slice(0, 3),
        }));
      });
      for (const v of violations) {
        if (v.impact === "serious" || v.impact === "critical") found.push(`${colorScheme}: ${v.id} (${v.impact}) ${v.targets.join(", ")}`);
      }
    }
    // The sign-in form too.
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByRole("button", { name: "Sign in", exact: true }).waitFor();
    await page.evaluate(axeSource);
    const signIn = await page.evaluate(async () => {
      const axe = (window as unknown as { axe: { run: (context: Document) => Promise<any> } }).axe;
      return ((await axe.run(document)).violations as Array<{ id: string; impact: string }>).map((v) => `${v.id} (${v.impact})`);
    });
    found.push(...signIn.filter((v) => v.includes("(serious)") || v.includes("(critical)")).map((v) => `sign-in: ${v}`));
    await page.close();
    expect(found, found.join("\n")).toEqual([]);
    expect(blocked).toEqual([]);
  });

  it("GraphiQL renders offline and runs the Today document", async () => {
    const { signIn } = await t.ok(`mutation($input: SignInInput!) { signIn(input: $input) { token } }`, {
      input: { email: demo.email, password: demo.password },
    });
    const page = await context.newPage();
    await page.goto(`${devUrl}/graphql`);
    // The default document is the Today page's, with how to sign in above it.
    await page.getByText("query TodayPage").first().waitFor({ timeout: 30_000 });
    await expect(page.getByText("mutation SignIn").first().isVisible()).resolves.toBe(true);
    await page.getByText("Headers", { exact: true }).click();
    const headersEditor = page.locator(".graphiql-editor-tool .graphiql-editor").last();
    await headersEditor.click();
    await page.keyboard.press("ControlOrMeta+A");
    await page.keyboard.insertText(JSON.stringify({ Authorization: `Bearer ${signIn.token}` }));
    await page.getByRole("button", { name: /Execute query/ }).click();
    const result = page.locator(".graphiql-response");
    // The response editor renders only its visible lines: the top of the day is enough.
    await eventually(() => result.innerText()).toContain('"today"');
    const text = await result.innerText();
    expect(text).toMatch(/"timezone":\s*"Europe\/Berlin"/);
    expect(text).not.toContain('"errors"');
    await page.screenshot({ path: join(ARTIFACTS, "graphiql.png") });
    await page.close();
    expect(blocked).toEqual([]);
  });

  it("production: refuses documents not in the manifest, no introspection, no GraphiQL, serves the page", async () => {
    const post = async (body: unknown, token?: string) => {
      const headers: Record<string, string> = { "content-type": "application/json" };
      if (token) headers.authorization = `Bearer ${token}`;
      const response = await fetch(`${prodUrl}/graphql`, { method: "POST", headers, body: JSON.stringify(body) });
      return (await response.json()) as { data?: any; errors?: Array<{ message: string; extensions?: { code?: string } }> };
    };
    const { signIn } = await t.ok(`mutation($input: SignInInput!) { signIn(input: $input) { token } }`, {
      input: { email: demo.email, password: demo.password },
    });

    const arbitrary = await post({ query: "{ today { date } }" }, signIn.token);
    expect(arbitrary.data ?? null).toBeNull();
    expect(arbitrary.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    const unknownHash = await post({ extensions: { persistedQuery: { version: 1, sha256Hash: "0".repeat(64) } } });
    expect(unknownHash.errors?.[0]?.extensions?.code).toBe("PERSISTED_QUERY_NOT_FOUND");
    const introspection = await post({ query: "{ __schema { types { name } } }" });
    expect(introspection.data ?? null).toBeNull();
    expect(introspection.errors?.length).toBeGreaterThan(0);

    // A trusted document by its hash runs.
    const hash = (TodayPageDocument as unknown as { __meta__: { hash: string } }).__meta__.hash.replace(/^sha256:/, "");
    const trusted = await post({ extensions: { persistedQuery: { version: 1, sha256Hash: hash } } }, signIn.token);
    expect(trusted.errors).toBeUndefined();
    expect(trusted.data.today.habits.length).toBeGreaterThan(0);

    const graphiql = await fetch(`${prodUrl}/graphql`, { headers: { accept: "text/html" } });
    expect(await graphiql.text()).not.toContain("GraphiQL");

    // The page: no demo account prefilled; signing in by hand renders the day through hashes only.
    const page = await context.newPage();
    await page.goto(`${prodUrl}/`);
    await page.evaluate(() => localStorage.clear());
    await page.reload();
    await page.getByRole("button", { name: "Sign in", exact: true }).waitFor();
    expect(await page.getByLabel("Email").inputValue()).toBe("");
    await page.getByLabel("Email").fill(demo.email);
    await page.getByLabel("Password").fill(demo.password);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await page.getByTestId("habit").first().waitFor();
    await page.close();
    expect(blocked).toEqual([]);
  });

  it("live Today: a habit ticked elsewhere shows up once projected, without a reload", async () => {
    // The live projector first catches up with the seeded history (before the page listens).
    const projector = new Projector(t.prisma, createLiveSink(sharedLiveBus(), "live-browser"));
    await projector.drain();
    const page = await context.newPage();
    const stream = page.waitForResponse((response) => response.request().headers().accept === "text/event-stream");
    await page.goto(`${devUrl}/`);
    await page.evaluate(() => localStorage.clear());
    await page.reload();
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await page.getByTestId("habit").first().waitFor();
    await stream;

    const habit = page
      .getByTestId("habit")
      .filter({ has: page.locator("input[type=checkbox]:not(:checked)") })
      .first();
    const name = (await habit.locator("label").innerText()).trim();
    // Another device: sign in through the API and tick the same habit there.
    const signIn = await t.ok(`mutation ($input: SignInInput!) { signIn(input: $input) { token } }`, {
      input: { email: demo.email, password: demo.password },
    });
    const token = signIn.signIn.token as string;
    const day = await t.ok(`{ today { date habits { habit { id name } completed } } }`, {}, { token });
    const target = day.today.habits.find((row: { habit: { name: string } }) => row.habit.name === name);
    await t.ok(
      `mutation ($id: ID!, $day: Date) { completeHabit(habitId: $id, day: $day) { becameDone } }`,
      { id: target.habit.id, day: day.today.date },
      { token },
    );
    const ticked = page.getByTestId("habit").filter({ hasText: name });
    // Nothing pushes it yet: the page still shows it open.
    expect(await ticked.getByRole("checkbox").isChecked()).toBe(false);

    // The projector delivers the event to the live sink on the gateway's bus: the page reloads its day.
    // It drains again on every poll, as its run loop does: on PostgreSQL an event counts as settled
    // only once no older transaction is still open, and other test files' transactions on the same
    // database can hold that back past a single drain (seen once in CI: the event stayed queued).
    await eventually(async () => {
      await projector.drain();
      return ticked.getByRole("checkbox").isChecked();
    }).toBe(true);
    await page.close();
  });
  it("a tap: shown in the next frame, one request, confirmed by its own answer, no reload for its echo; another page follows", async () => {
    // The live projector as `npm start` runs it (woken at commit), after catching up with the seeded history.
    const bus = sharedLiveBus();
    const sink = createLiveSink(bus, "live-browser-taps");
    await new Projector(t.prisma, sink).drain();
    const wakeups = await outboxWakeups({ kind: "embedded", pool: t.db.pool });
    const stop = new AbortController();
    const projecting = runProjectors(t.prisma, [sink], stop.signal, { wakeups });
    // What the live sink publishes for the demo user, as the pages' streams receive it.
    const published: string[][] = [];
    const heard = (async () => {
      for await (const change of bus.pubSub.subscribe("todayChanged", demo.userId))
        published.push(change.sequences ?? [change.lastSequence]);
    })();

    // Another device: a second browser, its own context, signed in as the same user.
    const other: Browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ["--no-sandbox", "--disable-gpu"] });
    try {
      const elsewhere = await (await other.newContext({ viewport: DESKTOP })).newPage();
      const streamB = elsewhere.waitForResponse((response) => response.request().headers().accept === "text/event-stream");
      await elsewhere.goto(`${devUrl}/`);
      await elsewhere.getByRole("button", { name: "Sign in", exact: true }).click();
      await elsewhere.getByTestId("habit").first().waitFor();
      await streamB;
      const page = await context.newPage();
      const streamA = page.waitForResponse((response) => response.request().headers().accept === "text/event-stream");
      await page.goto(`${devUrl}/`);
      await page.evaluate(() => localStorage.clear());
      await page.reload();
      await page.getByRole("button", { name: "Sign in", exact: true }).click();
      await page.getByTestId("habit").first().waitFor();
      await streamA;

      const requests: Request[] = [];
      page.on("request", (request) => {
        if (isActionRequest(request)) requests.push(request);
      });
      const operationOf = (request: Request) => JSON.stringify(request.postDataJSON());

      /** One tap on `checkbox`: its timing, after the echo has been delivered and ignored. */
      const tap = async (checkbox: ReturnType<Page["getByRole"]>, otherBox: ReturnType<Page["getByRole"]> | null) => {
        await idle(page);
        if (otherBox) await idle(elsewhere);
        const want = !(await checkbox.isChecked());
        const seen = otherBox ? await watchOther(elsewhere, otherBox, want) : null;
        const before = requests.length;
        const answered = page.waitForResponse(
          (response) => response.url().endsWith("/graphql") && response.request().headers().accept !== "text/event-stream",
        );
        const timing: TapTiming = await timeTap(page, checkbox, want);
        // The new state was on the screen while the action was still on its way.
        expect(timing.paintedWhileBusy).toBe(true);
        const answer = (await (await answered).json()) as { data: { writtenEvents: string[]; today: object } };
        expect(answer.data.writtenEvents.length).toBeGreaterThan(0);
        // The echo of exactly these events reaches the bus…
        await eventually(async () => published.some((sequences) => sequences.some((s) => answer.data.writtenEvents.includes(s)))).toBe(
          true,
        );
        // …and the second page shows the change through it.
        const otherAt = seen ? await seen() : Number.NaN;
        // The acting page sent one request for the tap (the action with its sections), and none for the echo.
        await page.waitForTimeout(300);
        expect(requests.length - before).toBe(1);
        expect(operationOf(requests[before])).not.toContain(hashOf(TodayPageDocument));
        expect(await checkbox.isChecked()).toBe(want);
        return { ...timing, commitToOther: otherAt - timing.responseEndAt };
      };

      const habitBox = (on: Page, name: string) => on.getByTestId("habit").filter({ hasText: name }).getByRole("checkbox");
      const firstBoxed = page
        .getByTestId("habit")
        .filter({ has: page.locator("input[type=checkbox]") })
        .first();
      const habitName = (await firstBoxed.locator("label").innerText()).trim();
      const habits: Array<TapTiming & { commitToOther: number }> = [];
      for (let i = 0; i < 6; i += 1) habits.push(await tap(habitBox(page, habitName), habitBox(elsewhere, habitName)));

      const planBox = page.getByTestId("plan-item").first().getByRole("checkbox");
      const plans: TapTiming[] = [];
      for (let i = 0; i < 6; i += 1) plans.push(await tap(planBox, null));

      // No stale screen: what the page shows after its answers is what a fresh read says.
      const signIn = await t.ok(`mutation ($input: SignInInput!) { signIn(input: $input) { token } }`, {
        input: { email: demo.email, password: demo.password },
      });
      const fresh = await t.ok(
        `{ today { habits { habit { name } completed } plan { items { done } } progress { totalXp } } }`,
        {},
        { token: signIn.signIn.token },
      );
      const row = fresh.today.habits.find((entry: { habit: { name: string } }) => entry.habit.name === habitName);
      expect(await habitBox(page, habitName).isChecked()).toBe(row.completed);
      expect(await habitBox(elsewhere, habitName).isChecked()).toBe(row.completed);
      expect(await planBox.isChecked()).toBe(fresh.today.plan.items[0].done);
      expect(await numberIn(page, "xp")).toBe(fresh.today.progress.totalXp);

      // Recorded, never asserted: a machine's speed is not behaviour.
      const report = {
        habitTapToPainted: summarize(habits.map((h) => h.painted)),
        habitTapToConfirmed: summarize(habits.map((h) => h.confirmed)),
        planTapToPainted: summarize(plans.map((p) => p.painted)),
        planTapToConfirmed: summarize(plans.map((p) => p.confirmed)),
        commitToOtherPage: summarize(habits.map((h) => h.commitToOther)),
      };
      console.log(`Today taps (ms): ${JSON.stringify(report)}`);
      await elsewhere.close();
    } finally {
      await other.close();
      stop.abort();
      await projecting;
      await wakeups?.close();
      void heard;
    }
  }, 180_000);

  it("an action the server refuses is rolled back, with a plain message", async () => {
    const page = await signedInPage();
    const requests: Request[] = [];
    page.on("request", (request) => {
      if (isActionRequest(request)) requests.push(request);
    });
    // From now on the server refuses the habit actions (as when the habit was deleted on another device).
    await page.route("**/graphql", (route) =>
      route.request().headers().accept === "text/event-stream" ||
      ![CompleteHabitDocument, UncompleteHabitDocument].some((document) => (route.request().postData() ?? "").includes(hashOf(document)))
        ? route.continue()
        : route.fulfill({
            status: 200,
            contentType: "application/json",
            body: JSON.stringify({ errors: [{ message: "Habit not found", extensions: { code: "NOT_FOUND" } }] }),
          }),
    );
    const habit = page
      .getByTestId("habit")
      .filter({ has: page.locator("input[type=checkbox]") })
      .first();
    const name = (await habit.locator("label").innerText()).trim();
    const box = page.getByTestId("habit").filter({ hasText: name }).getByRole("checkbox");
    const was = await box.isChecked();
    const before = requests.length;
    const shown = await watchOther(page, box, !was);
    await box.click();
    // Shown at once… then back, with a message, and nothing reloaded.
    await shown();
    await idle(page);
    expect(await box.isChecked()).toBe(was);
    await expect(page.getByRole("alert").innerText()).resolves.toMatch(/no longer exists.*not saved/);
    expect(requests.length - before).toBe(1);
  });
});
