/** Shapes of the public and admin HTTP API, as the browser sees them. Money is integer cents; times are UTC ISO strings. */

export type CouponStatus = "UPCOMING" | "ON_SALE" | "SOLD_OUT" | "ENDED" | "PAUSED";

export interface Coupon {
  id: number;
  name: string;
  description: string;
  price: number;
  imageUrl: string | null;
  stock: number;
  totalStock: number;
  saleStart: string;
  saleEnd: string;
  status: CouponStatus;
}

export interface CouponPage {
  items: Coupon[];
  page: number;
  size: number;
  total: number;
  serverTime: string;
}

export type CouponWithClock = Coupon & { serverTime: string };

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

/** Socket.IO: server → client. */
export interface PaymentUpdateEvent {
  orderId: string;
  couponId: number;
  status: "PAID" | "FAILED";
  failureReason?: string | null;
  credit: number;
}

export interface StockUpdateEvent {
  couponId: number;
  stock: number;
}
