/**
 * `npm run mailer`: delivers mail_outbox (sign-up links, notices) over SMTP_URL until SIGTERM.
 * Without SMTP_URL it writes the mails to the log (development only). Any number may run.
 */
import { openDatabaseTarget } from "../src/db/connect.ts";
import { createDatabaseClient } from "../src/db/client.ts";
import { createLogger } from "../src/http/logger.ts";
import { startMailer, transportFromEnv } from "../src/mail/mailer.ts";

const logger = createLogger();
if (!process.env.SMTP_URL && process.env.NODE_ENV === "production") {
  logger.fatal("SMTP_URL is required in production (the mails hold sign-up links)");
  process.exit(1);
}
const target = await openDatabaseTarget();
const db = createDatabaseClient(target.url);
const stop = startMailer(db.prisma, transportFromEnv(logger), logger, Number(process.env.MAILER_INTERVAL_MS ?? 2_000));
logger.info({ database: target.description, smtp: Boolean(process.env.SMTP_URL) }, "mailer running");
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, async () => {
    await stop();
    await db.close();
    await target.close();
    process.exit(0);
  });
}
