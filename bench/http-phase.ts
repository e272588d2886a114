import { randomUUID } from "node:crypto";
import { cpuBetween, sampleCpu, type CpuUsage, type ProcessRoot } from "@/bench/cpu";
import { runLoad, type Answer, type LoadResult, type RequestSpec } from "@/bench/load";
import type { Progress } from "@/bench/progress";
import type { Shopper } from "@/bench/shoppers";

/** One measured HTTP phase: load + CPU per process + outcomes by code (+ the sold-vs-time curve for purchases). */

export interface PhaseResult extends LoadResult {
  name: string;
  url: string;
  cpu: CpuUsage;
  outcomes: Record<string, number>;
  accepted: number;
  /** Wall-clock ms (epoch) of the last 2xx purchase answer (0 if none). */
  lastAcceptWallMs: number;
  /** ms from the phase start until the last unit on sale was sold (null: not sold out). */
  soldOutMs: number | null;
  /** [ms since phase start, units sold so far] */
  soldCurve: [number, number][];
}

export interface PhaseInput {
  name: string;
  base: URL;
  connections: number;
  durationMs: number;
  rate?: number;
  maxRequests?: number;
  roots: ProcessRoot[];
  progress: Progress;
  request: (index: number) => RequestSpec;
  /** Purchases: 2xx answers count as sold, error codes are read from the bodies. */
  purchase?: boolean;
  /** Units on sale, to time the sell-out. */
  stock?: number;
  onAnswer?: (answer: Answer) => void;
}

export function outcomeOf(status: number, body: string): string {
  if (status === 0) return "NETWORK_ERROR";
  if (status === 202) return "ACCEPTED";
  if (status >= 200 && status < 300) return "PAID";
  try {
    const parsed = JSON.parse(body) as { error?: unknown };
    if (typeof parsed.error === "string") return parsed.error;
  } catch {
    // not JSON
  }
  return `HTTP_${status}`;
}

/** Keeps at most `points` samples of a monotone curve, always including the last one. */
export function downsample(curve: [number, number][], points: number): [number, number][] {
  if (curve.length <= points) return curve;
  const step = curve.length / points;
  const kept: [number, number][] = [];
  for (let i = 0; i < points; i += 1) kept.push(curve[Math.floor(i * step)]!);
  kept.push(curve[curve.length - 1]!);
  return kept;
}

export async function runPhase(input: PhaseInput): Promise<PhaseResult> {
  const outcomes: Record<string, number> = {};
  const sold: [number, number][] = [];
  let accepted = 0;
  let lastAcceptAt = 0;
  let soldOutAt: number | undefined;
  let startedAt = 0;
  const before = sampleCpu(input.roots);
  startedAt = performance.now();
  const load = await runLoad({
    target: { host: input.base.hostname, port: Number(input.base.port || 80) },
    connections: input.connections,
    durationMs: input.durationMs,
    rate: input.rate,
    maxRequests: input.maxRequests,
    next: input.request,
    wantBody: input.purchase ?? false,
    onAnswer: (answer) => {
      if (input.purchase) {
        const outcome = outcomeOf(answer.status, answer.body);
        outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
        if (answer.status >= 200 && answer.status < 300) {
          accepted += 1;
          lastAcceptAt = answer.finishedAt;
          sold.push([Math.round(answer.finishedAt - startedAt), accepted]);
          if (input.stock !== undefined && accepted === input.stock) soldOutAt = answer.finishedAt;
        }
      }
      input.onAnswer?.(answer);
    },
    onTick: (elapsed) =>
      input.progress.update(elapsed / input.durationMs, `${input.name} ${Math.round(elapsed / 1000)}s`),
  });
  const cpu = cpuBetween(before, sampleCpu(input.roots));
  if (!input.purchase) for (const [status, n] of Object.entries(load.statuses)) outcomes[`HTTP_${status}`] = n;
  return {
    ...load,
    name: input.name,
    url: input.base.origin + input.request(0).path,
    cpu,
    outcomes,
    accepted,
    lastAcceptWallMs: lastAcceptAt > 0 ? Math.round(performance.timeOrigin + lastAcceptAt) : 0,
    soldOutMs: soldOutAt === undefined ? null : Math.round(soldOutAt - startedAt),
    soldCurve: downsample(sold, 200),
  };
}

/**
 * A purchase request of shopper `index mod n`, shaped like the browser's (components/coupon/use-purchase.ts):
 * Bearer token, no body, a fresh Idempotency-Key per attempt. No pipelining. `headers` adds e.g. the door switch.
 */
export function purchaseRequest(shoppers: readonly Shopper[], path: string, headers: Record<string, string> = {}) {
  // Unique per request function: the same shopper and index in another phase must not replay an earlier answer.
  const keyPrefix = randomUUID().slice(0, 8);
  return (index: number): RequestSpec => {
    const shopper = shoppers[index % shoppers.length]!;
    return {
      method: "POST",
      path,
      headers: {
        authorization: `Bearer ${shopper.accessToken}`,
        "idempotency-key": `${keyPrefix}-${index}`,
        ...headers,
      },
    };
  };
}
