// `npm run bench:browser` (and the last part of `npm run bench`): what a person feels on the
// Today page, in Chromium: tap → painted and tap → confirmed for ticking a habit and for a plan
// item, and commit → the change shown on a second page (another browser context signed in as
// the same user, updated through `todayChanged`). How each is taken: bench/browser-measure.ts.
// Also counts the acting page's requests per tap (its action, and any reload, its echo's too).
//
// One gateway in this process over HTTP, serving the built page (web/dist) in development mode
// with the demo user, and the live projector as `npm start` runs it (woken at commit where this
// checkout can). Database: a fresh one on BENCH_DATABASE_URL's server (created and dropped), or
// the embedded one. The file imports only APIs an older checkout has too, so copied into one
// (with bench/browser-measure.ts and bench/database.ts) it measures that checkout's page: the "before" numbers.
//
//   LOG_LEVEL=warn BENCH_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/test npm run bench:browser -- --taps 30
import { randomBytes } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { chromium, type Page } from "playwright-core";
import { createDatabaseClient } from "../src/db/client.ts";
import { useDatabase } from "../src/db/index.ts";
import { seedDemoUser } from "../src/db/seed/demo.ts";
import { createHttpHandler, ensureWebBuild } from "../src/http/web.ts";
import { createLiveSink } from "../src/projector/live.ts";
import { Projector, runProjectors } from "../src/projector/projector.ts";
import { createMemoryBus } from "../src/projector/pubsub.ts";
import { createGateway } from "../src/server.ts";
import { idle, summarize, timeTap, watchOther } from "./browser-measure.ts";
import { benchDatabase, benchWakeups } from "./database.ts";

const { values } = parseArgs({
  options: {
    /** Taps of each kind (habit, plan item). */
    taps: { type: "string", default: "30" },
    /** A label for the report (e.g. `before (main 6ed9c26)`). */
    label: { type: "string", default: "this checkout" },
    /** Print the summary as one JSON line (for `npm run bench`), write no file. */
    json: { type: "boolean", default: false },
    "no-write": { type: "boolean", default: false },
  },
});
const TAPS = Number(values.taps);
const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const log = (line: string) => {
  if (!values.json) console.log(line);
};

// ---------------------------------------------------------------- database, gateway, projector

const serverUrl = process.env.BENCH_DATABASE_URL;
const name = `bench_browser_${randomBytes(4).toString("hex")}`;
const { url, close: closeDatabase } = await benchDatabase(serverUrl, name);
const db = createDatabaseClient(url, { max: serverUrl ? 10 : 1 });
useDatabase(db);
const demo = await seedDemoUser(db.prisma, { email: `browser-${name}@bench.test` });

const bus = createMemoryBus();
const gateway = createGateway({ live: bus });
await ensureWebBuild(() => {});
const server = createServer(createHttpHandler(gateway, { demoAccount: { email: demo.email, password: demo.password } }));
await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
const pageUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;

const sink = createLiveSink(bus, `live-${name}`);
await new Projector(db.prisma, sink).drain(); // the seeded history, before any page listens
const stop = new AbortController();
const wakeups = await benchWakeups(serverUrl, url, db.pool);
const projecting = runProjectors(db.prisma, [sink], stop.signal, { wakeups } as Parameters<typeof runProjectors>[3]);

// ---------------------------------------------------------------- two pages, one user

const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ["--no-sandbox", "--disable-gpu"] });
async function signedIn(): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  const stream = page.waitForResponse((response) => response.request().headers().accept === "text/event-stream", { timeout: 30_000 });
  await page.goto(pageUrl);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await page.getByTestId("habit").first().waitFor();
  await stream;
  await idle(page);
  return page;
}
const acting = await signedIn();
const other = await signedIn();
let requests = 0;
acting.on("request", (request) => {
  if (request.url().endsWith("/graphql") && request.method() === "POST" && request.headers().accept !== "text/event-stream") requests += 1;
});

const habitRow = (page: Page, habit: string) => page.getByTestId("habit").filter({ hasText: habit }).getByRole("checkbox");
const habitName =
  (
    await acting
      .getByTestId("habit")
      .filter({ has: acting.locator("input[type=checkbox]") })
      .first()
      .locator("label")
      .textContent()
  )?.trim() ?? "";

