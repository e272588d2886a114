import type { Coupon, CouponStatus } from "@/components/api-types";

/**
 * The status as of the server clock `now`, with the live stock: the API's status was right when it answered, but
 * a countdown can reach zero and a stock_update can empty the coupon while the page stays open.
 */
export function liveStatus(
  coupon: Pick<Coupon, "status" | "stock" | "saleStart" | "saleEnd">,
  now: number,
): CouponStatus {
  if (coupon.status === "PAUSED") return "PAUSED";
  if (now >= Date.parse(coupon.saleEnd)) return "ENDED";
  if (coupon.status === "ENDED") return "ENDED";
  if (coupon.stock <= 0) return "SOLD_OUT";
  if (now < Date.parse(coupon.saleStart)) return "UPCOMING";
  return "ON_SALE";
}

export const statusLabels: Record<CouponStatus, string> = {
  UPCOMING: "Upcoming",
  ON_SALE: "On sale",
  SOLD_OUT: "Sold out",
  ENDED: "Ended",
  PAUSED: "Paused",
};

export const statusVariants: Record<CouponStatus, string> = {
  UPCOMING: "info",
  ON_SALE: "success",
  SOLD_OUT: "secondary",
  ENDED: "dark",
  PAUSED: "warning",
};
