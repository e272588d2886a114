import { randomInt } from "node:crypto";
import { couponKeys } from "@/server/keys/coupon-keys";
import { roomKeys } from "@/server/features/waiting-room/room-keys";
import { LIVE_ROOMS_KEY, openRoom, type RoomSettings } from "@/server/features/waiting-room/room-scripts";
import { redis } from "@/server/infra/redis";

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Coupon ids far above any real one, so these rooms never meet a sale. */
export const testCoupon = () => 9_000_000_000 + randomInt(0, 1_000_000_000);

/** Every coupon id a test room was opened on, for the suite's clean-up. */
export const testRoomCoupons: number[] = [];

/**
 * A room on a test coupon with `stock` units, opening in 1.5 s with its pre-queue already open; ticked by the
 * test alone (out of the running stack's ticker, which must not admit anyone in between).
 */
export async function roomFor(stock: number, overrides: Partial<RoomSettings> = {}): Promise<number> {
  const couponId = testCoupon();
  testRoomCoupons.push(couponId);
  const now = Date.now();
  await redis.set(couponKeys(couponId).stock, String(stock), "PX", 120_000);
  await openRoom(redis, couponId, {
    opensAt: new Date(now + 1500),
    prequeueFrom: new Date(now - 60_000),
    ratePerSecond: 1000,
    marginPercent: 0,
    admitTtlMs: 60_000,
    expiresAt: new Date(now + 120_000),
    ...overrides,
  });
  await redis.srem(LIVE_ROOMS_KEY, String(couponId));
  return couponId;
}

/** Waits until the room's opening has passed. */
export async function untilOpen(couponId: number): Promise<void> {
  const opensAt = Number(await redis.hget(roomKeys(couponId).room, "opensAtMs"));
  await sleep(Math.max(0, opensAt - Date.now() + 50));
}
