import { couponKeys } from "@/server/keys/coupon-keys";

/**
 * Redis keys of one coupon's waiting room (declared with the coupon's other keys, whose hash tag they share, so the
 * room's scripts read the sale's stock in the same atomic step, on one node or on a Redis Cluster).
 *
 * - room:     hash with the room's settings (opening, pre-queue start, rate, margin, admission lifetime), its state
 *             (waiting | open | soldout), the admission cursor and counters (joined, admitted, abandoned).
 * - queue:    sorted set userId → order score: a random number in [0,1) for who joined before the opening, then
 *             1 + arrival number. A shopper's ticket is their rank + 1.
 * - admitted: sorted set userId → when their admission expires (ms).
 */
export function roomKeys(couponId: number) {
  const keys = couponKeys(couponId);
  return { room: keys.room, queue: keys.roomQueue, admitted: keys.roomAdmitted, stock: keys.stock } as const;
}

/**
 * String "1" while a proof-of-work challenge (named by its random nonce) has been used to join, until the
 * challenge expires: a challenge joins once. Under the coupon's hash tag, with the room's other keys.
 */
export function roomProofUsedKey(couponId: number, challengeNonce: string): string {
  return `{coupon:${couponId}}:room:pow:${challengeNonce}`;
}
