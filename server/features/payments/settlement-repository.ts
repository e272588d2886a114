import { and, asc, eq, gte, inArray, sql } from "drizzle-orm";
import { coupons, creditLedger, orders, userCoupons, users } from "@/drizzle/schema";
import type { OrderEvent } from "@/server/events/order-event";
import {
  alwaysHeld,
  ownershipKey,
  planSettlements,
  settlementOrder,
  type Decision,
  type FailureReason,
} from "@/server/features/payments/plan-settlements";
import { isTransientMysqlError } from "@/server/infra/dependency-error";
import { db } from "@/server/infra/db";
import { childLogger } from "@/server/infra/logger";
import { isDuplicateKey, isLockConflict, mysqlErrnoOf } from "@/server/infra/mysql-errors";

/**
 * Settlement's door to MySQL: one transaction per batch, two ways to run it.
 * - The batch path (the normal one): locks, reads and writes with a constant number of statements per batch,
 *   deciding every order in memory under the locks.
 * - The per-order path (the fallback): one savepoint per order, each guarded by its own conditional UPDATE and
 *   unique indexes. It runs when the batch path hits a database guard (the in-memory decision was stale) or
 *   any other error that is not a deadlock, so a poison order is isolated as SETTLEMENT_ERROR instead of
 *   blocking its partition.
 * Both lock the coupon rows first, then the user rows, each in ascending id, so two workers settling different
 * partitions never wait on each other in a cycle; each coupon's stock row gets one conditional UPDATE per batch
 * (the hot row is the limit).
 */

export type { FailureReason } from "@/server/features/payments/plan-settlements";

export type Settlement =
  | { event: OrderEvent; outcome: "PAID" }
  | { event: OrderEvent; outcome: "FAILED"; reason: FailureReason; error?: unknown }
  /** MySQL already had this order (a replay): nothing written now, its stored result reported. */
  | { event: OrderEvent; outcome: "REPLAYED"; status: "PAID" | "FAILED" | "PENDING"; reason: string | null };

type Tx = Parameters<Parameters<typeof db.transaction>[0]>[0];

const log = childLogger("settlement");

class Refusal extends Error {
  constructor(readonly reason: FailureReason) {
    super(reason);
  }
}

class AlreadySettled extends Error {}

/** A batch write affected fewer rows than the in-memory decision expected: the decision cannot be trusted. */
class BatchGuardRefused extends Error {}

/**
 * Settles the events (distinct order ids) in one transaction. `isHeld` (optional) says whether the reservation
 * still stands; the worker leaves it out. Transient failures (deadlock, lock-wait timeout, a lost or refused
 * connection) are thrown: the transaction was rolled back whole and the caller retries it. Any other failure of
 * the batch path is rolled back whole and the batch settled order by order.
 */
export async function settleBatch(
  events: OrderEvent[],
  isHeld: (orderId: string) => boolean = alwaysHeld,
): Promise<Settlement[]> {
  try {
    return await settleAsBatch(events, isHeld);
  } catch (error) {
    if (isLockConflict(error) || isTransientMysqlError(error)) throw error;
    log.warn(
      { err: error, errno: mysqlErrnoOf(error), orders: events.length },
      "batch settlement refused; settling the batch order by order",
    );
    return settleOrderByOrder(events, isHeld);
  }
}

/** Replays first (orders MySQL already has), then the fresh events in settlement order. */
async function splitReplays(tx: Tx, events: OrderEvent[]) {
  const existing = await tx
    .select({ id: orders.id, status: orders.status, reason: orders.failureReason })
    .from(orders)
    .where(
      inArray(
        orders.id,
        events.map((event) => event.orderId),
      ),
    );
  const stored = new Map(existing.map((row) => [row.id, row]));
  const replays: Settlement[] = [];
  const fresh: OrderEvent[] = [];
  for (const event of events) {
    const row = stored.get(event.orderId);
    if (row) replays.push({ event, outcome: "REPLAYED", status: row.status, reason: row.reason });
    else fresh.push(event);
  }
  return { replays, fresh: fresh.sort(settlementOrder) };
}

/** Locks the coupon rows in ascending id (one statement) and returns their stock. */
async function lockCoupons(tx: Tx, events: OrderEvent[]): Promise<Map<number, number>> {
  const ids = [...new Set(events.map((event) => event.couponId))];
  if (ids.length === 0) return new Map();
  const rows = await tx
    .select({ id: coupons.id, stock: coupons.stock })
    .from(coupons)
    .where(inArray(coupons.id, ids))
    .orderBy(asc(coupons.id))
    .for("update");
  return new Map(rows.map((row) => [row.id, row.stock]));
}

/**
 * The batch path. The stock and credit it decides on are read with FOR UPDATE: a locking read returns the
 * latest committed row and holds its lock until our commit, so nothing can change them between our read and
 * our write — the lost update of read-then-write is about UNlocked (snapshot) reads. Ownership and replays are
 * snapshot reads; a row another transaction commits after our snapshot is still caught by the unique indexes
 * (user_coupons (user, coupon), orders primary key), and the CHECKs stop credit or stock below zero. Any such
 * guard aborts the batch path (a duplicate key, a MariaDB or MySQL CHECK violation, or a short affected-row
 * count), and settleBatch falls back to the per-order path: correctness never rests on the in-memory decision
 * alone. Exported for the tests; callers use settleBatch.
 */
