import type { CachedCoupon, CouponStatus, SaleState } from "@/server/features/catalogue/types";

/**
 * Derives the shopper-facing status. Order matters: an ended sale is ENDED even if it was paused or sold out;
 * a paused one is PAUSED whatever its stock; only a running sale can be SOLD_OUT. DISABLED coupons are never
 * listed; the admin console, which shows them, sees them as ENDED next to their sale state.
 */
export function couponStatus(
  coupon: Pick<CachedCoupon, "saleStart" | "saleEnd" | "stock"> & { saleState: SaleState },
  nowMs: number,
): CouponStatus {
  if (nowMs >= coupon.saleEnd || coupon.saleState === "DISABLED") return "ENDED";
  if (coupon.saleState === "PAUSED") return "PAUSED";
  if (nowMs < coupon.saleStart) return "UPCOMING";
  if (coupon.stock <= 0) return "SOLD_OUT";
  return "ON_SALE";
}
