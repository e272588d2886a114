import { createRequester } from "@/bench/fairness-client";
import { measureProofOfWorkCost, type ProofOfWorkCost } from "@/bench/proof-of-work-cost";
import { fairnessCrowd, splitCrowd } from "@/bench/fairness-plan";
import { summarizeFairness } from "@/bench/fairness-report";
import { createFairnessSale } from "@/bench/fairness-sale";
import { runFairnessSale, type FairnessSaleResult } from "@/bench/fairness-sale-run";
import { instancePorts, warmInstances } from "@/bench/instances";
import type { BenchContext } from "@/bench/run-context";
import { loadShoppers, type Shopper } from "@/bench/shoppers";
import type { BenchPhase } from "@/bench/phases/bench-phase";
import { phasePlans } from "@/bench/phases/plan";

/**
 * The pre-queue of the sales with the room. The column counts whole minutes and the draw is a shuffle, so an
 * earlier join buys no better place: one minute gives the same order as ten, at a tenth of the bench's time.
 */
const PREQUEUE_MINUTES = 1;
/** Bots fire from 5 s before the opening; the sale without a room opens this long after it is created. */
const OPENS_WITHOUT_ROOM_MS = 7_000;
/** The room's pre-queue starts this long after the sale is created (its window must be open before anyone joins). */
const PREQUEUE_STARTS_IN_MS = 5_000;
/** Shoppers who solve the proof of work one after the other to measure it. */
const PROOF_OF_WORK_SAMPLES = 20;
/** A sale not sold out this long after its opening is stopped and reported as such. */
const GIVE_UP_AFTER_MS = 60_000;
/** Above the crowd's requests in flight (500 bots, one each, plus the people clicking at the same time). */
const CLIENT_CONNECTIONS = 2_000;
/** How long one sale needs the crowd's tokens to stay valid: the pre-queue, the sale and its settlement. */
const SALE_NEEDS_TOKENS_MS = PREQUEUE_MINUTES * 60_000 + PREQUEUE_STARTS_IN_MS + 45_000;
const TOKEN_VALIDITY_CAP_MS = 280_000;

/**
 * The crowd with tokens that last a whole sale. `--fairness-only` loads it as the run's shoppers (warmed by the
 * setup); in a full run, whose pool is smaller, it is loaded here from the same cached users and warmed again
 * whenever its tokens were renewed (every instance then verifies each new token once, before the sale).
 */
function crowdKeeper(context: BenchContext) {
  const size = fairnessCrowd.shoppers;
  let warmedTokens = new Set<string>();
  return async (): Promise<readonly Shopper[]> => {
    if (context.shoppers.current().length >= size) {
      await context.keepShoppersFresh(SALE_NEEDS_TOKENS_MS);
      return context.shoppers.current().slice(0, size);
    }
    const crowd = await loadShoppers(
      size,
      Math.min(TOKEN_VALIDITY_CAP_MS, SALE_NEEDS_TOKENS_MS + 30_000),
      (done, total, what) => context.progress.update(done / Math.max(1, total), `${what} ${done}/${total}`),
    );
    if (crowd.some((shopper) => !warmedTokens.has(shopper.accessToken))) {
      context.progress.update(0, `warming ${size} shoppers' tokens on every instance`);
      const ports = await instancePorts(context.base);
      context.coupons.add(await warmInstances(context.base, ports, crowd, `${context.runId} fairness`), true);
      warmedTokens = new Set(crowd.map((shopper) => shopper.accessToken));
    }
    return crowd;
  };
}

function oneLine(run: FairnessSaleResult, index: number, total: number): string {
  const share = (run.botsShare * 100).toFixed(1);
  const opening = run.openingSecond;
  return `fairness sale ${index}/${total}, room ${run.withRoom ? "on" : "off"}: bots ${run.botUnits}, people ${run.peopleUnits} (bots ${share}%), sold ${run.sold}/${run.check.totalStock}, opening second ${opening.requests} req p99 ${opening.p99Ms} ms${run.check.broken.length > 0 ? `, BROKEN: ${run.check.broken.join("; ")}` : ""}`;
}

/** Bots' share of a sale's units with and without the waiting room, alternating, `--fairness-runs` sales each. */
export const fairnessPhase: BenchPhase<"fairness"> = {
  name: "fairness",
  ...phasePlans.fairness,
  async run(context) {
    const { options, progress } = context;
    progress.phase(`fairness: ${fairnessCrowd.shoppers} shoppers (tokens, warm-up)`);
    const setupStarted = performance.now();
    const freshCrowd = crowdKeeper(context);
    await freshCrowd();
    const shoppersSetupMs = Math.round(performance.now() - setupStarted);

    const requester = createRequester(
      { host: context.base.hostname, port: Number(context.base.port) },
      CLIENT_CONNECTIONS,
    );
    const runs: FairnessSaleResult[] = [];
    const total = options.fairnessRuns * 2;
    let proofOfWork: ProofOfWorkCost;
    try {
      progress.phase(`fairness: the proof of work's cost (${PROOF_OF_WORK_SAMPLES} shoppers solve and join)`);
      proofOfWork = await measureProofOfWorkCost(
        requester,
        (await freshCrowd()).slice(0, PROOF_OF_WORK_SAMPLES),
        `${context.runId} fairness proof of work`,
      );
      context.coupons.add(proofOfWork.couponId, true);
      for (let i = 0; i < total; i += 1) {
        // Alternating, so a drift of the shared machine during the phase weighs on both sides alike.
        const withRoom = i % 2 === 1;
        progress.phase(`fairness sale ${i + 1}/${total}: waiting room ${withRoom ? "on" : "off"}`);
        const crowd = await freshCrowd();
        const { bots, people } = splitCrowd(crowd, fairnessCrowd.bots, Math.random);
        const sale = await createFairnessSale({
          label: `${context.runId} fairness ${i + 1} room ${withRoom ? "on" : "off"}`,
          stock: fairnessCrowd.stock,
          opensInMs: withRoom ? PREQUEUE_MINUTES * 60_000 + PREQUEUE_STARTS_IN_MS : OPENS_WITHOUT_ROOM_MS,
          room: withRoom
            ? {
                prequeueMinutes: PREQUEUE_MINUTES,
                admitPerSecond: options.fairnessRoomRate || null,
                proofOfWork: false,
              }
            : undefined,
        });
        context.coupons.add(sale.couponId, true);
        const run = await runFairnessSale({
          requester,
          socketOrigin: context.base.origin,
          bots,
          people,
          sale,
          roots: context.roots,
          random: Math.random,
          giveUpAfterMs: GIVE_UP_AFTER_MS,
          onProgress: (fraction, text) => progress.update(fraction, text),
        });
        runs.push(run);
        progress.note(oneLine(run, i + 1, total));
      }
    } finally {
      requester.close();
    }
    return summarizeFairness(runs, {
      prequeueMinutes: PREQUEUE_MINUTES,
      roomRate: options.fairnessRoomRate || "server default",
      shoppersSetupMs,
      proofOfWork,
    });
  },
};
