import type { ResultSetHeader, RowDataPacket } from "mysql2/promise";
import { couponKeys } from "@/server/keys/coupon-keys";
import { warmCouponSale } from "@/server/features/inventory/warm-coupon-sale";
import { invalidateCoupon } from "@/server/features/catalogue/catalogue";
import { pool } from "@/server/infra/db";
import { redis } from "@/server/infra/redis";
import { sleep } from "@/bench/concurrency";

/** Sales of the benchmark: coupons created straight in MySQL (like the test fixtures), checked after each run. */

/** One cent, so the shoppers' starting credit lasts for thousands of bench runs. */
export const benchPrice = 1;

export async function createBenchCoupon(label: string, stock: number, options: { warm: boolean }): Promise<number> {
  const [result] = await pool.query<ResultSetHeader>(
    `INSERT INTO coupons (name, description, price, total_stock, stock, sale_start, sale_end, sale_state)
     VALUES (?, 'Created by npm run bench.', ?, ?, ?, UTC_TIMESTAMP(3) - INTERVAL 1 MINUTE, UTC_TIMESTAMP(3) + INTERVAL 2 HOUR, 'ACTIVE')`,
    [`bench ${label}`, benchPrice, stock, stock],
  );
  const couponId = Number(result.insertId);
  if (options.warm) {
    const outcome = await warmCouponSale(couponId);
    if (outcome.status !== "loaded" && outcome.status !== "kept")
      throw new Error(`warm-up of bench coupon ${couponId}: ${outcome.status}`);
  }
  return couponId;
}

/** Hides a finished bench sale from the shop (DISABLED), in MySQL, Redis's sale hash and the catalogue caches. */
export async function retireBenchCoupon(couponId: number, warmed: boolean) {
  await pool.query("UPDATE coupons SET sale_state = 'DISABLED', version = version + 1 WHERE id = ?", [couponId]);
  if (warmed) await warmCouponSale(couponId);
  await invalidateCoupon(couponId);
}

interface CountRow extends RowDataPacket {
  n: number;
}

export interface SaleCheck {
  couponId: number;
  totalStock: number;
  dbStock: number;
  redisStock: number | null;
  paid: number;
  failed: number;
  pendingOrders: number;
  pendingRedis: number;
  ownedTwice: number;
  ownershipRows: number;
  /** Human-readable broken invariants; empty when the sale is correct. */
  broken: string[];
}

export async function checkSale(
  couponId: number,
  options: { redisSale: boolean; accepted: number; expectSoldOut: boolean },
): Promise<SaleCheck> {
  const [[coupon]] = await pool.query<(RowDataPacket & { stock: number; total_stock: number })[]>(
    "SELECT stock, total_stock FROM coupons WHERE id = ?",
    [couponId],
  );
  const [statusRows] = await pool.query<(RowDataPacket & { status: string; n: number })[]>(
    "SELECT status, COUNT(*) AS n FROM orders WHERE coupon_id = ? GROUP BY status",
    [couponId],
  );
  const byStatus = Object.fromEntries(statusRows.map((row) => [row.status, Number(row.n)]));
  const [[twice]] = await pool.query<CountRow[]>(
    "SELECT COUNT(*) AS n FROM (SELECT user_id FROM orders WHERE coupon_id = ? AND status = 'PAID' GROUP BY user_id HAVING COUNT(*) > 1) t",
    [couponId],
  );
  const [[owned]] = await pool.query<CountRow[]>("SELECT COUNT(*) AS n FROM user_coupons WHERE coupon_id = ?", [
    couponId,
  ]);
  const keys = couponKeys(couponId);
  const redisStockRaw = options.redisSale ? await redis.get(keys.stock) : null;
  const check: SaleCheck = {
    couponId,
    totalStock: Number(coupon?.total_stock ?? 0),
    dbStock: Number(coupon?.stock ?? -1),
    redisStock: redisStockRaw === null ? null : Number(redisStockRaw),
    paid: byStatus.PAID ?? 0,
    failed: byStatus.FAILED ?? 0,
    pendingOrders: byStatus.PENDING ?? 0,
    pendingRedis: options.redisSale ? await redis.hlen(keys.pending) : 0,
    ownedTwice: Number(twice?.n ?? 0),
    ownershipRows: Number(owned?.n ?? 0),
    broken: [],
  };
  const broken = check.broken;
  if (check.paid > check.totalStock) broken.push(`oversold: ${check.paid} paid of ${check.totalStock}`);
  if (check.dbStock < 0) broken.push(`DB stock below zero: ${check.dbStock}`);
  if (check.paid + check.dbStock !== check.totalStock)
    broken.push(`paid ${check.paid} + DB stock ${check.dbStock} ≠ total ${check.totalStock}`);
  if (check.ownedTwice > 0) broken.push(`${check.ownedTwice} users hold two paid orders`);
  if (check.ownershipRows !== check.paid)
    broken.push(`${check.ownershipRows} ownership rows for ${check.paid} paid orders`);
  if (check.pendingOrders > 0) broken.push(`${check.pendingOrders} orders still PENDING`);
  if (options.expectSoldOut && check.paid !== check.totalStock)
    broken.push(`paid ${check.paid} ≠ stock on sale ${check.totalStock}`);
  if (options.redisSale) {
    if (check.redisStock !== check.dbStock)
      broken.push(`Redis stock ${String(check.redisStock)} ≠ DB stock ${check.dbStock}`);
    if (check.pendingRedis > 0) broken.push(`${check.pendingRedis} reservations still pending in Redis`);
    // Every 202 became exactly one settled order: nothing accepted was lost.
    if (check.paid + check.failed !== options.accepted)
      broken.push(`${options.accepted} accepted but ${check.paid + check.failed} settled`);
  } else if (check.paid !== options.accepted) {
    broken.push(`${options.accepted} answered PAID but ${check.paid} paid orders stored`);
  }
  return check;
}

