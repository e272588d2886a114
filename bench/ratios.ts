import type { PhaseResult } from "@/bench/http-phase";
import type { RedisBenchLine } from "@/bench/redis-benchmark-csv";
import type { StorageResult } from "@/bench/storage-level";
import type { BrowsingSection, SaleRun } from "@/bench/results";
import { routeHandlerStrategy } from "@/bench/phases/closed-loop-strategies";
import { formatRatio, ratio } from "@/bench/report";

/** The peer system (Express + Redis Lua through NGINX, measured on this machine family). */
export const PEER_PURCHASES_PER_SECOND = 2_500;

export interface RatioInput {
  /** The closed-loop sales, ours first. */
  sales: readonly SaleRun[];
  storage: readonly StorageResult[];
  ceilings: readonly PhaseResult[];
  redisBenchmark: { evalsha: RedisBenchLine; incr: RedisBenchLine };
  browsing: readonly PhaseResult[];
  browsingInProcess?: BrowsingSection["browsingInProcess"];
  benchRoutes: boolean;
}

export type Ratios = ReturnType<typeof computeRatios>;

/** Ours against each alternative and ceiling; null where a side was not measured. Keys in the JSON's order. */
export function computeRatios(input: RatioInput) {
  const { sales, storage, ceilings, redisBenchmark, browsing, browsingInProcess } = input;
  const oursClosed = sales[0]!;
  const ourRps = oursClosed.phase.requestsPerSecond;
  const rpsOf = (name: string) => sales.find((s) => s.strategy === name)?.phase.requestsPerSecond;
  const soldOutOf = (name: string) => sales.find((s) => s.strategy === name)?.phase.soldOutMs ?? undefined;
  const ceilingRps = (prefix: string) => ceilings.find((c) => c.name.startsWith(prefix))?.requestsPerSecond;
  const storageOf = (name: string) => storage.find((s) => s.name === name)?.opsPerSecond;
  const browsingRps = (prefix: string) => browsing.find((b) => b.name.startsWith(prefix))?.requestsPerSecond;
  return {
    oursVsPessimistic: ratio(ourRps, rpsOf("pessimistic")),
    // Time to sell the whole stock: theirs / ours (how many times faster our sale sold out).
    sellOutVsPessimistic: ratio(soldOutOf("pessimistic"), oursClosed.phase.soldOutMs ?? undefined),
    sellOutVsOptimistic: ratio(soldOutOf("optimistic"), oursClosed.phase.soldOutMs ?? undefined),
    sellOutVsConditional: ratio(soldOutOf("conditional"), oursClosed.phase.soldOutMs ?? undefined),
    oursVsOptimistic: ratio(ourRps, rpsOf("optimistic")),
    oursVsConditional: ratio(ourRps, rpsOf("conditional")),
    storageScriptVsPessimistic: ratio(storageOf("redis-lua"), storageOf("mysql-pessimistic")),
    storageScriptVsOptimistic: ratio(storageOf("redis-lua"), storageOf("mysql-optimistic")),
    storageScriptVsConditional: ratio(storageOf("redis-lua"), storageOf("mysql-conditional")),
    oursVsRouteHandler: ratio(ourRps, rpsOf(routeHandlerStrategy)),
    oursVsPeer: ratio(ourRps, PEER_PURCHASES_PER_SECOND),
    browsingShoppersVsRouteHandler: ratio(browsing[0]?.requestsPerSecond, browsingRps("GET /api/coupons via route")),
    browsingNativeVsRouteHandler: ratio(
      browsingRps("GET /api/coupons (live"),
      browsingRps("GET /api/coupons via route"),
    ),
    browsingMicrocacheVsNative: ratio(browsingRps("GET /api/coupons (NGINX"), browsingRps("GET /api/coupons (live")),
    purchaseOfNativeNoop: ratio(ourRps, ceilingRps("native no-op")),
    purchaseOfAppRouterNoop: ratio(ourRps, ceilingRps("App Router")),
    purchaseOfBareNode: ratio(ourRps, ceilingRps("bare")),
    evalshaOfIncr: ratio(redisBenchmark.evalsha.requestsPerSecond, redisBenchmark.incr.requestsPerSecond),
    purchaseOfEvalsha: ratio(ourRps, redisBenchmark.evalsha.requestsPerSecond),
    browsingLiveOfCached: input.benchRoutes
      ? ratio(browsingRps("GET /api/coupons (live"), browsingRps("GET listing (cached"))
      : ratio(browsingInProcess?.live.callsPerSecond, browsingInProcess?.cached.callsPerSecond),
  };
}

/** The ratios as labelled rows of the summary and the markdown report. */
export function ratioRows(r: Ratios): [string, string][] {
  return [
    ["ours / same purchase via route handler", formatRatio(r.oursVsRouteHandler)],
    [`ours / peer figure ${PEER_PURCHASES_PER_SECOND}/s`, formatRatio(r.oursVsPeer)],
    ["browsing as shoppers get it / via route handler", formatRatio(r.browsingShoppersVsRouteHandler)],
    ["browsing native / via route handler", formatRatio(r.browsingNativeVsRouteHandler)],
    ["browsing NGINX micro-cache / native", formatRatio(r.browsingMicrocacheVsNative)],
    ["ours / pessimistic (endpoint)", formatRatio(r.oursVsPessimistic)],
    ["sell-out speed ours / pessimistic", formatRatio(r.sellOutVsPessimistic)],
    ["sell-out speed ours / optimistic", formatRatio(r.sellOutVsOptimistic)],
    ["sell-out speed ours / conditional", formatRatio(r.sellOutVsConditional)],
    ["ours / optimistic (endpoint)", formatRatio(r.oursVsOptimistic)],
    ["ours / conditional UPDATE (endpoint)", formatRatio(r.oursVsConditional)],
    ["script / pessimistic tx (storage)", formatRatio(r.storageScriptVsPessimistic)],
    ["script / optimistic tx (storage)", formatRatio(r.storageScriptVsOptimistic)],
    ["script / conditional tx (storage)", formatRatio(r.storageScriptVsConditional)],
    ["purchase / native no-op", formatRatio(r.purchaseOfNativeNoop)],
    ["purchase / App Router no-op", formatRatio(r.purchaseOfAppRouterNoop)],
    ["purchase / bare node:http", formatRatio(r.purchaseOfBareNode)],
    ["purchase / redis-benchmark EVALSHA", formatRatio(r.purchaseOfEvalsha)],
    ["EVALSHA / INCR (redis-benchmark)", formatRatio(r.evalshaOfIncr)],
    ["browsing live stock / cached stock", formatRatio(r.browsingLiveOfCached)],
  ];
}
