import type { saleStates as storedSaleStates } from "@/drizzle/schema";
import type { SaleState } from "@/contract/admin";

// The views shoppers get are the contract's own; the cache entries below are this feature's business.
export { couponStatuses } from "@/contract/coupons";
export type { CouponDetailView, CouponPageView, CouponStatus, CouponView } from "@/contract/coupons";
export type { SaleState };

/** The contract's sale states are the column's: a state added to one and not the other fails to compile. */
type SameSet<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const saleStatesMatchTheColumn: SameSet<SaleState, (typeof storedSaleStates)[number]> = true;
void saleStatesMatchTheColumn;

/**
 * A coupon as the caches hold it: time-independent facts only. `status` is derived when serving, because it
 * changes with the clock and the live stock while the cached entry does not.
 */
export interface CachedCoupon {
  id: number;
  name: string;
  description: string;
  price: number;
  /** Absent in entries cached before the column existed; read as null. */
  listPrice?: number | null;
  imageKey: string | null;
  stock: number;
  totalStock: number;
  /** Epoch milliseconds (compact in JSON, no Date revival needed). */
  saleStart: number;
  saleEnd: number;
  saleState: Exclude<SaleState, "DISABLED">;
  /** Minutes before the opening that its waiting room lets shoppers in; null (or absent in older entries): no room. */
  roomPrequeueMinutes?: number | null;
}

export interface CachedPage {
  items: CachedCoupon[];
  total: number;
}
