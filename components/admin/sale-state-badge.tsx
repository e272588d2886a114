"use client";

import Badge from "react-bootstrap/Badge";
import type { AdminCoupon } from "@/components/api-types";

const saleStateVariants = { ACTIVE: "success", PAUSED: "warning", DISABLED: "secondary" } as const;

export function SaleStateBadge({ coupon }: { coupon: AdminCoupon }) {
  return (
    <Badge
      bg={saleStateVariants[coupon.saleState]}
      text={coupon.saleState === "PAUSED" ? "dark" : undefined}
      data-testid="admin-row-state"
    >
      {coupon.saleState.toLowerCase()}
    </Badge>
  );
}
