import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { Partitioners } from "kafkajs";
import { couponKeys, idempotencyKeyOf } from "@/server/keys/coupon-keys";
import { releaseReservation, reserveCoupon } from "@/server/features/inventory/scripts";
import { warmCouponSale } from "@/server/features/inventory/warm-coupon-sale";
import { reconcileSales } from "@/server/features/inventory/reconcile-sales";
import { auditSale } from "@/server/features/inventory/audit-sales";
import { getOrder, listMyOrders } from "@/server/features/orders/get-order";
import { decodeOrderEvent, orderEventMessage, type OrderEvent } from "@/server/events/order-event";
import { createOrderPublisher } from "@/server/features/orders/order-publisher";
import { parsePurchaseRequest, purchaseCoupon } from "@/server/features/orders/purchase-coupon";
import { socketServerKey } from "@/server/features/orders/socket-presence";
import { createPaymentConsumer } from "@/server/features/payments/payment-consumer";
import { sweepPendingOrders } from "@/server/features/payments/sweep-pending-orders";
import { env } from "@/server/env";
import { AppError } from "@/server/errors";
import { closeConnections } from "@/server/infra/close-connections";
import { kafka } from "@/server/infra/kafka";
import { metrics } from "@/server/infra/metrics";
import { pool } from "@/server/infra/db";
import { redis } from "@/server/infra/redis";
import { createPaymentUpdatePublisher } from "@/server/realtime/payment-updates";
import {
  createCoupon,
  createUsers,
  creditOf,
  debitsOf,
  ensureOrderTopics,
  ordersOf,
  saleState,
  waitForNoPending,
  waitForSettled,
} from "@/tests/support/sale-fixtures";
import { waitFor } from "@/tests/support/wait-for";

const publisher = createOrderPublisher();
const results = createPaymentUpdatePublisher(redis);
const consumer = createPaymentConsumer({ redis, results });
const rawProducer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });

async function newSale(
  stock: number,
  options: Parameters<typeof createCoupon>[0] extends infer O ? Omit<O & object, "stock"> : never = {},
) {
  const couponId = await createCoupon({ stock, ...options });
  const warmed = await warmCouponSale(couponId);
  assert.equal(warmed.status, "loaded");
  return couponId;
}

const buy = (userId: string, couponId: number, idempotencyKey?: string) =>
  purchaseCoupon({ userId, couponId, idempotencyKey }, { publisher });

async function leftToSweeper(): Promise<number> {
  return (await metrics.ordersLeftToSweeper.get()).values[0]?.value ?? 0;
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return "ACCEPTED";
  } catch (error) {
    if (error instanceof AppError) return error.code;
    throw error;
  }
}

/** totalStock = paid + Redis stock = paid + DB stock, once nothing is pending. */
async function assertConserved(couponId: number) {
  await waitForNoPending(couponId);
  const state = await saleState(couponId);
  assert.equal(state.paid + state.redisStock, state.totalStock, `Redis conservation ${JSON.stringify(state)}`);
  assert.equal(state.paid + state.dbStock, state.totalStock, `MySQL conservation ${JSON.stringify(state)}`);
  assert.equal(state.buyers, state.paid, `buyers = paid ${JSON.stringify(state)}`);
  const audit = await auditSale(redis, couponId);
  assert.deepEqual([audit?.redisDrift, audit?.dbDrift, audit?.ownersDrift], [0, 0, 0]);
  return state;
}

before(async () => {
  await ensureOrderTopics();
  await rawProducer.connect();
  await consumer.start();
});

after(async () => {
  await consumer.stop();
  await publisher.close();
  await rawProducer.disconnect();
  await closeConnections();
});

