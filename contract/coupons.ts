import { z } from "zod";
import { cents, couponId, isoTime, urlWholeNumber } from "@/contract/common";

/**
 * What shoppers see. `PAUSED` extends the issue's four states: a paused sale is listed (it will resume) but
 * cannot be bought, and the UI must say so rather than show it as on sale.
 */
export const couponStatuses = ["UPCOMING", "ON_SALE", "PAUSED", "SOLD_OUT", "ENDED"] as const;
export const couponStatus = z.enum(couponStatuses);
export type CouponStatus = z.infer<typeof couponStatus>;

export const couponView = z.object({
  id: couponId,
  name: z.string(),
  description: z.string(),
  price: cents,
  /** The usual price, above `price`, shown struck through; null when none is set. */
  listPrice: cents.nullable(),
  imageUrl: z.string().nullable(),
  stock: z.number().int().min(0),
  totalStock: z.number().int().min(0),
  saleStart: isoTime,
  saleEnd: isoTime,
  status: couponStatus,
  /**
   * The sale's waiting room, null when it has none: shoppers who open the page from `prequeueFrom` join the line,
   * and buying needs an admission (GET/POST /api/coupons/:id/room).
   */
  room: z.object({ prequeueFrom: isoTime }).nullable(),
});
export type CouponView = z.infer<typeof couponView>;

/** The server's clock rides along so countdowns do not depend on the visitor's clock being right. */
export const couponPageView = z.object({
  items: z.array(couponView),
  page: z.number().int().min(1),
  size: z.number().int().min(1),
  total: z.number().int().min(0),
  serverTime: isoTime,
});
export type CouponPageView = z.infer<typeof couponPageView>;

export const couponDetailView = couponView.extend({ serverTime: isoTime });
export type CouponDetailView = z.infer<typeof couponDetailView>;

export const catalogueLimits = { maxPage: 10_000, maxSize: 100, defaultSize: 20 } as const;

/** `?page=&size=` of GET /api/coupons, as the URL carries them (text). */
export const listCouponsQuery = z.object({
  page: urlWholeNumber(catalogueLimits.maxPage).default(1),
  size: urlWholeNumber(catalogueLimits.maxSize).default(catalogueLimits.defaultSize),
});

/** The `:id` path segment of /api/coupons/:id and /api/admin/coupons/:id/**. */
export const couponIdParam = urlWholeNumber(Number.MAX_SAFE_INTEGER);