export async function settleAsBatch(
  events: OrderEvent[],
  isHeld: (orderId: string) => boolean = alwaysHeld,
): Promise<Settlement[]> {
  return db.transaction(async (tx) => {
    const { replays, fresh } = await splitReplays(tx, events);
    if (fresh.length === 0) return replays;
    const stock = await lockCoupons(tx, fresh);
    const userIds = [...new Set(fresh.map((event) => event.userId))];
    const credits = await tx
      .select({ id: users.id, credit: users.credit })
      .from(users)
      .where(inArray(users.id, userIds))
      .orderBy(asc(users.id))
      .for("update");
    // Every coupon these users own (a few rows per user, a range on the unique (user, coupon) index); the
    // row-constructor form `(user_id, coupon_id) IN (...)` is quadratic in MariaDB's range optimizer (seconds
    // for 500 pairs), so the pairs are matched here instead.
    const ownedRows = await tx
      .select({ userId: userCoupons.userId, couponId: userCoupons.couponId })
      .from(userCoupons)
      .where(inArray(userCoupons.userId, userIds));

    const decisions = planSettlements(
      fresh,
      {
        stock,
        credit: new Map(credits.map((row) => [row.id, row.credit])),
        owned: new Set(ownedRows.map((row) => ownershipKey(row.userId, row.couponId))),
      },
      isHeld,
    );
    await writeDecisions(tx, decisions);
    return [...replays, ...decisions];
  });
}

/** Writes a batch's decisions with a constant number of statements (plus one stock UPDATE per coupon). */
async function writeDecisions(tx: Tx, decisions: Decision[]) {
  await tx
    .insert(orders)
    .values(decisions.map((d) => orderRow(d.event, d.outcome, d.outcome === "FAILED" ? d.reason : null)));
  const paid = decisions.filter((d) => d.outcome === "PAID").map((d) => d.event);
  if (paid.length === 0) return;

  await tx.insert(userCoupons).values(
    paid.map((event) => ({
      userId: event.userId,
      couponId: event.couponId,
      orderId: event.orderId,
      price: event.price,
    })),
  );
  await tx.insert(creditLedger).values(
    paid.map((event) => ({
      userId: event.userId,
      orderId: event.orderId,
      kind: "DEBIT" as const,
      amount: -event.price,
    })),
  );

  const debitPerUser = new Map<string, number>();
  for (const event of paid) debitPerUser.set(event.userId, (debitPerUser.get(event.userId) ?? 0) + event.price);
  // One UPDATE for every user of the batch; the CHECK (credit >= 0) still refuses a debit the decision got wrong.
  const debit = sql.join(
    [
      sql`case ${users.id}`,
      ...[...debitPerUser].map(([userId, amount]) => sql`when ${userId} then ${amount}`),
      sql`end`,
    ],
    sql` `,
  );
  const [debited] = await tx
    .update(users)
    .set({ credit: sql`${users.credit} - (${debit})` })
    .where(inArray(users.id, [...debitPerUser.keys()]));
  if (debited.affectedRows !== debitPerUser.size) {
    throw new BatchGuardRefused(`credit UPDATE matched ${debited.affectedRows} of ${debitPerUser.size} users`);
  }

  const paidPerCoupon = new Map<number, number>();
  for (const event of paid) paidPerCoupon.set(event.couponId, (paidPerCoupon.get(event.couponId) ?? 0) + 1);
  for (const [couponId, units] of [...paidPerCoupon].sort(([a], [b]) => a - b)) {
    const [updated] = await tx
      .update(coupons)
      .set({ stock: sql`${coupons.stock} - ${units}` })
      .where(and(eq(coupons.id, couponId), gte(coupons.stock, units)));
    if (updated.affectedRows !== 1)
      throw new BatchGuardRefused(`stock guard refused ${units} units of coupon ${couponId}`);
  }
}

/**
 * The per-order path: after the coupon rows are locked, each order runs in a savepoint so one refused order
 * does not undo the others; its credit is taken by one conditional UPDATE (never read-then-write: MySQL's
 * default isolation allows lost updates). Exported for the tests that compare both paths.
 */
export async function settleOrderByOrder(
  events: OrderEvent[],
  isHeld: (orderId: string) => boolean = alwaysHeld,
): Promise<Settlement[]> {
  return db.transaction(async (tx) => {
    const { replays, fresh } = await splitReplays(tx, events);
    const results: Settlement[] = [...replays];
    const stockLeft = await lockCoupons(tx, fresh);
    const paidPerCoupon = new Map<number, number>();

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
              if (isDuplicateKey(insertError)) throw new AlreadySettled();
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
              if (isDuplicateKey(ownError, "user_coupons_user_coupon_uq")) throw new Refusal("ALREADY_OWNED");
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
          // A lock wait, deadlock or lost connection says nothing about this order: abort the whole transaction
          // so the caller runs it again, rather than fail a payable order for good.
          else if (isTransientMysqlError(settleError)) throw settleError;
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

/** Coupon names for the shopper's result message, so the browser can name the coupon without another request. */
export async function findCouponNames(couponIds: number[]): Promise<Map<number, string>> {
  if (couponIds.length === 0) return new Map();
  const rows = await db
    .select({ id: coupons.id, name: coupons.name })
    .from(coupons)
    .where(inArray(coupons.id, couponIds));
  return new Map(rows.map((row) => [row.id, row.name]));
}

export async function findCredits(userIds: string[]): Promise<Map<string, number>> {
  if (userIds.length === 0) return new Map();
  const rows = await db.select({ id: users.id, credit: users.credit }).from(users).where(inArray(users.id, userIds));
  return new Map(rows.map((row) => [row.id, row.credit]));
}
