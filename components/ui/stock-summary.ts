import type { CouponStatus } from "@/components/api-types";

/** Above this share claimed, a live deal is flagged as almost gone. */
export const URGENT_CLAIMED_PERCENT = 80;

export interface StockSummary {
  percentClaimed: number;
  /** "live" and "urgent" only while the sale can still sell; anything closed is greyed. */
  tone: "live" | "urgent" | "closed";
  text: string;
}

/** What the stock bar says: claimed share while buyable, the reason when it no longer is. */
export function summarizeStock(stock: number, totalStock: number, status: CouponStatus): StockSummary {
  const claimed =
    totalStock > 0 ? Math.min(100, Math.max(0, Math.round(((totalStock - stock) / totalStock) * 100))) : 100;
  if (status === "SOLD_OUT") return { percentClaimed: 100, tone: "closed", text: "Sold out" };
  if (status === "ENDED") return { percentClaimed: claimed, tone: "closed", text: "Sale ended" };
  if (status === "PAUSED") return { percentClaimed: claimed, tone: "closed", text: `Paused — ${claimed}% claimed` };
  if (status === "ON_SALE" && claimed > URGENT_CLAIMED_PERCENT)
    return { percentClaimed: claimed, tone: "urgent", text: `Almost gone — ${claimed}% claimed` };
  return { percentClaimed: claimed, tone: "live", text: `${claimed}% claimed` };
}
