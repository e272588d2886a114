import { createServer } from "node:http";
import { env } from "@/server/env";
import { logger } from "@/server/infra/logger";
import { installProcessHandlers, onShutdown } from "@/server/infra/shutdown";

/**
 * The payment worker process: consumes order events from Kafka and settles them in MySQL (issue #5 fills in
 * the consumer). It answers /healthz on WORKER_PORT so the launcher knows it is up.
 */
async function main() {
  installProcessHandlers();
  const health = createServer((req, res) => {
    const ok = req.url === "/healthz";
    res.writeHead(ok ? 200 : 404, { "content-type": "application/json" });
    res.end(JSON.stringify(ok ? { status: "ok" } : { error: "NOT_FOUND" }));
  });
  await new Promise<void>((resolve) => health.listen(env.WORKER_PORT, "127.0.0.1", resolve));
  onShutdown("health", () => new Promise<void>((resolve) => health.close(() => resolve())));
  logger.info({ port: env.WORKER_PORT }, "payment worker started");
}

main().catch((error: unknown) => {
  logger.fatal({ err: error }, "payment worker failed to start");
  process.exit(1);
});
