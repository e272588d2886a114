import { env } from "@/server/env";
import { storageLevel } from "@/bench/storage-level";
import type { BenchPhase } from "@/bench/phases/bench-phase";
import { phasePlans } from "@/bench/phases/plan";

/** Our script against the MySQL transactions with no HTTP in between, at the database pool's concurrency. */
export const storageLevelPhase: BenchPhase<"storage"> = {
  name: "storage",
  ...phasePlans.storage,
  async run(context) {
    context.progress.phase(`storage level: ${context.options.storageOps} ops, script vs transactions`);
    return storageLevel(context.options.storageOps, env.DB_POOL_SIZE, context.runId);
  },
};
