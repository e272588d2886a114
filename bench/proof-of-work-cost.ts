import type { Requester } from "@/bench/fairness-client";
import { fairnessCrowd, percentile } from "@/bench/fairness-plan";
import { createFairnessSale } from "@/bench/fairness-sale";
import { joinRoomAs } from "@/bench/room-join";
import type { Shopper } from "@/bench/shoppers";

/**
 * What the waiting room's proof of work costs: shoppers join a sale whose room asks for it, one after the other,
 * each solving with the browser's own solver in this process (one core, as one person's device). The fairness
 * sales leave it off: 5,000 solves are over 20 minutes of CPU on the bench's machine, and it moves no one in line.
 */
export interface ProofOfWorkCost {
  couponId: number;
  joins: number;
  joined: number;
  puzzles: number;
  difficultyBits: number;
  solveMs: { p50: number; p95: number; max: number; mean: number };
  /** The join request with its proof (the server checks 64 hashes and spends the challenge). */
  joinMs: { p50: number; max: number };
  /** What the fairness sale's bots would pay to join: one solve per account. */
  botsCpuSeconds: number;
}

export async function measureProofOfWorkCost(
  requester: Requester,
  shoppers: readonly Shopper[],
  label: string,
): Promise<ProofOfWorkCost> {
  // The line is open from now (a 15-minute pre-queue, the opening in 10): joins are accepted, no one is admitted.
  const sale = await createFairnessSale({
    label,
    stock: 1,
    opensInMs: 10 * 60_000,
    room: { prequeueMinutes: 15, admitPerSecond: null, proofOfWork: true },
  });
  const solves: number[] = [];
  const joins: number[] = [];
  let joined = 0;
  for (const shopper of shoppers) {
    const result = await joinRoomAs(requester, sale.couponId, shopper.accessToken);
    if (!result.proofRequired) throw new Error(`coupon ${sale.couponId}: the room asked for no proof of work`);
    if (result.status !== 200) throw new Error(`join answered ${result.status}: ${result.body.slice(0, 200)}`);
    joined += 1;
    solves.push(result.solveMs);
    joins.push(result.joinMs);
  }
  const challenge = JSON.parse(
    (
      await requester.send({
        method: "GET",
        path: `/api/coupons/${sale.couponId}/room/challenge`,
        headers: { authorization: `Bearer ${shoppers[0]?.accessToken ?? ""}` },
      })
    ).body,
  ) as { puzzles: number; difficultyBits: number };
  solves.sort((a, b) => a - b);
  joins.sort((a, b) => a - b);
  const mean = solves.reduce((sum, ms) => sum + ms, 0) / Math.max(1, solves.length);
  const round = (ms: number) => Math.round(ms);
  return {
    couponId: sale.couponId,
    joins: shoppers.length,
    joined,
    puzzles: challenge.puzzles,
    difficultyBits: challenge.difficultyBits,
    solveMs: {
      p50: round(percentile(solves, 0.5)),
      p95: round(percentile(solves, 0.95)),
      max: round(solves.at(-1) ?? 0),
      mean: round(mean),
    },
    joinMs: { p50: round(percentile(joins, 0.5)), max: round(joins.at(-1) ?? 0) },
    botsCpuSeconds: Math.round((fairnessCrowd.bots * mean) / 1000),
  };
}
