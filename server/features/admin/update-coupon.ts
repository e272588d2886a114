import { adjustLiveStock } from "@/server/features/admin/adjust-live-stock";
import type { AdminCouponView } from "@/server/features/admin/admin-coupon-view";
import {
  isListPriceAbovePrice,
  LIST_PRICE_NOT_ABOVE_PRICE,
  updateCouponInput,
} from "@/server/features/admin/admin-input";
import { withCouponLocked } from "@/server/features/admin/admin-repository";
import { getAdminCoupon } from "@/server/features/admin/get-admin-coupon";
import { publishCouponChange } from "@/server/features/admin/publish-coupon-change";
import { waitingRoomColumns } from "@/server/features/admin/waiting-room-columns";
import { AppError } from "@/server/errors";
import { parseInput } from "@/server/validation";
import { childLogger } from "@/server/infra/logger";

const log = childLogger("admin");

function belowSold(sold: number) {
  return new AppError("CONFLICT", {
    message: `Total stock cannot go below the ${sold} already sold or being paid for.`,
    details: { sold },
  });
}

/**
 * Edits a coupon. A total-stock change moves MySQL (total and remaining, in one conditional UPDATE) and the
 * live stock key by the same delta, under the coupon's row lock so no settlement lands in between; it is
 * refused if it would take stock below what is sold or held by pending orders. If MySQL fails after Redis
 * moved, Redis is moved back.
 */
export async function updateCoupon(couponId: number, raw: unknown): Promise<AdminCouponView> {
  const patch = parseInput(updateCouponInput, raw);
  let undoLiveStock: (() => Promise<unknown>) | undefined;
  try {
    const found = await withCouponLocked(couponId, async (locked) => {
      const { row } = locked;
      const saleStart = patch.saleStart ?? row.saleStart;
      const saleEnd = patch.saleEnd ?? row.saleEnd;
      if (saleEnd <= saleStart) {
        throw new AppError("BAD_REQUEST", {
          details: { issues: [{ path: "saleEnd", message: "The sale must close after it opens." }] },
        });
      }
      // A new price is held against the stored list price (and a new list price against the stored price): a
      // clash is refused rather than the list price dropped quietly, so the admin decides which of the two moves.
      const listPrice = patch.listPrice === undefined ? row.listPrice : patch.listPrice;
      if (!isListPriceAbovePrice(patch.price ?? row.price, listPrice)) {
        throw new AppError("BAD_REQUEST", {
          details: { issues: [{ path: "listPrice", message: LIST_PRICE_NOT_ABOVE_PRICE }] },
        });
      }
      const delta = patch.totalStock === undefined ? 0 : patch.totalStock - row.totalStock;
      const dbStockAfter = row.stock + delta;
      if (dbStockAfter < 0) throw belowSold(row.totalStock - row.stock);
      if (delta !== 0) {
        const outcome = await adjustLiveStock(couponId, delta, dbStockAfter);
        if (outcome.status === "insufficient") throw belowSold(row.totalStock - outcome.available);
        if (outcome.status === "adjusted") undoLiveStock = () => adjustLiveStock(couponId, -delta, row.stock);
      }
      const { name, description, price } = patch;
      const changed = await locked.update(
        {
          name,
          description,
          price,
          listPrice: patch.listPrice,
          saleStart: patch.saleStart,
          saleEnd: patch.saleEnd,
          ...(patch.waitingRoom && waitingRoomColumns(patch.waitingRoom)),
        },
        delta,
      );
      if (!changed) throw new AppError("CONFLICT", { message: "The coupon changed meanwhile; reload and retry." });
      return true;
    });
    if (!found) throw new AppError("NOT_FOUND", { message: "No such coupon." });
  } catch (error) {
    if (undoLiveStock) {
      const undone = await undoLiveStock().catch((undoError: unknown) => undoError);
      log.warn({ couponId, err: error, undone }, "stock edit failed after the live key moved; moved it back");
    }
    throw error;
  }
  await publishCouponChange(couponId);
  return getAdminCoupon(couponId);
}
