import type { ProofOfWorkCost } from "@/bench/proof-of-work-cost";
import { summarizeFairness } from "@/bench/fairness-report";
import type { PhaseResult } from "@/bench/http-phase";
import type { LatencySummary } from "@/bench/load";
import type { BenchSections, OpenRun, SaleRun } from "@/bench/results";
import type { SaleCheck } from "@/bench/sale";
import type { StorageResult } from "@/bench/storage-level";

/** Made-up phase results for the tests of the results and their report: shapes of a run, not measured figures. */

const latency = (p99: number): LatencySummary => ({
  p50: p99 / 4,
  p90: p99 / 2,
  p99,
  p999: p99 * 2,
  max: p99 * 3,
  mean: p99 / 3,
});

export function phaseResult(name: string, requestsPerSecond: number, extra: Partial<PhaseResult> = {}): PhaseResult {
  return {
    model: "closed",
    connections: 8,
    requests: requestsPerSecond * 2,
    errors: 0,
    durationMs: 2000,
    requestsPerSecond,
    statuses: { "200": requestsPerSecond * 2 },
    latencyMs: latency(40),
    name,
    url: `http://127.0.0.1:8089/${name}`,
    cpu: { machine: 90, "app:3001": 55, redis: 0 },
    outcomes: { "202": 10, "409 SOLD_OUT": 30 },
    accepted: 10,
    lastAcceptWallMs: 0,
    soldOutMs: null,
    soldCurve: [
      [100, 5],
      [200, 10],
    ],
    ...extra,
  };
}

export function saleCheck(couponId: number, broken: string[] = []): SaleCheck {
  return {
    couponId,
    totalStock: 10,
    dbStock: 0,
    redisStock: 0,
    paid: 10,
    failed: 0,
    pendingOrders: 0,
    pendingRedis: 0,
    ownedTwice: 0,
    ownershipRows: 10,
    broken,
  };
}

export function saleRun(
  strategy: string,
  requestsPerSecond: number,
  soldOutMs: number,
  broken: string[] = [],
): SaleRun {
  const couponId = 100 + Math.round(requestsPerSecond);
  return {
    strategy,
    couponId,
    phase: phaseResult(strategy, requestsPerSecond, { soldOutMs }),
    check: saleCheck(couponId, broken),
  };
}

const storageResult = (name: string, opsPerSecond: number): StorageResult => ({
  name,
  operations: 100,
  concurrency: 10,
  opsPerSecond,
  latencyMs: latency(8),
  outcomes: { ok: 100 },
});

/** Every section of a full run with bench routes: ours at 1000 req/s, the alternatives slower. */
export function fullRunSections(): BenchSections {
  const openRun = (share: number): OpenRun => ({
    ...saleRun(`ours @${share * 100}%`, 1000 * share, 500),
    rate: 1000 * share,
  });
  return {
    sales: [
      saleRun("redis-lua (ours)", 1000, 500),
      saleRun("redis-lua via route handler", 800, 600),
      saleRun("pessimistic", 250, 2000),
      saleRun("optimistic", 200, 4000),
      saleRun("conditional", 500, 1000),
    ],
    openRuns: [openRun(0.5), openRun(0.8), openRun(2)],
    noisyNeighbour: { runs: [], rate: 250, broken: [] },
    fairness: summarizeFairness([], {
      prequeueMinutes: 1,
      roomRate: "server default",
      shoppersSetupMs: 1000,
      proofOfWork: proofOfWorkCostSample,
    }),
    settlementBurst: { ...saleRun("settlement burst", 900, 700), rate: 0 },
    storage: [storageResult("redis-lua", 9000), storageResult("mysql-pessimistic", 3000)],
    ceilings: {
      ceilings: [phaseResult("native no-op (custom server)", 4000), phaseResult("bare node:http via NGINX", 5000)],
      redisBenchmark: {
        evalsha: { command: "EVALSHA", requestsPerSecond: 60_000, p50Ms: 0.4, p99Ms: 1 },
        incr: { command: "INCR", requestsPerSecond: 120_000, p50Ms: 0.2, p99Ms: 0.5 },
      },
      redisCpu: { machine: 80, redis: 95 },
    },
    browsing: {
      browsing: [
        phaseResult("GET /api/coupons (NGINX micro-cache)", 6000),
        phaseResult("GET /api/coupons (live stock)", 2000),
        phaseResult("GET /api/coupons via route handler", 1000),
        phaseResult("GET listing (cached stock only)", 4000),
      ],
    },
  };
}

/** A proof-of-work measurement as the fairness phase reports it: the shape of one, not a measured figure. */
export const proofOfWorkCostSample: ProofOfWorkCost = {
  couponId: 1,
  joins: 20,
  joined: 20,
  puzzles: 64,
  difficultyBits: 13,
  solveMs: { p50: 250, p95: 300, max: 320, mean: 255 },
  joinMs: { p50: 4, max: 9 },
  botsCpuSeconds: 128,
};
