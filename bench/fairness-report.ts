import { fairnessCrowd, meanWithInterval, type MeanInterval } from "@/bench/fairness-plan";
import type { FairnessSaleResult } from "@/bench/fairness-sale-run";
import type { ProofOfWorkCost } from "@/bench/proof-of-work-cost";
import { markdownTable } from "@/bench/report";
import { cpuText } from "@/bench/results-report";

/** The fairness phase's section of the results and its report: bots' share with and without the waiting room. */

/** The issue's target for the room: bots win 10% ± 3% of the units, their share of the crowd. */
export const fairnessTarget = { share: 0.1, tolerance: 0.03 } as const;

export interface FairnessSection {
  crowd: { shoppers: number; bots: number; stock: number };
  prequeueMinutes: number;
  /** The room's rate as configured for these sales; "server default" when the coupon named none. */
  roomRate: number | "server default";
  /** How long signing in (or refreshing) and warming the crowd took before the first sale. */
  shoppersSetupMs: number;
  /** The room's proof of work, measured apart from the sales (which leave it off). */
  proofOfWork: ProofOfWorkCost;
  runs: FairnessSaleResult[];
  withRoom: MeanInterval;
  withoutRoom: MeanInterval;
  /** The mean share with the room lies within the target's band. */
  targetMet: boolean;
  /** Broken invariants, named by sale and coupon. */
  broken: string[];
}

export function summarizeFairness(
  runs: FairnessSaleResult[],
  setup: Pick<FairnessSection, "prequeueMinutes" | "roomRate" | "shoppersSetupMs" | "proofOfWork">,
): FairnessSection {
  const shares = (withRoom: boolean) => runs.filter((run) => run.withRoom === withRoom).map((run) => run.botsShare);
  const withRoom = meanWithInterval(shares(true));
  return {
    crowd: { ...fairnessCrowd },
    ...setup,
    runs,
    withRoom,
    withoutRoom: meanWithInterval(shares(false)),
    targetMet: withRoom.n > 0 && Math.abs(withRoom.mean - fairnessTarget.share) <= fairnessTarget.tolerance,
    broken: runs.flatMap((run) =>
      run.check.broken.map((b) => `fairness ${run.withRoom ? "with" : "without"} room (coupon ${run.couponId}): ${b}`),
    ),
  };
}

const percent = (share: number) => `${(share * 100).toFixed(1)}%`;
const interval = (m: MeanInterval) =>
  m.n === 0 ? "not run" : `${percent(m.mean)} (95% CI ${percent(m.low)}–${percent(m.high)}, n = ${m.n})`;

const statusText = (statuses: Record<string, number>) =>
  Object.entries(statuses)
    .filter(([, count]) => count > 0)
    .map(([status, count]) => `${status}: ${count}`)
    .join(", ");

/** The per-sale table and the two means, as markdown. */
export function fairnessMarkdown(section: FairnessSection): string {
  const rows = section.runs.map((run, i) => [
    `${i + 1}`,
    run.withRoom ? "on" : "off",
    run.botUnits,
    run.peopleUnits,
    percent(run.botsShare),
    `${run.sold}/${run.check.totalStock}`,
    run.soldOutAfterMs ?? "not sold out",
    `${run.openingSecond.p50Ms} / ${run.openingSecond.p95Ms} / ${run.openingSecond.p99Ms}`,
    run.openingSecond.requests,
    statusText(run.statuses),
    run.check.broken.length === 0 ? "ok" : `BROKEN: ${run.check.broken.join("; ")}`,
  ]);
  const roomRows = section.runs.flatMap((run, i) =>
    run.room
      ? [
          [
            `${i + 1}`,
            `${run.room.joined} (${run.room.late} late, ${run.room.failed} failed)`,
            run.room.proofRequired
              ? `${(run.room.solveMsTotal / 1000).toFixed(1)} s (p50 ${run.room.solveMsP50} ms, max ${run.room.solveMsMax} ms)`
              : "not asked",
            run.room.botsInFirstStockTickets,
            run.room.ticketsFetched,
            `${run.room.ratePerSecond}/s, +${run.room.marginPercent}%`,
            run.room.roomUpdates,
          ],
        ]
      : [],
  );
  const cpuRows = section.runs.map((run, i) => [
    `${i + 1}`,
    run.withRoom ? "on" : "off",
    cpuText(run.cpu),
    run.clientQueued,
  ]);
  return [
    `Fairness: ${section.crowd.shoppers} shoppers (${section.crowd.bots} bots), stock ${section.crowd.stock}; room rate ${section.roomRate === "server default" ? "the server's default" : `${section.roomRate}/s`}, pre-queue ${section.prequeueMinutes} min; crowd signed in and warmed in ${(section.shoppersSetupMs / 1000).toFixed(1)} s.`,
    "",
    markdownTable(
      [
        "sale",
        "room",
        "bots' units",
        "people's units",
        "bots' share",
        "sold",
        "sold out after ms",
        "opening s p50/p95/p99 ms",
        "opening s req/s",
        "purchase answers",
        "invariants",
      ],
      rows,
    ),
    "",
    proofOfWorkText(section.proofOfWork),
    "",
    `Bots' share with the room: ${interval(section.withRoom)}; without: ${interval(section.withoutRoom)}. Target with the room ${percent(fairnessTarget.share)} ± ${percent(fairnessTarget.tolerance)}: ${section.targetMet ? "met" : "NOT met"}.`,
    ...(roomRows.length > 0
      ? [
          "",
          markdownTable(
            [
              "sale",
              "joined the room",
              "proof of work solving (this process)",
              "bots among the first `stock` tickets",
              "pages that asked for their ticket",
              "rate, margin",
              "room_update messages",
            ],
            roomRows,
          ),
        ]
      : []),
    "",
    markdownTable(
      ["sale", "room", "CPU from the bots' first attempt to the end (100% = one core)", "client-queued requests"],
      cpuRows,
    ),
  ].join("\n");
}

function proofOfWorkText(cost: ProofOfWorkCost): string {
  const { solveMs, joinMs } = cost;
  return `Proof of work (${cost.puzzles} puzzles of ${cost.difficultyBits} bits; the sales above leave it off, it moves no one in line): ${cost.joined}/${cost.joins} shoppers solved and joined one after the other, solve p50 ${solveMs.p50} ms, p95 ${solveMs.p95} ms, max ${solveMs.max} ms on one core of this machine; the join with its check p50 ${joinMs.p50} ms, max ${joinMs.max} ms. The ${fairnessCrowd.bots} bots would pay ${cost.botsCpuSeconds} CPU-seconds to join.`;
}
