import { warmCouponSale } from "@/server/features/inventory/warm-coupon-sale";
import type { LoadSale } from "@/server/features/waiting-room/waiting-room";

/** The waiting room's way to bring back a room Redis lost: the sale's warm-up, as for a lost stock. */
export const loadSale: LoadSale = async (couponId) => {
  const outcome = await warmCouponSale(couponId);
  if (outcome.status === "not-found") return "missing";
  return outcome.status === "busy" ? "busy" : "loaded";
};
