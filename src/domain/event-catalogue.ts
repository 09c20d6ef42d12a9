// The event catalogue as Markdown, generated from the payload schemas in event-payloads.ts
// (`npm run events:doc` writes docs/events.md; a test checks the file is fresh).
import { z } from "zod";
import { MAX_EVENT_DEPTH } from "./dispatch.ts";
import { EVENT_SCHEMA_VERSION, eventPayloads, type EventType } from "./event-payloads.ts";

interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  format?: string;
  pattern?: string;
  anyOf?: JsonSchema[];
  description?: string;
}

function typeOf(schema: JsonSchema): string {
  if (schema.anyOf) return schema.anyOf.map(typeOf).join(" \\| ");
  if (schema.enum) return schema.enum.map((value) => `\`${String(value)}\``).join(" \\| ");
  if (schema.type === "array") return `${typeOf(schema.items ?? {})}[]`;
  if (schema.format === "uuid") return "uuid";
  if (schema.type === "string" && schema.pattern?.includes("\\d{4}")) return "date (YYYY-MM-DD)";
  return Array.isArray(schema.type) ? schema.type.join(" \\| ") : (schema.type ?? "any");
}

export function eventCatalogueMarkdown(): string {
  const lines = [
    "# Event catalogue",
    "",
    "Generated from `src/domain/event-payloads.ts` by `npm run events:doc`; do not edit by hand.",
    "",
    "Every row of `behavior_outbox` is one of these events, written by `emit()` (the dispatcher,",
    "`src/domain/dispatch.ts`) in the transaction of the action that caused it. Within one action, an event",
    "comes before what it causes: the awards paid with it (`points.awarded`), then its rules' events and",
    `awards, breadth first, at most ${MAX_EVENT_DEPTH} levels deep.`,
    `\`payload\` is the object below plus \`v\` (the schema version, now ${EVENT_SCHEMA_VERSION}).`,
    "`idempotency_key` is `<type>:<userId>:<once>` where the action names what makes the event happen once",
    "(a habit day's ledger key, a session id, …), or a fresh UUID when every call is a new event.",
    "",
    "| event | payload |",
    "| --- | --- |",
  ];
  const types = Object.keys(eventPayloads).sort() as EventType[];
  for (const type of types) {
    const schema = z.toJSONSchema(eventPayloads[type]) as JsonSchema;
    const fields = Object.entries(schema.properties ?? {}).map(([name, field]) => {
      const optional = schema.required?.includes(name) ? "" : "?";
      return `\`${name}${optional}\`: ${typeOf(field)}`;
    });
    lines.push(`| \`${type}\` | ${fields.length > 0 ? fields.join(", ") : "—"} |`);
  }
  return `${lines.join("\n")}\n`;
}
