import type { ChainableCommander } from "ioredis";
import { couponKeys } from "@/server/keys/coupon-keys";
import { globalSingleton } from "@/server/infra/global-singleton";
import { childLogger } from "@/server/infra/logger";
import { execPerMaster, type RedisClient } from "@/server/infra/redis-client";
import { onShutdown } from "@/server/infra/shutdown";

const log = childLogger("sale-outcomes");

const FLUSH_INTERVAL_MS = 1000;
/** Counts outlive the sale for a week, long enough to look back at it. */
const OUTCOMES_TTL_SECONDS = 7 * 24 * 3600;

/**
 * Per-coupon outcome counts for the live sale view. The purchase path only bumps an in-memory counter; a timer
 * adds the counts to Redis once a second in one pipeline, so a sale of thousands of requests per second costs
 * Redis a handful of HINCRBYs per second per instance, and nothing on the request itself.
 */
export class SaleOutcomeCounter {
  private pending = new Map<number, Map<string, number>>();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly redis: RedisClient) {}

  record(couponId: number, outcome: string, count = 1): void {
    let counts = this.pending.get(couponId);
    if (!counts) {
      counts = new Map();
      this.pending.set(couponId, counts);
    }
    counts.set(outcome, (counts.get(outcome) ?? 0) + count);
    this.timer ??= setTimeout(() => void this.flush(), FLUSH_INTERVAL_MS).unref();
  }

  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending.size === 0) return;
    const batch = this.pending;
    this.pending = new Map();
    const entries = [...batch].map(([couponId, counts]) => {
      const key = couponKeys(couponId).outcomes;
      return {
        key,
        queue: (pipeline: ChainableCommander) => {
          for (const [outcome, count] of counts) pipeline.hincrby(key, outcome, count);
          pipeline.expire(key, OUTCOMES_TTL_SECONDS);
        },
      };
    });
    try {
      await execPerMaster(this.redis, entries);
    } catch (error) {
      // Statistics only: a lost second of counts is logged, never retried into the hot path.
      log.warn({ err: error }, "outcome counts not written");
    }
  }
}

export async function readSaleOutcomes(redis: RedisClient, couponId: number): Promise<Record<string, number>> {
  const raw = await redis.hgetall(couponKeys(couponId).outcomes);
  return Object.fromEntries(Object.entries(raw).map(([outcome, count]) => [outcome, Number(count)]));
}

/** The process-wide counter, flushed on shutdown. */
export function saleOutcomes(redis: RedisClient): SaleOutcomeCounter {
  return globalSingleton("sale-outcome-counter", () => {
    const counter = new SaleOutcomeCounter(redis);
    onShutdown("sale-outcomes", () => counter.flush());
    return counter;
  });
}
