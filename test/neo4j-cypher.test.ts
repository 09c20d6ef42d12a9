// The behavior graph's Cypher (src/projector/neo4j/): every catalogued event type builds
// parameterised, idempotent statements. No Neo4j server runs here: the statements are checked
// as text and parameters; the integration block runs only when NEO4J_URL is set.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { eventPayloads, type EventType } from "../src/domain/events.ts";
import {
  CORE_ONLY_EVENTS,
  cypherFor,
  hasBuilder,
  LABELS,
  RELATIONSHIPS,
  schemaStatements,
  suggestionTarget,
} from "../src/projector/neo4j/cypher.ts";
import type { OutboxEvent } from "../src/projector/sink.ts";

const USER = "00000000-0000-4000-8000-0000000000aa";
const TYPES = Object.keys(eventPayloads).sort() as EventType[];

interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  enum?: unknown[];
  format?: string;
  pattern?: string;
  anyOf?: JsonSchema[];
}

/** A distinct, recognisable value for each field, valid for its schema. */
function sample(name: string, schema: JsonSchema, index: number): unknown {
  if (schema.anyOf) return sample(name, schema.anyOf.find((option) => option.type !== "null") ?? {}, index);
  if (schema.enum) return schema.enum[0];
  if (schema.format === "uuid") return `00000000-0000-4000-8000-${String(100 + index).padStart(12, "0")}`;
  if (schema.type === "string" && schema.pattern?.includes("\\d{4}")) return `2026-11-${String(10 + index).padStart(2, "0")}`;
  if (schema.type === "string") return `${name}-value-${index}`;
  if (schema.type === "integer" || schema.type === "number") return 1000 + index;
  if (schema.type === "boolean") return true;
  if (schema.type === "array") return [sample(`${name}-item`, schema.items ?? {}, index + 50)];
  return `${name}-value-${index}`;
}

function samplePayload(type: EventType): Record<string, unknown> {
  const schema = z.toJSONSchema(eventPayloads[type]) as JsonSchema;
  const payload = Object.fromEntries(
    Object.entries(schema.properties ?? {}).map(([name, field], index) => [name, sample(name, field, index)]),
  );
  return { v: 1, ...eventPayloads[type].parse(payload) };
}

function event(type: string, payload: Record<string, unknown>, id = 4242n): OutboxEvent {
  return { id, userId: USER, eventType: type, payload, createdAt: new Date("2026-11-29T08:30:00.000Z") };
}

/** Every scalar inside a value (nested in objects and arrays). */
function scalars(value: unknown): unknown[] {
  if (Array.isArray(value)) return value.flatMap(scalars);
  if (value !== null && typeof value === "object") return Object.values(value).flatMap(scalars);
  return [value];
}

