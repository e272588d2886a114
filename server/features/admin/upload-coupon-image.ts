import { randomUUID } from "node:crypto";
import type { AdminCouponView } from "@/server/features/admin/admin-coupon-view";
import { findCouponRow, setImageKey } from "@/server/features/admin/admin-repository";
import { getAdminCoupon } from "@/server/features/admin/get-admin-coupon";
import { deleteCouponImage, putCouponImage } from "@/server/features/admin/image-storage";
import { detectImageType, IMAGE_MAX_BYTES } from "@/server/features/admin/image-type";
import { invalidateCoupon } from "@/server/features/catalogue/catalogue";
import { AppError } from "@/server/errors";

/** Stores a coupon's image under a fresh key (never overwritten, so caches may keep it forever). */
export async function uploadCouponImage(couponId: number, bytes: Uint8Array): Promise<AdminCouponView> {
  if (bytes.length === 0) throw new AppError("BAD_REQUEST", { message: "The image is empty." });
  if (bytes.length > IMAGE_MAX_BYTES)
    throw new AppError("PAYLOAD_TOO_LARGE", { message: "Images are limited to 2 MB." });
  const type = detectImageType(bytes);
  if (!type) throw new AppError("UNSUPPORTED_MEDIA_TYPE", { message: "Upload a PNG, JPEG, WebP or GIF image." });
  const row = await findCouponRow(couponId);
  if (!row) throw new AppError("NOT_FOUND", { message: "No such coupon." });

  const key = `coupons/${couponId}/${randomUUID()}.${type.ext}`;
  await putCouponImage(key, bytes, type.contentType);
  if (!(await setImageKey(couponId, key))) {
    await deleteCouponImage(key).catch(() => undefined);
    throw new AppError("NOT_FOUND", { message: "No such coupon." });
  }
  await invalidateCoupon(couponId);
  if (row.imageKey) await deleteCouponImage(row.imageKey).catch(() => undefined);
  return getAdminCoupon(couponId);
}
