import { and, eq, gte, inArray, sql } from "drizzle-orm";
import { coupons, creditLedger, orders, userCoupons, users } from "@/drizzle/schema";
import type { OrderEvent } from "@/server/features/orders/order-event";
import { db } from "@/server/infra/db";

/**
 * Settlement's door to MySQL. One transaction per batch: the coupon rows are locked first (sorted), then each
 * order runs in a savepoint so one refused order does not undo the others, and each coupon's stock row gets
 * one conditional UPDATE for the whole batch instead of one per order (notes §4: the hot row is the limit).
 */

export type FailureReason =
  | "INSUFFICIENT_CREDIT"
  | "USER_NOT_FOUND"
  | "ALREADY_OWNED"
  | "OUT_OF_STOCK"
  | "COUPON_NOT_FOUND"
  /** Redis no longer holds the reservation (rolled back after a publish timeout, or lost): nothing to sell. */
  | "RESERVATION_RELEASED"
  | "SETTLEMENT_ERROR";

export type Settlement =
  | { event: OrderEvent; outcome: "PAID" }
  | { event: OrderEvent; outcome: "FAILED"; reason: FailureReason; error?: unknown }
  /** MySQL already had this order (a replay): nothing written now, its stored result reported. */
  | { event: OrderEvent; outcome: "REPLAYED"; status: "PAID" | "FAILED" | "PENDING"; reason: string | null };

class Refusal extends Error {
  constructor(readonly reason: FailureReason) {
    super(reason);
  }
}

class AlreadySettled extends Error {}

const ER_DUP_ENTRY = 1062;

function isDuplicate(error: unknown, index?: string): boolean {
  const cause = (error as { cause?: { errno?: number; message?: string } })?.cause ?? (error as { errno?: number; message?: string });
  if (cause?.errno !== ER_DUP_ENTRY) return false;
  return index === undefined || String(cause.message).includes(index);
}

/** Settles the events (distinct order ids) in one transaction. `isHeld` says whether Redis still holds the reservation. */
export async function settleBatch(events: OrderEvent[], isHeld: (orderId: string) => boolean): Promise<Settlement[]> {
  return db.transaction(async (tx) => {
    const ids = events.map((event) => event.orderId);
    const existing = await tx
      .select({ id: orders.id, status: orders.status, reason: orders.failureReason })
      .from(orders)
      .where(inArray(orders.id, ids));
    const stored = new Map(existing.map((row) => [row.id, row]));
    const results: Settlement[] = [];

    // Lock order: coupon rows (ascending id), then user rows (ascending id). Two workers settling different
    // partitions then never wait on each other in a cycle.
    const couponIds = [...new Set(events.map((event) => event.couponId))].sort((a, b) => a - b);
    const stockLeft = new Map<number, number>();
    for (const couponId of couponIds) {
      const rows = await tx.select({ stock: coupons.stock }).from(coupons).where(eq(coupons.id, couponId)).for("update");
      if (rows[0]) stockLeft.set(couponId, rows[0].stock);
    }
    const paidPerCoupon = new Map<number, number>();

    const fresh = events
      .filter((event) => {
        const row = stored.get(event.orderId);
        if (row) results.push({ event, outcome: "REPLAYED", status: row.status, reason: row.reason });
        return !row;
      })
      .sort((a, b) => (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : a.reservedAt - b.reservedAt));

    for (const event of fresh) {
      const left = stockLeft.get(event.couponId);
      let reason: FailureReason | undefined;
      let error: unknown;
      if (left === undefined) reason = "COUPON_NOT_FOUND";
      else if (!isHeld(event.orderId)) reason = "RESERVATION_RELEASED";
      else if (left <= 0) reason = "OUT_OF_STOCK";
      else {
        try {
          await tx.transaction(async (savepoint) => {
            try {
              await savepoint.insert(orders).values(orderRow(event, "PAID", null));
            } catch (insertError) {
              if (isDuplicate(insertError)) throw new AlreadySettled();
              throw insertError;
            }
            const [debited] = await savepoint
              .update(users)
              .set({ credit: sql`${users.credit} - ${event.price}` })
              .where(and(eq(users.id, event.userId), gte(users.credit, event.price)));
            if (debited.affectedRows !== 1) {
              const found = await savepoint.select({ id: users.id }).from(users).where(eq(users.id, event.userId));
              throw new Refusal(found.length > 0 ? "INSUFFICIENT_CREDIT" : "USER_NOT_FOUND");
            }
            try {
              await savepoint
                .insert(userCoupons)
                .values({ userId: event.userId, couponId: event.couponId, orderId: event.orderId, price: event.price });
            } catch (ownError) {
              if (isDuplicate(ownError, "user_coupons_user_coupon_uq")) throw new Refusal("ALREADY_OWNED");
              throw ownError;
            }
            await savepoint
              .insert(creditLedger)
              .values({ userId: event.userId, orderId: event.orderId, kind: "DEBIT", amount: -event.price });
          });
          stockLeft.set(event.couponId, (left ?? 0) - 1);
          paidPerCoupon.set(event.couponId, (paidPerCoupon.get(event.couponId) ?? 0) + 1);
          results.push({ event, outcome: "PAID" });
          continue;
        } catch (settleError) {
          if (settleError instanceof AlreadySettled) {
            // Another consumer (a rebalance overlap) committed it meanwhile: report, never charge again.
            results.push({ event, outcome: "REPLAYED", status: "PAID", reason: null });
            continue;
          }
          if (settleError instanceof Refusal) reason = settleError.reason;
          else {
            reason = "SETTLEMENT_ERROR";
            error = settleError;
          }
        }
      }
      await tx.insert(orders).values(orderRow(event, "FAILED", reason));
      results.push({ event, outcome: "FAILED", reason, error });
    }

    for (const [couponId, paid] of paidPerCoupon) {
      const [updated] = await tx
        .update(coupons)
        .set({ stock: sql`${coupons.stock} - ${paid}` })
        .where(and(eq(coupons.id, couponId), gte(coupons.stock, paid)));
      // Cannot happen while we hold the row lock; if it does, undo the whole batch rather than oversell.
      if (updated.affectedRows !== 1) throw new Error(`stock guard refused ${paid} units of coupon ${couponId}`);
    }
    return results;
  });
}

function orderRow(event: OrderEvent, status: "PAID" | "FAILED", reason: FailureReason | null) {
  return {
    id: event.orderId,
    userId: event.userId,
    couponId: event.couponId,
    price: event.price,
    status,
    failureReason: reason,
    serverId: event.serverId,
    reservedAt: new Date(event.reservedAt),
  };
}

export async function findCredits(userIds: string[]): Promise<Map<string, number>> {
  if (userIds.length === 0) return new Map();
  const rows = await db.select({ id: users.id, credit: users.credit }).from(users).where(inArray(users.id, userIds));
  return new Map(rows.map((row) => [row.id, row.credit]));
}
