import { and, count, desc, eq, gt, gte, inArray, ne, sql } from "drizzle-orm";
import type { MySqlUpdateSetSource } from "drizzle-orm/mysql-core";
import { coupons, orders, userCoupons } from "@/drizzle/schema";
import type { WaitingRoomSettings } from "@/contract/admin";
import { waitingRoomColumns } from "@/server/features/admin/waiting-room-columns";
import { db } from "@/server/infra/db";

/** The admin backend's door to MySQL. Every change bumps `version`, the row's edit counter. */

export type CouponRow = typeof coupons.$inferSelect;
export type CouponChanges = Pick<
  MySqlUpdateSetSource<typeof coupons>,
  | "name"
  | "description"
  | "price"
  | "listPrice"
  | "saleStart"
  | "saleEnd"
  | "waitingRoom"
  | "roomPrequeueMinutes"
  | "roomAdmitPerSecond"
  | "roomMarginPercent"
>;

function affected(result: unknown): number {
  return (result as [{ affectedRows: number }])[0].affectedRows;
}

export async function listCouponRows(limit: number): Promise<CouponRow[]> {
  return db.select().from(coupons).orderBy(desc(coupons.id)).limit(limit);
}

/** Coupons created at or after `since` that are still listed, demo coupons (images under `demo/`) excepted. */
export async function listNonDemoCouponIdsSince(since: Date): Promise<number[]> {
  const rows = await db
    .select({ id: coupons.id })
    .from(coupons)
    .where(
      and(
        gte(coupons.createdAt, since),
        ne(coupons.saleState, "DISABLED"),
        sql`(${coupons.imageKey} IS NULL OR ${coupons.imageKey} NOT LIKE 'demo/%')`,
      ),
    );
  return rows.map((row) => row.id);
}

export async function findCouponRow(id: number): Promise<CouponRow | undefined> {
  const [row] = await db.select().from(coupons).where(eq(coupons.id, id)).limit(1);
  return row;
}

export async function insertCoupon(values: {
  name: string;
  description: string;
  price: number;
  listPrice?: number | null;
  totalStock: number;
  saleStart: Date;
  saleEnd: Date;
  /** Absent: the columns' defaults (no room). */
  waitingRoom?: WaitingRoomSettings;
}): Promise<number> {
  const { waitingRoom, ...fields } = values;
  const [result] = await db.insert(coupons).values({
    ...fields,
    ...(waitingRoom && waitingRoomColumns(waitingRoom)),
    stock: values.totalStock,
    saleState: "ACTIVE",
  });
  return result.insertId;
}

export interface LockedCoupon {
  row: CouponRow;
  /** Applies the changes and moves total and remaining stock by `stockDelta`; false if the row changed meanwhile. */
  update(changes: CouponChanges, stockDelta: number): Promise<boolean>;
  /** Orders in any state but FAILED, plus owners: anything that means "sold" or "being sold". */
  countSales(): Promise<number>;
  remove(): Promise<boolean>;
}

/**
 * Runs `fn` holding the coupon's row lock (SELECT … FOR UPDATE): settlement updates this row for every payment,
 * so no payment for this coupon commits while `fn` compares MySQL with Redis. Undefined if there is no such row.
 */
export async function withCouponLocked<T>(
  id: number,
  fn: (locked: LockedCoupon) => Promise<T>,
): Promise<T | undefined> {
  return db.transaction(async (tx) => {
    const [row] = await tx.select().from(coupons).where(eq(coupons.id, id)).for("update");
    if (!row) return undefined;
    return fn({
      row,
      async update(changes, stockDelta) {
        const result = await tx
          .update(coupons)
          .set({
            ...changes,
            totalStock: sql`${coupons.totalStock} + ${stockDelta}`,
            stock: sql`${coupons.stock} + ${stockDelta}`,
            version: sql`${coupons.version} + 1`,
          })
          // Conditional on the version read under the lock: belt and braces for a writer that skipped the lock.
          .where(and(eq(coupons.id, id), eq(coupons.version, row.version)));
        return affected(result) === 1;
      },
      async countSales() {
        const [open] = await tx
          .select({ n: count() })
          .from(orders)
          .where(and(eq(orders.couponId, id), ne(orders.status, "FAILED")));
        const [owned] = await tx.select({ n: count() }).from(userCoupons).where(eq(userCoupons.couponId, id));
        return (open?.n ?? 0) + (owned?.n ?? 0);
      },
      async remove() {
        return (
          affected(await tx.delete(coupons).where(and(eq(coupons.id, id), eq(coupons.version, row.version)))) === 1
        );
      },
    });
  });
}

/** Moves the sale state only from one of `from`; false when the coupon is not in such a state. */
export async function changeSaleState(
  id: number,
  from: CouponRow["saleState"][],
  to: CouponRow["saleState"],
): Promise<boolean> {
  const result = await db
    .update(coupons)
    .set({ saleState: to, version: sql`${coupons.version} + 1` })
    .where(and(eq(coupons.id, id), inArray(coupons.saleState, from)));
  return affected(result) === 1;
}

/** Ends a sale now; a sale that had not started yet gets a start just before, keeping end > start. */
export async function endSaleNow(id: number, now: Date): Promise<boolean> {
  const result = await db
    .update(coupons)
    .set({
      saleEnd: now,
      saleStart: sql`least(${coupons.saleStart}, ${new Date(now.getTime() - 1000)})`,
      version: sql`${coupons.version} + 1`,
    })
    .where(and(eq(coupons.id, id), gt(coupons.saleEnd, now)));
  return affected(result) === 1;
}

export async function setImageKey(id: number, imageKey: string): Promise<boolean> {
  const result = await db
    .update(coupons)
    .set({ imageKey, version: sql`${coupons.version} + 1` })
    .where(eq(coupons.id, id));
  return affected(result) === 1;
}
