/**
 * Creates the demo user (unless a user with that email exists already):
 *
 *   npm run db:seed [-- --seed 7 --habits 200 --history-days 30 ...]
 *
 * Database: DATABASE_URL when set, otherwise the embedded PGlite persisted in
 * .data/pglite. Pending migrations (which include the catalogue seeds, 0013_seeds) are
 * applied first; pass --no-migrate to skip that.
 */
import { parseArgs } from "node:util";
import { performance } from "node:perf_hooks";
import { openDatabaseTarget } from "../src/db/connect.ts";
import { createDatabaseClient } from "../src/db/client.ts";
import { applyMigrations, formatApplyResult } from "../src/db/migrate.ts";
import { DEMO_DEFAULTS, seedDemoIfMissing, type DemoOptions } from "../src/db/seed/demo.ts";

const USAGE = `Usage: tsx scripts/db-seed.ts [options]

  --seed N               PRNG seed (default ${DEMO_DEFAULTS.seed})
  --email ADDRESS        (default ${DEMO_DEFAULTS.email})
  --password TEXT        (default ${DEMO_DEFAULTS.password})
  --display-name TEXT    (default "${DEMO_DEFAULTS.displayName}")
  --timezone ZONE        IANA zone (default ${DEMO_DEFAULTS.timezone})
  --today YYYY-MM-DD     the user's "today" (default: today in --timezone)
  --history-days N       (default ${DEMO_DEFAULTS.historyDays})
  --habits N             (default ${DEMO_DEFAULTS.habits})
  --goals N              active goals (default ${DEMO_DEFAULTS.goals})
  --quests N             quests in progress (default ${DEMO_DEFAULTS.quests})
  --inbox-items N        (default ${DEMO_DEFAULTS.inboxItems})
  --calendar-events N    events today (default ${DEMO_DEFAULTS.calendarEvents})
  --plan-items N         items in today's plan (default ${DEMO_DEFAULTS.planItems})
  --no-migrate           do not apply pending migrations first
  -h, --help`;

const NUMERIC = {
  seed: "seed",
  "history-days": "historyDays",
  habits: "habits",
  goals: "goals",
  quests: "quests",
  "inbox-items": "inboxItems",
  "calendar-events": "calendarEvents",
  "plan-items": "planItems",
} as const;

function parseOptions(argv: string[]): { options: DemoOptions; migrate: boolean } | null {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      seed: { type: "string" },
      email: { type: "string" },
      password: { type: "string" },
      "display-name": { type: "string" },
      timezone: { type: "string" },
      today: { type: "string" },
      "history-days": { type: "string" },
      habits: { type: "string" },
      goals: { type: "string" },
      quests: { type: "string" },
      "inbox-items": { type: "string" },
      "calendar-events": { type: "string" },
      "plan-items": { type: "string" },
      "no-migrate": { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) return null;
  const options: DemoOptions = {
    email: values.email,
    password: values.password,
    displayName: values["display-name"],
    timezone: values.timezone,
    today: values.today,
  };
  for (const [flag, key] of Object.entries(NUMERIC) as [keyof typeof NUMERIC, (typeof NUMERIC)[keyof typeof NUMERIC]][]) {
    const raw = values[flag];
    if (raw === undefined) continue;
    if (!/^-?\d+$/.test(raw)) throw new Error(`--${flag} expects an integer, got "${raw}"`);
    options[key] = Number(raw);
  }
  return { options, migrate: !values["no-migrate"] };
}

async function main(): Promise<number> {
  let parsed: ReturnType<typeof parseOptions>;
  try {
    parsed = parseOptions(process.argv.slice(2));
  } catch (error) {
    console.error((error as Error).message);
    console.error(USAGE);
    return 2;
  }
  if (!parsed) {
    console.log(USAGE);
    return 0;
  }
  const target = await openDatabaseTarget();
  console.log(`Database: ${target.description}`);
  try {
    if (parsed.migrate) {
      const result = await applyMigrations(target.url);
      console.log(formatApplyResult(result));
      if (!result.ok) return 1;
    }
    const db = createDatabaseClient(target.url, { max: target.poolSize });
    try {
      const started = performance.now();
      const demo = await seedDemoIfMissing(db.prisma, parsed.options);
      const ms = (performance.now() - started).toFixed(0);
      console.log(
        demo.created
          ? `Created the demo user in ${ms} ms (today = ${demo.today}).`
          : `A user with that email exists already; nothing was written.`,
      );
      console.log(`Sign in with:\n  email:    ${demo.email}\n  password: ${demo.password}`);
      if (!demo.created) console.log("  (not checked against the existing account: it keeps the password it was created with)");
    } finally {
      await db.close();
    }
    return 0;
  } finally {
    await target.close();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exitCode = 1;
  },
);
