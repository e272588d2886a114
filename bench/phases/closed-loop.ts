import { nextDoorHeader } from "@/bench/door";
import { purchaseRequest, runPhase } from "@/bench/http-phase";
import type { SaleRun } from "@/bench/results";
import { checkSale, createBenchCoupon, waitForSettlement } from "@/bench/sale";
import type { BenchPhase } from "@/bench/phases/bench-phase";
import { closedLoopStrategies, routeHandlerStrategy } from "@/bench/phases/closed-loop-strategies";
import { phasePlans } from "@/bench/phases/plan";

const nextDoor = { [nextDoorHeader]: "next" };

/** The same sale, one per strategy (ours first), each on a fresh coupon, at the closed loop's maximum. */
export const closedLoopPhase: BenchPhase<"sales"> = {
  name: "sales",
  ...phasePlans.sales,
  async run(context) {
    const { options, durationMs, progress } = context;
    const order = context.shoppers.saleOrder();
    const sales: SaleRun[] = [];
    for (const strategy of closedLoopStrategies(options, context.capabilities.benchRoutes)) {
      progress.phase(`sale, closed loop: ${strategy}`);
      await context.keepShoppersFresh(durationMs * 3);
      const ours = strategy.startsWith("redis");
      const couponId = await createBenchCoupon(`${context.runId} ${strategy}`, options.stock, { warm: ours });
      context.coupons.add(couponId, ours);
      const path = ours ? `/api/coupons/${couponId}/purchase` : `/api/bench/${strategy}/coupons/${couponId}/purchase`;
      const doorHeaders = strategy === routeHandlerStrategy ? nextDoor : {};
      const phase = await runPhase({
        name: strategy,
        base: context.base,
        connections: options.concurrency,
        durationMs,
        roots: context.roots,
        progress,
        purchase: true,
        stock: options.stock,
        request: purchaseRequest(order, path, doorHeaders),
      });
      const settlement = ours
        ? await waitForSettlement(couponId, phase.accepted, phase.lastAcceptWallMs, 120_000)
        : undefined;
      const check = await checkSale(couponId, { redisSale: ours, accepted: phase.accepted, expectSoldOut: ours });
      sales.push({ strategy, couponId, phase, settlement, check });
    }
    return sales;
  },
};
