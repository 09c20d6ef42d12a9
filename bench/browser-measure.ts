// What a person feels on the Today page, measured in the browser (playwright-core only, no
// import from src/, so the same file measures an older checkout's page: bench/browser.ts).
//
// - tap → painted: from the click (a capturing listener on window, before the page's own) to
//   the first animation frame in which the tapped checkbox shows its new state. A frame
//   callback runs just before that frame is painted, after the DOM change.
// - tap → confirmed: to the first frame in which it shows the new state and the page is no
//   longer busy (`aria-busy="false"` on `.page`: the action's answer, or the page reloaded after
//   it, has been applied).
// - commit → second page: from the end of the acting page's /graphql response (its transaction
//   had committed; Resource Timing) to the first frame in which another page signed in as the
//   same user (another browser context) shows the new state. Both times are taken as wall-clock
//   instants in the browser (performance.timeOrigin + now), one machine, one clock.
import type { Locator, Page } from "playwright-core";

export interface TapTiming {
  /** ms from the click to the first frame showing the new state. */
  painted: number;
  /** ms from the click to the first frame showing it with the page idle. */
  confirmed: number;
  /** The first frame showing the new state still had the action on its way (an optimistic screen). */
  paintedWhileBusy: boolean;
  /** Wall-clock ms of the end of the action's /graphql response (the first since the click; NaN: none seen). */
  responseEndAt: number;
}

interface Probe {
  start: number;
  painted: number;
  confirmed: number;
  paintedWhileBusy: boolean;
}

type ProbeWindow = Window & { __probe?: Probe; __watch?: { want: boolean; at: number } };

/**
 * tsx (esbuild with keepNames) wraps the page functions' inner functions in `__name(…)`, which the
 * page does not have: give it one that does nothing (a string, so it is not transformed).
 */
async function nameHelper(page: Page): Promise<void> {
  await page.evaluate("window.__name = window.__name || ((fn) => fn)");
}

/** Waits until `page` is idle (not loading, no action on its way). */
export async function idle(page: Page): Promise<void> {
  await page.waitForFunction(() => document.querySelector(".page")?.getAttribute("aria-busy") === "false", undefined, {
    timeout: 30_000,
  });
}

/**
 * Clicks `checkbox` (an input of the Today page) and times the page until it shows
 * `checked === want` while idle. The checkbox's DOM node must survive re-renders (the page keys
 * its rows by id).
 */
export async function timeTap(page: Page, checkbox: Locator, want: boolean): Promise<TapTiming> {
  await idle(page);
  await nameHelper(page);
  await page.evaluate(() => performance.clearResourceTimings());
  await checkbox.evaluate((element, wanted) => {
    const input = element as HTMLInputElement;
    const w = window as ProbeWindow;
    const probe: Probe = { start: 0, painted: 0, confirmed: 0, paintedWhileBusy: false };
    w.__probe = probe;
    window.addEventListener(
      "click",
      () => {
        probe.start = performance.now();
      },
      { capture: true, once: true },
    );
    const frame = (now: number) => {
      if (probe.start > 0) {
        const shows = input.checked === wanted;
        const busy = document.querySelector(".page")?.getAttribute("aria-busy") !== "false";
        if (shows && probe.painted === 0) {
          probe.painted = now;
          probe.paintedWhileBusy = busy;
        }
        if (shows && !busy && probe.confirmed === 0) probe.confirmed = now;
        if (probe.confirmed > 0) return;
      }
      requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  }, want);
  await checkbox.click();
  await page.waitForFunction(() => ((window as ProbeWindow).__probe?.confirmed ?? 0) > 0, undefined, { timeout: 30_000 });
  return page.evaluate(() => {
    const probe = (window as ProbeWindow).__probe!;
    const responses = performance
      .getEntriesByType("resource")
      .filter((entry) => entry.name.endsWith("/graphql")) as PerformanceResourceTiming[];
    // The first one since the click is the action's own (timings were cleared before it; the
    // live stream's entry appears only when the stream ends); a reload after it comes later.
    const action = responses[0];
    return {
      // A frame's timestamp is when the frame began, which can be a hair before the click's own
      // timestamp when both fall in the same frame: never below zero.
      painted: Math.max(0, probe.painted - probe.start),
      confirmed: Math.max(0, probe.confirmed - probe.start),
      paintedWhileBusy: probe.paintedWhileBusy,
      responseEndAt: action ? performance.timeOrigin + action.responseEnd : Number.NaN,
    };
  });
}

/**
 * Starts watching, on a second page, for `checkbox` to show `checked === want`: the returned
 * function waits for it and answers the wall-clock ms of the first frame that showed it.
 */
export async function watchOther(page: Page, checkbox: Locator, want: boolean): Promise<() => Promise<number>> {
  await nameHelper(page);
  await checkbox.evaluate((element, wanted) => {
    const input = element as HTMLInputElement;
    const w = window as ProbeWindow;
    const watch = { want: wanted, at: 0 };
    w.__watch = watch;
    const frame = (now: number) => {
      if (input.isConnected && input.checked === wanted) {
        watch.at = performance.timeOrigin + now;
        return;
      }
      requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  }, want);
  return async () => {
    await page.waitForFunction(() => ((window as ProbeWindow).__watch?.at ?? 0) > 0, undefined, { timeout: 30_000 });
    return page.evaluate(() => (window as ProbeWindow).__watch!.at);
  };
}

/** Median, 95th percentile (nearest rank) and the sample size. */
export function summarize(samples: readonly number[]): { n: number; p50: number; p95: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
  return { n: sorted.length, p50: at(0.5), p95: at(0.95) };
}
