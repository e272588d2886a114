import type { AdminCoupon } from "@/components/api-types";

/** Disabled coupons are retired (sold ones cannot be deleted); hidden by default so the live ones stay in view. */
export function visibleCoupons(coupons: AdminCoupon[], showDisabled: boolean): AdminCoupon[] {
  return coupons.filter((c) => showDisabled || c.saleState !== "DISABLED");
}

export function countDisabled(coupons: AdminCoupon[]): number {
  return coupons.filter((c) => c.saleState === "DISABLED").length;
}
