import { randomUUID } from "node:crypto";
import { eq, inArray, sql } from "drizzle-orm";
import { coupons, creditLedger, orders, users } from "@/drizzle/schema";
import { couponKeys } from "@/server/keys/coupon-keys";
import { env } from "@/server/env";
import { db } from "@/server/infra/db";
import { kafka } from "@/server/infra/kafka";
import { redis } from "@/server/infra/redis";

/** Test data for the purchase and settlement suites: unique rows per test, created straight in MySQL. */

export const runId = randomUUID().slice(0, 8);

/** The orders topics, created if missing (the infra script normally does this). */
export async function ensureOrderTopics() {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const wanted = [
      { topic: env.KAFKA_ORDERS_TOPIC, numPartitions: env.KAFKA_ORDERS_PARTITIONS },
      { topic: env.KAFKA_ORDERS_DLQ_TOPIC, numPartitions: 1 },
    ].filter((t) => !existing.has(t.topic));
    if (wanted.length > 0) await admin.createTopics({ topics: wanted, waitForLeaders: true }).catch(() => undefined);
  } finally {
    await admin.disconnect();
  }
}

export async function createCoupon(options: {
  stock: number;
  price?: number;
  startOffsetMs?: number;
  endOffsetMs?: number;
  state?: "ACTIVE" | "PAUSED" | "DISABLED";
}): Promise<number> {
  const now = Date.now();
  const [result] = await db.insert(coupons).values({
    name: `t5 ${runId} coupon`,
    description: "purchase test",
    price: options.price ?? 100,
    totalStock: options.stock,
    stock: options.stock,
    saleStart: new Date(now + (options.startOffsetMs ?? -60_000)),
    saleEnd: new Date(now + (options.endOffsetMs ?? 3_600_000)),
    saleState: options.state ?? "ACTIVE",
  });
  return Number(result.insertId);
}

let userSeq = 0;

export async function createUsers(count: number, credit = 10_000): Promise<string[]> {
  const ids = Array.from({ length: count }, () => `t5-${runId}-${(userSeq += 1)}`);
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    await db.insert(users).values(chunk.map((id) => ({ id, email: `${id}@t5.test`, credit })));
    await db
      .insert(creditLedger)
      .values(chunk.map((id) => ({ userId: id, orderId: null, kind: "GRANT" as const, amount: credit })));
  }
  return ids;
}

export async function ordersOf(couponId: number) {
  return db.select().from(orders).where(eq(orders.couponId, couponId));
}

/** Polls MySQL until `count` orders of the coupon are settled (PAID or FAILED). */
export async function waitForSettled(couponId: number, count: number, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const rows = await ordersOf(couponId);
    if (rows.length >= count) return rows;
    if (Date.now() > deadline) throw new Error(`only ${rows.length}/${count} orders of coupon ${couponId} settled`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Waits until Redis holds no pending record of the coupon (settlement fully finished). */
export async function waitForNoPending(couponId: number, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while ((await redis.hlen(couponKeys(couponId).pending)) > 0) {
    if (Date.now() > deadline) throw new Error(`coupon ${couponId} still has pending orders`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export async function saleState(couponId: number) {
  const keys = couponKeys(couponId);
  const [row] = await db
    .select({ stock: coupons.stock, totalStock: coupons.totalStock })
    .from(coupons)
    .where(eq(coupons.id, couponId));
  const paid = await db
    .select({ n: sql<number>`count(*)` })
    .from(orders)
    .where(sql`${orders.couponId} = ${couponId} and ${orders.status} = 'PAID'`);
  return {
    totalStock: row!.totalStock,
    dbStock: row!.stock,
    paid: Number(paid[0]!.n),
    redisStock: Number(await redis.get(keys.stock)),
    buyers: await redis.scard(keys.buyers),
    pending: await redis.hlen(keys.pending),
  };
}

export async function debitsOf(orderIds: string[]) {
  if (orderIds.length === 0) return [];
  return db.select().from(creditLedger).where(inArray(creditLedger.orderId, orderIds));
}

export async function creditOf(userId: string): Promise<number> {
  const [row] = await db.select({ credit: users.credit }).from(users).where(eq(users.id, userId));
  return row!.credit;
}
