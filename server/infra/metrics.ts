import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
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
    orderBatchesResent: new Counter({
      name: "order_batches_resent_total",
      help: "Order-event produce requests sent again whole after a failure or an incomplete acknowledgement",
      registers: [registry],
    }),
    paymentUpdatesEmitted: new Counter({
      name: "payment_updates_emitted_total",
      help: "payment_update messages pushed to sockets held by this instance",
      registers: [registry],
    }),
    dependencyFailures: new Counter({
      name: "dependency_failures_total",
      help: "Requests answered 503 TRY_AGAIN_LATER because a dependency was down, slow or overloaded",
      labelNames: ["dependency"],
      registers: [registry],
    }),
    ordersSettled: new Counter({
      name: "orders_settled_total",
      help: "Orders the payment worker settled for the first time, by status and failure reason (empty when PAID)",
      labelNames: ["status", "reason"],
      registers: [registry],
    }),
    ordersDeadLettered: new Counter({
      name: "orders_dead_lettered_total",
      help: "Order events sent to the dead-letter topic (malformed, or a settlement error no retry can cure)",
      registers: [registry],
    }),
    settlementRetries: new Counter({
      name: "settlement_retries_total",
      help: "Settlement transactions run again after a transient MySQL error (lock wait, deadlock, lost connection)",
      registers: [registry],
    }),
    consumerLag: new Gauge({
      name: "payment_consumer_lag",
      help: "Order events on the partitions this worker owns that its group has not committed yet",
      registers: [registry],
    }),
    consumerHealthy: new Gauge({
      name: "payment_consumer_healthy",
      help: "1 while the settlement consumer runs and makes progress; 0 once it crashed or stalled with a backlog",
      registers: [registry],
    }),
    sweeperRepublished: new Counter({
      name: "pending_orders_republished_total",
      help: "Pending records the sweeper published to Kafka again (their event was lost or is late)",
      registers: [registry],
    }),
    stockUpdatesBroadcast: new Counter({
      name: "stock_updates_broadcast_total",
      help: "stock_update broadcasts sent by this instance while it led the stock broadcaster",
      registers: [registry],
    }),
  };
});
