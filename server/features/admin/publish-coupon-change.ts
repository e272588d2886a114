import { invalidateCoupon } from "@/server/features/catalogue/catalogue";
import { warmCouponSale } from "@/server/features/inventory/warm-coupon-sale";
import { childLogger } from "@/server/infra/logger";

const log = childLogger("admin");

/**
 * After a committed admin change: the sale hash the purchase script checks (price, window, state) is rewritten
 * from MySQL — the live stock key is kept — and every instance's catalogue caches are retired.
 */
export async function publishCouponChange(couponId: number): Promise<void> {
  for (let attempt = 0; ; attempt += 1) {
    const outcome = await warmCouponSale(couponId);
    if (outcome.status !== "busy") break;
    // Another process is warming this very sale; it reads the committed row too, but wait to be sure ours lands.
    if (attempt >= 20) {
      log.warn({ couponId }, "sale hash refresh still busy after retries; the warm-up in flight will carry the change");
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await invalidateCoupon(couponId);
}
