import { usePrometheus } from "@graphql-yoga/plugin-prometheus";
import type { Plugin } from "graphql-yoga";
import { Gauge, Registry, collectDefaultMetrics } from "prom-client";
import { database } from "../db/index.ts";
import { projectionStatus, type ProjectionStatus } from "../domain/projection.ts";

/**
 * Prometheus metrics at `/metrics` (@graphql-yoga/plugin-prometheus): requests, durations by
 * phase, error results, HTTP durations; plus the pg pool and Node's process metrics.
 * A registry per gateway, so several gateways in one process (tests) do not collide.
 */
export function metricsPlugin(): Plugin {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const pool = () => {
    try {
      return database().pool;
    } catch {
      return undefined;
    }
  };
  const gauge = (name: string, help: string, read: (p: NonNullable<ReturnType<typeof pool>>) => number) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        const current = pool();
        if (current) this.set(read(current));
      },
    });
  gauge("db_pool_connections_total", "Connections open in the pg pool", (p) => p.totalCount);
  gauge("db_pool_connections_idle", "Idle connections in the pg pool", (p) => p.idleCount);
  gauge("db_pool_requests_waiting", "Queries waiting for a pg pool connection", (p) => p.waitingCount);
  projectorGauges(registry, () => projectionStatus(database().prisma));
  return usePrometheus({
    endpoint: "/metrics",
    registry,
    metrics: {
      graphql_envelop_request: true,
      graphql_envelop_request_duration: true,
      graphql_envelop_error_result: true,
      graphql_envelop_phase_parse: true,
      graphql_envelop_phase_validate: true,
      graphql_envelop_phase_execute: true,
      graphql_yoga_http_duration: true,
      // On by default: walks every parsed document with a TypeInfo (~2.5 % of a Today
      // request's CPU). The schema deprecates nothing.
      graphql_envelop_deprecated_field: false,
    },
  });
}

/**
 * behavior_projector_lag_events / _lag_seconds / _events_processed, labelled by projector, read
 * from behavior_projection_state at scrape time (one query per scrape, shared by the three), so
 * they show projectors running in another process (`npm run projector`) as well.
 */
function projectorGauges(registry: Registry, read: () => Promise<ProjectionStatus[]>): void {
  let pending: Promise<ProjectionStatus[]> | null = null;
  const current = () => {
    pending ??= Promise.resolve()
      .then(read)
      .catch(() => [] as ProjectionStatus[])
      .finally(() => setTimeout(() => (pending = null), 0));
    return pending;
  };
  const gauge = (name: string, help: string, value: (status: ProjectionStatus) => number) =>
    new Gauge({
      name,
      help,
      labelNames: ["projector"],
      registers: [registry],
      async collect() {
        this.reset();
        for (const status of await current()) this.set({ projector: status.projector }, value(status));
      },
    });
  gauge("behavior_projector_lag_events", "Outbox events after the projector's cursor", (s) => Number(s.lagEvents));
  gauge("behavior_projector_lag_seconds", "Age of the oldest outbox event after the projector's cursor", (s) => s.lagSeconds);
  gauge("behavior_projector_events_processed", "Events the projector has delivered to its sink", (s) => Number(s.eventsProcessed));
}
