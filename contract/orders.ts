import { z } from "zod";
import { cents, couponId, isoTime, urlWholeNumber } from "@/contract/common";

/** The body a purchase may send: nothing. Price, user and status come from the server, never from the client. */
export const purchaseBody = z.strictObject({});

/** The `:id` of POST /api/coupons/:id/purchase: digits only, like every coupon id in a URL ("1e3" is refused). */
export const purchaseCouponIdParam = urlWholeNumber(Number.MAX_SAFE_INTEGER);

/**
 * Idempotency-Key header of a purchase: the browser sends one per click and reuses it for its automatic
 * retries; the same key from the same user for the same coupon answers with the order made under it.
 */
export const idempotencyKey = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[\x21-\x7e]+$/, "must be visible ASCII");

/** 202: the unit is reserved and the order is on its way to payment; the result comes later. */
export const purchaseAccepted = z.object({ orderId: z.uuid(), status: z.literal("PENDING") });
export type PurchaseAccepted = z.infer<typeof purchaseAccepted>;

export const orderStatuses = ["PENDING", "PAID", "FAILED"] as const;
export const orderStatus = z.enum(orderStatuses);
export type OrderStatus = z.infer<typeof orderStatus>;

/** The `:orderId` of GET /api/orders/:orderId; anything else is answered like an unknown order (404). */
export const orderIdParam = z.uuid();

export const orderView = z.object({
  orderId: z.uuid(),
  couponId,
  status: orderStatus,
  /** Only on FAILED orders, e.g. INSUFFICIENT_CREDIT. */
  failureReason: z.string().optional(),
  price: cents,
  /** When the order was accepted. */
  createdAt: isoTime,
});
export type OrderView = z.infer<typeof orderView>;

/** `couponName` is null when the coupon has been deleted since. */
export const myOrderView = orderView.extend({ couponName: z.string().nullable() });
export type MyOrderView = z.infer<typeof myOrderView>;

export const myOrders = z.object({ items: z.array(myOrderView) });
export type MyOrders = z.infer<typeof myOrders>;
