/*
 * Settlement throughput: reserves N orders for N users across C coupons through `purchaseCoupon`, publishing to
 * a private topic (so the stack's worker never sees them), then starts one in-process payment consumer on that
 * topic and times until MySQL holds every order and Redis no pending record. What it measures is the drain of a
 * backlog — the settlement capacity — not a burst mixed with purchases.
 *
 *   npm run bench:settlement -- [orders=5000] [coupons=5] [poorPercent=0]
 *
 * poorPercent of the users get too little credit, so that share of orders takes the FAILED + rollback.lua path.
 */
import { inArray, sql } from "drizzle-orm";
import { orders } from "@/drizzle/schema";
import { couponKeys } from "@/server/keys/coupon-keys";
import { warmCouponSale } from "@/server/features/inventory/warm-coupon-sale";
import { createOrderPublisher } from "@/server/features/orders/order-publisher";
import { purchaseCoupon } from "@/server/features/orders/purchase-coupon";
import { createPaymentConsumer } from "@/server/features/payments/payment-consumer";
import { env } from "@/server/env";
import { closeConnections } from "@/server/infra/close-connections";
import { db } from "@/server/infra/db";
import { kafka } from "@/server/infra/kafka";
import { redis } from "@/server/infra/redis";
import { createCoupon, createUsers, runId } from "@/tests/support/sale-fixtures";

const total = Number(process.argv[2] ?? 5_000);
const couponCount = Number(process.argv[3] ?? 5);
const poorPercent = Number(process.argv[4] ?? 0);
const topic = `orders-perf-${runId}`;

async function settledCount(couponIds: number[]) {
  const [row] = await db
    .select({ n: sql<number>`count(*)` })
    .from(orders)
    .where(inArray(orders.couponId, couponIds));
  return Number(row?.n ?? 0);
}

async function main() {
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: env.KAFKA_ORDERS_PARTITIONS }], waitForLeaders: true });

  const couponIds: number[] = [];
  for (let i = 0; i < couponCount; i += 1) {
    const couponId = await createCoupon({ stock: Math.ceil(total / couponCount), price: 100 });
    await warmCouponSale(couponId);
    couponIds.push(couponId);
  }
  const poor = Math.round((total * poorPercent) / 100);
  const users = [...(await createUsers(total - poor, 10_000)), ...(await createUsers(poor, 50))];

  const publisher = createOrderPublisher({ topic });
  const reserveStarted = performance.now();
  for (let i = 0; i < users.length; i += 500) {
    await Promise.all(
      users
        .slice(i, i + 500)
        .map((userId, j) => purchaseCoupon({ userId, couponId: couponIds[(i + j) % couponCount]! }, { publisher })),
    );
  }
  await publisher.close();
  const reserveMs = performance.now() - reserveStarted;

  const consumer = createPaymentConsumer({ redis, topic, groupId: `perf-${runId}` });
  const started = performance.now();
  await consumer.start();
  const joinedMs = performance.now() - started;
  let settledMs = 0;
  for (;;) {
    if ((await settledCount(couponIds)) >= total) {
      settledMs = performance.now() - started;
      break;
    }
    if (performance.now() - started > 300_000) throw new Error("settlement did not finish within 5 minutes");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  for (;;) {
    const pending = await Promise.all(couponIds.map((id) => redis.hlen(couponKeys(id).pending)));
    if (pending.every((n) => n === 0)) break;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const finishedMs = performance.now() - started;
  await consumer.stop();
  await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
  await admin.disconnect();

  const drainMs = settledMs - joinedMs;
  console.log(
    JSON.stringify({
      orders: total,
      coupons: couponCount,
      poorPercent,
      reserveMs: Math.round(reserveMs),
      joinMs: Math.round(joinedMs),
      settledInMysqlMs: Math.round(settledMs),
      allRedisFinishedMs: Math.round(finishedMs),
      ordersPerSecondAfterJoin: Math.round(total / (drainMs / 1_000)),
      ordersPerSecondIncludingJoin: Math.round(total / (settledMs / 1_000)),
    }),
  );
}

main()
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => closeConnections());
