import { toAdminViews, type AdminCouponView } from "@/server/features/admin/admin-coupon-view";
import { listCouponRows } from "@/server/features/admin/admin-repository";

/** The admin console's table: every coupon, disabled ones included, newest first, with sold counts. */
export async function listAdminCoupons(limit = 500): Promise<{ items: AdminCouponView[] }> {
  return { items: await toAdminViews(await listCouponRows(limit)) };
}
