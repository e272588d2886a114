import { toAdminViews, type AdminCouponView } from "@/server/features/admin/admin-coupon-view";
import { findCouponRow } from "@/server/features/admin/admin-repository";
import { AppError } from "@/server/errors";

export async function getAdminCoupon(couponId: number): Promise<AdminCouponView> {
  const row = await findCouponRow(couponId);
  if (!row) throw new AppError("NOT_FOUND", { message: "No such coupon." });
  const [view] = await toAdminViews([row]);
  return view!;
}
