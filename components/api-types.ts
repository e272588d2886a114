/** Shapes of the public and admin HTTP API, as the browser sees them. Money is integer cents; times are UTC ISO strings. */

// The catalogue's view types are the API's own (types only, so the browser bundle gets no server code).
import type {
  CouponStatus,
  CouponView as Coupon,
  CouponPageView as CouponPage,
  CouponDetailView as CouponWithClock,
} from "@/server/features/catalogue/types";

export type { Coupon, CouponPage, CouponStatus, CouponWithClock };
export type { SaleStats } from "@/server/features/sales/types";

export type OrderStatus = "PENDING" | "PAID" | "FAILED";

export interface PurchaseAccepted {
  orderId: string;
  status: "PENDING";
}

export interface Order {
  orderId: string;
  couponId: number;
  status: OrderStatus;
  failureReason?: string | null;
  price: number;
  createdAt: string;
}

export interface Me {
  id: string;
  email: string;
  credit: number;
  roles: string[];
}

export interface MyOrder {
  orderId: string;
  couponId: number;
  couponName: string;
  price: number;
  status: OrderStatus;
  failureReason?: string | null;
  createdAt: string;
}

/** The contract says `items`; the first orders API answered `orders`. Read both until they agree. */
export interface MyOrders {
  items?: MyOrder[];
  orders?: MyOrder[];
}

export function myOrderList(body: MyOrders): MyOrder[] {
  return body.items ?? body.orders ?? [];
}

export type SaleState = "ACTIVE" | "PAUSED" | "DISABLED";

export type AdminCoupon = Coupon & { sold: number; saleState: SaleState; imageKey: string | null };

export interface AdminCoupons {
  items: AdminCoupon[];
}

export interface AdminCouponInput {
  name: string;
  description: string;
  price: number;
  /** Null clears it on an edit; left out, a create has none and an edit keeps the stored one. */
  listPrice?: number | null;
  totalStock: number;
  saleStart: string;
  saleEnd: string;
}

export type SaleAction = "pause" | "resume" | "end" | "disable";

export interface ValidationIssue {
  path: string | (string | number)[];
  message: string;
}

export interface ApiErrorBody {
  error: string;
  message?: string;
  issues?: ValidationIssue[];
}

/** Socket.IO: server → client, typed once in the realtime layer (types only). */
export type {
  PaymentUpdateMessage as PaymentUpdateEvent,
  StockUpdateMessage as StockUpdateEvent,
} from "@/server/realtime/types";
