import { and, count, eq, gt, inArray, ne, sql } from "drizzle-orm";
import { coupons, orders, userCoupons } from "@/drizzle/schema";
import { db } from "@/server/infra/db";

/** The inventory's door to MySQL: sale rules, the stock row, settled orders and owners of a coupon. */

export interface SaleRecord {
  couponId: number;
  price: number;
  startMs: number;
  endMs: number;
  state: "ACTIVE" | "PAUSED" | "DISABLED";
  stock: number;
  totalStock: number;
  waitingRoom: SaleRoomSettings;
}

/** The coupon's waiting-room columns; `admitPerSecond` null means the configured default. */
export interface SaleRoomSettings {
  enabled: boolean;
  prequeueMinutes: number;
  admitPerSecond: number | null;
  marginPercent: number;
  proofOfWork: boolean;
}

const saleColumns = {
  couponId: coupons.id,
  price: coupons.price,
  saleStart: coupons.saleStart,
  saleEnd: coupons.saleEnd,
  state: coupons.saleState,
  stock: coupons.stock,
  totalStock: coupons.totalStock,
  waitingRoom: coupons.waitingRoom,
  roomPrequeueMinutes: coupons.roomPrequeueMinutes,
  roomAdmitPerSecond: coupons.roomAdmitPerSecond,
  roomMarginPercent: coupons.roomMarginPercent,
  roomProofOfWork: coupons.roomProofOfWork,
};

type ColumnValue<C extends { _: { data: unknown; notNull: boolean } }> = C["_"]["notNull"] extends true
  ? C["_"]["data"]
  : C["_"]["data"] | null;
type SaleRow = { [K in keyof typeof saleColumns]: ColumnValue<(typeof saleColumns)[K]> };

function toSale(row: SaleRow): SaleRecord {
  return {
    couponId: row.couponId,
    price: row.price,
    startMs: row.saleStart.getTime(),
    endMs: row.saleEnd.getTime(),
    state: row.state,
    stock: row.stock,
    totalStock: row.totalStock,
    waitingRoom: {
      enabled: row.waitingRoom,
      prequeueMinutes: row.roomPrequeueMinutes,
      admitPerSecond: row.roomAdmitPerSecond,
      marginPercent: row.roomMarginPercent,
      proofOfWork: row.roomProofOfWork,
    },
  };
}

export async function findSale(couponId: number): Promise<SaleRecord | undefined> {
  const rows = await db.select(saleColumns).from(coupons).where(eq(coupons.id, couponId)).limit(1);
  return rows[0] && toSale(rows[0]);
}

/** Coupons whose sale can still sell: not DISABLED and not ended. */
export async function listSellableCouponIds(now = new Date()): Promise<number[]> {
  const rows = await db
    .select({ id: coupons.id })
    .from(coupons)
    .where(and(ne(coupons.saleState, "DISABLED"), gt(coupons.saleEnd, now)));
  return rows.map((row) => row.id);
}

export interface LockedSaleReader {
  sale: SaleRecord;
  /** Which of these order ids MySQL already holds (PAID or FAILED). */
  settledOrderIds(orderIds: string[]): Promise<string[]>;
  paidOwners(): Promise<string[]>;
}

const IN_LIST_CHUNK = 1000;

/**
 * Runs `fn` while holding the coupon row lock (SELECT … FOR UPDATE). Settlement updates that row in every
 * batch that pays for this coupon, so while `fn` runs no payment for it can commit: what `fn` reads from MySQL
 * and writes to Redis describes one moment. Undefined when the coupon does not exist.
 */
export async function withSaleLocked<T>(
  couponId: number,
  fn: (reader: LockedSaleReader) => Promise<T>,
): Promise<T | undefined> {
  return db.transaction(async (tx) => {
    const rows = await tx.select(saleColumns).from(coupons).where(eq(coupons.id, couponId)).for("update");
    if (!rows[0]) return undefined;
    return fn({
      sale: toSale(rows[0]),
      async settledOrderIds(orderIds) {
        const found: string[] = [];
        for (let i = 0; i < orderIds.length; i += IN_LIST_CHUNK) {
          const chunk = orderIds.slice(i, i + IN_LIST_CHUNK);
          const settled = await tx.select({ id: orders.id }).from(orders).where(inArray(orders.id, chunk));
          found.push(...settled.map((row) => row.id));
        }
        return found;
      },
      async paidOwners() {
        const owners = await tx
          .select({ userId: userCoupons.userId })
          .from(userCoupons)
          .where(eq(userCoupons.couponId, couponId));
        return owners.map((row) => row.userId);
      },
    });
  });
}

/** True once any order of this coupon was settled: its sale sold before, so Redis once held its stock. */
export async function hasSettledOrders(couponId: number): Promise<boolean> {
  const rows = await db.select({ id: orders.id }).from(orders).where(eq(orders.couponId, couponId)).limit(1);
  return rows.length > 0;
}

/** When MySQL created the coupon (epoch ms); undefined for an unknown id. */
export async function couponCreatedAtMs(couponId: number): Promise<number | undefined> {
  const rows = await db.select({ createdAt: coupons.createdAt }).from(coupons).where(eq(coupons.id, couponId)).limit(1);
  return rows[0]?.createdAt.getTime();
}

export async function findPaidOwners(couponId: number): Promise<string[]> {
  const rows = await db
    .select({ userId: userCoupons.userId })
    .from(userCoupons)
    .where(eq(userCoupons.couponId, couponId));
  return rows.map((row) => row.userId);
}

/**
 * The stock row and the number of paid orders in ONE statement, so both come from the same snapshot: read
 * separately, a settlement committing in between makes stock + paid look one unit off (read skew).
 */
export async function findSaleWithPaidCount(couponId: number): Promise<(SaleRecord & { paid: number }) | undefined> {
  const paidCount = db
    .select({ paid: count() })
    .from(orders)
    .where(and(eq(orders.couponId, coupons.id), eq(orders.status, "PAID")));
  const rows = await db
    .select({ ...saleColumns, paid: sql<number>`(${paidCount})`.mapWith(Number) })
    .from(coupons)
    .where(eq(coupons.id, couponId))
    .limit(1);
  const row = rows[0];
  return row && { ...toSale(row), paid: row.paid };
}

export interface SettledOrder {
  id: string;
  status: "PENDING" | "PAID" | "FAILED";
  failureReason: string | null;
}

export async function findSettledOrders(orderIds: string[]): Promise<Map<string, SettledOrder>> {
  const found = new Map<string, SettledOrder>();
  for (let i = 0; i < orderIds.length; i += IN_LIST_CHUNK) {
    const rows = await db
      .select({ id: orders.id, status: orders.status, failureReason: orders.failureReason })
      .from(orders)
      .where(inArray(orders.id, orderIds.slice(i, i + IN_LIST_CHUNK)));
    for (const row of rows) found.set(row.id, row);
  }
  return found;
}
