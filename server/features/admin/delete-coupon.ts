import { withCouponLocked } from "@/server/features/admin/admin-repository";
import { deleteCouponImage } from "@/server/features/admin/image-storage";
import { invalidateCoupon } from "@/server/features/catalogue/catalogue";
import { couponKeys } from "@/server/keys/coupon-keys";
import { warmCouponSale } from "@/server/features/inventory/warm-coupon-sale";
import { AppError } from "@/server/errors";
import { redis } from "@/server/infra/redis";

/** How long the "no such sale" marker answers purchases of a deleted coupon without a MySQL read. */
const DELETED_MARKER_TTL_MS = 30_000;

/**
 * Deletes a coupon nobody bought. The sale is switched off in Redis first, so no reservation can slip in
 * between the "nothing sold" check and the DELETE; if something was sold the switch is undone and the answer is
 * 409 (disable the coupon instead).
 */
export async function deleteCoupon(couponId: number): Promise<void> {
  const keys = couponKeys(couponId);
  let switchedOff = false;
  let imageKey: string | null = null;
  try {
    const found = await withCouponLocked(couponId, async (locked) => {
      await redis
        .multi()
        .hset(keys.sale, "state", "DISABLED", "startMs", 0, "endMs", 0, "price", 0)
        .pexpire(keys.sale, DELETED_MARKER_TTL_MS)
        .exec();
      switchedOff = true;
      const [sales, pending, live] = await Promise.all([
        locked.countSales(),
        redis.hlen(keys.pending),
        redis.get(keys.stock),
      ]);
      const untouched =
        sales === 0 &&
        pending === 0 &&
        locked.row.stock === locked.row.totalStock &&
        (live === null || Number(live) === locked.row.totalStock);
      if (!untouched) {
        throw new AppError("CONFLICT", { message: "This coupon has sales; disable it instead of deleting it." });
      }
      if (!(await locked.remove())) throw new AppError("CONFLICT", { message: "The coupon changed meanwhile; retry." });
      imageKey = locked.row.imageKey;
      return true;
    });
    if (!found) throw new AppError("NOT_FOUND", { message: "No such coupon." });
  } catch (error) {
    if (switchedOff) await warmCouponSale(couponId).catch(() => undefined); // restores the sale hash from the row
    throw error;
  }
  await redis.del(keys.stock, keys.buyers, keys.pending);
  await invalidateCoupon(couponId);
  if (imageKey) await deleteCouponImage(imageKey).catch(() => undefined); // an orphan image costs bytes, not correctness
}
