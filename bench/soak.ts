import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { closeConnections } from "@/server/infra/close-connections";
import { benchListenerUrl, openBenchListener } from "@/bench/bench-listener";
import { sampleRss, findStackProcesses, type ProcessRoot } from "@/bench/cpu";
import { purchaseRequest, runPhase, type PhaseResult } from "@/bench/http-phase";
import { instancePorts, warmInstances } from "@/bench/instances";
import { createProgress, type Progress } from "@/bench/progress";
import { checkSale, createBenchCoupon, retireBenchCoupon, waitForSettlement, type SaleCheck } from "@/bench/sale";
import { loadShoppers, type Shopper } from "@/bench/shoppers";
import { memoryVerdict, parseSoakOptions, type MemoryVerdict, type SoakOptions } from "@/bench/soak-report";

/**
 * `npm run bench:soak`: a flash-sale load held at a fixed rate for minutes — a new sale every
 * `--sale-seconds`, open loop through NGINX — while the resident memory of every app instance is sampled.
 * Passes when no answer is an error (network error or 5xx, shed 503s included), every sale's invariants hold
 * and each instance's memory stays flat (within 20% of its level after the first minute).
 * Exit codes: 0 pass, 1 fail, 2 the stack is not running or bad options.
 */

const runId = `soak-${Date.now().toString(36)}`;
const tokenValidityMs = 240_000;

interface Segment {
  couponId: number;
  phase: PhaseResult;
  check?: SaleCheck;
}

async function measureRate(base: URL, shoppers: readonly Shopper[]): Promise<number> {
  const couponId = await createBenchCoupon(`${runId} max`, 200, { warm: true });
  const phase = await runPhase({
    name: "closed-loop maximum",
    base,
    connections: 64,
    durationMs: 10_000,
    roots: [],
    progress: createProgress(1),
    purchase: true,
    request: purchaseRequest(shoppers, `/api/coupons/${couponId}/purchase`),
  });
  await retireBenchCoupon(couponId, true);
  return phase.requestsPerSecond;
}

let closeBenchListener: (() => Promise<void>) | undefined;

