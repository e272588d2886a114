import { purchaseRequest, runPhase } from "@/bench/http-phase";
import { openSockets } from "@/bench/notifications";
import { requireSection, type OpenRun } from "@/bench/results";
import { checkSale, createBenchCoupon, waitForSettlement } from "@/bench/sale";
import type { BenchPhase } from "@/bench/phases/bench-phase";
import { openLoopShares, phasePlans } from "@/bench/phases/plan";

/**
 * Our sale at fixed rates, as shares of the closed loop's maximum, with notifications timed on the 50% run.
 * Shoppers do not share a few sockets, so these runs get many more connections than the closed loop; at twice
 * the maximum the edge must shed the excess fast (503) and lose no accepted order.
 */
export const openLoopPhase: BenchPhase<"openRuns"> = {
  name: "openRuns",
  ...phasePlans.openRuns,
  async run(context) {
    const { options, durationMs, progress, base } = context;
    const oursClosed = requireSection(context.sections, "sales")[0]!;
    const order = context.shoppers.saleOrder();
    const openRuns: OpenRun[] = [];
    for (const share of openLoopShares) {
      const rate = Math.max(1, Math.round(oursClosed.phase.requestsPerSecond * share));
      progress.phase(`sale, open loop at ${share * 100}% (${rate} req/s)${share === 0.5 ? " + notifications" : ""}`);
      await context.keepShoppersFresh(durationMs * 2);
      const couponId = await createBenchCoupon(`${context.runId} open ${share}`, options.stock, { warm: true });
      context.coupons.add(couponId, true);
      // The sampled shoppers go first, so every one of them gets a coupon and a payment_update to time.
      const sample = share === 0.5 ? order.slice(0, options.sockets) : [];
      const sockets = sample.length > 0 ? await openSockets(base, sample) : undefined;
      const sampleIds = new Set(sample.map((s) => s.id));
      const phase = await runPhase({
        name: `ours @${share * 100}%`,
        base,
        connections: options.openConnections,
        durationMs,
        rate,
        roots: context.roots,
        progress,
        purchase: true,
        stock: options.stock,
        request: purchaseRequest(order, `/api/coupons/${couponId}/purchase`),
        onAnswer: (answer) => {
          if (!sockets || answer.status !== 202) return;
          const shopper = order[answer.index % order.length]!;
          if (!sampleIds.has(shopper.id)) return;
          const orderId = (JSON.parse(answer.body) as { orderId: string }).orderId;
          sockets.expect(orderId, answer.startedAt);
        },
      });
      const settlement = await waitForSettlement(couponId, phase.accepted, phase.lastAcceptWallMs, 120_000);
      const notifications = sockets ? await sockets.collect(10_000) : undefined;
      sockets?.close();
      const check = await checkSale(couponId, { redisSale: true, accepted: phase.accepted, expectSoldOut: true });
      openRuns.push({ strategy: `ours @${share * 100}%`, couponId, phase, settlement, check, rate, notifications });
    }
    return openRuns;
  },
};
