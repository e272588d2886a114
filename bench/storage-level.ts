import { randomUUID } from "node:crypto";
import { newHistogram, summarize, type LatencySummary } from "@/bench/load";
import { mapLimit } from "@/bench/concurrency";
import { createBenchCoupon, createStorageUsers, retireBenchCoupon } from "@/bench/sale";
import { purchaseWithStrategy, strategyNames } from "@/bench/strategies/mysql-strategies";
import { couponKeys } from "@/server/keys/coupon-keys";
import { reserveCoupon } from "@/server/features/inventory/scripts";
import { pool } from "@/server/infra/db";
import { redis } from "@/server/infra/redis";

/**
 * Storage level, no HTTP: N reservations by our Lua script (EVALSHA through the app's ioredis client, with its
 * auto-pipelining, as the app runs it) against N purchases by each MySQL strategy (the app's pool), at the same
 * concurrency. Every operation succeeds (stock = N, distinct users), so both sides do their full write path.
 */

export interface StorageResult {
  name: string;
  operations: number;
  concurrency: number;
  opsPerSecond: number;
  latencyMs: LatencySummary;
  outcomes: Record<string, number>;
}

async function measure(
  name: string,
  n: number,
  concurrency: number,
  op: (i: number) => Promise<string>,
): Promise<StorageResult> {
  const histogram = newHistogram();
  const outcomes: Record<string, number> = {};
  const started = performance.now();
  await mapLimit(
    Array.from({ length: n }, (_, i) => i),
    concurrency,
    async (i) => {
      const t0 = performance.now();
      const outcome = await op(i);
      histogram.recordValue(Math.max(1, Math.round((performance.now() - t0) * 1000)));
      outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
    },
  );
  const seconds = (performance.now() - started) / 1000;
  return {
    name,
    operations: n,
    concurrency,
    opsPerSecond: Math.round(n / seconds),
    latencyMs: summarize(histogram),
    outcomes,
  };
}

export async function storageLevel(n: number, concurrency: number, runId: string): Promise<StorageResult[]> {
  const results: StorageResult[] = [];

  // Redis: a scratch coupon outside `sales:loaded`, so no sweeper publishes its never-settled reservations.
  const scratch = 910_000_000 + Math.floor(Math.random() * 1_000_000);
  const keys = couponKeys(scratch);
  const now = Date.now();
  await redis.hset(keys.sale, "state", "ACTIVE", "startMs", now - 60_000, "endMs", now + 3_600_000, "price", 1);
  await redis.set(keys.stock, n);
  try {
    results.push(
      await measure(
        "redis-lua",
        n,
        concurrency,
        async (i) =>
          (await reserveCoupon(redis, { couponId: scratch, userId: `storage-${runId}-${i}`, orderId: randomUUID() }))
            .code,
      ),
    );
  } finally {
    await redis.del(keys.sale, keys.stock, keys.buyers, keys.pending);
  }

  const users = await createStorageUsers(`bench-storage-${runId}`, n, 10_000);
  for (const strategy of strategyNames) {
    const couponId = await createBenchCoupon(`${runId} storage ${strategy}`, n, { warm: false });
    results.push(
      await measure(
        `mysql-${strategy}`,
        n,
        concurrency,
        async (i) => (await purchaseWithStrategy(pool, strategy, { couponId, userId: users[i]! })).code,
      ),
    );
    await retireBenchCoupon(couponId, false);
  }
  return results;
}
