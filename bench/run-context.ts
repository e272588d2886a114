import { findStackProcesses, type ProcessRoot } from "@/bench/cpu";
import { benchListenerUrl, openBenchListener } from "@/bench/bench-listener";
import { createCouponLedger, type CouponLedger } from "@/bench/coupon-ledger";
import { instancePorts, warmInstances } from "@/bench/instances";
import { listeningPid } from "@/bench/listening-pid";
import type { BenchOptions } from "@/bench/options";
import type { Capabilities } from "@/bench/phases/plan";
import { probe } from "@/bench/probe";
import { createProgress, type Progress } from "@/bench/progress";
import type { BenchSections } from "@/bench/results";
import { loadShopperPool, type ShopperPool } from "@/bench/shopper-pool";
import { checkStack } from "@/bench/stack-check";
import { isThroughNginx } from "@/bench/target";

/** What every phase of a run shares: where to send requests, who the shoppers are, and what was measured so far. */
export interface BenchContext {
  runId: string;
  options: BenchOptions;
  /** `--base`: NGINX by default. Probes and the noisy neighbour's flood go there. */
  publicBase: URL;
  /** Where the shoppers go: NGINX's benchmark listener when the target is NGINX, else the target itself. */
  base: URL;
  viaNginx: boolean;
  durationMs: number;
  capabilities: Capabilities & {
    /** The App Router no-op answers (it is in the current .next build and bench routes are on). */
    nextNoopAvailable: boolean;
  };
  progress: Progress;
  /** The stack's processes whose CPU every phase samples. */
  roots: ProcessRoot[];
  /** Lines for the report, in the order the run met them. */
  notes: string[];
  shoppers: ShopperPool;
  coupons: CouponLedger;
  /** Signs the shoppers in again if their tokens would not last `needMs`, and then warms the instances again. */
  keepShoppersFresh(needMs: number): Promise<void>;
  /** The sections of the phases that have run. */
  sections: Partial<BenchSections>;
}

// Module state so the bench's shutdown closes a listener it opened, however the run ended.
let closeBenchListener: (() => Promise<void>) | undefined;

export async function closeBenchTarget(): Promise<void> {
  const close = closeBenchListener;
  closeBenchListener = undefined;
  await close?.();
}

/**
 * Checks the stack, opens the target, loads the shoppers and warms every instance: the setup steps of every run.
 * Undefined (after saying why on stderr) when the stack is not running.
 */
export async function openBenchRun(
  options: BenchOptions,
  runId: string,
  progressStepsFor: (capabilities: Capabilities) => number,
): Promise<BenchContext | undefined> {
  const publicBase = new URL(options.base);
  const problems = await checkStack(options.base);
  if (problems.length > 0) {
    process.stderr.write(
      `The stack is not running:\n${problems.map((p) => `  - ${p}`).join("\n")}\nStart it with: npm start\n`,
    );
    return undefined;
  }
  // One address plays thousands of shoppers: through NGINX, they take the benchmark listener, which has the
  // same locations (admission limit, micro-cache) but not the per-client limits meant for real addresses.
  const viaNginx = isThroughNginx(publicBase);
  if (viaNginx) closeBenchListener = await openBenchListener();
  const base = viaNginx ? new URL(benchListenerUrl) : publicBase;
  const durationMs = options.duration * 1000;
  const benchRoutes = (await probe(`${options.base}/api/bench/native-noop`))?.status === 200;
  const progress = createProgress(progressStepsFor({ benchRoutes }));
  const roots = findStackProcesses();
  const notes: string[] = [];
  if (!viaNginx) {
    const pid = listeningPid(Number(base.port));
    if (pid) roots.push({ name: `app:${base.port}`, pid });
  }

  const shoppers = await loadShopperPool(options, durationMs, progress, notes);

  const nextNoop = await probe(`${options.base}/api/bench/noop`);
  const nextNoopAvailable = nextNoop?.status === 200 && nextNoop.body.includes('"ok":true');
  if (!benchRoutes)
    notes.push(
      `Bench routes are not enabled behind ${options.base} (run the app instances from bench/server.ts with BENCH_STRATEGIES_ENABLED=true, as npm start does): alternatives (b)–(d), the native no-op and the cached-stock listing over HTTP were skipped.`,
    );
  if (!nextNoopAvailable)
    notes.push(
      "The App Router no-op /api/bench/noop did not answer 200 (not in the current .next build, or bench routes disabled): that ceiling was skipped.",
    );

  // Warm-up: every instance has verified every token and knows every user row before anything is measured.
  const coupons = createCouponLedger();
  const ports = await instancePorts(base);
  const warm = async () => {
    coupons.add(await warmInstances(base, ports, shoppers.current(), runId), true);
  };
  progress.phase(`warm-up (${ports.length} instance${ports.length > 1 ? "s" : ""})`);
  await warm();

  return {
    runId,
    options,
    publicBase,
    base,
    viaNginx,
    durationMs,
    capabilities: { benchRoutes, nextNoopAvailable },
    progress,
    roots,
    notes,
    shoppers,
    coupons,
    async keepShoppersFresh(needMs) {
      if (await shoppers.renewIfExpiring(needMs)) await warm();
    },
    sections: {},
  };
}
