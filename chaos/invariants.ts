import type { RowDataPacket } from "mysql2/promise";
import { couponKeys } from "@/server/keys/coupon-keys";
import { pool } from "@/server/infra/db";
import { redis } from "@/server/infra/redis";
import type { ShopperResult } from "@/chaos/sale-under-load";

/** What must hold after any single failure, checked against MySQL and Redis once the sale has settled. */

export interface SaleOutcome {
  accepted: number;
  paid: number;
  failedByReason: Record<string, number>;
  pending: number;
  broken: string[];
}

type Row = RowDataPacket & Record<string, string | number | null>;

export async function creditsOf(userIds: readonly string[]): Promise<Map<string, number>> {
  if (userIds.length === 0) return new Map();
  const [rows] = await pool.query<Row[]>("SELECT id, credit FROM users WHERE id IN (?)", [userIds]);
  return new Map(rows.map((row) => [String(row.id), Number(row.credit)]));
}

/** Waits until every order the shop accepted for the coupon is settled in MySQL, or the timeout passes. */
export async function waitForOrdersSettled(
  couponId: number,
  orderIds: readonly string[],
  timeoutMs: number,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [[row]] = await pool.query<Row[]>(
      "SELECT COUNT(*) AS n FROM orders WHERE coupon_id = ? AND status <> 'PENDING'",
      [couponId],
    );
    const pendingInRedis = await redis.hlen(couponKeys(couponId).pending).catch(() => -1);
    if (Number(row?.n ?? 0) >= orderIds.length && pendingInRedis === 0) return true;
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

export async function checkInvariants(options: {
  couponId: number;
  price: number;
  results: readonly ShopperResult[];
  creditBefore: Map<string, number>;
}): Promise<SaleOutcome> {
  const { couponId, price, results } = options;
  const broken: string[] = [];
  const accepted = results.filter((r) => r.orderId !== undefined);

  const [orderRows] = await pool.query<Row[]>(
    "SELECT id, user_id, status, failure_reason FROM orders WHERE coupon_id = ?",
    [couponId],
  );
  const orders = new Map(orderRows.map((row) => [String(row.id), row]));
  const failedByReason: Record<string, number> = {};
  let paid = 0;
  let pending = 0;
  for (const result of accepted) {
    const order = orders.get(result.orderId!);
    if (!order) {
      broken.push(`order ${result.orderId} was accepted (202) but never reached MySQL`);
    } else if (order.status === "PAID") {
      paid += 1;
    } else if (order.status === "PENDING") {
      pending += 1;
    } else {
      const reason = String(order.failure_reason ?? "UNKNOWN");
      failedByReason[reason] = (failedByReason[reason] ?? 0) + 1;
    }
  }
  if (pending > 0) broken.push(`${pending} accepted orders still PENDING`);
  const failed = Object.values(failedByReason).reduce((a, b) => a + b, 0);
  // Every shopper here has enough credit: a 202 must end PAID.
  if (failed > 0)
    broken.push(`${failed} accepted orders FAILED (${JSON.stringify(failedByReason)}) though every buyer had credit`);

  const [[twice]] = await pool.query<Row[]>(
    "SELECT COUNT(*) AS n FROM (SELECT user_id FROM user_coupons WHERE coupon_id = ? GROUP BY user_id HAVING COUNT(*) > 1) t",
    [couponId],
  );
  if (Number(twice?.n) > 0) broken.push(`${twice?.n} users own the coupon twice`);
  const [[charged]] = await pool.query<Row[]>(
    `SELECT COUNT(*) AS n FROM (SELECT l.user_id FROM credit_ledger l JOIN orders o ON o.id = l.order_id
       WHERE o.coupon_id = ? AND l.kind = 'DEBIT' GROUP BY l.user_id HAVING COUNT(*) > 1) t`,
    [couponId],
  );
  if (Number(charged?.n) > 0) broken.push(`${charged?.n} users were charged twice`);

  const paidByUser = new Map<string, number>();
  for (const row of orderRows)
    if (row.status === "PAID") paidByUser.set(String(row.user_id), (paidByUser.get(String(row.user_id)) ?? 0) + 1);
  const creditAfter = await creditsOf([...options.creditBefore.keys()]);
  let wrongCredit = 0;
  for (const [userId, before] of options.creditBefore) {
    if (before - (creditAfter.get(userId) ?? before) !== price * (paidByUser.get(userId) ?? 0)) wrongCredit += 1;
  }
  if (wrongCredit > 0) broken.push(`${wrongCredit} buyers' credit does not match their paid orders`);

  const [[coupon]] = await pool.query<Row[]>("SELECT stock, total_stock FROM coupons WHERE id = ?", [couponId]);
  const [[owned]] = await pool.query<Row[]>("SELECT COUNT(*) AS n FROM user_coupons WHERE coupon_id = ?", [couponId]);
  const dbStock = Number(coupon?.stock);
  const total = Number(coupon?.total_stock);
  const paidAll = orderRows.filter((row) => row.status === "PAID").length;
  if (dbStock + paidAll !== total) broken.push(`MySQL: stock ${dbStock} + paid ${paidAll} ≠ ${total}`);
  if (Number(owned?.n) !== paidAll) broken.push(`${owned?.n} ownership rows for ${paidAll} paid orders`);
  const keys = couponKeys(couponId);
  const [redisStock, buyers] = await Promise.all([redis.get(keys.stock), redis.scard(keys.buyers)]);
  if (redisStock !== null) {
    if (Number(redisStock) !== dbStock) broken.push(`Redis stock ${redisStock} ≠ MySQL stock ${dbStock}`);
    if (Number(redisStock) + buyers !== total) broken.push(`Redis: stock ${redisStock} + ${buyers} buyers ≠ ${total}`);
  }
  return { accepted: accepted.length, paid, failedByReason, pending, broken };
}
