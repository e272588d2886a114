import { chooseDoorByHeader } from "@/bench/door";
import { strategyRoutes } from "@/bench/strategy-routes";
import { createAppServer } from "@/server/create-app-server";
import { env } from "@/server/env";
import { logger } from "@/server/infra/logger";

/**
 * The app instance the benchmark measures: the production app server (server/create-app-server.ts) plus the
 * bench's strategy routes and its door switch (`x-bench-door`). The local stack runs its instances from this
 * entry (infra/supervisor/run-program.sh), so `npm run bench` and the two-door API tests find both; the
 * production build (server/index.ts → dist/) never includes it.
 *
 * BENCH_STRATEGIES_ENABLED must be on: server/env.ts refuses it under NODE_ENV=production outside the local
 * stack, so this entry cannot come up on a production configuration by mistake.
 */
if (!env.BENCH_STRATEGIES_ENABLED) {
  process.stderr.write(
    "bench/server.ts serves the benchmark's alternative purchase paths: set BENCH_STRATEGIES_ENABLED=true\n",
  );
  process.exit(78); // EX_CONFIG: supervisord does not restart a refused configuration
}

createAppServer({ extraRoutes: strategyRoutes, chooseDoor: chooseDoorByHeader }).catch((error: unknown) => {
  logger.fatal({ err: error }, "bench app instance failed to start");
  process.exit(1);
});
