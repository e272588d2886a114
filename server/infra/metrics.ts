import { Counter, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import { globalSingleton } from "@/server/infra/global-singleton";
import { instanceId } from "@/server/infra/instance";

/** One registry per process, shared by the custom server's routes and Next's route handlers. */
export const metrics = globalSingleton("metrics", () => {
  const registry = new Registry();
  registry.setDefaultLabels({ instance_id: instanceId });
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    httpRequests: new Histogram({
      name: "http_request_duration_seconds",
      help: "HTTP request latency by route and status",
      labelNames: ["method", "route", "status"],
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    purchaseOutcomes: new Counter({
      name: "purchase_outcomes_total",
      help: "Purchase attempts by outcome code",
      labelNames: ["outcome"],
      registers: [registry],
    }),
    ordersLeftToSweeper: new Counter({
      name: "orders_left_to_sweeper_total",
      help: "Accepted orders whose Kafka publish failed; the pending-order sweeper publishes them later",
      registers: [registry],
    }),
    paymentUpdatesEmitted: new Counter({
      name: "payment_updates_emitted_total",
      help: "payment_update messages pushed to sockets held by this instance",
      registers: [registry],
    }),
    stockUpdatesBroadcast: new Counter({
      name: "stock_updates_broadcast_total",
      help: "stock_update broadcasts sent by this instance while it led the stock broadcaster",
      registers: [registry],
    }),
  };
});
