import { randomUUID } from "node:crypto";
import type { RedisClient } from "@/server/infra/redis-client";
import { reserveCoupon, type PurchaseCode } from "@/server/features/inventory/scripts";
import { warmCouponSale } from "@/server/features/inventory/warm-coupon-sale";
import { idempotencyKeySchema } from "@/server/features/orders/idempotency";
import { purchaseBody, purchaseCouponIdParam, type PurchaseAccepted } from "@/contract/orders";
import { orderPublisher, type OrderPublisher } from "@/server/features/orders/order-publisher";
import type { OrderEvent } from "@/server/events/order-event";
import { findSocketServerId } from "@/server/features/orders/socket-presence";
import { saleOutcomes } from "@/server/features/sales/sale-outcomes";
import { AppError, isAppError } from "@/server/errors";
import { parseInput } from "@/server/validation";
import { childLogger } from "@/server/infra/logger";
import { metrics } from "@/server/infra/metrics";
import { redis as sharedRedis } from "@/server/infra/redis";

const log = childLogger("purchase");

export interface PurchaseInput {
  userId: string;
  couponId: number;
  idempotencyKey?: string;
}

/** The 202 answer, as the contract describes it. */
export type PurchaseResult = PurchaseAccepted;

export interface PurchaseDeps {
  redis?: RedisClient;
  publisher?: OrderPublisher;
}

/** The body a client may send: nothing, or an empty JSON object (the contract's purchase body). */
export const purchaseBodySchema = purchaseBody.optional();

export const couponIdSchema = purchaseCouponIdParam;

/** Validates the door's raw inputs (path id, body, header) and returns the purchase input. */
export function parsePurchaseRequest(raw: {
  couponId: unknown;
  body: unknown;
  idempotencyKey: string | null | undefined;
}) {
  const couponId = parseInput(couponIdSchema, raw.couponId);
  parseInput(purchaseBodySchema, raw.body);
  const idempotencyKey =
    raw.idempotencyKey === null || raw.idempotencyKey === undefined
      ? undefined
      : parseInput(idempotencyKeySchema, raw.idempotencyKey);
  return { couponId, idempotencyKey };
}

/**
 * Buys one coupon: an atomic reservation in Redis (purchase.lua: window, dedupe, stock, pending record), then
 * 202 PENDING, while the order event leaves for Kafka in the next micro-batch. The worker settles payment; the
 * shopper hears the result over the socket and can always read it from GET /api/orders/:id.
 */
export async function purchaseCoupon(input: PurchaseInput, deps: PurchaseDeps = {}): Promise<PurchaseResult> {
  const redis = deps.redis ?? sharedRedis;
  try {
    const result = await reserveAndHandOver(redis, deps.publisher ?? orderPublisher(), input);
    countOutcome(redis, input.couponId, result.replayed ? "REPLAYED" : "ACCEPTED");
    return { orderId: result.orderId, status: "PENDING" };
  } catch (error) {
    countOutcome(redis, input.couponId, isAppError(error) ? error.code : "INTERNAL");
    throw error;
  }
}

function countOutcome(redis: RedisClient, couponId: number, outcome: string) {
  metrics.purchaseOutcomes.inc({ outcome });
  // Unknown ids get no per-coupon counter: a flood of bogus ids must not create a Redis key each.
  if (outcome !== "NOT_FOUND") saleOutcomes(redis).record(couponId, outcome);
}

async function reserveAndHandOver(
  redis: RedisClient,
  publisher: OrderPublisher,
  input: PurchaseInput,
): Promise<{ orderId: string; replayed: boolean }> {
  const orderId = randomUUID();
  const reservation = await reserveCoupon(redis, { ...input, orderId });
  // The same click again (Idempotency-Key): its order, whatever has happened to it since (the status API tells).
  if (reservation.code === "REPLAY") {
    if (!reservation.orderId) throw new Error("purchase.lua replayed without an order id");
    return { orderId: reservation.orderId, replayed: true };
  }
  if (reservation.code === "RATE_LIMITED") {
    throw new AppError("RATE_LIMITED", { retryAfterSeconds: Math.max(1, Math.ceil(reservation.remaining / 1000)) });
  }
  if (reservation.code !== "OK") return refuse(reservation.code, input.couponId);
  handOver(redis, publisher, {
    orderId,
    userId: input.userId,
    couponId: input.couponId,
    price: reservation.price,
    reservedAt: reservation.reservedAt,
  });
  return { orderId, replayed: false };
}

/**
 * Sends the order event without making the shopper wait for it. The pending record that purchase.lua wrote in
 * the same atomic step as the reservation is the outbox: if the broker refuses, times out or this process dies
 * first, the sweeper finds the record and publishes it (settlement is idempotent by order id, so a late duplicate
 * is harmless). Losing an accepted order takes two failures inside one batch's round trip: this process dying
 * and Redis losing the record. Waiting for the ack cost the accepted few a long tail under load and held the
 * edge's admission slots at every sale's opening (bench/README.md).
 *
 * The event names the instance holding the buyer's socket (the requirements' routing); that lookup is the
 * accepted order's only extra Redis round trip, so it happens here too, after the answer. Unknown (no socket,
 * or Redis did not say) is null, and the worker looks again when it settles.
 */
function handOver(redis: RedisClient, publisher: OrderPublisher, order: Omit<OrderEvent, "serverId">) {
  findSocketServerId(redis, order.userId)
    .catch(() => null)
    .then((serverId) => publisher.publish({ ...order, serverId }))
    .catch((error: unknown) => {
      metrics.ordersLeftToSweeper.inc();
      log.warn(
        { err: error, orderId: order.orderId, couponId: order.couponId },
        "order event not acknowledged; the sweeper will publish it",
      );
    });
}

async function refuse(code: Exclude<PurchaseCode, "OK" | "REPLAY" | "RATE_LIMITED">, couponId: number): Promise<never> {
  switch (code) {
    case "NO_SALE":
    case "NO_STOCK": {
      // Not loaded in Redis: never "sold out", never "full stock". Rebuild it from MySQL
      // under the per-coupon mutex and let the client retry; unknown coupons become 404 here.
      const outcome = await warmCouponSale(couponId);
      if (outcome.status === "not-found") throw new AppError("NOT_FOUND", { message: "No such coupon." });
      throw new AppError("TRY_AGAIN_LATER", { retryAfterSeconds: 1 });
    }
    case "NOT_FOUND":
      throw new AppError("NOT_FOUND", { message: "No such coupon." });
    default:
      throw new AppError(code);
  }
}
