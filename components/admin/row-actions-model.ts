import type { AdminCoupon, SaleAction } from "@/components/api-types";

/** What a row's buttons can do: the sale actions, and deleting the coupon. */
export type RowActionName = SaleAction | "delete";

export interface RowAction {
  action: RowActionName;
  variant: string;
  isDisabled: boolean;
}

/** The sale controls of a row, in order; each appears only when it applies to the coupon's state. */
const rowActions: {
  action: RowActionName;
  variant: string;
  isShown(coupon: AdminCoupon): boolean;
  isDisabled?(coupon: AdminCoupon): boolean;
}[] = [
  { action: "pause", variant: "outline-warning", isShown: (c) => c.saleState === "ACTIVE" },
  // Resume applies to a paused sale only; a disabled coupon stays retired.
  { action: "resume", variant: "outline-success", isShown: (c) => c.saleState === "PAUSED" },
  { action: "end", variant: "outline-danger", isShown: () => true, isDisabled: (c) => c.status === "ENDED" },
  { action: "disable", variant: "outline-secondary", isShown: (c) => c.saleState !== "DISABLED" },
  { action: "delete", variant: "outline-danger", isShown: () => true },
];

/** The sale controls a coupon's row shows, in display order. */
export function rowActionsFor(coupon: AdminCoupon): RowAction[] {
  return rowActions
    .filter((a) => a.isShown(coupon))
    .map((a) => ({ action: a.action, variant: a.variant, isDisabled: a.isDisabled?.(coupon) ?? false }));
}
