import type { BenchOptions } from "@/bench/options";
import type { SectionName } from "@/bench/results";
import { closedLoopStrategies } from "@/bench/phases/closed-loop-strategies";

/**
 * When each measuring phase runs and how many progress steps it announces: pure, so the step counts the progress
 * line shows can be checked without a stack.
 */

export interface Capabilities {
  /** The instances serve the bench routes (alternatives, no-ops, cached-stock listing, door switch). */
  benchRoutes: boolean;
}

export interface PhasePlan {
  appliesTo(options: BenchOptions): boolean;
  /** How many times the phase calls `progress.phase`. */
  steps(options: BenchOptions, capabilities: Capabilities): number;
}

/** The open-loop rates, as shares of our closed-loop maximum. */
export const openLoopShares = [0.5, 0.8, 2] as const;

/** None of `--noisy-neighbour-only`, `--purchase-only`, `--fairness-only`: every phase, then the written report. */
export const isFullRun = (options: BenchOptions) =>
  !options.noisyOnly && !options.purchaseOnly && !options.fairnessOnly;

const once = () => 1;

export const phasePlans = {
  sales: {
    appliesTo: (options) => !options.noisyOnly && !options.fairnessOnly,
    steps: (options, { benchRoutes }) => closedLoopStrategies(options, benchRoutes).length,
  },
  openRuns: { appliesTo: isFullRun, steps: () => openLoopShares.length },
  // `--noisy-neighbour-only` wins over `--purchase-only`.
  noisyNeighbour: {
    appliesTo: (options) => options.noisyOnly || (!options.purchaseOnly && !options.fairnessOnly),
    steps: once,
  },
  settlementBurst: { appliesTo: isFullRun, steps: once },
  storage: { appliesTo: isFullRun, steps: once },
  // No-op handlers, bare node:http, redis-benchmark.
  ceilings: { appliesTo: isFullRun, steps: () => 3 },
  browsing: { appliesTo: isFullRun, steps: once },
  // Shoppers for the crowd, the proof of work's cost, then one step per sale (with and without the room).
  fairness: {
    appliesTo: (options) => !options.noisyOnly && (options.fairnessOnly || isFullRun(options)),
    steps: (options) => 2 + 2 * options.fairnessRuns,
  },
} satisfies Record<SectionName, PhasePlan>;

/** Shoppers and the warm-up, before any measuring phase. */
const SETUP_STEPS = 2;

/** Steps of the progress line: the setup, the phases that apply, and the report of a full run. */
export function progressSteps(plans: readonly PhasePlan[], options: BenchOptions, capabilities: Capabilities): number {
  const measuring = plans
    .filter((plan) => plan.appliesTo(options))
    .reduce((sum, plan) => sum + plan.steps(options, capabilities), 0);
  return SETUP_STEPS + measuring + (isFullRun(options) ? 1 : 0);
}
