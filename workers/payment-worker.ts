import { createServer } from "node:http";
import { env } from "@/server/env";
import { auditLoadedSales } from "@/server/features/inventory/audit-sales";
import { createOrderPublisher } from "@/server/features/orders/order-publisher";
import { sweepPendingOrders } from "@/server/features/orders/sweep-pending-orders";
import { createPaymentConsumer } from "@/server/features/payments/payment-consumer";
import { closeConnections } from "@/server/infra/close-connections";
import { tryWithLock } from "@/server/infra/lock";
import { childLogger, logger } from "@/server/infra/logger";
import { redis } from "@/server/infra/redis";
import { installProcessHandlers, onShutdown } from "@/server/infra/shutdown";

const SWEEP_INTERVAL_MS = 5_000;
const AUDIT_INTERVAL_MS = 5_000;

/**
 * The payment worker process: settles order events from Kafka in MySQL, and runs the pending-order sweeper
 * and the sale auditor (each one runner at a time across workers, through a Redis lease; both are
 * idempotent, so the lease saves work rather than guarding correctness). Answers /healthz on WORKER_PORT.
 */
async function main() {
  installProcessHandlers();
  onShutdown("connections", closeConnections);

  const health = createServer((req, res) => {
    const ok = req.url === "/healthz";
    res.writeHead(ok ? 200 : 404, { "content-type": "application/json" });
    res.end(JSON.stringify(ok ? { status: "ok" } : { error: "NOT_FOUND" }));
  });
  await new Promise<void>((resolve) => health.listen(env.WORKER_PORT, "127.0.0.1", resolve));
  onShutdown("health", () => new Promise<void>((resolve) => health.close(() => resolve())));

  const publisher = createOrderPublisher();
  onShutdown("sweeper-publisher", () => publisher.close());
  const consumer = createPaymentConsumer({ redis });
  await consumer.start();
  // Registered last, so it runs first: stop fetching and finish the batch in hand before anything closes.
  const timers = [
    every("pending-sweeper", SWEEP_INTERVAL_MS, () => sweepPendingOrders({ redis, publisher })),
    every("sale-auditor", AUDIT_INTERVAL_MS, () => auditLoadedSales(redis)),
  ];
  onShutdown("payment-consumer", async () => {
    timers.forEach(clearInterval);
    await consumer.stop();
  });
  logger.info({ port: env.WORKER_PORT }, "payment worker started");
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
