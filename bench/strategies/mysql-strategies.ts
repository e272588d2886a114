import { randomUUID } from "node:crypto";
import type { Pool, PoolConnection, ResultSetHeader, RowDataPacket } from "mysql2/promise";

/**
 * The alternatives to our Redis + Lua reservation, for the benchmark only. Each one does the whole
 * business work of a purchase synchronously in MySQL, in one transaction: refuse a second purchase by the same
 * user (the user_coupons unique key), take one unit of stock without overselling, deduct the credit, write the
 * PAID order and its ledger row. They differ only in how they take the unit:
 *
 * - pessimistic: `SELECT … FOR UPDATE` on the coupon row first, so the hot row is locked for the whole transaction.
 * - optimistic:  read stock + version without a lock, do the work, then `UPDATE … WHERE version = ?` last; a lost
 *                race rolls back and retries (bounded).
 * - conditional: do the work, then one `UPDATE … SET stock = stock - 1 WHERE id = ? AND stock > 0` last.
 *
 * Each variant is written the way it performs best (hot-row statement as late as its model allows), so the
 * comparison is not a strawman. They use the same pool (size `DB_POOL_SIZE`) as the app.
 */

export const strategyNames = ["pessimistic", "optimistic", "conditional"] as const;
export type StrategyName = (typeof strategyNames)[number];

export type StrategyOutcome =
  | { code: "PAID"; orderId: string }
  | { code: "SOLD_OUT" | "ALREADY_PURCHASED" | "INSUFFICIENT_CREDIT" | "SALE_CLOSED" | "NOT_FOUND" | "GAVE_UP" };

export interface StrategyInput {
  couponId: number;
  userId: string;
}

const ER_DUP_ENTRY = 1062;
const ER_LOCK_DEADLOCK = 1213;
const ER_LOCK_WAIT_TIMEOUT = 1205;
const OPTIMISTIC_ATTEMPTS = 10;
const DEADLOCK_ATTEMPTS = 3;

class Refused extends Error {
  constructor(readonly outcome: StrategyOutcome) {
    super(outcome.code);
  }
}

const errno = (error: unknown) => (error as { errno?: number }).errno;

interface CouponRow extends RowDataPacket {
  stock: number;
  price: number;
  version: number;
  open: number;
}

const couponColumns =
  "stock, price, version, (sale_state = 'ACTIVE' AND sale_start <= UTC_TIMESTAMP(3) AND sale_end > UTC_TIMESTAMP(3)) AS open";

async function inTransaction<T>(pool: Pool, work: (connection: PoolConnection) => Promise<T>): Promise<T> {
  const connection = await pool.getConnection();
  try {
    await connection.query("START TRANSACTION");
    try {
      const result = await work(connection);
      await connection.query("COMMIT");
      return result;
    } catch (error) {
      await connection.query("ROLLBACK");
      throw error;
    }
  } finally {
    connection.release();
  }
}

/** The part every strategy shares: ownership row (dedupe), credit, order, ledger. */
async function writePurchase(connection: PoolConnection, input: StrategyInput, price: number): Promise<string> {
  const orderId = randomUUID();
  try {
    await connection.query("INSERT INTO user_coupons (user_id, coupon_id, order_id, price) VALUES (?, ?, ?, ?)", [
      input.userId,
      input.couponId,
      orderId,
      price,
    ]);
  } catch (error) {
    if (errno(error) === ER_DUP_ENTRY) throw new Refused({ code: "ALREADY_PURCHASED" });
    throw error;
  }
  const [debit] = await connection.query<ResultSetHeader>(
    "UPDATE users SET credit = credit - ? WHERE id = ? AND credit >= ?",
    [price, input.userId, price],
  );
  if (debit.affectedRows !== 1) throw new Refused({ code: "INSUFFICIENT_CREDIT" });
  await connection.query(
    "INSERT INTO orders (id, user_id, coupon_id, price, status, reserved_at) VALUES (?, ?, ?, ?, 'PAID', UTC_TIMESTAMP(3))",
    [orderId, input.userId, input.couponId, price],
  );
  await connection.query("INSERT INTO credit_ledger (user_id, order_id, kind, amount) VALUES (?, ?, 'DEBIT', ?)", [
    input.userId,
    orderId,
    -price,
  ]);
  return orderId;
}