async function main(options: SoakOptions): Promise<number> {
  const publicBase = new URL(options.base);
  const viaNginx = publicBase.port === "8080";
  // NGINX answers /readyz only on its loopback operations listener; an instance answers it itself.
  const readyz = viaNginx ? "http://127.0.0.1:8081/readyz" : `${options.base}/readyz`;
  if ((await fetch(readyz).catch(() => undefined))?.status !== 200) {
    process.stderr.write(`${readyz} does not answer 200. Start the stack with: npm start\n`);
    return 2;
  }
  const progress = createProgress(3);
  progress.phase(`shoppers (${options.users})`);
  const shoppers = await loadShoppers(options.users, tokenValidityMs, (done, total, what) =>
    progress.update(done / total, `${what} ${done}/${total}`),
  );
  // One address plays every shopper: NGINX's benchmark listener skips the per-client limits (bench/README.md).
  if (viaNginx) closeBenchListener = await openBenchListener();
  const base = viaNginx ? new URL(benchListenerUrl) : publicBase;
  const ports = await instancePorts(base);
  const retire: number[] = [await warmInstances(base, ports, shoppers, runId)];

  progress.phase("rate");
  const maximum = options.rate === undefined ? await measureRate(base, shoppers) : undefined;
  const rate = options.rate ?? Math.round(maximum! * options.share);

  const instances: ProcessRoot[] = findStackProcesses().filter((root) => root.name.startsWith("app-"));
  const memory: { atS: number; rss: Record<string, number> }[] = [];
  const started = performance.now();
  const sampler = setInterval(
    () => memory.push({ atS: Math.round((performance.now() - started) / 1000), rss: sampleRss(instances) }),
    5_000,
  );
  // Access tokens live 5 minutes: refresh them in the background and let the next requests use the new ones.
  let refreshing: Promise<void> | undefined;
  const refresher = setInterval(() => {
    refreshing ??= loadShoppers(options.users, tokenValidityMs, () => undefined)
      // In place: the request functions of the running sale hold this very array.
      .then((fresh) => void shoppers.splice(0, shoppers.length, ...fresh))
      .finally(() => (refreshing = undefined));
  }, 120_000);

  progress.phase(`soak: ${rate} purchases/s for ${options.minutes} min, a new sale every ${options.saleSeconds} s`);
  const segments: Segment[] = [];
  const quiet: Progress = {
    ...progress,
    phase: () => undefined,
    update: () => progress.update((performance.now() - started) / totalMs, `sale ${segments.length + 1}`),
  };
  const totalMs = options.minutes * 60_000;
  try {
    while (performance.now() - started < totalMs) {
      const couponId = await createBenchCoupon(`${runId} ${segments.length + 1}`, options.stock, { warm: true });
      retire.push(couponId);
      const durationMs = Math.min(options.saleSeconds * 1000, totalMs - (performance.now() - started));
      const phase = await runPhase({
        name: `sale ${segments.length + 1}`,
        base,
        connections: options.connections,
        durationMs,
        rate,
        roots: [],
        progress: quiet,
        purchase: true,
        stock: options.stock,
        request: purchaseRequest(shoppers, `/api/coupons/${couponId}/purchase`),
      });
      segments.push({ couponId, phase });
    }
  } finally {
    clearInterval(sampler);
    clearInterval(refresher);
    await refreshing;
  }

  for (const segment of segments) {
    await waitForSettlement(segment.couponId, segment.phase.accepted, segment.phase.lastAcceptWallMs, 120_000);
    segment.check = await checkSale(segment.couponId, {
      redisSale: true,
      accepted: segment.phase.accepted,
      expectSoldOut: true,
    });
  }
  for (const couponId of retire) await retireBenchCoupon(couponId, true).catch(() => undefined);
  progress.done();

  const errorsOf = (phase: PhaseResult) =>
    Object.entries(phase.statuses).reduce(
      (sum, [status, n]) => sum + (status === "0" || Number(status) >= 500 ? n : 0),
      0,
    );
  const errors = segments.reduce((sum, s) => sum + errorsOf(s.phase), 0);
  const requests = segments.reduce((sum, s) => sum + s.phase.requests, 0);
  const broken = segments.flatMap((s) => (s.check?.broken ?? []).map((b) => `sale of coupon ${s.couponId}: ${b}`));
  const verdicts: MemoryVerdict[] = instances.map((instance) =>
    memoryVerdict(
      instance.name,
      memory.map((m) => ({ atS: m.atS, bytes: m.rss[instance.name] ?? 0 })),
      { warmUpS: 60, tolerance: 0.2 },
    ),
  );
  const passed = errors === 0 && broken.length === 0 && verdicts.every((v) => v.flat);

  const mb = (bytes: number) => `${Math.round(bytes / 2 ** 20)} MB`;
  const lines = [
    `Soak ${new Date().toISOString()}: ${options.minutes} min at ${rate} purchases/s${maximum ? ` (${Math.round(options.share * 100)}% of a measured ${maximum}/s)` : ""} through ${options.base}, ${options.connections} connections, ${options.users} shoppers, a sale of ${options.stock} every ${options.saleSeconds} s`,
    `Requests ${requests}, error answers (network, 5xx) ${errors}; sales ${segments.length}, invariants ${broken.length === 0 ? "held" : `BROKEN (${broken.length})`}`,
    `Latency p50/p99/max per sale (ms): ${segments.map((s) => `${s.phase.latencyMs.p50}/${s.phase.latencyMs.p99}/${s.phase.latencyMs.max}`).join(", ")}`,
    ...verdicts.map(
      (v) =>
        `Memory ${v.name}: after warm-up ${mb(v.baselineBytes)}, max ${mb(v.maxBytes)} (${v.maxGrowthPercent}%), end ${mb(v.endBytes)} (${v.endGrowthPercent}%) → ${v.flat ? "flat" : "NOT FLAT"}`,
    ),
    ...broken.map((b) => `BROKEN: ${b}`),
    passed ? "PASS" : "FAIL",
  ];
  const resultsDir = path.join(process.cwd(), "bench", "results");
  await mkdir(resultsDir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  await writeFile(
    path.join(resultsDir, `soak-${stamp}.json`),
    JSON.stringify({ options, rate, maximum, requests, errors, segments, memory, verdicts, broken, passed }, null, 2),
  );
  await writeFile(path.join(resultsDir, `soak-${stamp}.md`), `${lines.map((l) => `- ${l}`).join("\n")}\n`);
  process.stdout.write(`\n${lines.join("\n")}\n\nResults: bench/results/soak-${stamp}.{json,md}\n`);
  return passed ? 0 : 1;
}

let exitCode = 1;
try {
  const options = parseSoakOptions(process.argv.slice(2));
  exitCode = typeof options === "string" ? (process.stderr.write(`${options}\n`), 2) : await main(options);
} catch (error) {
  process.stderr.write(`soak failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
} finally {
  await closeBenchListener?.().catch(() => undefined);
  await closeConnections().catch(() => undefined);
}
process.exit(exitCode);
