import { getMany, type RedisClient } from "@/server/infra/redis-client";
import type { Namespace } from "socket.io";
import { couponKeys } from "@/server/keys/coupon-keys";
import { startLeaderLoop } from "@/server/infra/leader-loop";
import { childLogger } from "@/server/infra/logger";
import { metrics } from "@/server/infra/metrics";

const log = childLogger("stock-broadcaster");

/**
 * Coupons somebody watches; stale members cost one read and are dropped once their stock key is gone. Only
 * coupons with a loaded sale are ever added (public-sockets.ts), so anonymous watchers cannot grow it.
 */
export const WATCHED_COUPONS_KEY = "stock-watch:coupons";
const LEADER_KEY = "stock-watch:leader";
const LEASE_MS = 2_000;
export const BROADCAST_INTERVAL_MS = 250;

export function couponRoom(couponId: number): string {
  return `coupon:${couponId}`;
}

/**
 * Live stock for watchers, throttled by construction: one leader (a Redis lease) samples the live stock keys of
 * watched coupons every 250 ms and broadcasts only the ones that changed, through the Redis adapter to every
 * instance. A sale of 10,000 orders thus costs each watcher at most 4 messages a second, the purchase path pays
 * nothing for it, and rollbacks and admin changes show up the same way.
 */
export function startStockBroadcaster(options: { redis: RedisClient; nsp: Namespace; intervalMs?: number }) {
  const { redis, nsp } = options;
  const lastSent = new Map<number, number>();

  const broadcastChanges = async () => {
    const ids = (await redis.smembers(WATCHED_COUPONS_KEY)).map(Number).filter(Number.isSafeInteger);
    if (ids.length === 0) return;
    const stocks = await getMany(
      redis,
      ids.map((id) => couponKeys(id).stock),
    );
    const gone: number[] = [];
    ids.forEach((couponId, i) => {
      const raw = stocks[i];
      if (raw === null || raw === undefined) {
        gone.push(couponId);
        return;
      }
      const stock = Math.max(0, Number(raw) || 0);
      if (lastSent.get(couponId) === stock) return;
      lastSent.set(couponId, stock);
      nsp.to(couponRoom(couponId)).emit("stock_update", { couponId, stock });
      metrics.stockUpdatesBroadcast.inc();
    });
    if (gone.length > 0) await redis.srem(WATCHED_COUPONS_KEY, ...gone.map(String));
  };

  return startLeaderLoop({
    redis,
    leaderKey: LEADER_KEY,
    leaseMs: LEASE_MS,
    intervalMs: options.intervalMs ?? BROADCAST_INTERVAL_MS,
    work: broadcastChanges,
    // A new leader sends every stock once: what this instance sent before may have been superseded meanwhile.
    onFollower: () => lastSent.clear(),
    onError: (error) => log.warn({ err: error }, "stock broadcast tick failed"),
  });
}
