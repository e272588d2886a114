import { randomUUID } from "node:crypto";
import { closeConnections } from "@/server/infra/close-connections";
import { stopBareServer } from "@/bench/bare-server-process";
import { OptionsError, parseOptions, type BenchOptions } from "@/bench/options";
import { runBenchPhase, type AnyBenchPhase } from "@/bench/phases/bench-phase";
import { browsingPhase } from "@/bench/phases/browsing";
import { ceilingsPhase } from "@/bench/phases/ceilings";
import { closedLoopPhase } from "@/bench/phases/closed-loop";
import { fairnessPhase } from "@/bench/phases/fairness";
import { noisyNeighbourPhase } from "@/bench/phases/noisy-neighbour";
import { openLoopPhase } from "@/bench/phases/open-loop";
import { progressSteps } from "@/bench/phases/plan";
import { settlementBurstPhase } from "@/bench/phases/settlement-burst";
import { storageLevelPhase } from "@/bench/phases/storage-level";
import { reportRun } from "@/bench/report-run";
import { closeBenchTarget, openBenchRun } from "@/bench/run-context";
import { restorePasswordPolicy } from "@/bench/shoppers";

/**
 * `npm run bench`: a real flash sale through NGINX, our Redis + Lua purchase against three MySQL
 * strategies in the same harness, ceilings, notification latency and browsing, in one run. See bench/README.md.
 * Exit codes: 0 all invariants held, 1 an invariant broke (or the run failed), 2 the stack is not running.
 */

const runId = randomUUID().slice(0, 8);

/**
 * The measuring phases, in the order they run (later ones read earlier sections: the open loop's rates come from
 * the closed loop's maximum). `--purchase-only`, `--noisy-neighbour-only` and `--fairness-only` keep only their own
 * phase.
 */
const phases: AnyBenchPhase[] = [
  closedLoopPhase,
  openLoopPhase,
  noisyNeighbourPhase,
  settlementBurstPhase,
  storageLevelPhase,
  ceilingsPhase,
  browsingPhase,
  fairnessPhase,
];

async function main(options: BenchOptions): Promise<number> {
  const applicable = phases.filter((phase) => phase.appliesTo(options));
  const context = await openBenchRun(options, runId, (capabilities) =>
    progressSteps(applicable, options, capabilities),
  );
  if (!context) return 2;
  for (const phase of applicable) await runBenchPhase(phase, context);
  return reportRun(context);
}

async function shutdown() {
  stopBareServer();
  await closeBenchTarget().catch(() => undefined);
  await restorePasswordPolicy().catch(() => undefined);
}

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    void shutdown().finally(() => process.exit(130));
  });
}

let exitCode = 1;
try {
  exitCode = await main(parseOptions(process.argv.slice(2)));
} catch (error) {
  if (error instanceof OptionsError) {
    process.stderr.write(`${error.message}\n`);
    exitCode = 2;
  } else {
    process.stderr.write(
      `\nbench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    exitCode = 1;
  }
} finally {
  await shutdown();
  await closeConnections().catch(() => undefined);
}
process.exit(exitCode);
