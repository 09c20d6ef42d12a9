// What `npm run bench` (bench/today.ts) and `npm run bench:cpu` (bench/cpu.ts) share: the
// cursor key their production-mode gateways need, how a `--variants` entry reads, and the two
// users they measure.
import type { PrismaClient } from "../src/db/client.ts";
import { seedDemoUser } from "../src/db/seed/demo.ts";

/** Production refuses to start without the key that signs connection cursors; the bench pages nothing. */
export const BENCH_CURSOR_SECRET = process.env.CURSOR_SECRET ?? "bench-cursor-secret-not-for-production-use";

/** One `--variants` entry: `name`, `name:ENV=value,…` or `name@/path/to/a/checkout[:ENV=…]`. */
export interface VariantSpec {
  name: string;
  /** Another checkout of the gateway to run; undefined: this one. */
  checkout: string | undefined;
  env: Record<string, string>;
}

export function parseVariants(list: string): VariantSpec[] {
  return list.split(";").map((spec) => {
    const [label, envs = ""] = spec.split(":");
    const [name, checkout] = label.split("@");
    const env = Object.fromEntries(
      envs
        .split(",")
        .filter(Boolean)
        .map((pair) => [pair.slice(0, pair.indexOf("=")), pair.slice(pair.indexOf("=") + 1)]),
    );
    return { name, checkout, env };
  });
}

export const DEMO_EMAIL = "demo@bench.test";
export const LARGE_EMAIL = "large@bench.test";

/** The demo user, and a user with `large` habits, quests, inbox items and events (100 plan items, 50 goals). */
export async function seedBenchUsers(prisma: PrismaClient, large: number) {
  const demo = await seedDemoUser(prisma, { email: DEMO_EMAIL });
  const big = await seedDemoUser(prisma, {
    email: LARGE_EMAIL,
    seed: 43,
    habits: large,
    quests: large,
    inboxItems: large,
    calendarEvents: large,
    planItems: 100,
    goals: 50,
  });
  return { demo, big };
}