const habitPainted: number[] = [];
const habitConfirmed: number[] = [];
const commitToOther: number[] = [];
const planPainted: number[] = [];
const planConfirmed: number[] = [];
const habitRequests: number[] = [];
let optimistic = 0;
const planRequests: number[] = [];

log(`${values.label}: ${TAPS} habit taps (and the second page), then ${TAPS} plan item taps…`);
for (let i = 0; i < TAPS; i += 1) {
  const box = habitRow(acting, habitName);
  await idle(other);
  const want = !(await box.isChecked());
  const seen = await watchOther(other, habitRow(other, habitName), want);
  const before = requests;
  const timing = await timeTap(acting, box, want);
  const shownElsewhere = await seen();
  // Whatever the acting page does about its own echo (which arrived about when the other page's did).
  await acting.waitForTimeout(300);
  await idle(acting);
  if (timing.paintedWhileBusy) optimistic += 1;
  habitPainted.push(timing.painted);
  habitConfirmed.push(timing.confirmed);
  commitToOther.push(shownElsewhere - timing.responseEndAt);
  habitRequests.push(requests - before);
}
const planBox = acting.getByTestId("plan-item").first().getByRole("checkbox");
for (let i = 0; i < TAPS; i += 1) {
  const want = !(await planBox.isChecked());
  const before = requests;
  const timing = await timeTap(acting, planBox, want);
  await acting.waitForTimeout(300);
  await idle(acting);
  if (timing.paintedWhileBusy) optimistic += 1;
  planPainted.push(timing.painted);
  planConfirmed.push(timing.confirmed);
  planRequests.push(requests - before);
}

const median = (list: number[]) => summarize(list).p50;
const result = {
  label: values.label,
  database: serverUrl ? "PostgreSQL" : "embedded",
  habitTapToPainted: summarize(habitPainted),
  habitTapToConfirmed: summarize(habitConfirmed),
  planTapToPainted: summarize(planPainted),
  planTapToConfirmed: summarize(planConfirmed),
  commitToOtherPage: summarize(commitToOther),
  requestsPerHabitTap: median(habitRequests),
  requestsPerPlanTap: median(planRequests),
  shownBeforeAnswer: optimistic,
};

await browser.close();
stop.abort();
await projecting;
await wakeups?.close();
server.close();
await bus.close();
await db.close();
await closeDatabase();

const ms = (value: number) => `${value.toFixed(1)} ms`;
const rows: Array<[string, { n: number; p50: number; p95: number }]> = [
  ["habit: tap → painted", result.habitTapToPainted],
  ["habit: tap → confirmed", result.habitTapToConfirmed],
  ["plan item: tap → painted", result.planTapToPainted],
  ["plan item: tap → confirmed", result.planTapToConfirmed],
  ["habit: commit → second page shows it", result.commitToOtherPage],
];
export const report = [
  `## Today in the browser: ${values.label}`,
  "",
  `Chromium (headless), ${result.database} database, the demo user; ${TAPS} taps of each kind, one at a time.`,
  "",
  "| measure | n | p50 | p95 |",
  "|---|---|---|---|",
  ...rows.map(([label, s]) => `| ${label} | ${s.n} | ${ms(s.p50)} | ${ms(s.p95)} |`),
  `| requests per habit tap (median) | ${habitRequests.length} | ${result.requestsPerHabitTap} | |`,
  `| requests per plan item tap (median) | ${planRequests.length} | ${result.requestsPerPlanTap} | |`,
  `| taps shown before their answer | ${habitPainted.length + planPainted.length} | ${optimistic} | |`,
  "",
].join("\n");

if (values.json) {
  console.log(JSON.stringify({ ...result, report }));
} else {
  console.log(`\n${report}`);
  if (!values["no-write"]) {
    await mkdir(here("./results"), { recursive: true });
    const file = here(`./results/${new Date().toISOString().slice(0, 10)}-browser.md`);
    await writeFile(file, report);
    console.log(`written ${file}`);
  }
}
process.exit(0);
