import { fairShareHeld, noisyNeighbourMarkdown, runNoisyNeighbour } from "@/bench/noisy-neighbour";
import { requireSection } from "@/bench/results";
import { shuffled } from "@/bench/shuffled";
import type { BenchPhase } from "@/bench/phases/bench-phase";
import { phasePlans } from "@/bench/phases/plan";

/** Shoppers at a steady rate while one client floods the purchase: fair share holds or it does not. */
export const noisyNeighbourPhase: BenchPhase<"noisyNeighbour"> = {
  name: "noisyNeighbour",
  ...phasePlans.noisyNeighbour,
  async run(context) {
    const { options, durationMs, progress } = context;
    // A quarter of the maximum: at half, the sale's opening burst alone sheds a few requests with no flood at
    // all, and "the shoppers get only 202/409" could not be judged.
    const rate =
      options.noisyRate ||
      Math.max(1, Math.round(requireSection(context.sections, "sales")[0]!.phase.requestsPerSecond * 0.25));
    progress.phase(`noisy neighbour: shoppers at ${rate} req/s, no flood / forged token / real token`);
    await context.keepShoppersFresh(durationMs * 4);
    const runs = await runNoisyNeighbour({
      shoppersBase: context.base,
      publicBase: context.publicBase,
      shoppers: shuffled(context.shoppers.current()),
      stock: options.stock,
      connections: options.openConnections,
      floodConnections: options.concurrency,
      durationMs,
      rate,
      roots: context.roots,
      progress,
      onCoupon: (id) => context.coupons.add(id, true),
    });
    const broken = fairShareHeld(runs);
    context.notes.push(
      noisyNeighbourMarkdown(runs, rate).replace(/\n/g, " "),
      ...broken.map((b) => `FAIR SHARE BROKEN: ${b}`),
    );
    return { runs, rate, broken };
  },
};
