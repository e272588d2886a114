"use client";

import Badge from "react-bootstrap/Badge";
import type { CouponStatus } from "@/components/api-types";
import { statusLabels, statusVariants } from "@/components/ui/coupon-status";

export function StatusBadge({ status }: { status: CouponStatus }) {
  const variant = statusVariants[status];
  return (
    <Badge
      bg={variant}
      text={variant === "warning" || variant === "info" ? "dark" : undefined}
      data-testid="status-badge"
      data-status={status}
    >
      {statusLabels[status]}
    </Badge>
  );
}
