import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { coupons } from "@/drizzle/schema";
import { couponKeys } from "@/server/keys/coupon-keys";
import { warmCouponSale } from "@/server/features/inventory/warm-coupon-sale";
import { createOrderPublisher } from "@/server/features/orders/order-publisher";
import { purchaseCoupon } from "@/server/features/orders/purchase-coupon";
import { createPaymentConsumer, type PaymentConsumer } from "@/server/features/payments/payment-consumer";
import { AppError } from "@/server/errors";
import { closeConnections } from "@/server/infra/close-connections";
import { db } from "@/server/infra/db";
import { kafka } from "@/server/infra/kafka";
import { redis } from "@/server/infra/redis";
import { deleteKeys, scanKeys } from "@/server/infra/redis-client";
import { createPaymentUpdatePublisher } from "@/server/realtime/payment-updates";
import { createCoupon, createUsers, debitsOf, ordersOf, waitForSettled } from "@/tests/support/sale-fixtures";
import { waitFor } from "@/tests/support/wait-for";

/*
 * A topic and consumer group of this test's own: the shared worker never sees these events, so the test decides
 * when settlement runs (the "worker is behind" window in which Redis loses its data) without freezing anyone's
 * worker. The warm-up is pointed at the same backlog.
 */
const topic = `orders-redis-loss-${randomUUID()}`;
const backlog = { topic, groupId: `redis-loss-${randomUUID()}` };
const publisher = createOrderPublisher({ topic, lingerMs: 5 });
const admin = kafka.admin();
const consumers: PaymentConsumer[] = [];

before(async () => {
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 3 }], waitForLeaders: true });
});

after(async () => {
  for (const consumer of consumers) await consumer.stop().catch(() => undefined);
  await publisher.close();
  await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
  await admin.disconnect();
  await closeConnections();
});

async function startConsumer(): Promise<PaymentConsumer> {
  const consumer = createPaymentConsumer({
    redis,
    results: createPaymentUpdatePublisher(redis),
    topic,
    groupId: backlog.groupId,
  });
  consumers.push(consumer);
  await consumer.start();
  return consumer;
}

async function eventsOnTopic(): Promise<number> {
  const offsets = await admin.fetchTopicOffsets(topic);
  return offsets.reduce((sum, partition) => sum + Number(partition.high) - Number(partition.low), 0);
}

async function answerOf(userId: string, couponId: number): Promise<string> {
  try {
    return (await purchaseCoupon({ userId, couponId, idempotencyKey: randomUUID() }, { publisher })).orderId;
  } catch (error) {
    if (error instanceof AppError) return error.code;
    throw error;
  }
}

/** What a Redis restarted without its data has of this coupon: nothing. */
async function loseCouponData(couponId: number) {
  await deleteKeys(redis, await scanKeys(redis, `{coupon:${couponId}}:*`));
}

describe("Redis loses its data while orders await settlement", { timeout: 180_000 }, () => {
  it("when Redis comes back empty, then every 202 ends PAID exactly once, the sale stays closed until the backlog settles, and nothing is sold twice", async () => {
    const totalStock = 10;
    const couponId = await createCoupon({ stock: totalStock, price: 100 });
    const early = await createUsers(2, 1_000);
    const before = await createUsers(4, 1_000);
    const later = await createUsers(10, 1_000);
    assert.equal((await warmCouponSale(couponId, { backlog, waitMs: 15_000 })).status, "loaded");

    // Some orders settle normally first: MySQL knows this sale sold.
    const earlyOrders = await Promise.all(early.map((userId) => answerOf(userId, couponId)));
    const first = await startConsumer();
    await waitForSettled(couponId, early.length);
    await first.stop();

    // More orders are accepted (202) while nobody settles them...
    const accepted = await Promise.all(before.map((userId) => answerOf(userId, couponId)));
    assert.ok(
      accepted.every((answer) => /^[0-9a-f-]{36}$/.test(answer)),
      JSON.stringify(accepted),
    );
    await waitFor(
      async () => ((await eventsOnTopic()) >= early.length + before.length ? true : undefined),
      15_000,
      "the events reached Kafka",
    );

    // ...and Redis loses everything it knew of the sale: stock, buyers, the pending records.
    await loseCouponData(couponId);

    // The sale stays closed: rebuilding the stock now would sell the four accepted units again.
    const deferred = await warmCouponSale(couponId, { backlog });
    assert.equal(deferred.status, "deferred", JSON.stringify(deferred));
    assert.equal(await redis.exists(couponKeys(couponId).stock), 0);

    // Settlement resumes without the pending records.
    await startConsumer();
    const settled = await waitForSettled(couponId, early.length + before.length);
    const byId = new Map(settled.map((row) => [row.id, `${row.status} ${row.failureReason ?? ""}`.trim()]));
    assert.deepEqual(
      accepted.map((orderId) => byId.get(orderId)),
      accepted.map(() => "PAID"),
      "every order accepted before the loss is paid",
    );

    // Once the backlog is settled the sale re-opens with what MySQL has left.
    const reopened = await warmCouponSale(couponId, { backlog, waitMs: 30_000 });
    assert.deepEqual(reopened, { status: "loaded", stock: totalStock - early.length - before.length });

    // Buyers who already own it are refused; newcomers get exactly the units left.
    const again = await Promise.all([...early, ...before].map((userId) => answerOf(userId, couponId)));
    assert.ok(
      again.every((answer) => answer === "ALREADY_PURCHASED"),
      JSON.stringify(again),
    );
    const newcomers = await Promise.all(later.map((userId) => answerOf(userId, couponId)));
    const newlyAccepted = newcomers.filter((answer) => /^[0-9a-f-]{36}$/.test(answer));
    assert.equal(newlyAccepted.length, totalStock - early.length - before.length);
    assert.ok(
      newcomers.filter((answer) => !newlyAccepted.includes(answer)).every((answer) => answer === "SOLD_OUT"),
      JSON.stringify(newcomers),
    );

    // Every 202 ends PAID exactly once; MySQL conserves the stock; nothing was sold twice.
    const rows = await waitForSettled(couponId, totalStock);
    const promised = [...earlyOrders, ...accepted, ...newlyAccepted];
    assert.deepEqual(
      rows.map((row) => row.status).sort(),
      promised.map(() => "PAID"),
      JSON.stringify(rows.map((row) => [row.status, row.failureReason])),
    );
    assert.deepEqual(new Set(rows.map((row) => row.id)), new Set(promised));
    const debits = (await debitsOf(promised)).filter((debit) => debit.kind === "DEBIT");
    assert.equal(debits.length, promised.length, "one debit per order");
    const [row] = await db.select({ stock: coupons.stock }).from(coupons).where(eq(coupons.id, couponId));
    assert.equal(row?.stock, 0);
    assert.equal((await ordersOf(couponId)).length, totalStock);
    assert.equal(Number(await redis.get(couponKeys(couponId).stock)), 0);
  });
});
