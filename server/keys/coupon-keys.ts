/**
 * Redis keys of one coupon, shared by the features that keep a coupon's sale in Redis (inventory, orders, the
 * waiting room…), so none of them has to import another for a key name. They share the hash tag `{coupon:<id>}`,
 * so every script that touches them runs unchanged on Redis Cluster (all of a coupon's keys live in one slot).
 *
 * - stock:   string, live remaining stock. The purchase script decrements it; it never expires while the coupon
 *            can be sold: it is the reservation ledger, not a cache. Listings read it too.
 * - buyers:  set of user ids holding a PAID or pending order.
 * - sale:    hash with the sale's rules the purchase script checks atomically (price, window, state, and whether
 *            a waiting room admits its buyers).
 * - pending: hash orderId → pending order record (the outbox of accepted-but-unsettled orders).
 * - outcomes: hash outcome → count, for the admin's live sale view (purchase answers and settlement results).
 * - room, roomQueue, roomAdmitted: the sale's waiting room, when it has one (server/features/waiting-room): its
 *            settings and state, the line, and who holds an admission until when. Here because the purchase
 *            script checks the admission in the same atomic step as the stock.
 */
export function couponKeys(couponId: number) {
  const tag = `{coupon:${couponId}}`;
  return {
    stock: `${tag}:stock`,
    buyers: `${tag}:buyers`,
    sale: `${tag}:sale`,
    pending: `${tag}:pending`,
    outcomes: `${tag}:outcomes`,
    room: `${tag}:room`,
    roomQueue: `${tag}:room:queue`,
    roomAdmitted: `${tag}:room:admitted`,
  } as const;
}

/** String orderId: the purchase a user made of this coupon under an Idempotency-Key (written by purchase.lua). */
export function idempotencyKeyOf(couponId: number, userId: string, key: string): string {
  return `{coupon:${couponId}}:idem:${userId}:${key}`;
}

/**
 * Coupon ids whose sale is loaded in Redis (added by the warm-up). The sweeper, the auditor and reconcile walk
 * this set instead of SCANning. It is a plain key outside any hash tag: the purchase script never touches it,
 * so the hot path pays nothing for it.
 */
export const loadedSalesKey = "sales:loaded";
