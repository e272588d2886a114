import type { AdminCouponView } from "@/server/features/admin/admin-coupon-view";
import { createCouponInput, type CreateCouponInput } from "@/server/features/admin/admin-input";
import { insertCoupon } from "@/server/features/admin/admin-repository";
import { getAdminCoupon } from "@/server/features/admin/get-admin-coupon";
import { publishCouponChange } from "@/server/features/admin/publish-coupon-change";
import { parseInput } from "@/server/validation";

/** Creates an ACTIVE coupon with full stock, loads its sale into Redis and makes the catalogue show it. */
export async function createCoupon(raw: unknown): Promise<AdminCouponView> {
  const input: CreateCouponInput = parseInput(createCouponInput, raw);
  const id = await insertCoupon(input);
  await publishCouponChange(id);
  return getAdminCoupon(id);
}