export interface Settlement {
  settled: number;
  /** Last settlement write minus the last accepted purchase (orders' own timestamps vs the bench clock). */
  drainedAfterLastAcceptMs: number;
  /** First to last settlement write, from the orders' own timestamps. */
  spanMs: number;
  ordersPerSecond: number;
  /** Per order: reservation (Redis TIME at accept) to settlement write (MySQL), i.e. Kafka + worker. */
  acceptToSettledMs: { p50: number; p99: number; max: number };
  timedOut: boolean;
}

interface SpanRow extends RowDataPacket {
  n: number;
  span_ms: number | null;
  last_ms: number | null;
}

/** Waits until every accepted order of the coupon is settled and no reservation is pending. */
export async function waitForSettlement(
  couponId: number,
  accepted: number,
  lastAcceptWallMs: number,
  timeoutMs: number,
): Promise<Settlement> {
  const deadline = performance.now() + timeoutMs;
  const keys = couponKeys(couponId);
  let timedOut = false;
  for (;;) {
    const [[row]] = await pool.query<CountRow[]>(
      "SELECT COUNT(*) AS n FROM orders WHERE coupon_id = ? AND status <> 'PENDING'",
      [couponId],
    );
    if (Number(row?.n ?? 0) >= accepted && (await redis.hlen(keys.pending)) === 0) break;
    if (performance.now() > deadline) {
      timedOut = true;
      break;
    }
    await sleep(25);
  }
  const [[span]] = await pool.query<SpanRow[]>(
    `SELECT COUNT(*) AS n, TIMESTAMPDIFF(MICROSECOND, MIN(created_at), MAX(created_at)) / 1000 AS span_ms,
            UNIX_TIMESTAMP(MAX(created_at)) * 1000 AS last_ms
       FROM orders WHERE coupon_id = ?`,
    [couponId],
  );
  const [lags] = await pool.query<(RowDataPacket & { lag_ms: number })[]>(
    "SELECT TIMESTAMPDIFF(MICROSECOND, reserved_at, created_at) / 1000 AS lag_ms FROM orders WHERE coupon_id = ? ORDER BY lag_ms",
    [couponId],
  );
  const at = (q: number) =>
    Math.round(Number(lags[Math.min(lags.length - 1, Math.floor(q * lags.length))]?.lag_ms ?? 0));
  const settled = Number(span?.n ?? 0);
  const spanMs = Number(span?.span_ms ?? 0);
  return {
    settled,
    drainedAfterLastAcceptMs: span?.last_ms ? Math.max(0, Math.round(Number(span.last_ms) - lastAcceptWallMs)) : 0,
    spanMs: Math.round(spanMs),
    ordersPerSecond: spanMs > 0 ? Math.round((settled / spanMs) * 1000) : 0,
    acceptToSettledMs: { p50: at(0.5), p99: at(0.99), max: at(1) },
    timedOut,
  };
}

/** Users straight in MySQL for the storage-level comparison (no HTTP, so no Keycloak needed). */
export async function createStorageUsers(prefix: string, count: number, credit: number): Promise<string[]> {
  const ids = Array.from({ length: count }, (_, i) => `${prefix}-${i}`);
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    await pool.query("INSERT INTO users (id, email, credit) VALUES ?", [
      chunk.map((id) => [id, `${id}@bench.flashsale.test`, credit]),
    ]);
    await pool.query("INSERT INTO credit_ledger (user_id, order_id, kind, amount) VALUES ?", [
      chunk.map((id) => [id, null, "GRANT", credit]),
    ]);
  }
  return ids;
}

/**
 * Keycloak was reset since an earlier run (new subjects for the same bench e-mails): the old users rows still own
 * those e-mails, and the API rightly refuses the new subjects (CONFLICT). Those rows belong to the bench only, so
 * their e-mails are moved aside and the new subjects get fresh rows on their first request.
 */
export async function releaseStaleShopperEmails(
  shoppers: readonly { id: string; username: string }[],
  emailOf: (username: string) => string,
) {
  let released = 0;
  for (let i = 0; i < shoppers.length; i += 500) {
    const chunk = shoppers.slice(i, i + 500);
    const [result] = await pool.query<ResultSetHeader>(
      `UPDATE users SET email = CONCAT('stale-', id, '@bench.flashsale.test')
        WHERE email IN (?) AND id NOT IN (?)`,
      [chunk.map((s) => emailOf(s.username)), chunk.map((s) => s.id)],
    );
    released += result.affectedRows;
  }
  return released;
}