describe("cypherFor: one builder per catalogued event type", () => {
  it("has a builder for every event type of the catalogue (a new type without one fails here)", () => {
    expect(TYPES.length).toBeGreaterThanOrEqual(59);
    expect(TYPES.filter((type) => !hasBuilder(type))).toEqual([]);
    expect(hasBuilder("no.such_event")).toBe(false);
  });

  it.each(TYPES.filter((type) => type !== "account.deleted"))(
    "%s: statements are parameterised, with constant labels and types, and every parameter bound",
    (type) => {
      const payload = samplePayload(type);
      const statements = cypherFor(event(type, payload));
      expect(statements.length).toBeGreaterThanOrEqual(2);
      // The core: the :Event node first (its payload on it), then the user, day and DID/ON edges.
      expect(statements[0].statement).toMatch(/^MERGE \(e:Event \{id: \$eventId\}\)/);
      expect(statements[0].params).toMatchObject({ eventId: "4242", type, day: expect.any(String) });
      expect(statements[1].statement).toContain("MERGE (u)-[:DID]->(e)");
      if (!CORE_ONLY_EVENTS.includes(type)) expect(statements.length).toBeGreaterThan(2);
      else expect(statements.length).toBe(2);

      for (const { statement, params } of statements) {
        // No payload value (nor the user or event id) is ever part of a statement's text.
        for (const value of [...scalars(payload), USER, "4242"]) {
          if (typeof value === "string" && value.length > 1) expect(statement, `${type}: ${value}`).not.toContain(value);
        }
        expect(statement).not.toMatch(/(^|\n)(CREATE|DELETE|DETACH|REMOVE)\b/);
        // Every write is a MERGE or a SET; labels and relationship types come from the constants.
        for (const [, label] of statement.matchAll(/\(\w*:(\w+)/g)) expect(LABELS as readonly string[]).toContain(label);
        for (const [, rel] of statement.matchAll(/\[\w*:(\w+)/g)) expect(RELATIONSHIPS as readonly string[]).toContain(rel);
        // Each $parameter a statement uses is given, and nothing else is.
        const used = new Set([...statement.matchAll(/\$(\w+)/g)].map((match) => match[1]));
        for (const name of used) expect(params, `${type}: $${name}`).toHaveProperty(name);
      }
    },
  );

  it("builds the same statements for the same event (replay-safe: everything MERGEs on stable ids)", () => {
    for (const type of TYPES.filter((type) => type !== "account.deleted")) {
      const payload = samplePayload(type);
      expect(JSON.stringify(cypherFor(event(type, payload)))).toBe(JSON.stringify(cypherFor(event(type, structuredClone(payload)))));
      for (const { statement } of cypherFor(event(type, payload))) {
        for (const line of statement.split("\n")) expect(line).toMatch(/^(MATCH|MERGE|SET|WITH|UNWIND|ON CREATE SET| {4}n\.)/);
      }
      // Per-event edges carry the event id, so a second event makes a second edge and a replay none.
      for (const { statement } of cypherFor(event(type, payload))) {
        for (const [, rel] of statement.matchAll(/MERGE \([a-z]+\)-\[r:(\w+) \{/g))
          expect(statement).toContain(`[r:${rel} {eventId: $eventId}]`);
      }
    }
  });

  it("decision.shown held out: the Decision node says so and there is no SHOWN edge (it was not shown)", () => {
    const decisionId = randomUUID();
    const payload = { decisionId, decisionKey: "habit_due", surface: "today", policyVersion: "next-action/1" };
    const shown = cypherFor(event("decision.shown", { ...payload, heldOut: false })).map((statement) => statement.statement);
    const held = cypherFor(event("decision.shown", { ...payload, heldOut: true }));
    expect(shown.some((statement) => statement.includes("[r:SHOWN"))).toBe(true);
    expect(held.some((statement) => statement.statement.includes("[r:SHOWN"))).toBe(false);
    expect(held.find((statement) => statement.statement.includes("MERGE (n:Decision"))?.params.props).toMatchObject({ heldOut: true });
  });

  it("account.deleted: only statements that remove the user's subgraph, by the user's id (no :Event node for it)", () => {
    const userId = randomUUID();
    const statements = cypherFor({ ...event("account.deleted", { userId }), userId: null });
    expect(statements.map((statement) => statement.statement)).toEqual([
      "MATCH (:User {id: $userId})-[:OWNS]->(:Plan)<-[:PART_OF]-(i:PlanItem)\nDETACH DELETE i",
      "MATCH (:User {id: $userId})-[:OWNS]->(:Track)<-[:PART_OF]-(r:Region)\nDETACH DELETE r",
      "MATCH (:User {id: $userId})-[:OWNS]->(n)\nDETACH DELETE n",
      "MATCH (:User {id: $userId})-[:DID]->(e:Event)\nDETACH DELETE e",
      "MATCH (d:Day {userId: $userId})\nDETACH DELETE d",
      "MATCH (u:User {id: $userId})\nDETACH DELETE u",
    ]);
    for (const { statement, params } of statements) {
      expect(params).toEqual({ userId });
      expect(statement).not.toContain(userId);
      for (const [, label] of statement.matchAll(/\(\w*:(\w+)/g)) expect(LABELS as readonly string[]).toContain(label);
      for (const [, rel] of statement.matchAll(/\[\w*:(\w+)/g)) expect(RELATIONSHIPS as readonly string[]).toContain(rel);
    }
    // A malformed payload erases nothing (and builds nothing).
    expect(cypherFor({ ...event("account.deleted", { userId: "not-a-uuid" }), userId: null })).toEqual([]);
  });

  it("the statements and parameters of every event type, exactly", () => {
    const all = Object.fromEntries(TYPES.map((type) => [type, cypherFor(event(type, samplePayload(type)))]));
    expect(all).toMatchSnapshot();
  });

  it("habit.completed: the habit, its COMPLETED_ON edge to the payload's day, keyed by the event", () => {
    const habitId = randomUUID();
    const completionId = randomUUID();
    const statements = cypherFor(
      event("habit.completed", { v: 1, habitId, completionId, day: "2026-11-28", count: 1, targetCount: 1, done: true }, 77n),
    );
    expect(statements.map((s) => s.statement)).toEqual([
      "MERGE (e:Event {id: $eventId})\nON CREATE SET e.type = $type, e.seq = $seq, e.at = datetime($at), e.day = date($day)\nSET e += $properties",
      "MATCH (e:Event {id: $eventId})\nMERGE (u:User {id: $userId})\nMERGE (d:Day {userId: $userId, date: $day})\nMERGE (d)-[:OF]->(u)\nMERGE (u)-[:DID]->(e)\nMERGE (e)-[:ON]->(d)",
      "MATCH (e:Event {id: $eventId})\nMATCH (u:User {id: $userId})\nMERGE (n:Habit {id: $id})\nMERGE (e)-[:ABOUT]->(n)\nMERGE (u)-[:OWNS]->(n)",
      "MATCH (e:Event {id: $eventId})\nMATCH (n:Habit {id: $id})\nMERGE (u:User {id: $userId})\nMERGE (d:Day {userId: $userId, date: $targetDay})\nMERGE (d)-[:OF]->(u)\nMERGE (n)-[r:COMPLETED_ON {eventId: $eventId}]->(d)\nSET r += $props",
    ]);
    expect(statements[0].params).toEqual({
      eventId: "77",
      seq: 77,
      type: "habit.completed",
      at: "2026-11-29T08:30:00.000Z",
      day: "2026-11-28",
      properties: { v: 1, habitId, completionId, day: "2026-11-28", count: 1, targetCount: 1, done: true },
    });
    expect(statements[3].params).toEqual({
      eventId: "77",
      userId: USER,
      id: habitId,
      targetDay: "2026-11-28",
      props: { count: 1, targetCount: 1, done: true },
    });
  });

  it("decision.shown of a nextAction SUGGESTS its target; its STARTED/COMPLETED outcome LED_TO it", () => {
    const decisionId = randomUUID();
    const habitId = randomUUID();
    const shown = cypherFor(
      event("decision.shown", {
        v: 1,
        decisionId,
        decisionKey: "habit_streak_at_risk",
        surface: "today",
        suggestionId: `habit_streak_at_risk:${habitId}:2026-11-29`,
      }),
    );
    const suggests = shown.find((s) => s.statement.includes("SUGGESTS"));
    expect(suggests?.statement).toBe("MATCH (n:Decision {id: $decisionId})\nMERGE (t:Habit {id: $targetId})\nMERGE (n)-[:SUGGESTS]->(t)");
    expect(suggests?.params).toMatchObject({ decisionId, targetId: habitId });
    // A decision without a suggestion id (or an unknown kind) has no target.
    expect(
      cypherFor(event("decision.shown", { v: 1, decisionId, decisionKey: "x", surface: "today" })).some((s) =>
        s.statement.includes("SUGGESTS"),
      ),
    ).toBe(false);
    expect(suggestionTarget(`made_up:${habitId}:2026-11-29`)).toBeNull();
    expect(suggestionTarget(`plan_item:${habitId}:2026-11-29`)).toEqual({ label: "PlanItem", id: habitId });

    const completed = cypherFor(
      event("decision.outcome", { v: 1, decisionId, decisionKey: "habit_streak_at_risk", outcome: "COMPLETED" }, 90n),
    );
    const ledTo = completed.find((s) => s.statement.includes("LED_TO"));
    expect(ledTo?.statement).toBe(
      "MATCH (n:Decision {id: $decisionId})-[:SUGGESTS]->(t)\nMERGE (n)-[r:LED_TO {eventId: $eventId}]->(t)\nSET r.outcome = $outcome",
    );
    expect(ledTo?.params).toEqual({ eventId: "90", userId: USER, decisionId, outcome: "COMPLETED" });
    const dismissed = cypherFor(event("decision.outcome", { v: 1, decisionId, decisionKey: "k", outcome: "DISMISSED" }));
    expect(dismissed.some((s) => s.statement.includes("LED_TO"))).toBe(false);
  });

  it("flip-flopping state is sequence-guarded, so an older event replayed later does not win", () => {
    const goalId = randomUUID();
    const archived = cypherFor(event("goal.archived", { v: 1, goalId, archived: true }, 10n)).at(-1)!;
    expect(archived.statement).toContain("coalesce(n.archivedSeq, -1) < $seq");
    expect(archived.params).toMatchObject({ id: goalId, value: true, seq: 10 });
  });

  it("an unknown type, an unparsable payload or an event without a user makes only the :Event (and User/Day)", () => {
    expect(cypherFor(event("future.thing", { a: 1 }))).toHaveLength(2);
    expect(cypherFor(event("habit.completed", { habitId: "not-a-uuid" }))).toHaveLength(2);
    expect(cypherFor({ ...event("habit.created", { habitId: randomUUID() }), userId: null })).toHaveLength(1);
  });

  it("declares a uniqueness constraint per label (MERGE relies on them under concurrency)", () => {
    const statements = schemaStatements();
    expect(statements).toHaveLength(LABELS.length);
    expect(statements).toContain("CREATE CONSTRAINT day_user_date IF NOT EXISTS FOR (n:Day) REQUIRE (n.userId, n.date) IS UNIQUE");
  });
});

describe("neo4jSinkFromEnv", () => {
  it("is off without NEO4J_URL, and a sink named after its projector with it (the driver connects lazily)", async () => {
    const { neo4jSinkFromEnv, NEO4J_PROJECTOR } = await import("../src/projector/neo4j/sink.ts");
    expect(neo4jSinkFromEnv({})).toBeNull();
    const sink = neo4jSinkFromEnv({ NEO4J_URL: "bolt://127.0.0.1:1", NEO4J_USER: "neo4j", NEO4J_PASSWORD: "x" });
    expect(sink?.name).toBe(NEO4J_PROJECTOR);
    await sink?.apply([]); // an empty batch touches no server
    await sink?.close();
  });
});

// Runs only against a real Neo4j (NEO4J_URL, NEO4J_USER, NEO4J_PASSWORD); none exists here.
describe.skipIf(!process.env.NEO4J_URL)("Neo4jSink against a Neo4j server", () => {
  it("applies a batch of every event type twice with the effect of once", async () => {
    const { neo4jSinkFromEnv } = await import("../src/projector/neo4j/sink.ts");
    const neo4j = (await import("neo4j-driver")).default;
    const sink = neo4jSinkFromEnv()!;
    const driver = neo4j.driver(
      process.env.NEO4J_URL!,
      neo4j.auth.basic(process.env.NEO4J_USER ?? "neo4j", process.env.NEO4J_PASSWORD ?? ""),
    );
    const userId = randomUUID();
    const batch = TYPES.map((type, index) => ({ ...event(type, samplePayload(type), BigInt(Date.now()) * 1000n + BigInt(index)), userId }));
    const count = async () => {
      const session = driver.session();
      try {
        const nodes = await session.run("MATCH (n) RETURN count(n) AS n");
        const edges = await session.run("MATCH ()-[r]->() RETURN count(r) AS n");
        return { nodes: nodes.records[0].get("n").toNumber(), edges: edges.records[0].get("n").toNumber() };
      } finally {
        await session.close();
      }
    };
    try {
      const before = await count();
      await sink.apply(batch);
      const once = await count();
      expect(once.nodes - before.nodes).toBeGreaterThanOrEqual(batch.length + 2);
      await sink.apply(batch);
      expect(await count()).toEqual(once);
      const session = driver.session();
      try {
        const events = await session.run("MATCH (:User {id: $userId})-[:DID]->(e:Event) RETURN count(e) AS n", { userId });
        expect(events.records[0].get("n").toNumber()).toBe(batch.length);
      } finally {
        await session.close();
      }
    } finally {
      await sink.close();
      await driver.close();
    }
  });
});
