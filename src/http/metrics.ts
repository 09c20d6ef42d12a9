import { usePrometheus } from "@graphql-yoga/plugin-prometheus";
import type { Plugin } from "graphql-yoga";
import { Gauge, Registry, collectDefaultMetrics } from "prom-client";
import { database } from "../db/index.ts";

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
    },
  });
}
