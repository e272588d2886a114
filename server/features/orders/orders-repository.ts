import { and, desc, eq } from "drizzle-orm";
import { coupons, orders } from "@/drizzle/schema";
import { db } from "@/server/infra/db";

export interface OrderRecord {
  id: string;
  userId: string;
  couponId: number;
  price: number;
  status: "PENDING" | "PAID" | "FAILED";
  failureReason: string | null;
  createdAt: Date;
}

const orderColumns = {
  id: orders.id,
  userId: orders.userId,
  couponId: orders.couponId,
  price: orders.price,
  status: orders.status,
  failureReason: orders.failureReason,
  createdAt: orders.reservedAt,
};

export async function findOrder(orderId: string): Promise<OrderRecord | undefined> {
  const rows = await db.select(orderColumns).from(orders).where(eq(orders.id, orderId)).limit(1);
  return rows[0];
}

export interface UserOrderRecord extends OrderRecord {
  couponName: string | null;
}

export async function listUserOrders(userId: string, limit: number): Promise<UserOrderRecord[]> {
  return db
    .select({ ...orderColumns, couponName: coupons.name })
    .from(orders)
    .leftJoin(coupons, eq(coupons.id, orders.couponId))
    .where(and(eq(orders.userId, userId)))
    .orderBy(desc(orders.createdAt), desc(orders.reservedAt))
    .limit(limit);
}
