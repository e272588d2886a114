import { purchaseRequest, runPhase } from "@/bench/http-phase";
import { checkSale, createBenchCoupon, waitForSettlement } from "@/bench/sale";
import { shuffled } from "@/bench/shuffled";
import type { BenchPhase } from "@/bench/phases/bench-phase";
import { phasePlans } from "@/bench/phases/plan";

/** Every shopper buys once (stock = shoppers), so the worker gets a real backlog to settle. */
export const settlementBurstPhase: BenchPhase<"settlementBurst"> = {
  name: "settlementBurst",
  ...phasePlans.settlementBurst,
  async run(context) {
    const { options, durationMs, progress } = context;
    progress.phase(`settlement burst: ${options.users} orders`);
    await context.keepShoppersFresh(durationMs * 2);
    const couponId = await createBenchCoupon(`${context.runId} settlement burst`, options.users, { warm: true });
    context.coupons.add(couponId, true);
    const phase = await runPhase({
      name: "settlement burst",
      base: context.base,
      connections: options.concurrency,
      durationMs: Math.max(durationMs, 30_000),
      maxRequests: options.users,
      roots: context.roots,
      progress,
      purchase: true,
      stock: options.users,
      request: purchaseRequest(shuffled(context.shoppers.current()), `/api/coupons/${couponId}/purchase`),
    });
    const settlement = await waitForSettlement(couponId, phase.accepted, phase.lastAcceptWallMs, 180_000);
    const check = await checkSale(couponId, { redisSale: true, accepted: phase.accepted, expectSoldOut: true });
    // Reported with the open-loop runs; rate 0 marks it as a closed loop there.
    return { strategy: "settlement burst", couponId, phase, settlement, check, rate: 0 };
  },
};
