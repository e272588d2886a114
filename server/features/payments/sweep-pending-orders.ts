import type { RedisClient } from "@/server/infra/redis-client";
import { couponKeys, loadedSalesKey } from "@/server/keys/coupon-keys";
import { findSettledOrders } from "@/server/features/inventory/sale-repository";
import { decodeOrderEvent, type OrderEvent } from "@/server/events/order-event";
import type { OrderPublisher } from "@/server/features/orders/order-publisher";
import { finishSettlement } from "@/server/features/payments/finish-settlement";
import type { SettlementResults } from "@/server/features/payments/settlement-results";
import { childLogger } from "@/server/infra/logger";
import { metrics } from "@/server/infra/metrics";

const log = childLogger("pending-sweeper");

export const DEFAULT_STALE_AFTER_MS = 30_000;
/**
 * A pending record is published again at most once per this interval. During a settlement backlog every record
 * looks stale, and re-publishing all of them every sweep would multiply the backlog it is waiting on.
 */
export const DEFAULT_REPUBLISH_INTERVAL_MS = 60_000;
/** Records per produce request: ~200 bytes each keeps a request far below the broker's 1 MiB message limit. */
export const REPUBLISH_CHUNK = 500;
/** Fields per HSCAN step: a sale with 100,000 pending orders is read in pieces, never in one blocking HVALS. */
const SCAN_COUNT = 1_000;

export interface SweepResult {
  /** Pending records whose order MySQL did not have: published to Kafka again. */
  republished: number;
  /** Pending records whose order MySQL had settled (a crash after commit): finished in Redis now. */
  finished: number;
  /** Stale records left alone because they were published again less than an interval ago. */
  recentlySwept: number;
  /** Coupons whose sweep failed (logged); the others were swept regardless. */
  failedCoupons: number[];
}

export interface SweepOptions {
  redis: RedisClient;
  publisher: OrderPublisher;
  /** Where the results of orders found settled are sent, as the consumer sends its own. */
  results: SettlementResults;
  staleAfterMs?: number;
  republishIntervalMs?: number;
  /** Coupons to sweep; every loaded sale when left out. */
  couponIds?: number[];
}

/**
 * The outbox relay for what the purchase path could not deliver: a pending record older than `staleAfterMs`
 * means its event was lost (the process died between Redis and Kafka), is still queued behind a backlog, or its
 * settlement stopped halfway. Each is published again at most once per `republishIntervalMs` (remembered in the
 * coupon's `swept` sorted set, orderId → time), in produce requests of at most REPUBLISH_CHUNK events, and one
 * coupon's failure does not stop the others. Safe to run twice at once, or to re-publish an event still in
 * flight: settlement is idempotent by order id.
 */
export async function sweepPendingOrders(options: SweepOptions): Promise<SweepResult> {
  const { redis } = options;
  const now = await redisNowMs(redis);
  const result: SweepResult = { republished: 0, finished: 0, recentlySwept: 0, failedCoupons: [] };
  const couponIds = options.couponIds ?? (await redis.smembers(loadedSalesKey)).map(Number);
  for (const couponId of couponIds) {
    try {
      const swept = await sweepCoupon(options, couponId, now);
      result.republished += swept.republished;
      result.finished += swept.finished;
      result.recentlySwept += swept.recentlySwept;
    } catch (error) {
      result.failedCoupons.push(couponId);
      log.error({ err: error, couponId }, "sweeping a coupon's pending orders failed; the other coupons go on");
    }
  }
  return result;
}

async function sweepCoupon(options: SweepOptions, couponId: number, now: number) {
  const { redis, publisher, results } = options;
  const keys = couponKeys(couponId);
  const swept = sweptKey(couponId);
  const cutoff = now - (options.staleAfterMs ?? DEFAULT_STALE_AFTER_MS);
  const interval = options.republishIntervalMs ?? DEFAULT_REPUBLISH_INTERVAL_MS;
  // Entries older than one interval are due again anyway: dropping them keeps the set as small as one
  // interval's re-publishes, and cleans up after orders that settled meanwhile.
  await redis.zremrangebyscore(swept, "-inf", `(${now - interval}`);
  const recent = new Set(await redis.zrange(swept, "0", "-1"));

  const stale = new Map<string, OrderEvent>();
  let recentlySwept = 0;
  let cursor = "0";
  do {
    const [next, fields] = await redis.hscan(keys.pending, cursor, "COUNT", SCAN_COUNT);
    cursor = next;
    for (let i = 0; i < fields.length; i += 2) {
      const orderId = fields[i]!;
      if (stale.has(orderId)) continue; // HSCAN may return a field twice
      try {
        const event = decodeOrderEvent(fields[i + 1]);
        // Stale once its age reaches staleAfterMs (0: every record, even one reserved this millisecond).
        if (event.reservedAt > cutoff) continue;
        if (recent.has(orderId)) recentlySwept += 1;
        else stale.set(orderId, event);
      } catch (error) {
        log.error({ err: error, couponId, orderId }, "unreadable pending record");
      }
    }
  } while (cursor !== "0");
  if (stale.size === 0) return { republished: 0, finished: 0, recentlySwept };

  const events = [...stale.values()];
  const settled = await findSettledOrders(events.map((event) => event.orderId));
  const done = events.flatMap((event) => {
    const row = settled.get(event.orderId);
    if (!row || row.status === "PENDING") return [];
    return [{ event, status: row.status, reason: row.failureReason }];
  });
  await finishSettlement(redis, done, results);
  const lost = events.filter((event) => !settled.has(event.orderId));
  for (let i = 0; i < lost.length; i += REPUBLISH_CHUNK) {
    const chunk = lost.slice(i, i + REPUBLISH_CHUNK);
    await publisher.publishNow(chunk);
    // Marked after the broker's ack: a refused chunk is tried again at the next sweep, not an interval later.
    await redis.zadd(swept, ...chunk.flatMap((event) => [now, event.orderId]));
    metrics.sweeperRepublished.inc(chunk.length);
  }
  await redis.pexpire(swept, interval * 2);
  if (lost.length > 0 || done.length > 0)
    log.warn({ couponId, republished: lost.length, finished: done.length }, "swept stale pending orders");
  return { republished: lost.length, finished: done.length, recentlySwept };
}

/** Sorted set orderId → when the sweeper last published it; in the coupon's hash slot like its other keys. */
export function sweptKey(couponId: number): string {
  return `{coupon:${couponId}}:swept`;
}

async function redisNowMs(redis: RedisClient): Promise<number> {
  const [seconds, micros] = await redis.time();
  return Number(seconds) * 1000 + Math.floor(Number(micros) / 1000);
}
