// Delivers mail_outbox: the rows a transaction decided to send (sign-up links, notices). Each
// batch claims its rows with FOR UPDATE SKIP LOCKED, so several mailers never send one mail twice;
// a failed send is counted and retried on the next pass, up to MAX_ATTEMPTS.
//
// Transports: SMTP through nodemailer (SMTP_URL, e.g. smtp://user:pass@relay:587) in production;
// in development, the log (the link shows in `npm start`'s output).
import nodemailer from "nodemailer";
import type { Logger } from "pino";
import type { PrismaClient } from "../db/client.ts";

export const MAX_ATTEMPTS = 5;

export interface OutgoingMail {
  id: string;
  toAddress: string;
  template: string;
  subject: string;
  body: string;
}

export interface MailTransport {
  send(mail: OutgoingMail): Promise<void>;
  close?(): void;
}

export function smtpTransport(url: string, from: string): MailTransport {
  const transporter = nodemailer.createTransport(url);
  return {
    async send(mail) {
      await transporter.sendMail({ from, to: mail.toAddress, subject: mail.subject, text: mail.body });
    },
    close: () => transporter.close(),
  };
}

/** Development: the mail goes to the log instead of a mailbox. */
export function logTransport(logger: Pick<Logger, "info">): MailTransport {
  return {
    async send(mail) {
      logger.info(
        { mail: { to: mail.toAddress, template: mail.template, subject: mail.subject } },
        `mail (not sent: no SMTP_URL)\n${mail.body}`,
      );
    },
  };
}

export interface DeliveryResult {
  sent: number;
  failed: number;
}

/** Sends up to `batch` pending mails, oldest first; returns what happened. */
export async function deliverMail(prisma: PrismaClient, transport: MailTransport, batch = 20): Promise<DeliveryResult> {
  return prisma.$transaction(async (tx) => {
    const pending = await tx.$queryRaw<OutgoingMail[]>`
      SELECT id, to_address AS "toAddress", template, subject, body
      FROM mail_outbox
      WHERE sent_at IS NULL AND attempts < ${MAX_ATTEMPTS}
      ORDER BY created_at, id
      LIMIT ${batch}
      FOR UPDATE SKIP LOCKED`;
    const result: DeliveryResult = { sent: 0, failed: 0 };
    for (const mail of pending) {
      try {
        await transport.send(mail);
        await tx.mailOutbox.update({ where: { id: mail.id }, data: { sentAt: new Date(), attempts: { increment: 1 } } });
        result.sent += 1;
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        await tx.mailOutbox.update({ where: { id: mail.id }, data: { attempts: { increment: 1 }, lastError: message.slice(0, 500) } });
        result.failed += 1;
      }
    }
    return result;
  });
}

/** The transport the environment asks for: SMTP at SMTP_URL, else the log. */
export function transportFromEnv(logger: Pick<Logger, "info">, env: NodeJS.ProcessEnv = process.env): MailTransport {
  return env.SMTP_URL ? smtpTransport(env.SMTP_URL, env.MAIL_FROM ?? "Today <no-reply@localhost>") : logTransport(logger);
}

/** Delivers every `intervalMs` until stopped; returns the stop function. */
export function startMailer(
  prisma: PrismaClient,
  transport: MailTransport,
  logger: Pick<Logger, "error">,
  intervalMs = 2_000,
): () => Promise<void> {
  let running: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    running = running
      .then(() => deliverMail(prisma, transport))
      .catch((error: unknown) => logger.error({ err: error }, "mail delivery failed"));
  }, intervalMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
    transport.close?.();
  };
}
