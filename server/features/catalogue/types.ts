import type { saleStates } from "@/drizzle/schema";

export type SaleState = (typeof saleStates)[number];

/**
 * What shoppers see. `PAUSED` extends the four states: a paused sale is listed (it will resume) but
 * cannot be bought, and the UI must say so rather than show it as on sale.
 */
export const couponStatuses = ["UPCOMING", "ON_SALE", "PAUSED", "SOLD_OUT", "ENDED"] as const;
export type CouponStatus = (typeof couponStatuses)[number];

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
}

export interface CachedPage {
  items: CachedCoupon[];
  total: number;
}

export interface CouponView {
  id: number;
  name: string;
  description: string;
  /** Integer cents. */
  price: number;
  /** The usual price in cents, above `price`, shown struck through; null when none is set. */
  listPrice: number | null;
  imageUrl: string | null;
  stock: number;
  totalStock: number;
  saleStart: string;
  saleEnd: string;
  status: CouponStatus;
}

export interface CouponPageView {
  items: CouponView[];
  page: number;
  size: number;
  total: number;
  serverTime: string;
}

export interface CouponDetailView extends CouponView {
  serverTime: string;
}
