/**
 * Shapes of the public and admin HTTP API, as the browser sees them: the shared contract's types under the names
 * the components use. Money is integer cents; times are UTC ISO strings.
 */
import type { MyOrderView, MyOrders } from "@/contract/orders";

export type {
  CouponStatus,
  CouponView as Coupon,
  CouponPageView as CouponPage,
  CouponDetailView as CouponWithClock,
} from "@/contract/coupons";
export type {
  OrderStatus,
  OrderView as Order,
  MyOrderView as MyOrder,
  MyOrders,
  PurchaseAccepted,
} from "@/contract/orders";
export type { Me } from "@/contract/me";
export type {
  AdminCouponView as AdminCoupon,
  AdminCoupons,
  CreateCouponBody as AdminCouponInput,
  SaleAction,
  SaleState,
  SaleStats,
} from "@/contract/admin";
export type { ErrorBody as ApiErrorBody, ValidationIssue } from "@/contract/errors";

export function myOrderList(body: MyOrders): MyOrderView[] {
  return body.items;
}

/** Socket.IO: server → client, typed once in the realtime layer (types only). */
export type {
  PaymentUpdateMessage as PaymentUpdateEvent,
  RoomUpdateMessage as RoomUpdateEvent,
  StockUpdateMessage as StockUpdateEvent,
} from "@/server/realtime/types";
