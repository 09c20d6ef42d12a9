import { pino, type Logger } from "pino";

/**
 * JSON logs on stdout (pino). Silent under the test runner unless LOG_LEVEL says otherwise.
 * Headers that carry secrets are never logged; variables are never logged (passwords live there).
 */
export function createLogger(env: NodeJS.ProcessEnv = process.env): Logger {
  return pino({
    level: env.LOG_LEVEL ?? (env.VITEST ? "silent" : "info"),
    base: { service: "today-gateway" },
    redact: { paths: ["headers.authorization", "headers.cookie", "variables", "password", "token"], censor: "[redacted]" },
  });
}