describe("purchase and settlement", { timeout: 180_000 }, () => {
  it("when 2,000 distinct users buy 100 coupons at once, then exactly 100 are paid and everyone else hears SOLD_OUT", async () => {
    const couponId = await newSale(100);
    const users = await createUsers(2_000);
    const started = performance.now();
    const codes = await Promise.all(users.map((userId) => codeOf(buy(userId, couponId))));
    const acceptMs = performance.now() - started;
    const tally = codes.reduce<Record<string, number>>((acc, code) => ((acc[code] = (acc[code] ?? 0) + 1), acc), {});
    assert.deepEqual(tally, { ACCEPTED: 100, SOLD_OUT: 1_900 });

    const rows = await waitForSettled(couponId, 100);
    const settleMs = performance.now() - started;
    assert.equal(rows.filter((row) => row.status === "PAID").length, 100);
    const state = await assertConserved(couponId);
    assert.deepEqual([state.dbStock, state.redisStock, state.buyers], [0, 0, 100]);
    const debits = await debitsOf(rows.map((row) => row.id));
    assert.equal(debits.filter((d) => d.kind === "DEBIT").length, 100);
    console.log(`2,000 purchases answered in ${acceptMs.toFixed(0)} ms; 100 settled after ${settleMs.toFixed(0)} ms`);
  });

  it("when one user fires 50 parallel purchases, then exactly one order exists", async () => {
    const couponId = await newSale(10);
    const [userId] = await createUsers(1);
    const codes = await Promise.all(Array.from({ length: 50 }, () => codeOf(buy(userId!, couponId))));
    assert.equal(codes.filter((c) => c === "ACCEPTED").length, 1);
    // Past the per-user burst (lua/purchase.lua), the rest are RATE_LIMITED: refused either way, never bought.
    assert.equal(codes.filter((c) => c === "ALREADY_PURCHASED" || c === "RATE_LIMITED").length, 49);
    const rows = await waitForSettled(couponId, 1);
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.equal((await ordersOf(couponId)).length, 1);
    assert.equal(rows[0]?.status, "PAID");
    await assertConserved(couponId);
  });

  it("when the buyer lacks credit, then the order FAILS with a reason, stock and buyers are restored, and someone else can buy", async () => {
    const couponId = await newSale(1, { price: 5_000 });
    const [poor] = await createUsers(1, 100);
    const [rich] = await createUsers(1, 10_000);
    const { orderId } = await buy(poor!, couponId);
    await assert.rejects(getOrder(rich!, orderId), { code: "NOT_FOUND" });
    const [failed] = await waitForSettled(couponId, 1);
    assert.deepEqual([failed?.status, failed?.failureReason], ["FAILED", "INSUFFICIENT_CREDIT"]);
    await waitForNoPending(couponId);
    assert.equal(await redis.get(couponKeys(couponId).stock), "1");
    assert.equal(await redis.sismember(couponKeys(couponId).buyers, poor!), 0);
    assert.equal(await creditOf(poor!), 100);
    const view = await getOrder(poor!, orderId);
    assert.deepEqual([view.status, view.failureReason], ["FAILED", "INSUFFICIENT_CREDIT"]);

    await buy(rich!, couponId);
    const rows = await waitForSettled(couponId, 2);
    assert.equal(rows.filter((row) => row.status === "PAID").length, 1);
    assert.equal(await creditOf(rich!), 5_000);
    const state = await assertConserved(couponId);
    assert.equal(state.dbStock, 0);
  });

  it("when the same order event is delivered twice, then the buyer is charged once", async () => {
    const couponId = await newSale(5, { price: 700 });
    const [userId] = await createUsers(1, 1_000);
    const { orderId } = await buy(userId!, couponId);
    const record = await redis.hget(couponKeys(couponId).pending, orderId);
    assert.ok(record, "pending record exists right after the purchase");
    const duplicate = orderEventMessage(JSON.parse(record) as never);
    await rawProducer.send({ topic: env.KAFKA_ORDERS_TOPIC, messages: [duplicate, duplicate] });
    await waitForSettled(couponId, 1);
    await assertConserved(couponId);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const debits = (await debitsOf([orderId])).filter((d) => d.kind === "DEBIT");
    assert.equal(debits.length, 1);
    assert.equal(await creditOf(userId!), 300);
    assert.equal((await ordersOf(couponId)).length, 1);
  });

  it("when a reservation is made, then its pending record is exactly the order event, whatever the user id holds", async () => {
    const couponId = await newSale(3, { price: 1_234 });
    for (const userId of [crypto.randomUUID(), 'odd "user" \\ id\u0001']) {
      const orderId = crypto.randomUUID();
      const reservation = await reserveCoupon(redis, { couponId, userId, orderId });
      assert.equal(reservation.code, "OK");
      const record = JSON.parse((await redis.hget(couponKeys(couponId).pending, orderId)) ?? "null") as unknown;
      assert.deepEqual(record, { orderId, userId, couponId, price: 1_234, reservedAt: reservation.reservedAt });
      assert.equal(await releaseReservation(redis, { couponId, orderId, userId }), true);
    }
    assert.equal(await redis.get(couponKeys(couponId).stock), "3");
  });

  it("when a reservation's Kafka publish never happened, then the sweeper publishes it and it settles", async () => {
    const couponId = await newSale(3, { price: 200 });
    const [userId] = await createUsers(1, 1_000);
    const orderId = crypto.randomUUID();
    const reservation = await reserveCoupon(redis, { couponId, userId: userId!, orderId });
    assert.equal(reservation.code, "OK");
    assert.equal((await getOrder(userId!, orderId)).status, "PENDING");
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const swept = await sweepPendingOrders({ redis, publisher, results, staleAfterMs: 1_000 });
    assert.ok(swept.republished >= 1);
    const [row] = await waitForSettled(couponId, 1);
    assert.deepEqual([row?.id, row?.status], [orderId, "PAID"]);
    await assertConserved(couponId);
  });

  it("when the buyer holds a socket, then the order event on Kafka names that instance", async () => {
    const couponId = await newSale(3);
    const [userId] = await createUsers(1);
    // A scratch topic of its own, so the event can be read back exactly as the worker would receive it.
    const topic = `orders-probe-${crypto.randomUUID()}`;
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
    const probe = createOrderPublisher({ topic });
    const reader = kafka.consumer({ groupId: `probe-${crypto.randomUUID()}` });
    let answer: { orderId: string } | undefined;
    try {
      await redis.set(socketServerKey(userId!), "instance-b", "EX", 60);
      answer = await purchaseCoupon({ userId: userId!, couponId }, { publisher: probe });
      let received: OrderEvent | undefined;
      await reader.connect();
      await reader.subscribe({ topic, fromBeginning: true });
      await reader.run({ eachMessage: async ({ message }) => void (received = decodeOrderEvent(message.value)) });
      const event = await waitFor(async () => received, 30_000, "the order event on the probe topic");
      assert.deepEqual(
        [event.orderId, event.userId, event.couponId, event.serverId],
        [answer.orderId, userId, couponId, "instance-b"],
      );
    } finally {
      await reader.disconnect();
      await probe.close();
      await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
      await admin.disconnect();
      await redis.del(socketServerKey(userId!));
      // Nothing settles from the probe topic: give the unit back rather than leave it to the sweeper.
      if (answer) await releaseReservation(redis, { couponId, orderId: answer.orderId, userId: userId! });
    }
  });

  it("when Kafka refuses the order event, then the shopper still has the order and the sweeper settles it", async () => {
    const couponId = await newSale(3, { price: 200 });
    const [userId] = await createUsers(1, 1_000);
    // A real producer aimed at a topic the broker does not have: every send is refused.
    const refusing = createOrderPublisher({ topic: `missing-${crypto.randomUUID()}` });
    const leftBefore = await leftToSweeper();
    try {
      const answer = await purchaseCoupon({ userId: userId!, couponId }, { publisher: refusing });
      assert.equal(answer.status, "PENDING");
      await waitFor(
        async () => ((await leftToSweeper()) > leftBefore ? true : undefined),
        15_000,
        "the refused publish was left to the sweeper",
      );
      // Nothing was given back: the unit stays reserved for this order and the status API still knows it.
      assert.equal(await redis.hexists(couponKeys(couponId).pending, answer.orderId), 1);
      assert.equal(await redis.get(couponKeys(couponId).stock), "2");
      assert.equal((await getOrder(userId!, answer.orderId)).status, "PENDING");
      assert.equal((await ordersOf(couponId)).length, 0);

      const swept = await sweepPendingOrders({ redis, publisher, results, staleAfterMs: 0 });
      assert.ok(swept.republished >= 1);
      const [row] = await waitForSettled(couponId, 1);
      assert.deepEqual([row?.id, row?.status], [answer.orderId, "PAID"]);
      assert.equal(await creditOf(userId!), 800);
      await assertConserved(couponId);
    } finally {
      await refusing.close().catch(() => undefined);
    }
  });

  it("when a client repeats an Idempotency-Key, then every copy gets the one order, even concurrent ones", async () => {
    const couponId = await newSale(5);
    const [userId] = await createUsers(1);
    const answers = await Promise.all(Array.from({ length: 5 }, () => buy(userId!, couponId, "key-1")));
    const orderIds = new Set(answers.map((answer) => answer.orderId));
    assert.equal(orderIds.size, 1, "five concurrent copies of one click, one order");
    const [orderId] = [...orderIds];
    assert.equal((await buy(userId!, couponId, "key-1")).orderId, orderId);
    // Another click of the same shopper is a new request: refused, and the refusal leaves no record behind.
    assert.equal(await codeOf(buy(userId!, couponId, "key-2")), "ALREADY_PURCHASED");
    assert.equal(await redis.exists(idempotencyKeyOf(couponId, userId!, "key-2")), 0);
    assert.ok(
      (await redis.ttl(idempotencyKeyOf(couponId, userId!, "key-1"))) > 23 * 3600,
      "the order is remembered ~24 h",
    );
    const [row] = await waitForSettled(couponId, 1);
    assert.deepEqual([row?.id, (await ordersOf(couponId)).length], [orderId, 1]);
    // Settled, and even after the sale closed, the same click still answers with its order.
    await pool.query(
      "UPDATE coupons SET sale_end = UTC_TIMESTAMP(3) - INTERVAL 1 SECOND, sale_start = UTC_TIMESTAMP(3) - INTERVAL 1 HOUR WHERE id = ?",
      [couponId],
    );
    await warmCouponSale(couponId);
    assert.equal((await buy(userId!, couponId, "key-1")).orderId, orderId);
    assert.equal(await codeOf(buy(userId!, couponId, "key-3")), "SALE_ENDED");
    assert.equal(await redis.scard(couponKeys(couponId).buyers), 1);
  });

  it("when the body or headers carry forbidden or malformed values, then the request is refused with 400", () => {
    for (const body of [{ price: 1 }, { userId: "x" }, { status: "PAID" }, "text", 42]) {
      assert.throws(() => parsePurchaseRequest({ couponId: "1", body, idempotencyKey: undefined }), {
        code: "BAD_REQUEST",
      });
    }
    for (const couponId of ["0", "-1", "abc", "1.5", "1e3", "0x10", " 7"]) {
      assert.throws(() => parsePurchaseRequest({ couponId, body: undefined, idempotencyKey: undefined }), {
        code: "BAD_REQUEST",
      });
    }
    for (const key of ["", "a b", "x".repeat(101), "é"]) {
      assert.throws(() => parsePurchaseRequest({ couponId: "1", body: undefined, idempotencyKey: key }), {
        code: "BAD_REQUEST",
      });
    }
    assert.deepEqual(parsePurchaseRequest({ couponId: "7", body: {}, idempotencyKey: "abc-1" }), {
      couponId: 7,
      idempotencyKey: "abc-1",
    });
  });

  it("when the sale has not started, has ended, is paused or the coupon is unknown, then the purchase is refused accordingly", async () => {
    const [userId] = await createUsers(1);
    const notStarted = await newSale(5, { startOffsetMs: 60_000 });
    const ended = await newSale(5, { startOffsetMs: -120_000, endOffsetMs: -60_000 });
    const paused = await newSale(5, { state: "PAUSED" });
    const disabled = await newSale(5, { state: "DISABLED" });
    assert.equal(await codeOf(buy(userId!, notStarted)), "SALE_NOT_STARTED");
    assert.equal(await codeOf(buy(userId!, ended)), "SALE_ENDED");
    assert.equal(await codeOf(buy(userId!, paused)), "SALE_PAUSED");
    assert.equal(await codeOf(buy(userId!, disabled)), "NOT_FOUND");
    assert.equal(await codeOf(buy(userId!, 2_000_000_000)), "NOT_FOUND");
    assert.equal(await codeOf(buy(userId!, 2_000_000_000)), "NOT_FOUND");
    for (const couponId of [notStarted, ended, paused]) assert.equal(await redis.get(couponKeys(couponId).stock), "5");
  });

  it("when the stock key is missing, then the purchase answers TRY_AGAIN_LATER and the warm-up restores it without giving pending units away", async () => {
    const couponId = await newSale(4);
    const users = await createUsers(3);
    // A reservation that is pending (not yet settled) must stay reserved across the rebuild.
    assert.equal(
      (await reserveCoupon(redis, { couponId, userId: users[0]!, orderId: crypto.randomUUID() })).code,
      "OK",
    );
    await redis.del(couponKeys(couponId).stock, couponKeys(couponId).buyers);
    assert.equal(await codeOf(buy(users[1]!, couponId)), "TRY_AGAIN_LATER");
    assert.equal(await redis.get(couponKeys(couponId).stock), "3");
    assert.equal(await redis.sismember(couponKeys(couponId).buyers, users[0]!), 1);
    assert.equal(await codeOf(buy(users[1]!, couponId)), "ACCEPTED");
    assert.equal((await warmCouponSale(couponId)).status, "kept");
    assert.equal(await redis.get(couponKeys(couponId).stock), "2");
    await sweepPendingOrders({ redis, publisher, results, staleAfterMs: 0 });
    await waitForSettled(couponId, 2);
    await assertConserved(couponId);
  });

  it("when Redis drifts from MySQL, then reconcile reports it and --fix repairs it", async () => {
    const couponId = await newSale(6);
    const [userId] = await createUsers(1);
    await buy(userId!, couponId);
    await waitForSettled(couponId, 1);
    await waitForNoPending(couponId);
    await redis.set(couponKeys(couponId).stock, 99);
    await redis.sadd(couponKeys(couponId).buyers, "ghost");
    const report = await reconcileSales(redis, { fix: true });
    const mine = report.differences.filter((d) => d.couponId === couponId).map((d) => d.what);
    assert.ok(mine.includes("stock") && mine.includes("buyers without an order"), JSON.stringify(mine));
    assert.ok(report.fixed.includes(couponId));
    await assertConserved(couponId);
    const orders = await listMyOrders(userId!);
    assert.deepEqual(
      orders.map((o) => [o.couponId, o.status]),
      [[couponId, "PAID"]],
    );
  });
});
