import { createServer } from "node:http";
import { env } from "@/server/env";
import { auditLoadedSales } from "@/server/features/inventory/audit-sales";
import { createOrderPublisher } from "@/server/features/orders/order-publisher";
import { createPaymentConsumer, type PaymentConsumer } from "@/server/features/payments/payment-consumer";
import { sweepPendingOrders } from "@/server/features/payments/sweep-pending-orders";
import { closeConnections } from "@/server/infra/close-connections";
import { tryWithLock } from "@/server/infra/lock";
import { childLogger, logger } from "@/server/infra/logger";
import { metrics } from "@/server/infra/metrics";
import { redis } from "@/server/infra/redis";
import { installProcessHandlers, onShutdown, shutdown } from "@/server/infra/shutdown";
import { createPaymentUpdatePublisher } from "@/server/realtime/payment-updates";

const SWEEP_INTERVAL_MS = 5_000;
const AUDIT_INTERVAL_MS = 5_000;

/**
 * The payment worker process: settles order events from Kafka in MySQL, and runs the pending-order sweeper
 * and the sale auditor (each one runner at a time across workers, through a Redis lease; both are
 * idempotent, so the lease saves work rather than guarding correctness). On WORKER_PORT it answers /healthz
 * (the consumer's verdict: 503 once it crashed, or stalled with a backlog) and /metrics (Prometheus).
 */
async function main() {
  installProcessHandlers();
  onShutdown("connections", closeConnections);

  // Settlement results reach the shoppers' sockets through the realtime layer's Redis channels and replay lists.
  const results = createPaymentUpdatePublisher(redis);
  const consumer = createPaymentConsumer({
    redis,
    results,
    // kafkajs gave up on the consumer: this process settles nothing any more, and only a new process gets a new
    // consumer. Exiting non-zero lets the supervisor start one (a clean stop first, bounded by shutdown's timer).
    onDead: () => void shutdown("payment consumer crashed").then(() => process.exit(1)),
  });
  const health = createServer((req, res) => {
    void answerOperations(req.url ?? "", consumer)
      .then(({ status, contentType, body }) => {
        res.writeHead(status, { "content-type": contentType, "cache-control": "no-store" });
        res.end(body);
      })
      .catch((error: unknown) => {
        logger.error({ err: error, url: req.url }, "health endpoint failed");
        res.writeHead(500, { "content-type": "application/json" });
        res.end(JSON.stringify({ error: "INTERNAL" }));
      });
  });
  // Loopback in the local stack; 0.0.0.0 in a container, where the kubelet's or compose's probe calls in.
  await new Promise<void>((resolve) => health.listen(env.WORKER_PORT, env.WORKER_HOST, resolve));
  onShutdown("health", () => new Promise<void>((resolve) => health.close(() => resolve())));

  const publisher = createOrderPublisher();
  onShutdown("sweeper-publisher", () => publisher.close());
  await consumer.start();
  // Registered last, so it runs first: stop fetching and finish the batch in hand before anything closes.
  const timers = [
    every("pending-sweeper", SWEEP_INTERVAL_MS, () => sweepPendingOrders({ redis, publisher, results })),
    every("sale-auditor", AUDIT_INTERVAL_MS, () => auditLoadedSales(redis)),
  ];
  onShutdown("payment-consumer", async () => {
    timers.forEach(clearInterval);
    await consumer.stop();
  });
  logger.info({ port: env.WORKER_PORT, host: env.WORKER_HOST }, "payment worker started");
}

async function answerOperations(url: string, consumer: PaymentConsumer) {
  const path = url.split("?")[0];
  if (path === "/metrics") {
    return { status: 200, contentType: metrics.registry.contentType, body: await metrics.registry.metrics() };
  }
  if (path === "/healthz") {
    const report = consumer.health();
    const { verdict } = report;
    const body = {
      status: verdict.status,
      ...(verdict.healthy ? {} : { reason: verdict.reason }),
      lag: report.lag,
      settled: report.settledCount,
    };
    return { status: verdict.healthy ? 200 : 503, contentType: "application/json", body: JSON.stringify(body) };
  }
  return { status: 404, contentType: "application/json", body: JSON.stringify({ error: "NOT_FOUND" }) };
}

function every(name: string, intervalMs: number, task: () => Promise<unknown>) {
  const log = childLogger(name);
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    tryWithLock(`lease:${name}`, task, { leaseMs: intervalMs * 2, client: redis })
      .catch((error: unknown) => log.error({ err: error }, `${name} failed`))
      .finally(() => {
        running = false;
      });
  }, intervalMs);
  timer.unref();
  return timer;
}

main().catch((error: unknown) => {
  logger.fatal({ err: error }, "payment worker failed to start");
  process.exit(1);
});
