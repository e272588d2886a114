import type { AdminCouponView } from "@/server/features/admin/admin-coupon-view";
import { saleActionInput, type SaleAction } from "@/server/features/admin/admin-input";
import { changeSaleState, endSaleNow, findCouponRow } from "@/server/features/admin/admin-repository";
import { getAdminCoupon } from "@/server/features/admin/get-admin-coupon";
import { publishCouponChange } from "@/server/features/admin/publish-coupon-change";
import { AppError } from "@/server/errors";
import { parseInput } from "@/server/validation";

const transitions: Record<SaleAction, (id: number) => Promise<boolean>> = {
  pause: (id) => changeSaleState(id, ["ACTIVE"], "PAUSED"),
  resume: (id) => changeSaleState(id, ["PAUSED"], "ACTIVE"),
  // Ending moves the window's end to now: the purchase script and the catalogue both read "ended" from the clock.
  end: (id) => endSaleNow(id, new Date()),
  // The way out for a coupon that cannot be deleted because something was sold: hidden and not for sale.
  disable: (id) => changeSaleState(id, ["ACTIVE", "PAUSED"], "DISABLED"),
};

/** pause / resume / end / disable a sale; 409 when the coupon is not in a state the action applies to. */
export async function changeSale(couponId: number, raw: unknown): Promise<AdminCouponView> {
  const { action } = parseInput(saleActionInput, raw);
  if (!(await transitions[action](couponId))) {
    if (!(await findCouponRow(couponId))) throw new AppError("NOT_FOUND", { message: "No such coupon." });
    throw new AppError("CONFLICT", {
      message: `The sale cannot be ${action === "end" ? "ended" : `${action}d`} in its current state.`,
    });
  }
  await publishCouponChange(couponId);
  return getAdminCoupon(couponId);
}
