import { retireBenchCoupon } from "@/bench/sale";

/** The coupons a run created, so it can retire every one of them at the end. */
export function createCouponLedger() {
  const coupons: { id: number; warmed: boolean }[] = [];
  return {
    /** `warmed`: its sale lives in Redis too, so retiring it rewrites the sale hash there as well. */
    add(id: number, warmed: boolean) {
      coupons.push({ id, warmed });
    },
    async retireAll() {
      // Best effort: a coupon that cannot be retired must not hide the run's results.
      for (const coupon of coupons) await retireBenchCoupon(coupon.id, coupon.warmed).catch(() => undefined);
    },
  };
}

export type CouponLedger = ReturnType<typeof createCouponLedger>;
