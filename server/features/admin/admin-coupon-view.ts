import { execPerMaster, type RedisClient } from "@/server/infra/redis-client";
import { couponStatus } from "@/server/features/catalogue/coupon-status";
import { couponImageUrl } from "@/server/features/catalogue/image-url";
import type { CouponView, SaleState } from "@/server/features/catalogue/types";
import type { CouponRow } from "@/server/features/admin/admin-repository";
import { waitingRoomOf } from "@/server/features/admin/waiting-room-columns";
import type { WaitingRoomSettings } from "@/contract/admin";
import { couponKeys } from "@/server/keys/coupon-keys";
import { redis as sharedRedis } from "@/server/infra/redis";

export type AdminCouponView = Omit<CouponView, "room"> & {
  sold: number;
  saleState: SaleState;
  imageKey: string | null;
  waitingRoom: WaitingRoomSettings;
};

/**
 * What can still be sold, as the purchase path sees it: the live stock key, or — when the sale is not loaded —
 * DB stock minus reservations not yet settled. One pipelined round trip for all coupons.
 */
async function availableStock(rows: CouponRow[], client: RedisClient): Promise<number[]> {
  const replies = await execPerMaster(
    client,
    rows.map((row) => ({
      key: couponKeys(row.id).stock,
      queue: (pipeline) => pipeline.get(couponKeys(row.id).stock).hlen(couponKeys(row.id).pending),
    })),
  );
  return rows.map((row, i) => {
    const live = replies[2 * i]?.[1];
    const pending = Number(replies[2 * i + 1]?.[1] ?? 0);
    const stock = typeof live === "string" ? Number.parseInt(live, 10) : row.stock - pending;
    return Math.max(0, Number.isFinite(stock) ? stock : row.stock);
  });
}

/** Admin rows with `sold` = total − available: settled sales plus orders still being paid for. */
export async function toAdminViews(rows: CouponRow[], client: RedisClient = sharedRedis): Promise<AdminCouponView[]> {
  if (rows.length === 0) return [];
  const available = await availableStock(rows, client);
  const now = Date.now();
  return rows.map((row, i) => {
    const stock = available[i] ?? row.stock;
    return {
      id: row.id,
      name: row.name,
      description: row.description,
      price: row.price,
      listPrice: row.listPrice,
      imageUrl: couponImageUrl(row.imageKey),
      imageKey: row.imageKey,
      stock,
      totalStock: row.totalStock,
      sold: Math.max(0, row.totalStock - stock),
      saleStart: row.saleStart.toISOString(),
      saleEnd: row.saleEnd.toISOString(),
      saleState: row.saleState,
      waitingRoom: waitingRoomOf(row),
      status: couponStatus(
        { saleStart: row.saleStart.getTime(), saleEnd: row.saleEnd.getTime(), saleState: row.saleState, stock },
        now,
      ),
    };
  });
}
