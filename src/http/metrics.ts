import { usePrometheus } from "@graphql-yoga/plugin-prometheus";
import type { Plugin } from "graphql-yoga";
import { Counter, Gauge, Registry, collectDefaultMetrics } from "prom-client";
import { database, readRouter } from "../db/index.ts";
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
  replicaMetrics(registry);
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

/**
 * With a read replica (src/db/routing.ts): whether it is up, how far behind the primary it is
 * (bytes of WAL and seconds, as the router's monitor last saw), and the operations served by
 * each pool with the reason. Read from the router at scrape time; absent without a replica.
 */
function replicaMetrics(registry: Registry): void {
  const gauge = (name: string, help: string, value: (router: NonNullable<ReturnType<typeof readRouter>>) => number) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        this.reset();
        const router = readRouter();
        if (router) this.set(value(router));
      },
    });
  gauge("db_replica_up", "1 when the read replica answered the router's last look, else 0", (router) => (router.replicaUp ? 1 : 0));
  gauge("db_replica_lag_bytes", "Bytes of WAL the replica had not replayed at the last look", (router) => Number(router.lagBytes));
  gauge("db_replica_lag_seconds", "Age of the replica's view of the primary at the last look", (router) =>
    Number.isFinite(router.lagMs) ? router.lagMs / 1000 : -1,
  );
  new Counter({
    name: "db_reads_total",
    help: "GraphQL operations by the pool that served them (primary, replica) and why (write, ryw, lag, down, fresh, caught_up)",
    labelNames: ["pool", "reason"],
    registers: [registry],
    collect() {
      this.reset();
      const router = readRouter();
      if (!router) return;
      for (const [key, count] of router.served) {
        const [pool, reason] = key.split(":");
        this.inc({ pool, reason }, count);
      }
    },
  });
}
