import { mkdir, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { CpuUsage } from "@/bench/cpu";
import type { PhaseResult } from "@/bench/http-phase";
import type { InProcessBrowsing } from "@/bench/browse-in-process";
import type { FairnessSection } from "@/bench/fairness-report";
import type { NoisyRun } from "@/bench/noisy-neighbour";
import type { NotificationResult } from "@/bench/notifications";
import type { BenchOptions } from "@/bench/options";
import type { RedisBenchLine } from "@/bench/redis-benchmark-csv";
import type { SaleCheck, Settlement } from "@/bench/sale";
import type { StorageResult } from "@/bench/storage-level";
import { computeRatios, type Ratios } from "@/bench/ratios";
import { renderChart, type StrategyRow } from "@/bench/report";
import { renderMarkdown } from "@/bench/results-report";

/**
 * What a run measured: each phase fills one section, the full run assembles them into the results object that is
 * written as JSON and rendered as the summary, the markdown report and the chart.
 */

export interface SaleRun {
  strategy: string;
  couponId: number;
  phase: PhaseResult;
  settlement?: Settlement;
  check: SaleCheck;
}

/** A sale at a fixed rate (0: the settlement burst, a closed loop reported beside the open-loop runs). */
export interface OpenRun extends SaleRun {
  rate: number;
  notifications?: NotificationResult;
}

export interface NoisyNeighbourSection {
  runs: NoisyRun[];
  rate: number;
  /** Why fair share did not hold (empty: it held). */
  broken: string[];
}

export interface CeilingsSection {
  ceilings: PhaseResult[];
  redisBenchmark: { evalsha: RedisBenchLine; incr: RedisBenchLine };
  redisCpu: CpuUsage;
}

export interface BrowsingSection {
  browsing: PhaseResult[];
  /** Measured instead of the cached-stock listing over HTTP when bench routes are disabled. */
  browsingInProcess?: { live: InProcessBrowsing; cached: InProcessBrowsing };
}

/** Every phase's section of the results, by the name of the phase that fills it. */
export interface BenchSections {
  sales: SaleRun[];
  openRuns: OpenRun[];
  noisyNeighbour: NoisyNeighbourSection;
  settlementBurst: OpenRun;
  storage: StorageResult[];
  ceilings: CeilingsSection;
  browsing: BrowsingSection;
  fairness: FairnessSection;
}

export type SectionName = keyof BenchSections;

/** A later phase reads an earlier one's section; its absence is a mistake in the order of the phases. */
export function requireSection<K extends SectionName>(sections: Partial<BenchSections>, name: K): BenchSections[K] {
  const section = sections[name];
  if (section === undefined) throw new Error(`the ${name} phase has not run`);
  return section;
}

export interface Machine {
  cpus: number;
  cpuModel: string;
  memoryGiB: number;
  node: string;
  loadAverageAtEnd: number[];
}

export interface Results {
  runId: string;
  at: string;
  options: BenchOptions;
  machine: Machine;
  target: string;
  loadModel: string;
  notes: string[];
  sales: SaleRun[];
  openRuns: OpenRun[];
  storage: StorageResult[];
  ceilings: PhaseResult[];
  redisBenchmark: CeilingsSection["redisBenchmark"] & { cpu: CpuUsage; clients: number; pipeline: number };
  browsing: PhaseResult[];
  browsingInProcess?: BrowsingSection["browsingInProcess"];
  /** Bots' share with and without the waiting room (absent when the phase did not run). */
  fairness?: FairnessSection;
  ratios: Ratios;
  invariantsHeld: boolean;
  broken: string[];
}

export function describeMachine(): Machine {
  return {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? "unknown",
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    loadAverageAtEnd: os.loadavg().map((l) => Math.round(l * 100) / 100),
  };
}

/** Every broken invariant of the sales, named by the sale and its coupon. */
export function brokenInvariants(runs: readonly SaleRun[]): string[] {
  return runs.flatMap((run) => run.check.broken.map((b) => `${run.strategy} (coupon ${run.couponId}): ${b}`));
}

export interface ResultsInput {
  runId: string;
  at: string;
  options: BenchOptions;
  machine: Machine;
  viaNginx: boolean;
  benchRoutes: boolean;
  notes: string[];
  sections: Partial<BenchSections>;
}

/** The results of a full run, in the key order of the JSON file. */
export function assembleResults(input: ResultsInput): Results {
  const { options, sections } = input;
  const sales = requireSection(sections, "sales");
  const openRuns = [...requireSection(sections, "openRuns"), requireSection(sections, "settlementBurst")];
  const { ceilings, redisBenchmark, redisCpu } = requireSection(sections, "ceilings");
  const { browsing, browsingInProcess } = requireSection(sections, "browsing");
  const storage = requireSection(sections, "storage");
  const broken = [...brokenInvariants([...sales, ...openRuns]), ...(sections.fairness?.broken ?? [])];
  return {
    runId: input.runId,
    at: input.at,
    options,
    machine: input.machine,
    target: input.viaNginx ? `NGINX ${options.base}` : `DIRECT ${options.base} (not through NGINX)`,
    loadModel: `closed loop with ${options.concurrency} keep-alive connections, 1 request in flight each (no pipelining), ${options.duration} s per phase; open loop at a fixed rate with latency from each request's due time (coordinated omission corrected)`,
    notes: input.notes,
    sales,
    openRuns,
    storage,
    ceilings,
    redisBenchmark: { ...redisBenchmark, cpu: redisCpu, clients: 50, pipeline: 1 },
    browsing,
    browsingInProcess,
    fairness: sections.fairness,
    ratios: computeRatios({
      sales,
      storage,
      ceilings,
      redisBenchmark,
      browsing,
      browsingInProcess,
      benchRoutes: input.benchRoutes,
    }),
    invariantsHeld: broken.length === 0,
    broken,
  };
}

/** Writes `<stamp>.json`, `.svg` and `.md` into the results directory; returns the stamp. */
export async function writeResults(results: Results, resultsDir: string): Promise<string> {
  await mkdir(resultsDir, { recursive: true });
  const stamp = results.at.replace(/[:.]/g, "-");
  const { options, machine } = results;
  const rows: StrategyRow[] = results.sales.map((s) => ({
    name: s.strategy,
    requestsPerSecond: s.phase.requestsPerSecond,
    p99Ms: s.phase.latencyMs.p99,
    sold: s.check.paid,
    stock: options.stock,
    correct: s.check.broken.length === 0,
    soldCurve: s.phase.soldCurve,
  }));
  const chartFile = `${stamp}.svg`;
  await writeFile(path.join(resultsDir, `${stamp}.json`), JSON.stringify(results, null, 2));
  await writeFile(
    path.join(resultsDir, chartFile),
    renderChart(
      rows,
      `${results.target}; ${options.users} shoppers, ${options.stock} coupons, ${options.concurrency} connections, ${machine.cpus} cores`,
    ),
  );
  await writeFile(path.join(resultsDir, `${stamp}.md`), renderMarkdown(results, chartFile));
  return stamp;
}
