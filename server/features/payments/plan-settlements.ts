import type { OrderEvent } from "@/server/events/order-event";

export type FailureReason =
  | "INSUFFICIENT_CREDIT"
  | "USER_NOT_FOUND"
  | "ALREADY_OWNED"
  | "OUT_OF_STOCK"
  | "COUPON_NOT_FOUND"
  /**
   * Only where a caller passes `isHeld` and says the reservation was given back. The worker does not: its
   * events settle on MySQL's own guards, so a Redis that lost its pending records cannot fail an accepted order.
   */
  | "RESERVATION_RELEASED"
  | "SETTLEMENT_ERROR";

export type Decision =
  { event: OrderEvent; outcome: "PAID" } | { event: OrderEvent; outcome: "FAILED"; reason: FailureReason };

/** What the batch transaction read under its locks: the facts every decision depends on. */
export interface LockedState {
  /** Coupon id → stock; a coupon missing here does not exist. */
  stock: ReadonlyMap<number, number>;
  /** User id → credit in cents; a user missing here does not exist. */
  credit: ReadonlyMap<string, number>;
  /** ownershipKey(userId, couponId) of every (user, coupon) pair already in user_coupons. */
  owned: ReadonlySet<string>;
}

/** The worker's view: an accepted order's unit is its own until MySQL says otherwise. */
export const alwaysHeld = (): boolean => true;

export function ownershipKey(userId: string, couponId: number): string {
  return `${couponId}\u0000${userId}`;
}

/**
 * The order both settlement paths decide in: per user, oldest reservation first. Deciding in one fixed order
 * makes "which of a user's two orders got the last of the credit" the same on a replay and in either path.
 */
export function settlementOrder(a: OrderEvent, b: OrderEvent): number {
  if (a.userId !== b.userId) return a.userId < b.userId ? -1 : 1;
  return a.reservedAt - b.reservedAt;
}

/**
 * Decides fresh orders in memory, checking what the per-order path checks and in the same sequence (coupon,
 * reservation, stock, user, credit, ownership), so both paths give every order the same outcome and reason.
 * Each PAID order consumes one unit, its price from the user's credit, and the (user, coupon) pair, for the
 * orders decided after it. Returns the decisions in settlement order.
 */
export function planSettlements(
  fresh: OrderEvent[],
  state: LockedState,
  isHeld: (orderId: string) => boolean = alwaysHeld,
): Decision[] {
  const stock = new Map(state.stock);
  const credit = new Map(state.credit);
  const owned = new Set(state.owned);
  return [...fresh].sort(settlementOrder).map((event): Decision => {
    const fail = (reason: FailureReason): Decision => ({ event, outcome: "FAILED", reason });
    const left = stock.get(event.couponId);
    if (left === undefined) return fail("COUPON_NOT_FOUND");
    if (!isHeld(event.orderId)) return fail("RESERVATION_RELEASED");
    if (left <= 0) return fail("OUT_OF_STOCK");
    const balance = credit.get(event.userId);
    if (balance === undefined) return fail("USER_NOT_FOUND");
    if (balance < event.price) return fail("INSUFFICIENT_CREDIT");
    const pair = ownershipKey(event.userId, event.couponId);
    if (owned.has(pair)) return fail("ALREADY_OWNED");
    stock.set(event.couponId, left - 1);
    credit.set(event.userId, balance - event.price);
    owned.add(pair);
    return { event, outcome: "PAID" };
  });
}