async function readCoupon(connection: PoolConnection | Pool, couponId: number, lock: boolean): Promise<CouponRow> {
  const [rows] = await connection.query<CouponRow[]>(
    `SELECT ${couponColumns} FROM coupons WHERE id = ?${lock ? " FOR UPDATE" : ""}`,
    [couponId],
  );
  const row = rows[0];
  if (!row) throw new Refused({ code: "NOT_FOUND" });
  if (Number(row.open) !== 1) throw new Refused({ code: "SALE_CLOSED" });
  if (row.stock <= 0) throw new Refused({ code: "SOLD_OUT" });
  return row;
}

async function pessimistic(pool: Pool, input: StrategyInput): Promise<StrategyOutcome> {
  return inTransaction(pool, async (connection) => {
    const coupon = await readCoupon(connection, input.couponId, true);
    const orderId = await writePurchase(connection, input, coupon.price);
    await connection.query("UPDATE coupons SET stock = stock - 1 WHERE id = ?", [input.couponId]);
    return { code: "PAID", orderId } as const;
  });
}

class LostRace extends Error {}

async function optimistic(pool: Pool, input: StrategyInput): Promise<StrategyOutcome> {
  for (let attempt = 0; attempt < OPTIMISTIC_ATTEMPTS; attempt += 1) {
    const coupon = await readCoupon(pool, input.couponId, false);
    try {
      return await inTransaction(pool, async (connection) => {
        const orderId = await writePurchase(connection, input, coupon.price);
        const [taken] = await connection.query<ResultSetHeader>(
          "UPDATE coupons SET stock = stock - 1, version = version + 1 WHERE id = ? AND version = ? AND stock > 0",
          [input.couponId, coupon.version],
        );
        if (taken.affectedRows !== 1) throw new LostRace();
        return { code: "PAID", orderId } as const;
      });
    } catch (error) {
      if (!(error instanceof LostRace)) throw error;
    }
  }
  return { code: "GAVE_UP" };
}

async function conditional(pool: Pool, input: StrategyInput): Promise<StrategyOutcome> {
  const coupon = await readCoupon(pool, input.couponId, false);
  return inTransaction(pool, async (connection) => {
    const orderId = await writePurchase(connection, input, coupon.price);
    const [taken] = await connection.query<ResultSetHeader>(
      "UPDATE coupons SET stock = stock - 1 WHERE id = ? AND stock > 0 AND sale_state = 'ACTIVE' AND sale_end > UTC_TIMESTAMP(3)",
      [input.couponId],
    );
    if (taken.affectedRows !== 1) throw new Refused({ code: "SOLD_OUT" });
    return { code: "PAID", orderId } as const;
  });
}

const strategies: Record<StrategyName, (pool: Pool, input: StrategyInput) => Promise<StrategyOutcome>> = {
  pessimistic,
  optimistic,
  conditional,
};

export function isStrategyName(value: string): value is StrategyName {
  return (strategyNames as readonly string[]).includes(value);
}

/** One purchase by `strategy`. Deadlocks and lock-wait timeouts are retried a few times, then reported as GAVE_UP. */
export async function purchaseWithStrategy(
  pool: Pool,
  strategy: StrategyName,
  input: StrategyInput,
): Promise<StrategyOutcome> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await strategies[strategy](pool, input);
    } catch (error) {
      if (error instanceof Refused) return error.outcome;
      const code = errno(error);
      if ((code === ER_LOCK_DEADLOCK || code === ER_LOCK_WAIT_TIMEOUT) && attempt < DEADLOCK_ATTEMPTS) continue;
      if (code === ER_LOCK_DEADLOCK || code === ER_LOCK_WAIT_TIMEOUT) return { code: "GAVE_UP" };
      throw error;
    }
  }
}
