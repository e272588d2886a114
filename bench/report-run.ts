import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { fairnessMarkdown } from "@/bench/fairness-report";
import { noisyNeighbourMarkdown } from "@/bench/noisy-neighbour";
import { isFullRun } from "@/bench/phases/plan";
import { assembleResults, describeMachine, requireSection, writeResults } from "@/bench/results";
import { purchaseOnlyMarkdown, renderSummary } from "@/bench/results-report";
import type { BenchContext } from "@/bench/run-context";

const resultsDir = path.join(process.cwd(), "bench", "results");

/**
 * The end of a run: retires its coupons and reports what it measured, by mode. Returns the exit code: 0 when
 * every invariant (or fair share) held, 1 when one broke.
 */
export async function reportRun(context: BenchContext): Promise<number> {
  const { options, sections } = context;
  if (options.noisyOnly) {
    const noisy = requireSection(sections, "noisyNeighbour");
    await context.coupons.retireAll();
    process.stdout.write(`\n${noisyNeighbourMarkdown(noisy.runs, noisy.rate)}\n`);
    if (noisy.broken.length > 0)
      process.stderr.write(`\nFAIR SHARE BROKEN:\n${noisy.broken.map((b) => `  - ${b}`).join("\n")}\n`);
    return noisy.broken.length === 0 ? 0 : 1;
  }
  if (options.fairnessOnly) {
    const fairness = requireSection(sections, "fairness");
    await context.coupons.retireAll();
    await mkdir(resultsDir, { recursive: true });
    const file = `${new Date().toISOString().replace(/[:.]/g, "-")}-fairness.json`;
    await writeFile(path.join(resultsDir, file), JSON.stringify({ runId: context.runId, options, fairness }, null, 2));
    process.stdout.write(`\n${fairnessMarkdown(fairness)}\n\nResults: bench/results/${file}\n`);
    // The target is a measurement, not an invariant: only a broken invariant fails the run.
    if (fairness.broken.length > 0)
      process.stderr.write(`\nINVARIANTS BROKEN:\n${fairness.broken.map((b) => `  - ${b}`).join("\n")}\n`);
    return fairness.broken.length === 0 ? 0 : 1;
  }
  if (!isFullRun(options)) {
    const sales = requireSection(sections, "sales");
    await context.coupons.retireAll();
    process.stdout.write(`\n${purchaseOnlyMarkdown(sales)}\n`);
    return sales.every((sale) => sale.check.broken.length === 0) ? 0 : 1;
  }
  context.progress.phase("report");
  await context.coupons.retireAll();
  const results = assembleResults({
    runId: context.runId,
    at: new Date().toISOString(),
    options,
    machine: describeMachine(),
    viaNginx: context.viaNginx,
    benchRoutes: context.capabilities.benchRoutes,
    notes: context.notes,
    sections,
  });
  const stamp = await writeResults(results, resultsDir);
  context.progress.done();
  process.stdout.write(`${renderSummary(results)}\n\nResults: bench/results/${stamp}.{json,md,svg}\n`);
  if (results.broken.length > 0) {
    process.stderr.write(`\nINVARIANTS BROKEN:\n${results.broken.map((b) => `  - ${b}`).join("\n")}\n`);
    return 1;
  }
  return 0;
}
