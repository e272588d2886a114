import { randomBytes } from "node:crypto";
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import type { LoadResult } from "@/bench/load";
import { purchaseRequest, runPhase, type PhaseInput, type PhaseResult } from "@/bench/http-phase";
import { markdownTable } from "@/bench/report";
import { createBenchCoupon } from "@/bench/sale";
import type { Shopper } from "@/bench/shoppers";

/**
 * Noisy neighbour: shoppers buy in an open loop through the benchmark's listener (8089: they stand for many
 * addresses) while one client floods the purchase route at full speed through the public listener (8080: one
 * address, NGINX's per-client limits apply), from a process of its own at the lowest CPU priority (an attacker's
 * generator is not on the shop's cores). Three runs on fresh sales: no flood, a forged token, one real
 * shopper's token. Fair share holds when the shoppers' answers and p99 barely move.
 */
export interface NoisyRun {
  flood: "none" | "forged token" | "real user's token";
  shoppers: PhaseResult;
  flooder?: LoadResult;
}

export interface NoisyInput extends Omit<PhaseInput, "name" | "request" | "purchase" | "stock" | "base"> {
  shoppersBase: URL;
  publicBase: URL;
  shoppers: readonly Shopper[];
  stock: number;
  /** Connections of the flooding client: a closed loop, so it sends as fast as it is answered. */
  floodConnections: number;
  onCoupon: (couponId: number) => void;
}

export async function runNoisyNeighbour(input: NoisyInput): Promise<NoisyRun[]> {
  // The flooding user is not among the shoppers of the measured sales, so its refusals cost them nothing but
  // capacity, which is what is measured.
  const [flooderShopper, ...shoppers] = input.shoppers;
  if (!flooderShopper) throw new Error("the noisy-neighbour phase needs at least two shoppers");
  const forged = `${randomBytes(40).toString("base64url")}.${randomBytes(120).toString("base64url")}.${randomBytes(256).toString("base64url")}`;
  const floods: [NoisyRun["flood"], string | undefined][] = [
    ["none", undefined],
    ["forged token", forged],
    ["real user's token", flooderShopper.accessToken],
  ];
  const runs: NoisyRun[] = [];
  for (const [flood, token] of floods) {
    const couponId = await createBenchCoupon(`noisy neighbour: ${flood}`, input.stock, { warm: true });
    input.onCoupon(couponId);
    const purchasePath = `/api/coupons/${couponId}/purchase`;
    const flooding = token
      ? floodInOwnProcess({
          host: input.publicBase.hostname,
          port: Number(input.publicBase.port || 80),
          path: purchasePath,
          token,
          connections: input.floodConnections,
          durationMs: input.durationMs,
        })
      : Promise.resolve(undefined);
    const [measured, flooder] = await Promise.all([
      runPhase({
        ...input,
        name: `shoppers, flood: ${flood}`,
        base: input.shoppersBase,
        purchase: true,
        stock: input.stock,
        request: purchaseRequest(shoppers, purchasePath),
      }),
      flooding,
    ]);
    runs.push({ flood, shoppers: measured, flooder });
  }
  return runs;
}

/** Runs bench/flood-process.ts under `nice -n 19` and returns its result. */
async function floodInOwnProcess(spec: {
  host: string;
  port: number;
  path: string;
  token: string;
  connections: number;
  durationMs: number;
}) {
  const { stdout } = await promisify(execFile)(
    "nice",
    [
      "-n",
      "19",
      process.execPath,
      "--import",
      "tsx",
      path.join(process.cwd(), "bench", "flood-process.ts"),
      JSON.stringify(spec),
    ],
    { maxBuffer: 16 * 1024 * 1024 },
  );
  return JSON.parse(stdout) as LoadResult;
}

/** True when the shoppers fared as without a flood: only 202/409 answers and p99 within twice the baseline. */
export function fairShareHeld(runs: readonly NoisyRun[]): string[] {
  const baseline = runs.find((r) => r.flood === "none");
  if (!baseline) return ["no baseline run"];
  const broken: string[] = [];
  for (const run of runs) {
    const other = Object.keys(run.shoppers.outcomes).filter(
      (o) => !["ACCEPTED", "SOLD_OUT", "ALREADY_PURCHASED"].includes(o),
    );
    if (other.length > 0) broken.push(`flood "${run.flood}": shoppers got ${other.join(", ")}`);
    if (run.flood !== "none" && run.shoppers.latencyMs.p99 > 2 * Math.max(baseline.shoppers.latencyMs.p99, 1)) {
      broken.push(
        `flood "${run.flood}": shoppers' p99 ${run.shoppers.latencyMs.p99} ms > 2 × ${baseline.shoppers.latencyMs.p99} ms`,
      );
    }
  }
  return broken;
}

export function noisyNeighbourMarkdown(runs: readonly NoisyRun[], rate: number): string {
  const outcomeText = (o: Record<string, number>) =>
    Object.entries(o)
      .sort((a, b) => b[1] - a[1])
      .map(([k, v]) => `${k} ${v}`)
      .join(", ");
  return [
    `## Noisy neighbour (shoppers open loop at ${rate} req/s via 8089; flooder closed loop via 8080)`,
    markdownTable(
      ["flood", "shopper answers", "shopper p50 ms", "shopper p99 ms", "flooder req/s", "flooder answers"],
      runs.map((r) => [
        r.flood,
        outcomeText(r.shoppers.outcomes),
        r.shoppers.latencyMs.p50,
        r.shoppers.latencyMs.p99,
        r.flooder ? Math.round(r.flooder.requestsPerSecond) : "-",
        r.flooder
          ? outcomeText(Object.fromEntries(Object.entries(r.flooder.statuses).map(([k, v]) => [`HTTP ${k}`, v])))
          : "-",
      ]),
    ),
  ].join("\n");
}
